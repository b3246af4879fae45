import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { adminConnection } from '../test/support/database.ts';
import { postgresAddress } from '#src/db/address.ts';

// What the database itself can commit, as the yardstick for the portal's
// writes (issue 18): pgbench's built-in TPC-B-like script (five statements
// a transaction: three updates, a select, an insert) against the same
// server, in a scratch database made for it and dropped afterwards. Run in
// the same benchmark as the HTTP targets, so that a busy machine slows both
// and the ratio stays fair.

const run = promisify(execFile);

export const PGBENCH_CLIENTS = 16;
/**
 * pgbench's scale (branches): at least the number of clients, as pgbench's
 * manual asks, or the figure measures the clients queueing on one branch
 * row rather than what the server can commit.
 */
export const PGBENCH_SCALE = PGBENCH_CLIENTS;

export type PgbenchResult = { tps: number; transactions: number; latencyMs: number; clients: number; scale: number };

/** pgbench's summary: "tps = 3147.123456 (without initial connection time)". */
export function parsePgbench(output: string): { tps: number; transactions: number; latencyMs: number } {
  const tps = /^tps = ([\d.]+) \(without initial connection time\)/m.exec(output)?.[1];
  const transactions = /^number of transactions actually processed: (\d+)/m.exec(output)?.[1];
  const latency = /^latency average = ([\d.]+) ms/m.exec(output)?.[1];
  if (!tps || !transactions) throw new Error(`pgbench printed no tps:\n${output}`);
  return { tps: Number(tps), transactions: Number(transactions), latencyMs: Number(latency ?? NaN) };
}

/** Runs pgbench -b tpcb-like for `seconds` against the server of `adminUrl`, in a database of its own. */
export async function pgbenchTps(adminUrl: string, seconds: number): Promise<PgbenchResult> {
  const name = `kb_pgbench_${randomBytes(4).toString('hex')}`;
  const admin = adminConnection(adminUrl);
  // Read as the portal reads it (db/address.ts): a Unix socket where the URL names one, libpq's empty host too.
  const address = postgresAddress(adminUrl);
  const url = new URL(address.url);
  // pgbench takes libpq's variables; the password, if any, too.
  const env = {
    ...process.env,
    PGHOST: address.socket?.directory ?? url.hostname,
    PGPORT: address.socket?.port ?? (url.port || '5432'),
    PGUSER: decodeURIComponent(url.username) || 'postgres',
    ...(url.password ? { PGPASSWORD: decodeURIComponent(url.password) } : {}),
    PGDATABASE: name,
  };
  await admin.unsafe(`create database "${name}"`);
  try {
    await run('pgbench', ['-i', '-q', '-s', String(PGBENCH_SCALE)], { env });
    const { stdout } = await run(
      'pgbench',
      ['-c', String(PGBENCH_CLIENTS), '-j', '2', '-T', String(seconds), '-b', 'tpcb-like', '--no-vacuum'],
      { env, maxBuffer: 16 * 1024 * 1024 },
    );
    return { ...parsePgbench(stdout), clients: PGBENCH_CLIENTS, scale: PGBENCH_SCALE };
  } finally {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  }
}
