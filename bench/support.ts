import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { openDatabase, type OpenDatabase } from '../src/db/client.ts';
import { migrateDatabase } from '../src/db/migrate.ts';

// Benchmarks run on real PostgreSQL (BENCH_DATABASE_URL, default the local
// server), each in a database of its own that is dropped afterwards.

export async function benchDatabase(): Promise<OpenDatabase & { url: string; drop: () => Promise<void> }> {
  const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `kb_bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const open = await openDatabase({ url: url.toString() });
  await migrateDatabase(open);
  return {
    ...open,
    url: url.toString(),
    drop: async () => {
      await open.close();
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
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

export function machine(): string {
  return `${process.platform} ${process.arch}, ${(globalThis.navigator?.hardwareConcurrency ?? 0) || 'unknown'} cores, Node ${process.version}`;
}
