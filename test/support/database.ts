import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { openDatabase, type OpenDatabase } from '#src/db/client.ts';
import { migrateDatabase } from '#src/db/migrate.ts';
import { postgresAddress } from '#src/db/address.ts';

export type Engine = 'pglite' | 'postgres';

/** PGlite always; real PostgreSQL too when TEST_DATABASE_URL is set (CI sets it). */
export const engines: Engine[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

export type TestDatabase = OpenDatabase & { drop: () => Promise<void>; url?: string };

/** One connection to the server of `url` for a test's or a benchmark's own statements, over its Unix socket if it names one (db/address.ts). */
export function adminConnection(url: string): ReturnType<typeof postgres> {
  const { url: address, socket } = postgresAddress(url);
  return postgres(address, { max: 1, onnotice: () => {}, ...(socket ? { path: socket.path } : {}) });
}

/**
 * A fresh, migrated database of its own: PGlite in memory, or a database
 * with a unique name on the TEST_DATABASE_URL server, dropped afterwards.
 */
export async function createTestDatabase(engine: Engine, adminUrl = process.env.TEST_DATABASE_URL): Promise<TestDatabase> {
  if (engine === 'pglite') {
    const open = await openDatabase({ dataDir: 'memory://' });
    await migrateDatabase(open);
    return { ...open, drop: () => open.close() };
  }
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `kb_test_${process.pid}_${randomBytes(6).toString('hex')}`;
  const admin = adminConnection(adminUrl);
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

/**
 * The database's own clock (now() of the transaction that asks): what code
 * that writes "when" with the database clock is measured against. Tests
 * never read the machine's clock (a test once failed on the first working
 * day of a month).
 */
export async function databaseNow(db: OpenDatabase['db']): Promise<Date> {
  // postgres.js answers with the rows, PGlite with { rows }.
  const result: unknown = await db.execute(sql`select now() as now`);
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Array<{ now: string | Date }>;
  return new Date(rows[0]!.now);
}
