import { config, type Config } from '#src/config.ts';
import { databaseTarget, openDatabase, shareDatabase, type OpenDatabase } from '#src/db/client.ts';
import { migrateDatabase, STARTUP_LOCK } from '#src/db/migrate.ts';
import { seed, type SeedReport } from '#src/db/seed.ts';
import { autovacuumIsOff } from '#src/db/health.ts';

export type Started = {
  open: OpenDatabase;
  seeded: SeedReport;
  config: Config;
  /** The PostgreSQL server runs without autovacuum (autovacuumIsOff): the server warns. */
  autovacuumOff: boolean;
};

/**
 * Everything a server process does before it takes requests: open the
 * database, apply migrations, make sure reference data and the calendar of
 * this and next year exist (demo staff only with DEMO_DATA on).
 */
export async function prepareDatabase(c: Config = config()): Promise<Started> {
  const opening = openDatabase(databaseTarget(c));
  shareDatabase(opening);
  const open = await opening;
  await migrateDatabase(open);
  const seeded = await open.exclusively(STARTUP_LOCK, () => seed(open.db, { demo: c.demoData }));
  // The embedded database has no autovacuum worker to ask about.
  const autovacuumOff = open.engine === 'postgres' && (await autovacuumIsOff(open.db));
  return { open, seeded, config: c, autovacuumOff };
}
