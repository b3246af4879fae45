import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  smallint,
  text,
  timestamp,
  unique,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { cases } from '#src/cases/schema.ts';
import { topics, units } from '#src/settings/schema.ts';
import { staffMembers } from '#src/staff/schema.ts';

/** The annex criteria a survey item measures (standard.md, Q-1 … Q-5; latvia.md's suggested items). */
export const SURVEY_CRITERIA = ['competence', 'communication', 'clarity', 'timeliness', 'reach', 'overall'] as const;
export type SurveyCriterion = (typeof SURVEY_CRITERIA)[number];

/** the yearly campaign; Q-2c: "as needed", e.g. about one official's communication. */
export const SURVEY_PERIODS = ['yearly', 'as_needed'] as const;

/**
 * A satisfaction survey campaign. Surveys are data (latvia.md: no national
 * questionnaire; scales differ), so each keeps its own scale, and every
 * response copies it, so results stay readable if a scale is later changed.
 */
export const surveys = pgTable(
  'surveys',
  {
    id: serial('id').primaryKey(),
    code: text('code').notNull(),
    period: text('period', { enum: SURVEY_PERIODS }).notNull(),
    titleLv: text('title_lv').notNull(),
    titleEn: text('title_en').notNull(),
    introLv: text('intro_lv'),
    introEn: text('intro_en'),
    /** The year a yearly campaign counts for. */
    year: smallint('year'),
    opensOn: date('opens_on', { mode: 'string' }).notNull(),
    closesOn: date('closes_on', { mode: 'string' }),
    /** Open now (a manager opens and closes campaigns). */
    open: boolean('open').notNull().default(true),
    /** Q-2c: an "as needed" survey about one official. */
    subjectStaffId: integer('subject_staff_id').references(() => staffMembers.id),
    scaleMin: smallint('scale_min').notNull().default(1),
    scaleMax: smallint('scale_max').notNull().default(5),
    /** Labels for each point from min to max, per language: { lv: [...], en: [...] }. */
    scaleLabels: jsonb('scale_labels').$type<Record<string, string[]>>().notNull(),
    /** The survey a client reaches from an answered case's link (Q-2c). */
    forCaseRatings: boolean('for_case_ratings').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('surveys_code_unique').on(t.code),
    check('surveys_scale', sql`${t.scaleMin} < ${t.scaleMax} and ${t.scaleMax} - ${t.scaleMin} <= 10`),
    check('surveys_period', sql`${t.period} in ('yearly', 'as_needed')`),
  ],
);

export const surveyItems = pgTable(
  'survey_items',
  {
    id: serial('id').primaryKey(),
    surveyId: integer('survey_id')
      .notNull()
      .references(() => surveys.id),
    criterion: text('criterion', { enum: SURVEY_CRITERIA }).notNull(),
    textLv: text('text_lv').notNull(),
    textEn: text('text_en').notNull(),
    sortOrder: integer('sort_order').notNull().default(0),
  },
  (t) => [index('survey_items_survey').on(t.surveyId)],
);

/** One client's filled-in survey. Anonymous unless the client leaves contact for an answer. */
export const surveyResponses = pgTable(
  'survey_responses',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    surveyId: integer('survey_id')
      .notNull()
      .references(() => surveys.id),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
    locale: text('locale').notNull(),
    scaleMin: smallint('scale_min').notNull(),
    scaleMax: smallint('scale_max').notNull(),
    /** When rated from an answered case: the case, its unit, topic and official (Q-2c). */
    caseId: integer('case_id').references(() => cases.id),
    unitId: integer('unit_id').references(() => units.id),
    topicId: integer('topic_id').references(() => topics.id),
    staffId: integer('staff_id').references(() => staffMembers.id),
    comment: text('comment'),
    contactName: text('contact_name'),
    contactEmail: text('contact_email'),
    /** The form's one-time key: a double submit stores one response. */
    formKey: text('form_key').notNull(),
  },
  (t) => [
    uniqueIndex('survey_responses_form_key').on(t.formKey),
    // A case is rated once.
    uniqueIndex('survey_responses_case')
      .on(t.caseId)
      .where(sql`${t.caseId} is not null`),
    index('survey_responses_survey_time').on(t.surveyId, t.submittedAt),
    // the free-text comments of a year, newest first, a page at a time.
    index('survey_responses_comments')
      .on(t.submittedAt)
      .where(sql`${t.comment} is not null`),
  ],
);

/** One item's answer; no row when the client skipped the item. */
export const surveyAnswers = pgTable(
  'survey_answers',
  {
    responseId: bigint('response_id', { mode: 'number' })
      .notNull()
      .references(() => surveyResponses.id),
    itemId: integer('item_id')
      .notNull()
      .references(() => surveyItems.id),
    value: smallint('value').notNull(),
  },
  (t) => [uniqueIndex('survey_answers_pk').on(t.responseId, t.itemId), index('survey_answers_item').on(t.itemId)],
);

