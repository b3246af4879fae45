import { randomHex } from '#src/platform/random.ts';

// Reference numbers (VPVB-2026-000123) are sequential per year without gaps:
// the year's counter row (reference_counters) stays locked from the moment a
// submission takes its number until its transaction commits, and a
// rolled-back submission gives the number back. Every submission therefore
// waits for the one before it over that stretch, so the number is taken as
// late as can be: by a deferred trigger at commit (drizzle/0023), after the
// statement that writes the case (intake/case-statement.ts). Issue 8's load
// benchmark: taking it first in a transaction of many statements held the
// lock over all of them and capped case creation at about 130 a second;
// issue 18's: taking it first in that one statement, at about 140.

/**
 * A stand-in for the reference number in a new case's row and letter,
 * written before the number exists: random, so no client text can contain
 * it, and letters and digits only, so that HTML escaping and URL encoding
 * leave it as it is and the number can take its place anywhere.
 */
export function referencePlaceholder(): string {
  return `REF${randomHex(12).toUpperCase()}`;
}

/** What a new case's reference says until its number is taken at commit (drizzle/0023). */
export const PENDING = 'pending:';

/** The prefix and the letter's placeholder, for the trigger that numbers the case at commit. */
export function pendingReference(prefix: string, placeholder: string): string {
  return `${PENDING}${prefix}:${placeholder}`;
}
