import type { Database } from '../db/client.ts';
import { purgeStaleDrafts } from '../intake/queries.ts';
import { purgeOldRateLimitWindows } from './rate-limit.ts';
import { runRetention, type RetentionRun } from '../privacy/retention-job.ts';
import { log } from './log.ts';
import { sendDeadlineAlerts } from '../cases/deadline-alerts.ts';
import { config } from '../config.ts';
import { sendReadingReminders } from '../appointments/reminders.ts';
import { purgeExpiredSessions, sessionPolicy } from '../staff/sessions.ts';

// Housekeeping that keeps personal data no longer than needed: unsent form
// drafts after a day, rate-limit windows after a day, the retention periods
// an administrator sets (privacy/retention-job.ts: due once a Riga day, so
// later runs that day find nothing); the daily deadline reminders (S-4.6)
// and the reading-appointment reminders (S-13). Each step is an idempotent
// delete, takes its rows with SKIP LOCKED or claims them in the database,
// so several instances running it at once do no harm.

export async function runMaintenance(db: Database, now = new Date()): Promise<{ drafts: number; retention: RetentionRun; deadlineAlerts: number; readingReminders: number }> {
  const drafts = await purgeStaleDrafts(db, 24);
  // Ended sessions (idle or past their lifetime) open nothing; their rows go too.
  await purgeExpiredSessions(db, await sessionPolicy(db), now);
  await purgeOldRateLimitWindows(db, new Date(now.getTime() - 24 * 3600_000));
  const retention = await runRetention(db, now);
  // Claimed per case and day in the database: safe on several instances.
  const baseUrl = (config().publicUrl ?? `http://${config().host}:${config().port}`).replace(/\/$/, '');
  const deadlineAlerts = await sendDeadlineAlerts(db, { baseUrl, now });
  // S-13: reading reminders a working day before, claimed per booking: safe on several instances.
  const readingReminders = await sendReadingReminders(db, { baseUrl, now });
  return { drafts, retention, deadlineAlerts, readingReminders };
}

export function startMaintenance(db: Database, intervalMs = 15 * 60_000): { stop: () => Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = runMaintenance(db)
      .then((r) => log('debug', 'maintenance.done', r))
      .catch((error) => log('warn', 'maintenance.failed', { reason: error instanceof Error ? error.message : String(error) }));
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  // A first pass soon after start, out of the way of the start-up itself.
  setTimeout(tick, 10_000).unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
