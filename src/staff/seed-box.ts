import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

// Security review m4, ASVS 13.3.1: an authenticator's seed is a secret that
// whoever reads the database (a backup, a replica) could use to make codes.
// With TOTP_SEED_KEY set (32 random bytes, base64, kept outside the
// database), seeds are stored sealed with AES-256-GCM; a seed stored before
// the key was set is read as it is, until the authenticator is set up anew.

const VERSION = 'v1';
const AAD = Buffer.from('klientu-balss totp seed');

/** The stored form of a seed: sealed when there is a key, else as it is. */
export function sealSeed(seed: string, key: Buffer | undefined): string {
  if (!key) return seed;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(AAD);
  const sealed = Buffer.concat([cipher.update(seed, 'utf8'), cipher.final()]);
  return [VERSION, iv.toString('base64url'), sealed.toString('base64url'), cipher.getAuthTag().toString('base64url')].join(':');
}

/** The seed from its stored form; throws when it is sealed and the key is missing or wrong (a tampered value too). */
export function openSeed(stored: string, key: Buffer | undefined): string {
  if (!stored.startsWith(`${VERSION}:`)) return stored;
  if (!key) throw new Error('a TOTP seed is sealed but TOTP_SEED_KEY is not set');
  const [, iv, sealed, tag] = stored.split(':') as [string, string, string, string];
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url')).setAAD(AAD);
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]).toString('utf8');
}

/** TOTP_SEED_KEY as a key: 32 bytes in base64 (`openssl rand -base64 32`), or a reason it is not one. */
export function seedKeyFrom(value: string | undefined): Buffer | undefined | string {
  if (!value) return undefined;
  const key = Buffer.from(value, 'base64');
  return key.length === 32 ? key : 'TOTP_SEED_KEY must be 32 random bytes in base64, e.g. the output of `openssl rand -base64 32`';
}
