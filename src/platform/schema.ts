import { index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Requests per client per window, in the database so that a limit holds
 * across any number of app instances. The client is kept only as a hash.
 */
export const rateLimitCounters = pgTable(
  'rate_limit_counters',
  {
    key: text('key').notNull(),
    windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
    count: integer('count').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.key, t.windowStart] }), index('rate_limit_counters_window').on(t.windowStart)],
);

/**
 * The schedule of the periodic jobs, one row per job, in the database so
 * that of several instances exactly one runs each period (issue 8; see
 * platform/schedule.ts). The outcome is a short word, never personal data.
 */
export const scheduledJobs = pgTable('scheduled_jobs', {
  name: text('name').primaryKey(),
  /** The next period starts here; the first instance to claim it runs the job. */
  nextRunAt: timestamp('next_run_at', { withTimezone: true }).notNull(),
  /** How many periods have been claimed: tells one run from the next. */
  runs: integer('runs').notNull().default(0),
  lastStartedAt: timestamp('last_started_at', { withTimezone: true }),
  lastFinishedAt: timestamp('last_finished_at', { withTimezone: true }),
  /** 'ok' or 'failed: <error kind>'; null while the last run is under way. */
  lastOutcome: text('last_outcome'),
  /** Which instance (host and process) claimed the last run. */
  lastInstance: text('last_instance'),
});

/**
 * Keys the portal makes for itself (e.g. the one that signs survey form
 * keys), shared by every instance through the database. Made on first use
 * and never shown; losing one only makes the forms open at that moment ask
 * to be sent again.
 */
export const portalSecrets = pgTable('portal_secrets', {
  name: text('name').primaryKey(),
  /** 32 random bytes, base64url. */
  value: text('value').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
