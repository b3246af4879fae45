import { sql } from 'drizzle-orm';
import { check, date, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

/**
 * Issue 16: what clients chose on the "is this for us?" question page, one
 * counter per Riga day and choice, so the quality reports can say how many
 * were sent elsewhere and where. Nothing of the client is kept: no address,
 * no time of day, no session; only the day, the choice and how many.
 * `code` is the topic's or the authority's code (codes never change once
 * made, src/settings/authorities.ts), '' for "something else or not sure".
 */
export const matterChoices = pgTable(
  'matter_choices',
  {
    day: date('day', { mode: 'string' }).notNull(),
    kind: text('kind', { enum: ['ours', 'elsewhere', 'unsure'] }).notNull(),
    code: text('code').notNull().default(''),
    count: integer('count').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.day, t.kind, t.code] }),
    check('matter_choices_kind', sql`${t.kind} in ('ours', 'elsewhere', 'unsure')`),
    check('matter_choices_count', sql`${t.count} >= 0`),
  ],
);
