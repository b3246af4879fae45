import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { sql } from 'drizzle-orm';
import { adminConnection, createTestDatabase, engines, type TestDatabase } from '../support/database.ts';
import { openDatabase, rowsOf, type OpenDatabase } from '#src/db/client.ts';
import { autovacuumIsOff } from '#src/db/health.ts';
import { startPrivatePostgres, type PrivatePostgres } from '../support/private-postgres.ts';
import { isDatabaseUrl } from '#src/config.ts';

// The README's deployment names every host of a primary and its standby in
// one DATABASE_URL (docs/0028-failover.md). The failover test
// (test/e2e/failover.test.ts) has both servers answer; here one host of the
// list is gone for good, as after a machine is retired or renamed: the
// portal starts and writes on the host that answers.

/** A port on this machine that nothing listens on: taken, then let go. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

// In every run: such a list is a DATABASE_URL the portal starts with (config.ts).
describe('a DATABASE_URL whose first host is gone', () => {
  it('is taken as a list of hosts, the one that answers found when connecting', () => {
    for (const dead of ['127.0.0.1:1', 'no-such-host.invalid:5432'])
      expect(isDatabaseUrl(`postgres://kb@${dead},127.0.0.1:5432/kb?target_session_attrs=primary`), dead).toBe(true);
  });
});

// With PostgreSQL (TEST_DATABASE_URL, as CI runs the suite): connected.
describe.each(engines.filter((e) => e === 'postgres'))('a DATABASE_URL on %s', (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
  });
  afterAll(async () => {
    await t.drop();
  });

  describe('whose first host is gone', () => {
    for (const gone of ['a port nothing listens on', 'a name that does not resolve']) {
      it(`reads and writes through the host that answers when the first is ${gone}`, async () => {
        const live = new URL(t.url!);
        const dead = gone.startsWith('a port') ? `127.0.0.1:${await closedPort()}` : 'no-such-host.invalid:5432';
        const url = `postgres://${live.username}@${dead},${live.host}${live.pathname}?target_session_attrs=primary`;
        expect(isDatabaseUrl(url)).toBe(true);
        const open = await openDatabase({ url });
        try {
          const [row] = rowsOf<{ primary: boolean }>(await open.db.execute(sql`select not pg_is_in_recovery() as primary`));
          expect(row!.primary).toBe(true);
          // The connections for a client's writes too (db/client.ts): a row written there and read back.
          const key = `hosts-${gone}`;
          await open.clientWrites.execute(sql`insert into rate_limit_counters (key, window_start, count) values (${key}, now(), 7)`);
          const read = rowsOf<{ count: number }>(await open.db.execute(sql`select count from rate_limit_counters where key = ${key}`));
          expect(read.map((r) => Number(r.count))).toEqual([7]);
        } finally {
          await open.close();
        }
      });
    }
  });

  // db/client.ts: ten connections for the pages, each statement planned for
  // its values; DATABASE_WRITE_CONNECTIONS (two unless given) for a client's
  // single-row writes, planned as PostgreSQL plans by default (issue 18).
  describe('its two pools', () => {
    /** The server processes that answer `many` statements sent at once through a handle. */
    async function backendsUnder(handle: OpenDatabase['db'], many: number): Promise<Set<number>> {
      const rows = await Promise.all(
        Array.from({ length: many }, async () =>
          rowsOf<{ pid: number }>(await handle.execute(sql`select pg_backend_pid() as pid, pg_sleep(0.05)`)),
        ),
      );
      return new Set(rows.flat().map((r) => Number(r.pid)));
    }

    for (const writeConnections of [undefined, 1, 3]) {
      it(`opens ten connections for pages and ${writeConnections ?? 'two (the default)'} for a client's writes, each with its plans`, async () => {
        const open = await openDatabase(writeConnections === undefined ? { url: t.url! } : { url: t.url!, writeConnections });
        try {
          const pages = await backendsUnder(open.db, 30);
          const writes = await backendsUnder(open.clientWrites, 30);
          expect(pages.size).toBe(10);
          expect(writes.size).toBe(writeConnections ?? 2);
          expect([...writes].filter((pid) => pages.has(pid))).toEqual([]);
          const mode = async (handle: OpenDatabase['db']) =>
            rowsOf<{ plan_cache_mode: string }>(await handle.execute(sql`show plan_cache_mode`))[0]?.plan_cache_mode;
          expect(await mode(open.db)).toBe('force_custom_plan');
          expect(await mode(open.clientWrites)).toBe('auto');
        } finally {
          await open.close();
        }
      });
    }
  });
});

// A server of the test's own (made from the machine's PostgreSQL, as the
// fault tests make theirs), so that its autovacuum can be turned off and
// on without touching the shared server. CI sets TEST_DATABASE_URL where
// PostgreSQL is installed.
const privateServers = process.env.TEST_DATABASE_URL ? ['a private PostgreSQL server'] : [];

describe.each(privateServers)('autovacuum and the Unix socket on %s', () => {
  let cluster: PrivatePostgres;
  let open: OpenDatabase;
  let admin: ReturnType<typeof adminConnection>;
  beforeAll(async () => {
    cluster = await startPrivatePostgres();
    open = await openDatabase({ url: cluster.url });
    admin = adminConnection(cluster.url);
  }, 120_000);
  afterAll(async () => {
    await open?.close();
    await admin?.end();
    await cluster?.destroy();
  });

  // The README's deployment: a PostgreSQL on the portal's machine is reached through its socket.
  it('is reached through its Unix socket when DATABASE_URL names the socket’s directory', async () => {
    expect(isDatabaseUrl(cluster.socketUrl)).toBe(true);
    const local = await openDatabase({ url: cluster.socketUrl });
    try {
      // No server address: the connection is not TCP.
      for (const handle of [local.db, local.clientWrites]) {
        const [row] = rowsOf<{ address: string | null }>(await handle.execute(sql`select inet_server_addr()::text as address`));
        expect(row).toEqual({ address: null });
      }
      const [tcp] = rowsOf<{ address: string | null }>(await open.db.execute(sql`select inet_server_addr()::text as address`));
      expect(tcp).toEqual({ address: '127.0.0.1/32' });
    } finally {
      await local.close();
    }
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
