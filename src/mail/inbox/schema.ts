import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { bytea, cases } from '#src/cases/schema.ts';
import { staffMembers } from '#src/staff/schema.ts';

/**
 * What became of a mail: still being read ('pending'), a client's reply
 * added to its case, new mail waiting to be registered, registered as a
 * case, dismissed by a manager, automatic (kept, never answered), or given
 * up after too many failed attempts.
 */
export const INBOUND_STATUSES = ['pending', 'reply', 'to_register', 'registered', 'dismissed', 'automatic', 'failed'] as const;
export type InboundStatus = (typeof INBOUND_STATUSES)[number];

/**
 * One row per message of the institution's mailbox (issue 16), keyed by
 * where it lies (mailbox, UIDVALIDITY, UID): the row is the claim, so of
 * several instances reading the mailbox one handles each message, once
 * (docs/0030-the-mailbox-is-read-once.md). The same row is then the "to
 * register" queue's item.
 */
export const inboundMail = pgTable(
  'inbound_mail',
  {
    id: serial('id').primaryKey(),
    /** The mailbox without its password: user@host/folder. */
    mailbox: text('mailbox').notNull(),
    uidValidity: bigint('uid_validity', { mode: 'number' }).notNull(),
    uid: bigint('uid', { mode: 'number' }).notNull(),
    status: text('status', { enum: INBOUND_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(1),
    /** A reader that claimed the message holds it until then. */
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastError: text('last_error'),
    /** The message's size as the mailbox gave it, kept when it was too large to download (listUnreadableMail). */
    sizeBytes: bigint('size_bytes', { mode: 'number' }),
    messageId: text('message_id'),
    /** When the mailbox received it (IMAP INTERNALDATE): the day a registered case was received. */
    receivedAt: timestamp('received_at', { withTimezone: true }),
    fromAddress: text('from_address'),
    fromName: text('from_name'),
    subject: text('subject'),
    /** The mail's whole text (the official sees all of it). */
    textBody: text('text_body'),
    /** Why it is automatic (rules.ts automaticReason). */
    automaticReason: text('automatic_reason'),
    /** Files the attachment rules refused, by name, for the official to know. */
    refusedFiles: text('refused_files')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** The case a reply was added to, or the case it was registered as. */
    caseId: integer('case_id').references(() => cases.id, { onDelete: 'set null' }),
    decidedBy: integer('decided_by').references(() => staffMembers.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    dismissReason: text('dismiss_reason'),
    handledAt: timestamp('handled_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('inbound_mail_place').on(t.mailbox, t.uidValidity, t.uid),
    index('inbound_mail_queue')
      .on(t.receivedAt)
      .where(sql`${t.status} = 'to_register'`),
    // A case removed by the retention job sets its mail's case to null: found by this, not by reading all mail.
    index('inbound_mail_case')
      .on(t.caseId)
      .where(sql`${t.caseId} is not null`),
    check('inbound_mail_status', sql`${t.status} in ('pending', 'reply', 'to_register', 'registered', 'dismissed', 'automatic', 'failed')`),
  ],
);

/** A new mail's files that passed the upload rules, kept until it is registered (then copied to the case) or dismissed. */
export const inboundMailAttachments = pgTable(
  'inbound_mail_attachments',
  {
    id: serial('id').primaryKey(),
    inboundMailId: integer('inbound_mail_id')
      .notNull()
      .references(() => inboundMail.id, { onDelete: 'cascade' }),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    content: bytea('content').notNull(),
  },
  (t) => [index('inbound_mail_attachments_mail').on(t.inboundMailId)],
);
