// `npm run db:seed`: migrates, then adds the reference data, the calendar of
// this and next year, and (with DEMO_DATA on) the demo staff. Never
// overwrites what exists.
import { config } from '#src/config.ts';
import { closeSharedDatabase } from '#src/db/client.ts';
import { prepareDatabase } from '#src/server/startup.ts';

const c = config();
try {
  const { seeded, open } = await prepareDatabase(c);
  console.log(`Seeded (${open.engine}): ${JSON.stringify(seeded)}`);
} finally {
  await closeSharedDatabase();
}
