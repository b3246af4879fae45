import { sql } from 'drizzle-orm';
import { boolean, check, date, integer, pgTable, serial, smallint, text, time, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

// The institution's own data. Everything here is editable by an
// administrator (latvia.md: identity, contacts, units and competences are
// settings, seeded with VPVB's), so nothing of it is a constant in code.

/** One row: who runs the portal (S-4.5 publishes structure and contacts). */
export const institution = pgTable(
  'institution',
  {
    id: smallint('id').primaryKey().default(1),
    nameLv: text('name_lv').notNull(),
    nameEn: text('name_en').notNull(),
    shortName: text('short_name').notNull(),
    /** Prefix of case reference numbers, e.g. VPVB → VPVB-2026-000123. */
    referencePrefix: text('reference_prefix').notNull(),
    address: text('address').notNull(),
    email: text('email').notNull(),
    phone: text('phone').notNull(),
    website: text('website'),
    /** Issue 17: the institution's video in Latvian sign language, linked from the easy-to-read page. */
    signLanguageVideoUrl: text('sign_language_video_url'),
    /**
     * How a refusal or other decision can be contested (Administratīvā
     * procesa likums): said in every such letter and on the status page.
     */
    appealRouteLv: text('appeal_route_lv').notNull().default(''),
    appealRouteEn: text('appeal_route_en').notNull().default(''),
    /** Attachments a client may add to a complaint, question or information request. */
    attachmentMaxFiles: smallint('attachment_max_files').notNull().default(3),
    attachmentMaxBytes: integer('attachment_max_bytes')
      .notNull()
      .default(4 * 1024 * 1024),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('institution_single_row', sql`${t.id} = 1`)],
);

export const units = pgTable(
  'units',
  {
    id: serial('id').primaryKey(),
    code: text('code').notNull(),
    nameLv: text('name_lv').notNull(),
    nameEn: text('name_en').notNull(),
    email: text('email'),
    /** S-4.5: how a client reaches the unit by telephone, published on the structure page. */
    phone: text('phone'),
    /** S-10: "I don't know" submissions go to the triage unit. */
    isTriage: boolean('is_triage').notNull().default(false),
    active: boolean('active').notNull().default(true),
  },
  (t) => [
    uniqueIndex('units_code_unique').on(t.code),
    // At most one triage unit.
    uniqueIndex('units_one_triage')
      .on(t.isTriage)
      .where(sql`${t.isTriage}`),
  ],
);

/** Competence areas a client chooses from; each owned by one unit (S-10). */
export const topics = pgTable(
  'topics',
  {
    id: serial('id').primaryKey(),
    code: text('code').notNull(),
    nameLv: text('name_lv').notNull(),
    nameEn: text('name_en').notNull(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    sortOrder: integer('sort_order').notNull().default(0),
    /** Information requests on this topic follow the environmental-information deadline rule. */
    environmentalInformation: boolean('environmental_information').notNull().default(false),
    active: boolean('active').notNull().default(true),
  },
  (t) => [uniqueIndex('topics_code_unique').on(t.code)],
);

/** S-14.1: authorities a case can be referred to, with public contacts. */
export const authorities = pgTable(
  'authorities',
  {
    id: serial('id').primaryKey(),
    code: text('code').notNull(),
    nameLv: text('name_lv').notNull(),
    nameEn: text('name_en').notNull(),
    competenceLv: text('competence_lv').notNull(),
    competenceEn: text('competence_en').notNull(),
    email: text('email'),
    phone: text('phone'),
    website: text('website'),
    address: text('address'),
    active: boolean('active').notNull().default(true),
    /**
     * Issue 16: offered on the public "is this for us?" page, phrased by its
     * competence. Off for an entry referrals need but a client would not
     * recognise as a matter of its own.
     */
    onQuestionPage: boolean('on_question_page').notNull().default(true),
  },
  (t) => [uniqueIndex('authorities_code_unique').on(t.code)],
);

/**
 * S-4.5: the services the institution gives and their prices, published on
 * the structure page. A service without a price is free of charge; the
 * price is text ("0,15 EUR par lapu"), as the price list words it.
 */
export const services = pgTable(
  'services',
  {
    id: serial('id').primaryKey(),
    code: text('code').notNull(),
    nameLv: text('name_lv').notNull(),
    nameEn: text('name_en').notNull(),
    descriptionLv: text('description_lv').notNull(),
    descriptionEn: text('description_en').notNull(),
    priceLv: text('price_lv'),
    priceEn: text('price_en'),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id),
    website: text('website'),
    sortOrder: integer('sort_order').notNull().default(0),
    active: boolean('active').notNull().default(true),
  },
  (t) => [
    uniqueIndex('services_code_unique').on(t.code),
    // Free, or a price in both languages: never a price the English page lacks.
    check('services_price_both', sql`(${t.priceLv} is null) = (${t.priceEn} is null)`),
  ],
);

/** Office hours: one row per open interval of a weekday (1 = Monday). */
export const officeHours = pgTable(
  'office_hours',
  {
    id: serial('id').primaryKey(),
    weekday: smallint('weekday').notNull(),
    opensAt: time('opens_at').notNull(),
    closesAt: time('closes_at').notNull(),
  },
  (t) => [check('office_hours_weekday', sql`${t.weekday} between 1 and 7`), check('office_hours_order', sql`${t.opensAt} < ${t.closesAt}`)],
);

/**
 * The calendar's exceptions to "Monday to Friday": public holidays, days off
 * (substitute days, days given up for a transferred working day, one-off
 * declared days off) and transferred working Saturdays (latvia.md).
 */
export const calendarDays = pgTable(
  'calendar_days',
  {
    date: date('date', { mode: 'string' }).primaryKey(),
    kind: text('kind', { enum: ['holiday', 'day_off', 'working_day'] }).notNull(),
    nameLv: text('name_lv').notNull(),
    nameEn: text('name_en').notNull(),
    transferredFrom: date('transferred_from', { mode: 'string' }),
  },
  (t) => [check('calendar_days_kind', sql`${t.kind} in ('holiday', 'day_off', 'working_day')`)],
);

/** Deadline rules per kind of request, each in force from a date (latvia.md). */
export const deadlineRules = pgTable(
  'deadline_rules',
  {
    id: serial('id').primaryKey(),
    requestKind: text('request_kind').notNull(),
    effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
    amount: integer('amount').notNull(),
    unit: text('unit', { enum: ['working_days', 'calendar_days', 'months'] }).notNull(),
    extendedAmount: integer('extended_amount'),
    extendedUnit: text('extended_unit', { enum: ['working_days', 'calendar_days', 'months'] }),
    noteLv: text('note_lv'),
    noteEn: text('note_en'),
  },
  (t) => [
    uniqueIndex('deadline_rules_kind_from').on(t.requestKind, t.effectiveFrom),
    check('deadline_rules_amount', sql`${t.amount} > 0`),
    check('deadline_rules_unit', sql`${t.unit} in ('working_days', 'calendar_days', 'months')`),
  ],
);

/**
 * Reply templates officials start from (S-14.6.2 refusal of an abusive
 * message, S-14.1 referral, S-11/12 out of proportion, plain answers), in
 * every interface language, with placeholders like {{reference}}.
 */
export const replyTemplates = pgTable(
  'reply_templates',
  {
    id: serial('id').primaryKey(),
    code: text('code').notNull(),
    purpose: text('purpose', { enum: ['abusive', 'referral', 'disproportionate', 'answer'] }).notNull(),
    nameLv: text('name_lv').notNull(),
    nameEn: text('name_en').notNull(),
    bodyLv: text('body_lv').notNull(),
    bodyEn: text('body_en').notNull(),
    active: boolean('active').notNull().default(true),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('reply_templates_code_unique').on(t.code),
    check('reply_templates_purpose', sql`${t.purpose} in ('abusive', 'referral', 'disproportionate', 'answer')`),
  ],
);

/** GDPR: how long each kind of record keeps personal data after it is closed. */
export const retentionRules = pgTable(
  'retention_rules',
  {
    recordKind: text('record_kind').primaryKey(),
    days: integer('days').notNull(),
  },
  (t) => [check('retention_rules_days', sql`${t.days} > 0`)],
);
