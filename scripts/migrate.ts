// `npm run db:migrate`: applies pending migrations to DATABASE_URL (or the
// embedded database in DATA_DIR) and exits.
import { config } from '#src/config.ts';
import { databaseTarget, openDatabase } from '#src/db/client.ts';
import { migrateDatabase } from '#src/db/migrate.ts';

const c = config();
const open = await openDatabase(databaseTarget(c));
try {
  await migrateDatabase(open);
  console.log(`Migrations applied (${open.engine}).`);
} finally {
  await open.close();
}
