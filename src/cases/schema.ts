import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  smallint,
  text,
  timestamp,
  unique,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { authorities, topics, units, deadlineRules } from '#src/settings/schema.ts';
import { staffMembers } from '#src/staff/schema.ts';

/** Raw bytes (an attachment's content). */
export const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

/** What a client can submit that becomes a case (S-5.1, S-4.8, S-11, S-14.3.1). */
export const CASE_KINDS = ['complaint', 'suggestion', 'question', 'information_request', 'callback'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];

/** S-6: the client chooses how the answer reaches them. */
export const REPLY_CHANNELS = ['email', 'phone', 'post', 'in_person'] as const;
export type ReplyChannel = (typeof REPLY_CHANNELS)[number];

/**
 * How a submission reached the institution (issue 16): the portal's forms, or
 * post, e-mail, a call, a visit or the official e-address, registered by an
 * official. Every report counts them all; the deadline report splits by it.
 */
export const CASE_CHANNELS = ['web', 'post', 'email', 'phone', 'in_person', 'e_address'] as const;
export type CaseChannel = (typeof CASE_CHANNELS)[number];

/**
 * Where a case stands. `not_examined` is S-14.6.2 (abusive) and the
 * anonymous complaint left unexamined; `referred` is S-14.1.
 */
export const CASE_STATUSES = ['received', 'in_progress', 'answered', 'referred', 'refused', 'not_examined', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** S-4.8: the decision that ends a suggestion. */
export const SUGGESTION_DECISIONS = ['implement', 'in_place', 'not_taken'] as const;
export type SuggestionDecision = (typeof SUGGESTION_DECISIONS)[number];

/** Per year, the last reference number given (VPVB-2026-000123 is the 123rd of 2026). */
export const referenceCounters = pgTable('reference_counters', {
  year: smallint('year').primaryKey(),
  last: integer('last').notNull(),
});

/**
 * The workspace's deadline order (issue 18): the due date, the cases without
 * one last; one expression, so that a page can start after a case (a cursor)
 * on an index.
 */
export const caseDueKey = sql`coalesce(due_on, 'infinity'::date)`;
/** The open cases (OPEN_STATUSES): the workspace's partial indexes and open_case_counts cover these. */
const caseIsOpen = sql`status in ('received', 'in_progress')`;

/**
 * A client's submission and everything done with it. The client follows it
 * by a private link (S-4.5): only the SHA-256 of that link's token is kept.
 */
export const cases = pgTable(
  'cases',
  {
    id: serial('id').primaryKey(),
    reference: text('reference').notNull(),
    statusTokenHash: text('status_token_hash').notNull(),
    kind: text('kind', { enum: CASE_KINDS }).notNull(),
    /** How it arrived; the cases from before issue 16 all came through the forms. */
    channel: text('channel', { enum: CASE_CHANNELS }).notNull().default('web'),
    status: text('status', { enum: CASE_STATUSES }).notNull().default('received'),
    /** Optimistic concurrency for staff actions: bumped by every change. */
    version: integer('version').notNull().default(1),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    /** The Riga date of receipt and the due date the deadline engine gave (S-4.6). */
    receivedOn: date('received_on', { mode: 'string' }).notNull(),
    dueOn: date('due_on', { mode: 'string' }),
    deadlineRuleId: integer('deadline_rule_id').references(() => deadlineRules.id),
    /** Null when the client did not know ("I don't know" goes to triage, S-10). */
    topicId: integer('topic_id').references(() => topics.id),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    assigneeId: integer('assignee_id').references(() => staffMembers.id),
    /** The interface language the client used: their messages are in it. */
    locale: text('locale').notNull(),
    /** S-7: the language asked for, and the one the reply will be in. */
    requestedLanguage: text('requested_language').notNull(),
    replyLanguage: text('reply_language').notNull(),
    replyChannel: text('reply_channel', { enum: REPLY_CHANNELS }),
    anonymous: boolean('anonymous').notNull().default(false),
    contactName: text('contact_name'),
    contactEmail: text('contact_email'),
    /** E.164 (+37129123456). */
    contactPhone: text('contact_phone'),
    postalAddress: text('postal_address'),
    /** What the client wrote: the question, what happened, what they suggest or need. */
    details: text('details').notNull(),
    /** The kind's own answers (complaint: about, desired outcome; information request: form; callback: abroad, best time). */
    particulars: jsonb('particulars')
      .$type<Record<string, string | boolean | null>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    /** Drafts are submitted once: a second post of the same draft finds this case (idempotency). */
    draftId: text('draft_id'),
    /** When the client was first answered (Q-5b counts on-time answers from it). */
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    /** The link in an answer that lets the client rate it (Q-2c); only its hash. */
    ratingTokenHash: text('rating_token_hash'),
    /** Q-4, S-5.3: a complaint closed as justified or not, with the remedy taken. */
    complaintOutcome: text('complaint_outcome', { enum: ['justified', 'unjustified'] }),
    complaintRemedy: text('complaint_remedy'),
    /**
     * S-4.8: what became of a suggestion: to be implemented (what, by when),
     * already in place, or not taken up (why). Counted in the reports.
     */
    suggestionDecision: text('suggestion_decision', { enum: SUGGESTION_DECISIONS }),
    suggestionDecisionNote: text('suggestion_decision_note'),
    suggestionImplementBy: date('suggestion_implement_by', { mode: 'string' }),
    /** S-11/12: a refusal proposed by the official, waiting for the director. */
    pendingDecision: text('pending_decision', { enum: ['refusal'] }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    /** GDPR retention: personal data removed, counts kept. */
    anonymisedAt: timestamp('anonymised_at', { withTimezone: true }),
    /**
     * Issue 16: since when the client has added something the assigned
     * official has not yet seen (the workspace's "new message" mark); null
     * once they open the case (client-messages.ts).
     */
    clientMessageUnreadSince: timestamp('client_message_unread_since', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('cases_reference_unique').on(t.reference),
    uniqueIndex('cases_status_token_unique').on(t.statusTokenHash),
    uniqueIndex('cases_draft_unique').on(t.draftId),
    uniqueIndex('cases_rating_token_unique').on(t.ratingTokenHash),
    // The workspace's lists: by unit or official, open first, by deadline.
    index('cases_unit_status').on(t.unitId, t.status, t.dueOn),
    index('cases_assignee_status').on(t.assigneeId, t.status, t.dueOn),
    index('cases_status_due').on(t.status, t.dueOn),
    index('cases_due_on').on(t.dueOn),
    index('cases_received_at').on(t.receivedAt),
    // Issue 18 (docs/0029): the workspace's pages by deadline, a cursor at a
    // time; the open cases (what the workload bounds) by holder, by unit, and
    // all, with the filters' columns (and due_on itself: PostgreSQL reads an
    // expression's columns, not the expression) after the id, so that the
    // open cases not yet due are counted from the index alone.
    index('cases_due_key').on(caseDueKey, t.id),
    index('cases_open_assignee_due').on(t.assigneeId, caseDueKey, t.id, t.dueOn, t.status, t.kind, t.channel, t.topicId).where(caseIsOpen),
    index('cases_open_unit_due')
      .on(t.unitId, caseDueKey, t.id, t.dueOn, t.assigneeId, t.status, t.kind, t.channel, t.topicId)
      .where(caseIsOpen),
    index('cases_open_due_key')
      .on(caseDueKey, t.id, t.dueOn, t.unitId, t.assigneeId, t.status, t.kind, t.channel, t.topicId)
      .where(caseIsOpen),
    index('cases_contact_email').on(sql`lower(${t.contactEmail})`),
    // Q-5b: the cases answered or closed in a month (the first of the two marks the answer).
    index('cases_done_at').on(sql`coalesce(${t.answeredAt}, ${t.closedAt})`),
    // Q-5b: cases overdue at a month's end: due before it, not yet done by it.
    index('cases_due_done').on(t.dueOn, sql`coalesce(${t.answeredAt}, ${t.closedAt})`),
    // Q-5b: the open cases due later in the month under way (src/quality/reports/deadlines.ts).
    index('cases_open_due')
      .on(t.dueOn)
      .where(sql`coalesce(${t.answeredAt}, ${t.closedAt}) is null`),
    // Q-4: complaints closed in a quarter (few among all cases).
    index('cases_closed_complaints')
      .on(t.closedAt)
      .where(sql`${t.kind} = 'complaint' and ${t.closedAt} is not null`),
    // Q-4: the justified complaints of a quarter, newest first, a page at a time.
    index('cases_justified_complaints')
      .on(t.closedAt, t.id)
      .where(sql`${t.kind} = 'complaint' and ${t.status} = 'closed' and ${t.complaintOutcome} = 'justified'`),
    index('cases_pending_decision')
      .on(t.pendingDecision)
      .where(sql`${t.pendingDecision} is not null`),
    // New cases still without their number (number_pending_cases, drizzle/0031): none but for a moment.
    index('cases_unnumbered')
      .on(t.id)
      .where(sql`${t.reference} like 'pending:%'`),
    check('cases_kind', sql`${t.kind} in ('complaint', 'suggestion', 'question', 'information_request', 'callback')`),
    check('cases_suggestion_decision', sql`${t.suggestionDecision} in ('implement', 'in_place', 'not_taken')`),
    check('cases_status', sql`${t.status} in ('received', 'in_progress', 'answered', 'referred', 'refused', 'not_examined', 'closed')`),
  ],
);

/**
 * A case's history: every change, by whom, in order. Entries the client may
 * see are shown on the status page (S-4.5). Never updated or deleted.
 */
export const caseEvents = pgTable(
  'case_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    /** e.g. 'received', 'routed', 'answered'. */
    type: text('type').notNull(),
    actorStaffId: integer('actor_staff_id').references(() => staffMembers.id),
    visibleToClient: boolean('visible_to_client').notNull().default(false),
    data: jsonb('data')
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
  },
  (t) => [index('case_events_case').on(t.caseId, t.id)],
);

/**
 * S-14.1: each referral of a case (or of a part of it) to another authority:
 * when, to whom, how the submission was forwarded, and the legal limit for
 * forwarding it, so the reports count forwarded on time and late.
 */
export const caseReferrals = pgTable(
  'case_referrals',
  {
    id: serial('id').primaryKey(),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id),
    authorityId: integer('authority_id')
      .notNull()
      .references(() => authorities.id),
    scope: text('scope', { enum: ['whole', 'part'] }).notNull(),
    referredAt: timestamp('referred_at', { withTimezone: true }).notNull(),
    /** The Riga date of the referral, compared with forwardBy. */
    referredOn: date('referred_on', { mode: 'string' }).notNull(),
    /** Receipt + the referral rule's working days (5 from 1 March 2026). */
    forwardBy: date('forward_by', { mode: 'string' }),
    /** By e-mail through the outbox, or by post where the authority has no e-mail. */
    delivery: text('delivery', { enum: ['email', 'post'] }).notNull(),
    staffId: integer('staff_id').references(() => staffMembers.id),
  },
  (t) => [index('case_referrals_case').on(t.caseId), index('case_referrals_referred_at').on(t.referredAt)],
);

/** Where a client's later message came from (issue 16): the status page's form, or a reply to one of our letters. */
export const CLIENT_MESSAGE_CHANNELS = ['status_page', 'email'] as const;
export type ClientMessageChannel = (typeof CLIENT_MESSAGE_CHANNELS)[number];

/**
 * Issue 16: what a client adds to their case after submitting it, from the
 * status page or by replying to a letter. Kept as the client wrote it and
 * shown as text. An e-mail's Message-ID is unique per case, so a mailbox
 * read twice adds nothing twice.
 */
export const caseMessages = pgTable(
  'case_messages',
  {
    id: serial('id').primaryKey(),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    via: text('via', { enum: CLIENT_MESSAGE_CHANNELS }).notNull(),
    /** The language of the page the client wrote from (the case's for an e-mail): the text is shown with it as `lang`. */
    locale: text('locale').notNull(),
    text: text('text').notNull(),
    emailFrom: text('email_from'),
    emailSubject: text('email_subject'),
    emailMessageId: text('email_message_id'),
  },
  (t) => [
    index('case_messages_case').on(t.caseId, t.id),
    uniqueIndex('case_messages_email_once').on(t.caseId, t.emailMessageId),
    check('case_messages_via', sql`${t.via} in ('status_page', 'email')`),
  ],
);

/** Files a client attached; served only to staff handling the case, never inline. */
export const caseAttachments = pgTable(
  'case_attachments',
  {
    id: serial('id').primaryKey(),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id),
    /** Null for the files sent with the submission; else the later message they came with. */
    messageId: integer('message_id').references(() => caseMessages.id),
    filename: text('filename').notNull(),
    /** Detected from the content, not taken from the browser. */
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    content: bytea('content').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('case_attachments_case').on(t.caseId),
    // A case's messages go with the case (retention): each one's files are found by this, not by reading every file's row.
    index('case_attachments_message')
      .on(t.messageId)
      .where(sql`${t.messageId} is not null`),
  ],
);

