import { sql } from 'drizzle-orm';
import { database } from './client.ts';

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
