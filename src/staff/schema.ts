import { sql } from 'drizzle-orm';
import { boolean, check, integer, pgTable, serial, text, timestamp, uniqueIndex, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { units } from '../settings/schema.ts';

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
    languages: text('languages').array().notNull().default(sql`'{lv}'::text[]`),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('staff_members_email_unique').on(sql`lower(${t.email})`),
    check('staff_members_role', sql`${t.role} in ('official', 'manager', 'director', 'administrator')`),
  ],
);
