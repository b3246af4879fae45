import { cpus as cpus_, totalmem } from 'node:os';
import { createTestDatabase, type TestDatabase } from '../test/support/database.ts';

// Benchmarks run on real PostgreSQL (BENCH_DATABASE_URL, default the local
// server), each in a database of its own that is dropped afterwards: the
// same kind of database the test suite makes.

export async function benchDatabase(): Promise<TestDatabase & { url: string }> {
  const db = await createTestDatabase('postgres', process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  return { ...db, url: db.url! };
}

/** Runs `work` `runs` times after one warm-up; returns the median and the worst in ms. */
export async function timeIt(runs: number, work: () => Promise<unknown>): Promise<{ median: number; max: number }> {
  await work();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await work();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)]!, max: times.at(-1)! };
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
