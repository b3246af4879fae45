import { createHash } from 'node:crypto';
import { randomBase64url } from '#src/platform/random.ts';

// S-4.5: a client follows a case by a private link. The token is random
// (256 bits) and only its hash is stored, so the database alone opens no case.

export function newStatusToken(): string {
  return randomBase64url(32);
}

export function hashStatusToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Only something shaped like our tokens is looked up. */
export function looksLikeStatusToken(value: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(value);
}
