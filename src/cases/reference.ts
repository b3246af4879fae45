import { randomBytes } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';

// Reference numbers (VPVB-2026-000123) are sequential per year without gaps:
// the year's counter row (reference_counters) stays locked from the moment a
// submission takes its number until its transaction commits, and a
// rolled-back submission gives the number back. Every submission therefore
// waits for the one before it over that stretch, so a submission is written
// in one statement that takes the number and commits at once
// (intake/case-statement.ts; issue 8's load benchmark: taking it first in a
// transaction of many statements held the lock over all of them and capped
// case creation at about 130 a second).

/**
 * A stand-in for the reference number in a new case's row and letter,
 * written before the number exists: random, so no client text can contain
 * it, and letters and digits only, so that HTML escaping and URL encoding
 * leave it as it is and the number can take its place anywhere.
 */
export function referencePlaceholder(): string {
  return `REF${randomBytes(12).toString('hex').toUpperCase()}`;
}

/** formatReference (intake/rules.ts) in SQL: prefix, year and number, six digits at least, never cut. */
export function referenceSql(prefix: string, year: number, last: SQL): SQL {
  return sql`${prefix} || '-' || ${String(year)} || '-' || case when length(${last}::text) >= 6 then ${last}::text else lpad(${last}::text, 6, '0') end`;
}
