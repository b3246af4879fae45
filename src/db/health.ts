import { sql } from 'drizzle-orm';
import { database, rowsOf, type Database } from './client.ts';

export type Health = { status: 'ok' | 'unavailable'; database: 'ok' | 'unavailable'; ms: number };

/** Asks the database a trivial question, with a time limit. */
export async function databaseHealth(timeoutMs = 2000): Promise<Health> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const db = await database();
    await Promise.race([
      db.execute(sql`select 1`),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
      }),
    ]);
    return { status: 'ok', database: 'ok', ms: Math.round(performance.now() - started) };
  } catch {
    return { status: 'unavailable', database: 'unavailable', ms: Math.round(performance.now() - started) };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Whether the PostgreSQL server runs without autovacuum. Every Send updates
 * its case and its letter, and the maintenance pass deletes old drafts and
 * letters: without vacuuming, their dead rows stay in the tables and
 * indexes, and each statement that steps over them gets slower (docs/0031,
 * stop 37). The portal cannot turn it on (a server-wide setting): it says
 * so at start (scripts/serve.ts), and the README's deployment section says
 * to keep PostgreSQL's default.
 */
export async function autovacuumIsOff(db: Pick<Database, 'execute'>): Promise<boolean> {
  const [row] = rowsOf<{ autovacuum: string }>(await db.execute(sql`select current_setting('autovacuum') as autovacuum`));
  return row?.autovacuum === 'off';
}
