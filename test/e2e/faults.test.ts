import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { startServer, type RunningServer } from '../support/server.ts';
import { startProxy } from '../support/tcp-proxy.ts';
import { startPrivatePostgres } from '../support/private-postgres.ts';
import { submitOnce, submitThroughOutage } from '../support/outage-load.ts';
import { openDatabase } from '#src/db/client.ts';
import { cases } from '#src/cases/schema.ts';

// Faults the portal must survive without losing an acknowledged submission:
// the database going away under load, and a shutdown in the middle of it.
// Each loop is bounded in count and time.

describe('shutdown under load', () => {
  it('finishes in-flight submissions on SIGTERM and writes no half case', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kb-sigterm-'));
    try {
      const server = await startServer({ DATA_DIR: dataDir });
      const inFlight = Array.from({ length: 12 }, () => submitOnce(server));
      // Let the requests reach the server, then ask it to stop.
      await new Promise((resolve) => setTimeout(resolve, 150));
      const stopped = server.stop();
      const results = await Promise.all(inFlight);
      expect(await stopped).toBe(0);
      const acknowledged = results.filter((r) => r.token);
      // Every answer is either a confirmation or a refused connection: never a 5xx.
      for (const r of results) expect(r.status === 'network' || (typeof r.status === 'number' && r.status < 500)).toBe(true);
      // The database (closed cleanly) holds exactly the acknowledged cases.
      const open = await openDatabase({ dataDir });
      try {
        const [row] = await open.db.select({ n: sql<number>`count(*)::int` }).from(cases);
        expect(row!.n).toBe(new Set(acknowledged.map((r) => r.token)).size);
      } finally {
        await open.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

// Needs a real PostgreSQL; CI sets TEST_DATABASE_URL.
const postgresTargets = process.env.TEST_DATABASE_URL ? [process.env.TEST_DATABASE_URL] : [];
describe.each(postgresTargets)('the database going away under load (%s)', (adminUrl) => {
  it('behind a proxy that drops every connection: a translated 503, recovery by itself, no acknowledged submission lost', async () => {
    const name = `kb_fault_${randomBytes(4).toString('hex')}`;
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${name}"`);
    const target = new URL(adminUrl);
    const proxy = await startProxy(Number(target.port || 5432), target.hostname);
    const url = new URL(adminUrl);
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    url.pathname = `/${name}`;
    const direct = new URL(adminUrl);
    direct.pathname = `/${name}`;
    const server = await startServer({ DATABASE_URL: url.toString(), DEMO_DATA: '1', REQUEST_TIMEOUT_MS: '4000' });
    try {
      await submitThroughOutage(server, direct.toString(), { down: () => proxy.cut(), up: () => proxy.restore() });
    } finally {
      await server.stop();
      await proxy.close();
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    }
  });

  it('when a PostgreSQL server of its own is really stopped and started again: the same', async () => {
    // The machine's PostgreSQL installation, a cluster of the test's own:
    // `pg_ctl stop -m fast` ends every session (57P01) and refuses new ones
    // until `pg_ctl start`, as an operator's restart does.
    const cluster = await startPrivatePostgres();
    let server: RunningServer | undefined;
    try {
      server = await startServer({ DATABASE_URL: cluster.url, DEMO_DATA: '1', REQUEST_TIMEOUT_MS: '4000' });
      await submitThroughOutage(server, cluster.url, { down: async () => cluster.stop(), up: async () => cluster.start() });
    } finally {
      // Even when the portal did not start: the cluster must not outlive the test.
      await server?.stop();
      await cluster.destroy();
    }
  });
});
