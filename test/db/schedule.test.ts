import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase, databaseNow, engines, type TestDatabase } from '../support/database.ts';
import { openDatabase } from '#src/db/client.ts';
import { scheduledJobs } from '#src/platform/schema.ts';
import { MAINTENANCE_JOB, startMaintenance } from '#src/server/maintenance.ts';
import { setLogLevel, type LogLevel } from '#src/platform/log.ts';
import { claimScheduledRun, failedOutcome, recordScheduledRunEnd, runWhenClaimed } from '#src/platform/schedule.ts';

const QUARTER = 15 * 60_000;
const at = (iso: string) => new Date(iso);
let jobs = 0;
/** Each test schedules a job of its own on the shared database. */
const newJob = () => `test-job-${++jobs}`;

async function row(t: TestDatabase, name: string) {
  const [found] = await t.db.select().from(scheduledJobs).where(eq(scheduledJobs.name, name));
  return found;
}

describe('the outcome of a failed run', () => {
  it('names the kind of error and its SQLSTATE, never the message', () => {
    const cause = Object.assign(new Error('Key (email)=(anna@example.lv) already exists'), { code: '23505' });
    const error = new Error('Failed query: insert … anna@example.lv', { cause });
    expect(failedOutcome(error)).toBe('failed: Error 23505');
    expect(failedOutcome(new TypeError('x is undefined'))).toBe('failed: TypeError');
    expect(failedOutcome('anna@example.lv')).toBe('failed: string');
  });
});

