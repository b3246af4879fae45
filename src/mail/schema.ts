import { sql } from 'drizzle-orm';
import { bigserial, check, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { cases } from '#src/cases/schema.ts';

export type OutboxAttachment = { filename: string; contentType: string; contentBase64: string };

/**
 * Every message to a client or an official is first a row here, written in
 * the same transaction as the change it reports, so a failure of the mail
 * server never loses it; the mail worker sends it later (architecture.md).
 */
export const outboxMessages = pgTable(
  'outbox_messages',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** What the message is, e.g. 'submission.acknowledged'. */
    kind: text('kind').notNull(),
    toAddress: text('to_address').notNull(),
    locale: text('locale').notNull(),
    subject: text('subject').notNull(),
    textBody: text('text_body').notNull(),
    htmlBody: text('html_body').notNull(),
    attachments: jsonb('attachments')
      .$type<OutboxAttachment[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    status: text('status', { enum: ['pending', 'sent', 'failed'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    /** A worker that claimed the message holds it until then. */
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    lastError: text('last_error'),
    /**
     * The case a letter to a client is about (issue 16): with IMAP_ADDRESS
     * set, its Reply-To is the mailbox's plus-address with the case's token,
     * so the client's "Reply" lands on the case.
     */
    caseId: integer('case_id').references(() => cases.id, { onDelete: 'set null' }),
  },
  (t) => [
    index('outbox_messages_due')
      .on(t.nextAttemptAt)
      .where(sql`${t.status} = 'pending'`),
    // A new case's number is written into its letter at commit, found by its
    // case (drizzle/0023), and a case removed by the retention job sets its
    // letters' case to null: without this index both read the whole outbox,
    // the first while every other Send waits for the year's counter.
    index('outbox_messages_case').on(t.caseId),
    check('outbox_messages_status', sql`${t.status} in ('pending', 'sent', 'failed')`),
  ],
);
