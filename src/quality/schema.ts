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
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { cases } from '../cases/schema.ts';
import { topics, units } from '../settings/schema.ts';
import { staffMembers } from '../staff/schema.ts';

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
    uniqueIndex('survey_responses_case').on(t.caseId).where(sql`${t.caseId} is not null`),
    index('survey_responses_survey_time').on(t.surveyId, t.submittedAt),
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
