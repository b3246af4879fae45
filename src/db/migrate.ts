import { fileURLToPath } from 'node:url';
import type { OpenDatabase } from './client.ts';

/** The migration history, `drizzle/` at the top of the project. */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../drizzle', import.meta.url));

/** Advisory lock key for start-up work that only one instance may do at a time. */
export const STARTUP_LOCK = 7_316_001;

/**
 * Applies every pending migration with drizzle-orm's own migrator (drizzle-kit
 * migrate fails silently on PGlite extensions; toolchain.md). Two instances
 * starting together take turns.
 */
export async function migrateDatabase(open: OpenDatabase, migrationsFolder = MIGRATIONS_FOLDER): Promise<void> {
  await open.exclusively(STARTUP_LOCK, async () => {
    if (open.engine === 'postgres') {
      const { migrate } = await import('drizzle-orm/postgres-js/migrator');
      await migrate(open.db as never, { migrationsFolder });
    } else {
      const { migrate } = await import('drizzle-orm/pglite/migrator');
      await migrate(open.db as never, { migrationsFolder });
    }
  });
}
