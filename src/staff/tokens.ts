import { createHash } from 'node:crypto';
import { randomBase64url, randomBuffer } from '#src/platform/random.ts';

// Random secrets handed to a browser or a person (session cookies, one-time
// links, recovery codes); only their SHA-256 is stored.

export function newSecret(bytes = 32): string {
  return randomBase64url(bytes);
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
/** 24 characters of a 31-letter alphabet: 118.9 bits, above the 112 that ASVS 6.5.2 asks of a lookup secret kept as a plain hash (review m4). */
export const RECOVERY_CODE_LENGTH = 24;

/** Ten recovery codes like "k7dq-3mfx-pz2a-…" (six groups of four), easy to type and read aloud. */
export function newRecoveryCodes(count = 10): string[] {
  return Array.from({ length: count }, () => groupsOfFour(randomLetters(RECOVERY_CODE_LENGTH)));
}

/** Uniform letters: bytes past the last whole multiple of the alphabet are drawn again, so no letter is likelier. */
function randomLetters(length: number): string {
  const n = RECOVERY_ALPHABET.length;
  const ceiling = 256 - (256 % n);
  let out = '';
  while (out.length < length) {
    for (const b of randomBuffer(length)) if (b < ceiling && out.length < length) out += RECOVERY_ALPHABET[b % n];
  }
  return out;
}

const groupsOfFour = (letters: string) => letters.match(/.{1,4}/g)!.join('-');

/** A code as typed (any case, spaces or dashes anywhere) in the form it was made in; older 12-letter codes too. */
export function normaliseRecoveryCode(input: string): string {
  const letters = input
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
  return letters === '' ? '' : groupsOfFour(letters);
}
