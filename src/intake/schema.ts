import { index, integer, jsonb, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { bytea, CASE_KINDS } from '#src/cases/schema.ts';

/**
 * What a client filled in, kept between the form and the check-your-answers
 * page so nothing is lost (attachments included), and submitted once: the
 * draft's id is the idempotency key of the submission. Removed a day after
 * it was last touched.
 */
export const submissionDrafts = pgTable(
  'submission_drafts',
  {
    /** Random and unguessable: it is in the check page's address. */
    id: text('id').primaryKey(),
    kind: text('kind', { enum: CASE_KINDS }).notNull(),
    locale: text('locale').notNull(),
    fields: jsonb('fields').$type<Record<string, string>>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    /** Set when submitted; a repeated submit shows the same confirmation. */
    submittedCaseId: integer('submitted_case_id'),
    /** The status link's token, kept only minutes after sending (forgetSubmittedTokens). */
    submittedToken: text('submitted_token'),
  },
  (t) => [index('submission_drafts_updated').on(t.updatedAt)],
);

export const draftAttachments = pgTable(
  'draft_attachments',
  {
    id: serial('id').primaryKey(),
    draftId: text('draft_id')
      .notNull()
      .references(() => submissionDrafts.id, { onDelete: 'cascade' }),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    content: bytea('content').notNull(),
  },
  (t) => [index('draft_attachments_draft').on(t.draftId)],
);