// ---------------------------------------------------------------------------
// The annex's own records (standard.md, clause 15 and annex 1): what each
// method leaves behind, so the schedule can tell what was done and what is
// missing, and the reports can count it.

/**
 * Q-1a, Q-2a, Q-5a: an official's daily self-check. One per person per Riga
 * date; editable on that date only (rules in records/rules.ts). The answers are
 * keyed by the item keys of SELF_CHECK_ITEMS, so the items can grow without
 * a migration.
 */
export const selfChecks = pgTable(
  'quality_self_checks',
  {
    id: serial('id').primaryKey(),
    staffId: integer('staff_id')
      .notNull()
      .references(() => staffMembers.id),
    onDate: date('on_date', { mode: 'string' }).notNull(),
    answers: jsonb('answers').$type<Record<string, number | boolean>>().notNull(),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('quality_self_checks_once_a_day').on(t.staffId, t.onDate), index('quality_self_checks_date').on(t.onDate)],
);

/** Q-1b, Q-2b: the direct manager watches an official at work on a working day. Items not observed are left out. */
export const observations = pgTable(
  'quality_observations',
  {
    id: serial('id').primaryKey(),
    staffId: integer('staff_id')
      .notNull()
      .references(() => staffMembers.id),
    observerId: integer('observer_id')
      .notNull()
      .references(() => staffMembers.id),
    onDate: date('on_date', { mode: 'string' }).notNull(),
    scores: jsonb('scores').$type<Record<string, number>>().notNull(),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('quality_observations_staff').on(t.staffId, t.onDate), index('quality_observations_observer').on(t.observerId, t.onDate)],
);

export const INTERVIEW_KINDS = ['interview', 'group_discussion'] as const;
export type InterviewKind = (typeof INTERVIEW_KINDS)[number];

/** Q-1c: an interview or group discussion the manager holds, at least monthly. */
export const interviews = pgTable(
  'quality_interviews',
  {
    id: serial('id').primaryKey(),
    managerId: integer('manager_id')
      .notNull()
      .references(() => staffMembers.id),
    unitId: integer('unit_id').references(() => units.id),
    kind: text('kind', { enum: INTERVIEW_KINDS }).notNull(),
    heldOn: date('held_on', { mode: 'string' }).notNull(),
    topics: text('topics').notNull(),
    agreedActions: text('agreed_actions').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('quality_interviews_manager').on(t.managerId, t.heldOn),
    check('quality_interviews_kind', sql`${t.kind} in ('interview', 'group_discussion')`),
  ],
);

export const interviewParticipants = pgTable(
  'quality_interview_participants',
  {
    interviewId: integer('interview_id')
      .notNull()
      .references(() => interviews.id),
    staffId: integer('staff_id')
      .notNull()
      .references(() => staffMembers.id),
  },
  (t) => [
    uniqueIndex('quality_interview_participants_pk').on(t.interviewId, t.staffId),
    index('quality_interview_participants_staff').on(t.staffId),
  ],
);

/** The periodic reports a manager must go through (Q-4 quarterly, Q-5b monthly). */
export const REVIEWED_REPORTS = ['complaints', 'deadlines'] as const;
export type ReviewedReport = (typeof REVIEWED_REPORTS)[number];

/**
 * A manager marks a report as gone through for a period ('2026-Q3',
 * '2026-10'): the schedule counts it, and the audit log keeps who and when.
 */
export const reportReviews = pgTable(
  'quality_report_reviews',
  {
    id: serial('id').primaryKey(),
    staffId: integer('staff_id')
      .notNull()
      .references(() => staffMembers.id),
    report: text('report', { enum: REVIEWED_REPORTS }).notNull(),
    period: text('period').notNull(),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('quality_report_reviews_once').on(t.staffId, t.report, t.period),
    check('quality_report_reviews_report', sql`${t.report} in ('complaints', 'deadlines')`),
  ],
);

/**
 * survey answers counted per Riga month, survey, item, context and
 * scale point. Kept by triggers on survey_answers (drizzle/0005), so every
 * writer (the survey form, an import, a benchmark's SQL) keeps it right, and
 * the yearly reports read a few thousand rows instead of a million answers.
 * `staff_id` is the official a rating is about: the case's official, or the
 * subject of an "as needed" survey (Q-2c).
 */
export const satisfactionMonthly = pgTable(
  'quality_satisfaction_monthly',
  {
    month: date('month', { mode: 'string' }).notNull(),
    surveyId: integer('survey_id').notNull(),
    itemId: integer('item_id').notNull(),
    unitId: integer('unit_id'),
    topicId: integer('topic_id'),
    staffId: integer('staff_id'),
    scaleMin: smallint('scale_min').notNull(),
    scaleMax: smallint('scale_max').notNull(),
    value: smallint('value').notNull(),
    answers: integer('answers').notNull(),
  },
  (t) => [
    unique('quality_satisfaction_monthly_key')
      .on(t.month, t.surveyId, t.itemId, t.unitId, t.topicId, t.staffId, t.scaleMin, t.scaleMax, t.value)
      .nullsNotDistinct(),
    index('quality_satisfaction_monthly_staff').on(t.staffId, t.month),
  ],
);

