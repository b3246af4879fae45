import { and, asc, eq, inArray, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import type { Database } from '#src/db/client.ts';
import { recordAudit } from '#src/audit/queries.ts';
import { cases } from '#src/cases/schema.ts';
import { outboxMessages } from '#src/mail/schema.ts';
import { inboundMail, inboundMailAttachments } from '#src/mail/inbox/schema.ts';
import { surveyResponses } from '#src/quality/schema.ts';
import { anonymiseCases, getRetentionPeriods } from './queries.ts';
import { retentionCutoff } from './rules.ts';

// The daily retention job (Art. 5(1)(e), storage limitation): closed cases
// past their period are anonymised, survey contacts past theirs cleared,
// sent mail past its period deleted. The maintenance loop calls it every
// quarter of an hour; the periods count in whole Riga days, so what is due
// changes once a day and every later run that day finds nothing.
//
// Work is taken in batches, each in its own transaction, with FOR UPDATE
// SKIP LOCKED: two instances running the job at once take different rows
// and neither waits for nor fails on the other. Each batch that changed
// something leaves one audit entry with counts, never personal data.

export type RetentionRun = { cases: number; attachments: number; surveyContacts: number; mail: number };

const BATCH = 100;

export async function runRetention(db: Database, now: Date = new Date(), options: { batchSize?: number } = {}): Promise<RetentionRun> {
  const batch = options.batchSize ?? BATCH;
  const periods = await getRetentionPeriods(db);
  const run: RetentionRun = { cases: 0, attachments: 0, surveyContacts: 0, mail: 0 };

  if (periods.closed_cases !== undefined) {
    const days = periods.closed_cases;
    const cutoff = retentionCutoff(now, days);
    for (;;) {
      const done = await db.transaction(async (tx) => {
        const due = await tx
          .select({ id: cases.id })
          .from(cases)
          .where(and(isNotNull(cases.closedAt), lt(cases.closedAt, cutoff), isNull(cases.anonymisedAt)))
          .orderBy(asc(cases.id))
          .limit(batch)
          .for('update', { skipLocked: true });
        const counts = await anonymiseCases(
          tx,
          due.map((c) => c.id),
          now,
        );
        if (counts.cases > 0) {
          await recordAudit(tx, {
            actorStaffId: null,
            action: 'retention.anonymise_cases',
            entity: 'retention_rules',
            entityId: 'closed_cases',
            after: { days, ...counts },
          });
        }
        return { found: due.length, ...counts };
      });
      run.cases += done.cases;
      run.attachments += done.attachments;
      if (done.found < batch) break;
    }
  }

  if (periods.survey_contacts !== undefined) {
    const days = periods.survey_contacts;
    const cutoff = retentionCutoff(now, days);
    for (;;) {
      const cleared = await db.transaction(async (tx) => {
        const due = tx
          .select({ id: surveyResponses.id })
          .from(surveyResponses)
          .where(
            and(
              lt(surveyResponses.submittedAt, cutoff),
              or(isNotNull(surveyResponses.contactName), isNotNull(surveyResponses.contactEmail)),
            ),
          )
          .orderBy(asc(surveyResponses.id))
          .limit(batch)
          .for('update', { skipLocked: true });
        const rows = await tx
          .update(surveyResponses)
          .set({ contactName: null, contactEmail: null })
          .where(inArray(surveyResponses.id, due))
          .returning({ id: surveyResponses.id });
        if (rows.length > 0) {
          await recordAudit(tx, {
            actorStaffId: null,
            action: 'retention.clear_survey_contacts',
            entity: 'retention_rules',
            entityId: 'survey_contacts',
            after: { days, surveyResponses: rows.length },
          });
        }
        return rows.length;
      });
      run.surveyContacts += cleared;
      if (cleared < batch) break;
    }
  }

  if (periods.sent_mail !== undefined) {
    const days = periods.sent_mail;
    const cutoff = retentionCutoff(now, days);
    for (;;) {
      const deleted = await db.transaction(async (tx) => {
        // A message the worker gave up on will never be sent: it goes after
        // the same period, counted from when it was written.
        const due = tx
          .select({ id: outboxMessages.id })
          .from(outboxMessages)
          .where(
            or(
              and(eq(outboxMessages.status, 'sent'), lt(outboxMessages.sentAt, cutoff)),
              and(eq(outboxMessages.status, 'failed'), lt(outboxMessages.createdAt, cutoff)),
            ),
          )
          .orderBy(asc(outboxMessages.id))
          .limit(batch)
          .for('update', { skipLocked: true });
        const rows = await tx.delete(outboxMessages).where(inArray(outboxMessages.id, due)).returning({ id: outboxMessages.id });
        if (rows.length > 0) {
          await recordAudit(tx, {
            actorStaffId: null,
            action: 'retention.delete_mail',
            entity: 'retention_rules',
            entityId: 'sent_mail',
            after: { days, messages: rows.length },
          });
        }
        return rows.length;
      });
      run.mail += deleted;
      if (deleted < batch) break;
    }
    run.mail += await clearInboundMail(db, cutoff, days);
  }
  return run;
}

/**
 * Mail that came in and never became part of a case (issue 16): dismissed by
 * a manager, automatic (bounces, out-of-office) or given up on. After the
 * mail period its sender, subject, text and files go; the row stays, because
 * it is the claim that keeps the message from being read again (docs/0030).
 * A reply or a registered mail lives on with its case, and goes with it.
 */
async function clearInboundMail(db: Database, cutoff: Date, days: number): Promise<number> {
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ id: inboundMail.id })
      .from(inboundMail)
      .where(
        and(
          inArray(inboundMail.status, ['dismissed', 'automatic', 'failed']),
          // Not a column, so Drizzle does not map the Date: it goes as text (postgres.js would not take a Date here).
          sql`coalesce(${inboundMail.decidedAt}, ${inboundMail.handledAt}, ${inboundMail.receivedAt}) < ${cutoff.toISOString()}::timestamptz`,
          or(isNotNull(inboundMail.fromAddress), isNotNull(inboundMail.subject), isNotNull(inboundMail.textBody)),
        ),
      )
      .for('update', { skipLocked: true });
    if (due.length === 0) return 0;
    const ids = due.map((r) => r.id);
    await tx.delete(inboundMailAttachments).where(inArray(inboundMailAttachments.inboundMailId, ids));
    await tx
      .update(inboundMail)
      .set({ fromAddress: null, fromName: null, subject: null, textBody: null, messageId: null, dismissReason: null })
      .where(inArray(inboundMail.id, ids));
    await recordAudit(tx, {
      actorStaffId: null,
      action: 'retention.clear_inbound_mail',
      entity: 'retention_rules',
      entityId: 'sent_mail',
      after: { days, messages: ids.length },
    });
    return ids.length;
  });
}
