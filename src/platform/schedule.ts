import { hostname } from 'node:os';
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '#src/db/client.ts';
import { scheduledJobs } from './schema.ts';

// Issue 8: periodic jobs "must not run twice when two instances run … not a
// timer per process". Every instance still polls on its own timer, but the
// period itself is claimed in PostgreSQL: one statement moves the job's
// next_run_at forward only while it is due, so of any number of instances
// asking at once exactly one gets each period. The database clock decides
// (instances' clocks may disagree); tests pass `now` instead of waiting.

/** One claimed period of a job: the claimer runs it, then records its end. */
export type ScheduledRun = { name: string; runs: number; startedAt: Date; nextRunAt: Date };

/** Host and process of this instance, written next to each run it claims. */
export const THIS_INSTANCE = `${hostname()}:${process.pid}`;

function instant(now: Date | undefined) {
  return now ? sql`${now.toISOString()}::timestamptz` : sql`now()`;
}

/**
 * Claims the current period of job `name` if it is due (or the job has never
 * run): the next period then starts `everyMs` from now. Returns the run, or
 * null when the period is not due yet or another instance claimed it first.
 */
export async function claimScheduledRun(
  db: Database,
  name: string,
  options: { everyMs: number; now?: Date; instance?: string },
): Promise<ScheduledRun | null> {
  if (!Number.isFinite(options.everyMs) || options.everyMs < 1)
    throw new RangeError(`everyMs must be a positive number, not ${options.everyMs}`);
  const at = instant(options.now);
  const next = sql`${at} + ${`${Math.round(options.everyMs)} milliseconds`}::interval`;
  // A single INSERT … ON CONFLICT DO UPDATE … WHERE: a concurrent claimer
  // waits for the row, then re-checks the WHERE against the winner's new
  // next_run_at and updates nothing.
  const [claimed] = await db
    .insert(scheduledJobs)
    .values({
      name,
      nextRunAt: next,
      runs: 1,
      lastStartedAt: at,
      lastFinishedAt: null,
      lastOutcome: null,
      lastInstance: options.instance ?? THIS_INSTANCE,
    })
    .onConflictDoUpdate({
      target: scheduledJobs.name,
      set: {
        nextRunAt: sql`excluded.next_run_at`,
        runs: sql`${scheduledJobs.runs} + 1`,
        lastStartedAt: sql`excluded.last_started_at`,
        lastFinishedAt: null,
        lastOutcome: null,
        lastInstance: sql`excluded.last_instance`,
      },
      setWhere: sql`${scheduledJobs.nextRunAt} <= ${at}`,
    })
    .returning({
      name: scheduledJobs.name,
      runs: scheduledJobs.runs,
      startedAt: scheduledJobs.lastStartedAt,
      nextRunAt: scheduledJobs.nextRunAt,
    });
  return claimed ? { ...claimed, startedAt: claimed.startedAt! } : null;
}

/**
 * Records how a claimed run ended. A run that outlived its period does not
 * overwrite the record of a later run another instance has claimed since.
 */
export async function recordScheduledRunEnd(db: Database, run: ScheduledRun, outcome: string, now?: Date): Promise<void> {
  await db
    .update(scheduledJobs)
    .set({ lastFinishedAt: instant(now), lastOutcome: outcome.slice(0, 100) })
    .where(and(eq(scheduledJobs.name, run.name), eq(scheduledJobs.runs, run.runs)));
}

/**
 * The outcome of a failed run: the error's kind and code only. A message can
 * quote a row (an address, a name), and the schedule must hold no personal data.
 */
export function failedOutcome(error: unknown): string {
  const kind = error instanceof Error ? error.name : typeof error;
  const carrier = (error as { cause?: { code?: unknown }; code?: unknown } | null) ?? {};
  const code = carrier.cause?.code ?? carrier.code;
  const word = (value: unknown) => (typeof value === 'string' && /^[A-Za-z0-9_]{1,40}$/.test(value) ? value : undefined);
  return ['failed:', word(kind) ?? 'error', word(code)].filter(Boolean).join(' ');
}

/**
 * Runs `work` if this instance claims the job's current period, and records
 * the outcome ('ok', or the failure's kind; the error is thrown on).
 */
export async function runWhenClaimed<T>(
  db: Database,
  name: string,
  options: { everyMs: number; now?: Date; instance?: string },
  work: () => Promise<T>,
): Promise<{ claimed: false } | { claimed: true; run: ScheduledRun; result: T }> {
  const run = await claimScheduledRun(db, name, options);
  if (!run) return { claimed: false };
  let result: T;
  try {
    result = await work();
  } catch (error) {
    // The failure matters more than its record: a database too far gone to
    // record it must not hide the original error.
    await recordScheduledRunEnd(db, run, failedOutcome(error), options.now).catch(() => undefined);
    throw error;
  }
  await recordScheduledRunEnd(db, run, 'ok', options.now);
  return { claimed: true, run, result };
}
