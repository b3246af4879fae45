import { randomBytes } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Database } from '#src/db/client.ts';

// Reference numbers (VPVB-2026-000123) are sequential per year without gaps:
// the year's counter row (reference_counters) stays locked from the moment a
// submission takes its number until its transaction commits, and a
// rolled-back submission gives the number back. Every submission therefore
// waits for the one before it over that stretch, so the number is the last
// thing a submission's transaction does, in one statement that also writes
// it into the case and its letter (issue 8's load benchmark: taking it first
// held the lock over the whole transaction and capped case creation at about
// 130 a second).

/**
 * A stand-in for the reference number in a new case's row and letter,
 * written before the number exists: random, so no client text can contain
 * it, and letters and digits only, so that HTML escaping and URL encoding
 * leave it as it is and the number can take its place anywhere.
 */
export function referencePlaceholder(): string {
  return `REF${randomBytes(12).toString('hex').toUpperCase()}`;
}

/**
 * Gives a new case the next number of its year and puts it into the case
 * and its letters (`letterIds`) in place of `placeholder`, in one statement:
 * call it last in the submission's transaction.
 */
export async function numberNewCase(
  tx: Pick<Database, 'execute'>,
  input: { caseId: number; prefix: string; year: number; placeholder: string; letterIds: readonly number[] },
): Promise<string> {
  const letterIds = sql.join(input.letterIds.length ? input.letterIds.map((id) => sql`${id}`) : [sql`null`], sql`, `);
  const result = await tx.execute(sql`
    with numbered as (
      insert into reference_counters (year, last) values (${input.year}, 1)
      on conflict (year) do update set last = reference_counters.last + 1
      returning last
    ), named as (
      select ${referenceSql(input.prefix, input.year, sql`numbered.last`)} as reference from numbered
    ), numbered_case as (
      update cases set reference = named.reference from named where cases.id = ${input.caseId}
      returning cases.reference
    ), letters as (
      update outbox_messages
      set subject = replace(subject, ${input.placeholder}, named.reference),
          text_body = replace(text_body, ${input.placeholder}, named.reference),
          html_body = replace(html_body, ${input.placeholder}, named.reference)
      from named
      where outbox_messages.id in (${letterIds})
      returning outbox_messages.id
    )
    select reference from numbered_case`);
  const reference = rowsOf<{ reference: string }>(result)[0]?.reference;
  if (!reference) throw new Error(`case ${input.caseId} could not be numbered`);
  return reference;
}

/** formatReference (intake/rules.ts) in SQL: prefix, year and number, six digits at least, never cut. */
function referenceSql(prefix: string, year: number, last: SQL): SQL {
  return sql`${prefix} || '-' || ${String(year)} || '-' || case when length(${last}::text) >= 6 then ${last}::text else lpad(${last}::text, 6, '0') end`;
}
