import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  pgTable,
  serial,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { units } from '#src/settings/schema.ts';

/** The standard's staff roles (standard.md, Roles). */
export const STAFF_ROLES = ['official', 'manager', 'director', 'administrator'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/**
 * The people who handle cases. Languages spoken (S-7) decide whether a reply
 * can be given in the language a client asks for.
 */
export const staffMembers = pgTable(
  'staff_members',
  {
    id: serial('id').primaryKey(),
    email: text('email').notNull(),
    fullName: text('full_name').notNull(),
    role: text('role', { enum: STAFF_ROLES }).notNull(),
    unitId: integer('unit_id').references(() => units.id),
    managerId: integer('manager_id').references((): AnyPgColumn => staffMembers.id),
    /** ISO 639-1 codes, e.g. {lv,en,ru}. */
    languages: text('languages')
      .array()
      .notNull()
      .default(sql`'{lv}'::text[]`),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** argon2id (PHC string); null until the person sets it through their one-time link. */
    passwordHash: text('password_hash'),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }),
    /** TOTP secret (base32) while being set up or in use; in use once enabled. */
    totpSecret: text('totp_secret'),
    totpEnabledAt: timestamp('totp_enabled_at', { withTimezone: true }),
    /** The 30-second period of the last code accepted: an earlier or the same one is refused (a code works once). */
    totpLastPeriod: integer('totp_last_period'),
  },
  (t) => [
    uniqueIndex('staff_members_email_unique').on(sql`lower(${t.email})`),
    check('staff_members_role', sql`${t.role} in ('official', 'manager', 'director', 'administrator')`),
  ],
);

/**
 * Signed-in sessions, in the database so that every app instance shares
 * them and signing out (or disabling an account) ends them everywhere.
 * Only the SHA-256 of the cookie's value is kept.
 */
export const staffSessions = pgTable(
  'staff_sessions',
  {
    idHash: text('id_hash').primaryKey(),
    staffId: integer('staff_id')
      .notNull()
      .references(() => staffMembers.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    /** The absolute end of the session, whatever its activity. */
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    /** Password checked, and the second factor too where the person has one. */
    secondFactorDone: boolean('second_factor_done').notNull().default(false),
  },
  (t) => [index('staff_sessions_staff').on(t.staffId)],
);

/** One-time links (set a password); only the hash is kept. */
export const staffTokens = pgTable(
  'staff_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    staffId: integer('staff_id')
      .notNull()
      .references(() => staffMembers.id),
    purpose: text('purpose', { enum: ['set_password'] }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [index('staff_tokens_staff').on(t.staffId)],
);

/** Recovery codes for a lost authenticator, each usable once; hashed. */
export const staffRecoveryCodes = pgTable(
  'staff_recovery_codes',
  {
    id: serial('id').primaryKey(),
    staffId: integer('staff_id')
      .notNull()
      .references(() => staffMembers.id),
    codeHash: text('code_hash').notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [index('staff_recovery_codes_staff').on(t.staffId)],
);

/** One row: the sign-in rules an administrator sets. */
export const securitySettings = pgTable(
  'security_settings',
  {
    id: smallint('id').primaryKey().default(1),
    sessionIdleMinutes: integer('session_idle_minutes').notNull().default(30),
    sessionAbsoluteHours: integer('session_absolute_hours').notNull().default(12),
    /** Failed sign-ins per account, and per address, within the window before a pause. */
    maxFailuresPerAccount: integer('max_failures_per_account').notNull().default(5),
    maxFailuresPerAddress: integer('max_failures_per_address').notNull().default(20),
    failureWindowMinutes: integer('failure_window_minutes').notNull().default(15),
  },
  (t) => [check('security_settings_single_row', sql`${t.id} = 1`)],
);