describe.each(engines)('scheduled jobs on %s', (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('gives a period to exactly one of many instances asking at once', async () => {
    const name = newJob();
    const now = at('2026-11-30T08:00:00Z');
    const claims = await Promise.all(
      Array.from({ length: 24 }, (_, i) => claimScheduledRun(t.db, name, { everyMs: QUARTER, now, instance: `app${i}` })),
    );
    const won = claims.filter((c) => c !== null);
    expect(won).toHaveLength(1);
    expect(won[0]).toMatchObject({ name, runs: 1, startedAt: now, nextRunAt: at('2026-11-30T08:15:00Z') });
    expect(await row(t, name)).toMatchObject({ runs: 1, lastStartedAt: now, lastFinishedAt: null, lastOutcome: null });
  });

  it('gives a later period to exactly one instance too, once the job has a row', async () => {
    const name = newJob();
    expect(await claimScheduledRun(t.db, name, { everyMs: QUARTER, now: at('2026-11-30T08:00:00Z') })).not.toBeNull();
    const now = at('2026-11-30T08:16:00Z');
    const claims = await Promise.all(Array.from({ length: 24 }, () => claimScheduledRun(t.db, name, { everyMs: QUARTER, now })));
    expect(claims.filter((c) => c !== null)).toEqual([{ name, runs: 2, startedAt: now, nextRunAt: at('2026-11-30T08:31:00Z') }]);
  });

  it('refuses the next claim before the period has passed and grants it after', async () => {
    const name = newJob();
    const first = await claimScheduledRun(t.db, name, { everyMs: QUARTER, now: at('2026-11-30T09:00:00Z') });
    expect(first?.runs).toBe(1);
    expect(await claimScheduledRun(t.db, name, { everyMs: QUARTER, now: at('2026-11-30T09:00:00Z') })).toBeNull();
    expect(await claimScheduledRun(t.db, name, { everyMs: QUARTER, now: at('2026-11-30T09:14:59.999Z') })).toBeNull();
    const second = await claimScheduledRun(t.db, name, { everyMs: QUARTER, now: at('2026-11-30T09:15:00Z') });
    expect(second).toMatchObject({ runs: 2, startedAt: at('2026-11-30T09:15:00Z'), nextRunAt: at('2026-11-30T09:30:00Z') });
    // An instance that comes back after a long pause gets one run, not the missed ones.
    const late = await claimScheduledRun(t.db, name, { everyMs: QUARTER, now: at('2026-11-30T13:07:00Z') });
    expect(late).toMatchObject({ runs: 3, nextRunAt: at('2026-11-30T13:22:00Z') });
    expect(await claimScheduledRun(t.db, name, { everyMs: QUARTER, now: at('2026-11-30T13:07:00Z') })).toBeNull();
  });

  it('keeps the schedules of different jobs apart', async () => {
    const [a, b] = [newJob(), newJob()];
    const now = at('2026-11-30T10:00:00Z');
    expect(await claimScheduledRun(t.db, a, { everyMs: QUARTER, now })).not.toBeNull();
    expect(await claimScheduledRun(t.db, b, { everyMs: QUARTER, now })).not.toBeNull();
  });

  it('records the end of a run and who ran it', async () => {
    const name = newJob();
    const run = await claimScheduledRun(t.db, name, { everyMs: QUARTER, now: at('2026-11-30T11:00:00Z'), instance: 'app1:4242' });
    expect(await row(t, name)).toMatchObject({ lastInstance: 'app1:4242', lastFinishedAt: null, lastOutcome: null });
    await recordScheduledRunEnd(t.db, run!, 'ok', at('2026-11-30T11:00:03Z'));
    expect(await row(t, name)).toMatchObject({
      runs: 1,
      nextRunAt: at('2026-11-30T11:15:00Z'),
      lastStartedAt: at('2026-11-30T11:00:00Z'),
      lastFinishedAt: at('2026-11-30T11:00:03Z'),
      lastOutcome: 'ok',
      lastInstance: 'app1:4242',
    });
  });

  it('does not let a run that outlived its period overwrite the record of the next one', async () => {
    const name = newJob();
    const slow = await claimScheduledRun(t.db, name, { everyMs: QUARTER, now: at('2026-11-30T12:00:00Z'), instance: 'app1' });
    const next = await claimScheduledRun(t.db, name, { everyMs: QUARTER, now: at('2026-11-30T12:15:00Z'), instance: 'app2' });
    await recordScheduledRunEnd(t.db, slow!, 'ok', at('2026-11-30T12:20:00Z'));
    expect(await row(t, name)).toMatchObject({ runs: 2, lastInstance: 'app2', lastFinishedAt: null, lastOutcome: null });
    await recordScheduledRunEnd(t.db, next!, 'ok', at('2026-11-30T12:16:00Z'));
    expect(await row(t, name)).toMatchObject({ runs: 2, lastFinishedAt: at('2026-11-30T12:16:00Z'), lastOutcome: 'ok' });
  });

  it('runs the work only on the instance that claimed the period, and records its outcome', async () => {
    const name = newJob();
    const now = at('2026-11-30T14:00:00Z');
    let ran = 0;
    const work = async () => ++ran;
    const results = await Promise.all(Array.from({ length: 8 }, () => runWhenClaimed(t.db, name, { everyMs: QUARTER, now }, work)));
    expect(ran).toBe(1);
    expect(results.filter((r) => r.claimed)).toHaveLength(1);
    expect(await row(t, name)).toMatchObject({ lastOutcome: 'ok', lastFinishedAt: now });
  });

  it('records a failed run without its message and passes the error on', async () => {
    const name = newJob();
    const now = at('2026-11-30T15:00:00Z');
    const failing = () => Promise.reject(new RangeError('no mailbox for anna@example.lv'));
    await expect(runWhenClaimed(t.db, name, { everyMs: QUARTER, now }, failing)).rejects.toThrow('anna@example.lv');
    const failed = await row(t, name);
    expect(failed).toMatchObject({ lastOutcome: 'failed: RangeError', lastFinishedAt: now });
    // The period is used up: the next try waits for the next period, as before.
    expect(await runWhenClaimed(t.db, name, { everyMs: QUARTER, now }, failing)).toEqual({ claimed: false });
  });

  it('uses the database clock when no time is given', async () => {
    const name = newJob();
    const before = await databaseNow(t.db);
    const run = await claimScheduledRun(t.db, name, { everyMs: QUARTER });
    const after = await databaseNow(t.db);
    expect(run).not.toBeNull();
    expect(run!.nextRunAt.getTime() - run!.startedAt.getTime()).toBe(QUARTER);
    expect(run!.startedAt.getTime()).toBeGreaterThanOrEqual(before.getTime());
    expect(run!.startedAt.getTime()).toBeLessThanOrEqual(after.getTime());
    expect(await claimScheduledRun(t.db, name, { everyMs: QUARTER })).toBeNull();
  });

  it('gives each period to exactly one of two instances, on the database clock', async () => {
    // On PostgreSQL a second connection pool stands for a second server
    // process; PGlite is only ever opened by one process.
    const second = engine === 'postgres' ? await openDatabase({ url: t.url! }) : undefined;
    try {
      const dbs = [t.db, second?.db ?? t.db];
      for (const name of [newJob(), newJob(), newJob()]) {
        const claims = await Promise.all(
          Array.from({ length: 20 }, (_, i) => claimScheduledRun(dbs[i % 2]!, name, { everyMs: QUARTER, instance: `app${i % 2}:${i}` })),
        );
        expect(claims.filter((c) => c !== null)).toHaveLength(1);
        expect((await row(t, name))?.runs).toBe(1);
      }
      // And a later, due period.
      const name = newJob();
      await claimScheduledRun(t.db, name, { everyMs: QUARTER, now: at('2026-11-30T16:00:00Z') });
      const now = at('2026-11-30T16:15:00Z');
      const claims = await Promise.all(
        Array.from({ length: 20 }, (_, i) => claimScheduledRun(dbs[i % 2]!, name, { everyMs: QUARTER, now })),
      );
      expect(claims.filter((c) => c !== null)).toHaveLength(1);
      expect((await row(t, name))?.runs).toBe(2);
    } finally {
      await second?.close();
    }
  });

  it('runs the maintenance pass on one of two started instances, once per period', async () => {
    const second = engine === 'postgres' ? await openDatabase({ url: t.url! }) : undefined;
    // Only the polling interval is fake, so the test moves it on instead of
    // waiting (the drivers use setTimeout themselves, so that stays real; the
    // first poll is put out of the test's reach).
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const start = (db: typeof t.db) => startMaintenance(db, { pollMs: 60_000, firstPollMs: 3_600_000 });
    // Each pass that ran says so in the debug log.
    setLogLevel('debug');
    const written = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const passes = () => written.mock.calls.filter(([line]) => String(line).includes('"event":"maintenance.done"')).length;
    try {
      const instances = [start(t.db), start(second?.db ?? t.db)];
      vi.advanceTimersByTime(60_000); // one poll on each
      await Promise.all(instances.map((i) => i.stop())); // stop() awaits a running pass
      expect(passes()).toBe(1);
      const first = await row(t, MAINTENANCE_JOB);
      expect(first).toMatchObject({ runs: 1, lastOutcome: 'ok' });
      expect(first!.nextRunAt.getTime() - first!.lastStartedAt!.getTime()).toBe(QUARTER);

      // Within the period, the next polls of both find nothing to do.
      const again = [start(t.db), start(second?.db ?? t.db)];
      vi.advanceTimersByTime(60_000);
      await Promise.all(again.map((i) => i.stop()));
      expect(passes()).toBe(1);
      expect(await row(t, MAINTENANCE_JOB)).toMatchObject({ runs: 1, lastStartedAt: first!.lastStartedAt });
    } finally {
      written.mockRestore();
      setLogLevel((process.env.LOG_LEVEL as LogLevel | undefined) ?? 'info');
      vi.useRealTimers();
      await second?.close();
    }
  });
});
