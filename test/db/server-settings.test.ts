import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { openDatabase, type OpenDatabase } from '#src/db/client.ts';
import { autovacuumIsOff } from '#src/db/health.ts';
import { startPrivatePostgres, type PrivatePostgres } from '../support/private-postgres.ts';

// A server of the test's own (made from the machine's PostgreSQL, as the
// fault tests make theirs), so that its autovacuum can be turned off and
// on without touching the shared server. CI sets TEST_DATABASE_URL where
// PostgreSQL is installed.
const targets = process.env.TEST_DATABASE_URL ? ['a private PostgreSQL server'] : [];

describe.each(targets)('autovacuum on %s', () => {
  let cluster: PrivatePostgres;
  let open: OpenDatabase;
  let admin: ReturnType<typeof postgres>;
  beforeAll(async () => {
    cluster = await startPrivatePostgres();
    open = await openDatabase({ url: cluster.url });
    admin = postgres(cluster.url, { max: 1, onnotice: () => {} });
  }, 120_000);
  afterAll(async () => {
    await open?.close();
    await admin?.end();
    await cluster?.destroy();
  });

  it('is found on as PostgreSQL starts by default, and off once the server is configured so', async () => {
    expect(await autovacuumIsOff(open.db)).toBe(false);
    await admin.unsafe('alter system set autovacuum = off');
    await admin.unsafe('select pg_reload_conf()');
    // The reload is a signal the server handles in its own time: asked again
    // on new connections until it has (a guard against a hang, not a limit).
    let off = false;
    for (const until = performance.now() + 30_000; !off && performance.now() < until;) {
      await open.close();
      open = await openDatabase({ url: cluster.url });
      off = await autovacuumIsOff(open.db);
      if (!off) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(off).toBe(true);
  });
});
