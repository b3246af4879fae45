import { index, integer, jsonb, pgTable, serial, timestamp } from 'drizzle-orm/pg-core';
import { staffMembers } from '#src/staff/schema.ts';
import type { YearFigures } from './figures.ts';

/**
 * The figures of a year as the director approved them for the public page
 * (issue 17). A snapshot, never updated: a late correction changes the
 * internal reports, not what was published; publishing again adds a row,
 * and the public page shows the newest row of each year. Only figures
 * already past the small-cell rule are stored, so nothing in here can name
 * a client.
 */
export const publishedResults = pgTable(
  'published_results',
  {
    id: serial('id').primaryKey(),
    year: integer('year').notNull(),
    figures: jsonb('figures').$type<YearFigures>().notNull(),
    approvedBy: integer('approved_by')
      .notNull()
      .references(() => staffMembers.id),
    approvedAt: timestamp('approved_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('published_results_year').on(t.year, t.approvedAt)],
);
