import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '#src/db/client.ts';
import { PENDING } from '#src/cases/reference.ts';
import { outboxMessages, type OutboxAttachment } from './schema.ts';
import { PRIVATE_LINK_PATTERN, REDACTED_TOKEN, retryDelayMs, shouldGiveUp } from './rules.ts';

/** Anything that can run an insert: the database or an open transaction. */
type Writer = Pick<Database, 'insert'>;

export type NewMail = {
  kind: string;
  to: string;
  locale: string;
  subject: string;
  text: string;
  html: string;
  attachments?: OutboxAttachment[];
  /** A letter to the client about this case: replies to it come back to the case (worker.ts). */
  caseId?: number;
};

/** Queues a message; call it inside the transaction of the change it reports. */
export async function enqueueMail(writer: Writer, mail: NewMail): Promise<number> {
  const [row] = await writer
    .insert(outboxMessages)
    .values({
      kind: mail.kind,
      toAddress: mail.to,
      locale: mail.locale,
      subject: mail.subject,
      textBody: mail.text,
      htmlBody: mail.html,
      attachments: mail.attachments ?? [],
      caseId: mail.caseId ?? null,
    })
    .returning({ id: outboxMessages.id });
  return row!.id;
}

export type ClaimedMail = typeof outboxMessages.$inferSelect;

/**
 * Claims up to `limit` due messages for this worker for `leaseMs`. SKIP
 * LOCKED lets several instances run workers without two claiming one row.
 * A letter about a case not yet numbered is not due: it waits for its number.
 */
export async function claimDueMail(db: Database, limit: number, leaseMs = 120_000): Promise<ClaimedMail[]> {
  const lease = sql`now() + ${`${Math.round(leaseMs)} milliseconds`}::interval`;
  return db
    .update(outboxMessages)
    .set({ lockedUntil: lease, attempts: sql`${outboxMessages.attempts} + 1` })
    .where(
      sql`${outboxMessages.id} in (
        select ${outboxMessages.id} from ${outboxMessages}
        where ${outboxMessages.status} = 'pending'
          and ${outboxMessages.nextAttemptAt} <= now()
          and (${outboxMessages.lockedUntil} is null or ${outboxMessages.lockedUntil} < now())
          -- A new case's letter holds a placeholder until the case is numbered (cases/reference.ts).
          and not exists (select 1 from cases where cases.id = ${outboxMessages.caseId} and cases.reference like ${`${PENDING}%`})
        order by ${outboxMessages.id}
        limit ${limit}
        for update skip locked)`,
    )
    .returning();
}

/**
 * A body column without the tokens of its private links (PRIVATE_LINK_PATTERN),
 * in SQL, so that every path that finishes a letter (sent, given up, the
 * maintenance pass) redacts it the same way, in the statement that finishes it.
 */
const withoutPrivateLinks = (column: typeof outboxMessages.textBody | typeof outboxMessages.htmlBody) =>
  sql`regexp_replace(${column}, ${PRIVATE_LINK_PATTERN}, ${`\\1${REDACTED_TOKEN}`}, 'g')`;

/**
 * Marks messages sent, keeping their bodies without the tokens of their
 * private links: one statement for the letters of a sender's pass, not
 * one for each. At 200 Sends a second the letters' statements were about
 * as many as the Sends', each with its commit (issue 18, docs/0031).
 */
export async function markSent(db: Database, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(outboxMessages)
    .set({
      status: 'sent',
      sentAt: sql`now()`,
      lockedUntil: null,
      lastError: null,
      textBody: withoutPrivateLinks(outboxMessages.textBody),
      htmlBody: withoutPrivateLinks(outboxMessages.htmlBody),
    })
    .where(and(inArray(outboxMessages.id, ids), eq(outboxMessages.status, 'pending')));
}

/**
 * Letters sent or given up before their links were redacted at sending
 * (kept up to 90 days): redacted by the maintenance pass, idempotently.
 */
export async function redactFinishedMail(db: Database): Promise<number> {
  const rows = await db
    .update(outboxMessages)
    .set({
      textBody: withoutPrivateLinks(outboxMessages.textBody),
      htmlBody: withoutPrivateLinks(outboxMessages.htmlBody),
    })
    .where(
      and(
        sql`${outboxMessages.status} in ('sent', 'failed')`,
        sql`(${outboxMessages.textBody} ~ ${PRIVATE_LINK_PATTERN} or ${outboxMessages.htmlBody} ~ ${PRIVATE_LINK_PATTERN})`,
      ),
    )
    .returning({ id: outboxMessages.id });
  return rows.length;
}

/** Records a failed attempt: try again after the back-off, or give up. */
export async function markAttemptFailed(db: Database, message: ClaimedMail, error: string): Promise<void> {
  const giveUp = shouldGiveUp(message.attempts);
  const delay = `${retryDelayMs(message.attempts)} milliseconds`;
  await db
    .update(outboxMessages)
    .set({
      status: giveUp ? 'failed' : 'pending',
      // Given up: nobody will send it, so its links need not stay readable.
      ...(giveUp ? { textBody: withoutPrivateLinks(outboxMessages.textBody), htmlBody: withoutPrivateLinks(outboxMessages.htmlBody) } : {}),
      lockedUntil: null,
      lastError: error.slice(0, 1000),
      nextAttemptAt: sql`now() + ${delay}::interval`,
    })
    .where(eq(outboxMessages.id, message.id));
}
