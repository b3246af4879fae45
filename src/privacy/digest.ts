import { scrypt } from 'node:crypto';
import { promisify } from 'node:util';
import type { SubjectQuery } from './rules.ts';

const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: string,
  keylen: number,
  options: { N: number; r: number; p: number },
) => Promise<Buffer>;

// The audit log records every search, export and erasure of a person's data
// (Art. 5(2), accountability), but it must not become a second copy of that
// data. It keeps a digest of the search term instead: the same term always
// gives the same digest, so an auditor who is asked "was this person's data
// searched?" can check, yet the log never shows the address or number.
//
// A fast hash would not do: Latvian phone numbers are about 10^8, and a
// plain SHA-256 of every one is computed in minutes. scrypt makes each guess
// cost tens of milliseconds and megabytes of memory. The salt is fixed (it
// has to be, for the digest to be comparable) and names this purpose.
const SALT = 'klientu-balss:data-subject-search:v1';
const COST = { N: 2 ** 14, r: 8, p: 1 };

export async function termDigest(term: string): Promise<string> {
  return (await scryptAsync(term, SALT, 32, COST)).toString('base64url');
}

/** The digests of a search's terms, as the audit log stores them (a term not searched for is left out). */
export async function queryDigests(query: SubjectQuery): Promise<{ emailDigest?: string; phoneDigest?: string }> {
  const [emailDigest, phoneDigest] = await Promise.all([
    query.email ? termDigest(`email:${query.email}`) : undefined,
    query.phone ? termDigest(`phone:${query.phone}`) : undefined,
  ]);
  return { ...(emailDigest ? { emailDigest } : {}), ...(phoneDigest ? { phoneDigest } : {}) };
}
