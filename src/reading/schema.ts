import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  customType,
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
import { cases } from '#src/cases/schema.ts';
import { staffMembers } from '#src/staff/schema.ts';

// S-13: a request too large to send, or information that may not leave the
// Bureau, is read in the office "at a mutually acceptable time". These are
// the reading room's seats, its rules, the days it is closed, the times an
// official offers, and the bookings. That no seat is ever booked twice is
// the database's own rule (an EXCLUDE constraint, written by hand in the
// migration 0004_reading_appointments, as Drizzle cannot express it).

/** A PostgreSQL range of instants; read back as its text form, e.g. ["2026-12-01 08:00:00+00","2026-12-01 09:00:00+00"). */
const tstzrange = customType<{ data: string; driverData: string }>({ dataType: () => 'tstzrange' });

/** A seat in the reading room: one client reads at one seat at a time. */
export const readingPlaces = pgTable('reading_places', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  active: boolean('active').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** One row: how the reading room is booked (an administrator sets it). */
export const readingRoomSettings = pgTable(
  'reading_room_settings',
  {
    id: smallint('id').primaryKey().default(1),
    /** Length of one reading slot. */
    slotMinutes: smallint('slot_minutes').notNull().default(60),
    /** A client may book, move or cancel only this long before the start. */
    clientCutoffHours: smallint('client_cutoff_hours').notNull().default(24),
    /** How far ahead a time can be offered or booked. */
    daysAhead: smallint('days_ahead').notNull().default(30),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('reading_room_settings_single_row', sql`${t.id} = 1`),
    check('reading_room_settings_slot', sql`${t.slotMinutes} between 15 and 240`),
    check('reading_room_settings_cutoff', sql`${t.clientCutoffHours} between 0 and 336`),
    check('reading_room_settings_days', sql`${t.daysAhead} between 1 and 365`),
  ],
);

/** Whole days the reading room is closed (renovation, stock-taking), with the reason. */
export const readingClosures = pgTable(
  'reading_closures',
  {
    id: serial('id').primaryKey(),
    fromDate: date('from_date', { mode: 'string' }).notNull(),
    toDate: date('to_date', { mode: 'string' }).notNull(),
    reason: text('reason').notNull(),
    createdBy: integer('created_by').references(() => staffMembers.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('reading_closures_order', sql`${t.fromDate} <= ${t.toDate}`)],
);

/**
 * S-13 "mutually acceptable": the official offers a window of days, and
 * optionally specific times in it; the client picks. The invitation link
 * mailed to the client carries a token of its own; only its hash is kept.
 * The latest offer of a case is the one in force.
 */
export const readingOffers = pgTable(
  'reading_offers',
  {
    id: serial('id').primaryKey(),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id),
    fromDate: date('from_date', { mode: 'string' }).notNull(),
    toDate: date('to_date', { mode: 'string' }).notNull(),
    /** Specific start instants (ISO, UTC) the official proposes; empty: any free slot in the window. */
    times: jsonb('times')
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    inviteTokenHash: text('invite_token_hash').notNull(),
    createdBy: integer('created_by')
      .notNull()
      .references(() => staffMembers.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** After this the invitation can no longer be used to book. */
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('reading_offers_case').on(t.caseId, t.id),
    uniqueIndex('reading_offers_invite_token').on(t.inviteTokenHash),
    check('reading_offers_window', sql`${t.fromDate} <= ${t.toDate}`),
  ],
);

export const BOOKING_STATUSES = ['active', 'cancelled', 'attended', 'no_show'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

/**
 * A client's time at a seat. `period` is generated from the start and end
 * so the overlap rule has a range to compare; `version` is bumped by every
 * change (optimistic concurrency, and the calendar file's SEQUENCE).
 */
export const readingBookings = pgTable(
  'reading_bookings',
  {
    id: serial('id').primaryKey(),
    caseId: integer('case_id')
      .notNull()
      .references(() => cases.id),
    placeId: integer('place_id')
      .notNull()
      .references(() => readingPlaces.id),
    offerId: integer('offer_id').references(() => readingOffers.id),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    period: tstzrange('period')
      .notNull()
      .generatedAlwaysAs(sql`tstzrange(starts_at, ends_at, '[)')`),
    status: text('status', { enum: BOOKING_STATUSES }).notNull().default('active'),
    /** The private link in the confirmation e-mail (cancel, move): only its hash. */
    manageTokenHash: text('manage_token_hash').notNull(),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    /** The reminder a working day before, claimed once (set when queued). */
    reminderSentAt: timestamp('reminder_sent_at', { withTimezone: true }),
  },
  (t) => [
    // At most one active booking per case; the seat overlap rule is the EXCLUDE in the migration.
    uniqueIndex('reading_bookings_one_active_per_case')
      .on(t.caseId)
      .where(sql`${t.status} = 'active'`),
    uniqueIndex('reading_bookings_manage_token').on(t.manageTokenHash),
    index('reading_bookings_starts').on(t.startsAt),
    check('reading_bookings_status', sql`${t.status} in ('active', 'cancelled', 'attended', 'no_show')`),
    check('reading_bookings_order', sql`${t.startsAt} < ${t.endsAt}`),
  ],
);

/**
 * An official's private calendar subscription (issue 6, "a per-official
 * calendar feed"): calendar programs cannot sign in, so the address itself
 * is the key. Only its hash is kept, as for the clients' private links; a
 * new address replaces the old one, and turning it off deletes the row.
 */
export const readingCalendarFeeds = pgTable(
  'reading_calendar_feeds',
  {
    staffId: integer('staff_id')
      .primaryKey()
      .references(() => staffMembers.id),
    tokenHash: text('token_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('reading_calendar_feeds_token').on(t.tokenHash)],
);