/**
 * Q-5b: the monthly deadline report's figures per Riga month, unit, topic,
 * kind, reply channel and (for cases done) working days to the answer.
 * Kept by statement triggers on cases in the transaction that changes a
 * case, whoever writes it (drizzle/0016, docs/0024), so a month's report
 * reads a few hundred rows instead of every case of the years.
 * - received: cases received in the month (CR 399 p.23 per service);
 * - done, on_time, late, no_deadline: answered or closed in the month, in
 *   the row of their working days (a histogram: the exact median);
 * - overdue: +1 in the month a case became open and overdue at a month's
 *   end, −1 in the month it was done; the sum up to a month is the count
 *   open and overdue at that month's end;
 * - delays: cases whose deadline fell in the month and were done after it
 *   or not at all.
 */
export const deadlineMonthly = pgTable(
  'quality_deadline_monthly',
  {
    month: date('month', { mode: 'string' }).notNull(),
    unitId: integer('unit_id'),
    topicId: integer('topic_id'),
    kind: text('kind').notNull(),
    replyChannel: text('reply_channel'),
    /** How the cases arrived (cases.channel, issue 16): the report's arrival filter reads it too (docs/0032). */
    channel: text('channel').notNull().default('web'),
    /** Working days from receipt to the answer; null on the rows of the other counts. */
    workingDays: integer('working_days'),
    received: integer('received').notNull().default(0),
    done: integer('done').notNull().default(0),
    onTime: integer('on_time').notNull().default(0),
    late: integer('late').notNull().default(0),
    noDeadline: integer('no_deadline').notNull().default(0),
    overdue: integer('overdue').notNull().default(0),
    delays: integer('delays').notNull().default(0),
    /** Which of the key's rows (the case id modulo 8, drizzle/0024): readers sum them; Sends at once update different rows. */
    slot: smallint('slot').notNull().default(0),
  },
  (t) => [
    unique('quality_deadline_monthly_key')
      .on(t.month, t.unitId, t.topicId, t.kind, t.replyChannel, t.channel, t.workingDays, t.slot)
      .nullsNotDistinct(),
    index('quality_deadline_monthly_unit').on(t.unitId, t.month),
    // The running sum of the overdue changes reads only the rows that have one.
    index('quality_deadline_monthly_overdue')
      .on(t.month, t.unitId)
      .where(sql`${t.overdue} <> 0`),
  ],
);

/**
 * complaints closed per Riga month (of the last closing), unit and
 * topic, and how many justified. Kept by the statement triggers on cases
 * (drizzle migration report_rollups, docs/0032), so the quarters read a few
 * rows instead of every complaint of the years.
 */
export const complaintMonthly = pgTable(
  'quality_complaint_monthly',
  {
    month: date('month', { mode: 'string' }).notNull(),
    unitId: integer('unit_id'),
    topicId: integer('topic_id'),
    closed: integer('closed').notNull().default(0),
    justified: integer('justified').notNull().default(0),
  },
  (t) => [unique('quality_complaint_monthly_key').on(t.month, t.unitId, t.topicId).nullsNotDistinct()],
);

/**
 * Q-5b: cases not yet done, per due date, unit, topic, kind and reply
 * channel, kept by the same triggers; the month under way reads the days
 * left in it instead of the open cases (docs/0032). Rows that fall to zero
 * are deleted.
 */
export const openDue = pgTable(
  'quality_open_due',
  {
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    unitId: integer('unit_id'),
    topicId: integer('topic_id'),
    kind: text('kind').notNull(),
    replyChannel: text('reply_channel'),
    channel: text('channel').notNull(),
    open: integer('open').notNull().default(0),
    /** Which of the key's rows (the case id modulo 8, drizzle/0024): readers sum them; Sends at once update different rows. */
    slot: smallint('slot').notNull().default(0),
  },
  (t) => [unique('quality_open_due_key').on(t.dueOn, t.unitId, t.topicId, t.kind, t.replyChannel, t.channel, t.slot).nullsNotDistinct()],
);

/**
 * the comments per Riga month, survey, unit and topic, kept by
 * statement triggers on survey_responses (docs/0032): the comment list's
 * count without words reads a year's rows, not its comments.
 */
export const commentMonthly = pgTable(
  'quality_comment_monthly',
  {
    month: date('month', { mode: 'string' }).notNull(),
    surveyId: integer('survey_id').notNull(),
    unitId: integer('unit_id'),
    topicId: integer('topic_id'),
    comments: integer('comments').notNull().default(0),
  },
  (t) => [unique('quality_comment_monthly_key').on(t.month, t.surveyId, t.unitId, t.topicId).nullsNotDistinct()],
);
