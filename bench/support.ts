import { cpus as cpus_, totalmem } from 'node:os';
import { createTestDatabase, type TestDatabase } from '../test/support/database.ts';
import { startServer, type RunningServer } from '../test/support/server.ts';

// Benchmarks run on real PostgreSQL (BENCH_DATABASE_URL, default the local
// server), each in a database of its own that is dropped afterwards: the
// same kind of database the test suite makes.

/**
 * The server the benchmarks use: BENCH_DATABASE_URL, else the local one by
 * TCP on 127.0.0.1. A Unix socket may be named as libpq names it
 * (`?host=/var/run/postgresql`, db/address.ts); pgbench, the yardstick,
 * then reaches the server the same way (bench/pgbench.ts).
 */
export const benchServerUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export async function benchDatabase(): Promise<TestDatabase & { url: string }> {
  const db = await createTestDatabase('postgres', benchServerUrl);
  return { ...db, url: db.url! };
}

/**
 * What autovacuum would have done between two runs, for a PostgreSQL that
 * runs without it (autovacuumIsOff, asked once per benchmark): VACUUM
 * (ANALYZE) of the benchmark's database, outside the timed windows. This
 * machine's CI configuration turns autovacuum off (conf.d/90-ci.conf); a
 * production server keeps PostgreSQL's default, on (README, deployment).
 * Without it every run left its dead rows (a Send updates its case once
 * and its letter three times) for the next to step over: the database's
 * CPU per Send grew with each run (docs/0031, stop 37).
 */
export async function vacuumAsAutovacuumWould(sql: { unsafe: (query: string) => PromiseLike<unknown> }): Promise<void> {
  await sql.unsafe('vacuum (analyze)');
}

/**
 * The production build on a benchmark's database, as the load benchmarks
 * run it: the demo staff (who sign in for the staff lists) and an intake
 * limit out of the way, since every request comes from 127.0.0.1.
 */
export function startBenchServer(db: { url: string }, env: Record<string, string> = {}): Promise<RunningServer> {
  return startServer({ DATABASE_URL: db.url, INTAKE_RATE_LIMIT: '100000000', DEMO_DATA: '1', ...env });
}

/**
 * The address of the n-th of many clients, as one proxy in front of the
 * portal reports it in X-Forwarded-For (the server started with
 * TRUST_PROXY=1, as production runs behind nginx): 10.0.0.0/8, 16 million apart.
 */
export function clientAddress(n: number): string {
  const i = n % 16_777_216;
  return `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
}

/** The question the load benchmarks' client asks (the form post body). */
export const questionForm = new URLSearchParams({
  topic: 'eia',
  details: 'Slodzes tests.',
  name: 'Anna',
  replyChannel: 'email',
  email: 'load@example.lv',
  replyLanguage: 'lv',
}).toString();

/** The draft a form post kept, read from its 303 to the check page. */
export function draftOf(response: Response): string | undefined {
  return /\/check\/([A-Za-z0-9_-]{32})$/.exec(response.headers.get('location') ?? '')?.[1];
}

/**
 * Calls `fire(n, due)` for n = 0 … rate × seconds − 1, each when it is due
 * (`due` in performance.now() time): `rate` a second, evenly, at once when
 * late, whatever is still awaiting an answer, so that what is offered does
 * not wait for what is answered (bench:load's latency targets, bench:soak).
 * Stops early when `stop` says so.
 */
export async function offerEvenly(
  rate: number,
  seconds: number,
  fire: (n: number, due: number) => void,
  stop: () => boolean = () => false,
): Promise<void> {
  const start = performance.now();
  const total = Math.round(rate * seconds);
  for (let n = 0; n < total && !stop(); n++) {
    const due = start + (n * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    fire(n, due);
  }
}

/** The p-th percentile of ascending `sorted` (nearest rank); NaN when there is nothing. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** The middle of `values` (the upper one of an even count); NaN when there is none. */
export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

export type Timing = { median: number; max: number };

/** Runs `work` `runs` times after one warm-up; returns the median and the worst in ms. */
export async function timeIt(runs: number, work: () => Promise<unknown>): Promise<Timing> {
  return (await timeInTurn(runs, [work]))[0]!;
}

/**
 * Several pieces of work timed in turn: one warm-up of each, then `runs`
 * rounds of one run of each, so that a machine whose speed drifts slows
 * them alike (bench:reports compares one report on two databases). Every
 * other round goes in the reverse order, so that neither is always the one
 * that runs after the other. The median and the worst of each, in ms, in
 * the order given.
 */
export async function timeInTurn(runs: number, works: Array<() => Promise<unknown>>): Promise<Timing[]> {
  for (const work of works) await work();
  const times: number[][] = works.map(() => []);
  const inOrder = works.map((_, k) => k);
  const reversed = [...inOrder].reverse();
  for (let i = 0; i < runs; i++) {
    for (const k of i % 2 === 0 ? inOrder : reversed) {
      const start = process.hrtime.bigint();
      await works[k]!();
      times[k]!.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  }
  return times.map((t) => ({ median: median(t), max: Math.max(...t) }));
}

export function printTable(title: string, rows: Array<Record<string, string | number>>): void {
  console.log(`\n${title}`);
  console.table(rows);
}

/** The machine, as a benchmark's table must state it. */
export function machine(): string {
  const cpus = cpus_();
  return `${process.platform} ${process.arch}, ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}`;
}
