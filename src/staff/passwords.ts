import argon2 from 'argon2';
import type { Translate } from '#src/i18n/index.ts';
import { guessablePassword, type PasswordWarning } from './password-strength.ts';

// Passwords are hashed with argon2id at OWASP's recommended minimum
// (19 MiB memory, 2 iterations, 1 lane), never logged, never stored in the
// clear. A maintained binding does the work (node-argon2).
const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN = 12;
/** Long enough for any passphrase, short enough that hashing stays cheap. */
export const PASSWORD_MAX = 256;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, OPTIONS);
}

/** A hash of nothing in particular: verifying against it takes as long as a real check. */
let decoy: Promise<string> | undefined;

export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  // An unknown account or one without a password costs the same time as a
  // real one, so timing tells nobody whether an e-mail exists.
  const target = hash ?? (await (decoy ??= hashPassword('decoy password that nobody has')));
  try {
    const ok = await argon2.verify(target, password);
    return ok && hash !== null;
  } catch {
    return false;
  }
}

export type PasswordProblem = { reason: 'passwordTooShort' | 'passwordTooLong' } | { reason: 'passwordGuessable'; why: PasswordWarning };

/**
 * The rules for a new password (NIST SP 800-63B: no composition rules,
 * paste allowed): its length, and not guessable from the common and
 * breached passwords or from `context` (names and addresses around it).
 */
export function passwordProblem(password: string, context: readonly string[] = []): PasswordProblem | undefined {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return { reason: 'passwordTooShort' };
  if (length > PASSWORD_MAX) return { reason: 'passwordTooLong' };
  const why = guessablePassword(password, context);
  return why ? { reason: 'passwordGuessable', why } : undefined;
}

/** The values a password problem's message needs: the minimum length, and why the estimator refused it (M2: "the person is told why"). */
export function passwordProblemValues(t: Translate, problem: PasswordProblem): Record<string, string | number> {
  return { min: PASSWORD_MIN, ...(problem.reason === 'passwordGuessable' ? { why: t(`forms:errors.passwordWhy.${problem.why}`) } : {}) };
}