/** Deadline reminders sent: at most one per case per day (the unique key). */
export const deadlineAlerts = pgTable(
  'deadline_alerts',
  {
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id),
    onDate: date('on_date', { mode: 'string' }).notNull(),
    kind: text('kind', { enum: ['due_soon', 'overdue', 'unassigned'] }).notNull(),
  },
  (t) => [uniqueIndex('deadline_alerts_once_a_day').on(t.caseId, t.onDate)],
);

/**
 * An official's unsent answer to a case (ux.md D7, docs/0019): one per
 * official and case, kept on purpose ("Save draft") or caught from an answer
 * posted after the session had ended, and restored on the case page. Gone
 * when the answer is sent or the case closes, and after 30 days in any case.
 */
export const answerDrafts = pgTable(
  'answer_drafts',
  {
    staffId: integer('staff_id')
      .notNull()
      .references(() => staffMembers.id),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id),
    text: text('text').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.staffId, t.caseId] }),
    index('answer_drafts_case').on(t.caseId),
    index('answer_drafts_updated_at').on(t.updatedAt),
  ],
);

/**
 * Issue 18 (docs/0029): how many open cases each unit, holder, status, kind,
 * channel and topic has, kept by triggers on `cases` in the same transaction
 * (drizzle/*_workspace_indexes.sql), so that the workspace's totals and the
 * staff home's counts do not count every open case. A test recounts it.
 */
export const openCaseCounts = pgTable(
  'open_case_counts',
  {
    unitId: integer('unit_id').notNull(),
    assigneeId: integer('assignee_id'),
    status: text('status', { enum: CASE_STATUSES }).notNull(),
    kind: text('kind', { enum: CASE_KINDS }).notNull(),
    channel: text('channel', { enum: CASE_CHANNELS }).notNull(),
    topicId: integer('topic_id'),
    n: integer('n').notNull().default(0),
    /** Which of the key's rows (the case id modulo 8, drizzle/0024): readers sum them; Sends at once update different rows. */
    slot: smallint('slot').notNull().default(0),
  },
  (t) => [
    unique('open_case_counts_key').on(t.unitId, t.assigneeId, t.status, t.kind, t.channel, t.topicId, t.slot).nullsNotDistinct(),
    // Routing reads each candidate's open cases from here (routing-queries.ts), in any unit.
    index('open_case_counts_assignee').on(t.assigneeId),
  ],
);
