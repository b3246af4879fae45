import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Database } from '#src/db/client.ts';
import { recordAudit } from '#src/audit/queries.ts';
import { answerDrafts, caseAttachments, caseEvents, caseMessages, cases } from '#src/cases/schema.ts';
import { retentionRules } from '#src/settings/schema.ts';
import { inboundMail } from '#src/mail/inbox/schema.ts';
import { anonymisedCase, anonymisedEventData, RETENTION_KINDS, type RetentionPeriods } from './rules.ts';

/** The database or an open transaction: whatever can read and write. */
export type Queryable = Pick<Database, 'select' | 'insert' | 'update' | 'delete'>;

/**
 * The retention periods an administrator has set. A kind without a row
 * (a database the seed has not reached yet) is left out: nothing of that
 * kind is removed on a guess.
 */
export async function getRetentionPeriods(db: Queryable): Promise<Partial<RetentionPeriods>> {
  const rows = await db
    .select()
    .from(retentionRules)
    .where(inArray(retentionRules.recordKind, [...RETENTION_KINDS]));
  return Object.fromEntries(rows.map((r) => [r.recordKind, r.days])) as Partial<RetentionPeriods>;
}

/** Saves the periods; the audit log gets what changed, before and after. Returns whether anything did. */
export async function updateRetentionPeriods(db: Database, actorId: number, periods: RetentionPeriods): Promise<boolean> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(retentionRules)
      .where(inArray(retentionRules.recordKind, [...RETENTION_KINDS]))
      .for('update');
    const before = Object.fromEntries(rows.map((r) => [r.recordKind, r.days])) as Partial<RetentionPeriods>;
    const changed = RETENTION_KINDS.filter((k) => before[k] !== periods[k]);
    if (changed.length === 0) return false;
    for (const kind of changed) {
      await tx
        .insert(retentionRules)
        .values({ recordKind: kind, days: periods[kind] })
        .onConflictDoUpdate({ target: retentionRules.recordKind, set: { days: periods[kind] } });
    }
    await recordAudit(tx, {
      actorStaffId: actorId,
      action: 'retention.update',
      entity: 'retention_rules',
      before: Object.fromEntries(changed.map((k) => [k, before[k] ?? null])),
      after: Object.fromEntries(changed.map((k) => [k, periods[k]])),
    });
    return true;
  });
}

export type AnonymisedCounts = { cases: number; attachments: number; historyEntries: number };

/**
 * Removes the personal data of these cases (rules.anonymisedCase), the
 * client's words from their history, and their attachments, and marks them
 * anonymised. Call it inside a transaction. A case already anonymised is
 * skipped, so a repeat, or the daily job meeting an erasure, changes
 * nothing. The history is otherwise never changed: this is the one
 * exception, because the GDPR's storage limit (Art. 5(1)(e)) covers it too.
 */
export async function anonymiseCases(tx: Queryable, caseIds: readonly number[], now: Date): Promise<AnonymisedCounts> {
  if (caseIds.length === 0) return { cases: 0, attachments: 0, historyEntries: 0 };
  const rows = await tx
    .select({ id: cases.id, particulars: cases.particulars })
    .from(cases)
    .where(and(inArray(cases.id, [...caseIds]), isNull(cases.anonymisedAt)))
    .for('update');
  if (rows.length === 0) return { cases: 0, attachments: 0, historyEntries: 0 };
  const ids = rows.map((r) => r.id);
  for (const row of rows) {
    await tx
      .update(cases)
      .set({ ...anonymisedCase(row), anonymisedAt: now, version: sql`${cases.version} + 1` })
      .where(eq(cases.id, row.id));
  }
  let historyEntries = 0;
  const events = await tx.select({ id: caseEvents.id, data: caseEvents.data }).from(caseEvents).where(inArray(caseEvents.caseId, ids));
  for (const event of events) {
    const kept = anonymisedEventData(event.data);
    if (Object.keys(kept).length === Object.keys(event.data).length) continue;
    await tx.update(caseEvents).set({ data: kept }).where(eq(caseEvents.id, event.id));
    historyEntries++;
  }
  const attachments = await tx.delete(caseAttachments).where(inArray(caseAttachments.caseId, ids)).returning({ id: caseAttachments.id });
  // An official's unsent answer (docs/0019) may name the client and quote
  // their words: it goes with the case's particulars.
  await tx.delete(answerDrafts).where(inArray(answerDrafts.caseId, ids));
  // Issue 16: what the client added later is theirs as much as the submission (after its files, which point to it).
  await tx.delete(caseMessages).where(inArray(caseMessages.caseId, ids));
  // The mails behind them (a reply's whole text, a registered mail's sender): only the fact that a mail came stays.
  await tx
    .update(inboundMail)
    .set({ fromAddress: null, fromName: null, subject: null, textBody: null, messageId: null })
    .where(inArray(inboundMail.caseId, ids));
  return { cases: rows.length, attachments: attachments.length, historyEntries };
}
