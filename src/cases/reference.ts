import { sql } from 'drizzle-orm';
import { rowsOf, type Database } from '#src/db/client.ts';
import { randomHex } from '#src/platform/random.ts';

// Reference numbers (VPVB-2026-000123) are sequential per year without gaps:
// one transaction at a time takes numbers, and holds that right until it
// commits, so that a rolled-back one gives its numbers back. Every new case
// therefore waits for the numbering before it over that stretch, so the
// stretch is kept out of the case's own transaction: the Send's statement
// (intake/case-statement.ts) commits the case without its number (PENDING),
// and then number_pending_cases() (drizzle/0031) numbers, in one transaction,
// every case committed without one, in the order of their ids. The Sends
// that committed meanwhile are numbered together. Issue 8's load benchmark:
// the number taken first in a transaction of many statements capped case
// creation at about 130 a second; issue 18's: taken at each case's own
// commit (drizzle/0023), the Sends queued behind whichever holder the
// machine had descheduled (docs/0031, stop 34).

/**
 * A stand-in for the reference number in a new case's row and letter,
 * written before the number exists: random, so no client text can contain
 * it, and letters and digits only, so that HTML escaping and URL encoding
 * leave it as it is and the number can take its place anywhere.
 */
export function referencePlaceholder(): string {
  return `REF${randomHex(12).toUpperCase()}`;
}

/** What a new case's reference says until it is numbered (numberPendingCases). */
export const PENDING = 'pending:';

/** The prefix and the letter's placeholder, for the numbering that replaces them (drizzle/0031). */
export function pendingReference(prefix: string, placeholder: string): string {
  return `${PENDING}${prefix}:${placeholder}`;
}

/**
 * Numbers every case committed without a number, and the caller's own when
 * called in the transaction that wrote it (which then holds the numbering
 * until it commits); puts each number into the case's letters. Returns how
 * many it numbered: none, without waiting, when no case is pending.
 */
export async function numberPendingCases(db: Pick<Database, 'execute'>): Promise<number> {
  const [row] = rowsOf<{ numbered: number }>(await db.execute(sql`select number_pending_cases() as numbered`));
  return Number(row?.numbered ?? 0);
}

/** The numbering under way on a handle, and the one its latecomers wait for. */
type Numbering = { running?: Promise<number>; next?: Promise<number> };
const numberings = new WeakMap<object, Numbering>();

function startNumbering(numbering: Numbering, db: Pick<Database, 'execute'>): Promise<number> {
  const run = numberPendingCases(db).finally(() => {
    if (numbering.running === run) numbering.running = undefined;
  });
  numbering.running = run;
  return run;
}

/**
 * numberPendingCases for a case the caller has just committed, shared with
 * the other callers on the same handle. A numbering that begins after the
 * caller's commit numbers its case; one already under way may have looked
 * before it. So while one runs, the callers that come wait for it and then
 * share the next one, which begins after all their commits. Under Sends at
 * full speed each Send ran a numbering of its own, a transaction and a
 * commit each, which mostly found its case numbered by the one before it;
 * shared, a numbering numbers a few cases at once (issue 18, docs/0031).
 * A shared numbering's failure is each of its callers' (a repeated Send
 * numbers anew).
 */
export function numberCommittedCases(db: Pick<Database, 'execute'>): Promise<number> {
  let numbering = numberings.get(db);
  if (!numbering) numberings.set(db, (numbering = {}));
  const shared = numbering;
  if (!shared.running) return startNumbering(shared, db);
  // The one under way may have looked before this caller's commit: the next one, after it, will not have.
  shared.next ??= shared.running
    .then(
      () => undefined,
      () => undefined,
    )
    .then(() => {
      shared.next = undefined;
      return startNumbering(shared, db);
    });
  return shared.next;
}
