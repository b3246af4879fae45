import type { Database } from '#src/db/client.ts';
import { forgetSubmittedTokens, purgeStaleDrafts } from '#src/intake/queries.ts';
import { redactFinishedMail } from '#src/mail/queries.ts';
import { purgeOldRateLimitWindows } from '#src/platform/rate-limit.ts';
import { runRetention, type RetentionRun } from '#src/privacy/retention-job.ts';
import { log, loggableError } from '#src/platform/log.ts';
import { runWhenClaimed } from '#src/platform/schedule.ts';
import { sendDeadlineAlerts } from '#src/cases/deadline-alerts.ts';
import { config } from '#src/config.ts';
import { sendReadingReminders } from '#src/reading/reminders.ts';
import { calendarYearsToSeed, seedCalendarYears } from '#src/db/seed.ts';
import { purgeExpiredSessions, sessionPolicy } from '#src/staff/sessions.ts';
import { purgeOldAnswerDrafts } from '#src/cases/answer-drafts.ts';

// Housekeeping that keeps personal data no longer than needed: unsent form
// drafts after a day, rate-limit windows after a day, the retention periods
// an administrator sets (privacy/retention-job.ts: due once a Riga day, so
// later runs that day find nothing); the daily deadline reminders (S-4.6)
// and the reading-appointment reminders (S-13). Each step is an idempotent
// delete, takes its rows with SKIP LOCKED or claims them in the database,
// so several instances running it at once do no harm; startMaintenance
// below sees to it that normally only one of them runs it each period.

export async function runMaintenance(
  db: Database,
  now = new Date(),
): Promise<{ drafts: number; retention: RetentionRun; deadlineAlerts: number; readingReminders: number; calendarYears: number[] }> {
  // M5: next year's holidays come with the year, not with a restart; an
  // existing day is never overwritten, so running it every pass is harmless.
  const calendarYears = await seedCalendarYears(db, calendarYearsToSeed(now));
  const drafts = await purgeStaleDrafts(db, 24);
  // Private links are not kept readable (docs/0004): a sent draft's status
  // token after minutes, and any sent letter's links.
  await forgetSubmittedTokens(db);
  await redactFinishedMail(db);
  // Ended sessions (idle or past their lifetime) open nothing; their rows go too.
  await purgeExpiredSessions(db, await sessionPolicy(db), now);
  // An official's answer drafts (D7) are personal data: a month at most, and none of an ended case.
  await purgeOldAnswerDrafts(db, now);
  await purgeOldRateLimitWindows(db, new Date(now.getTime() - 24 * 3600_000));
  const retention = await runRetention(db, now);
  // Claimed per case and day in the database: safe on several instances.
  const baseUrl = config().baseUrl;
  const deadlineAlerts = await sendDeadlineAlerts(db, { baseUrl, now });
  // S-13: reading reminders a working day before, claimed per booking: safe on several instances.
  const readingReminders = await sendReadingReminders(db, { baseUrl, now });
  return { drafts, retention, deadlineAlerts, readingReminders, calendarYears };
}

/** The maintenance pass's name in the schedule (scheduled_jobs). */
export const MAINTENANCE_JOB = 'maintenance';

export type MaintenanceSchedule = {
  /** One pass per period across all instances; 15 minutes as before. */
  everyMs?: number;
  /** How often each instance asks whether the period is due. */
  pollMs?: number;
  /** The first question, out of the way of the start-up itself. */
  firstPollMs?: number;
};

/**
 * Issue 8: scheduled jobs "must not run twice when two instances run: … not a
 * timer per process". Each instance's timer only asks PostgreSQL, once a
 * minute, whether the 15-minute period is due; the one instance that claims
 * it (platform/schedule.ts) runs the pass and records its outcome, the others
 * do nothing that period. A pass that fails waits for the next period, as
 * before; one that outlives its period may overlap with the next instance's,
 * which the steps tolerate (see above).
 */
export function startMaintenance(db: Database, schedule: MaintenanceSchedule = {}): { stop: () => Promise<void> } {
  const { everyMs = 15 * 60_000, pollMs = 60_000, firstPollMs = 10_000 } = schedule;
  let stopped = false;
  let running: Promise<void> | undefined;
  const poll = () => {
    // This process never overlaps itself: a long pass finishes first.
    if (stopped || running) return;
    running = runWhenClaimed(db, MAINTENANCE_JOB, { everyMs }, () => runMaintenance(db))
      .then((pass) => {
        if (pass.claimed) log('debug', 'maintenance.done', { run: pass.run.runs, ...pass.result });
      })
      .catch((error) => log('warn', 'maintenance.failed', { reason: loggableError(error) }))
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(poll, pollMs);
  timer.unref();
  const first = setTimeout(poll, firstPollMs);
  first.unref();
  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      clearTimeout(first);
      await running;
    },
  };
}
