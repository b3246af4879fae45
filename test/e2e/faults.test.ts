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
import { openDatabase } from '#src/db/client.ts';
import { cases } from '#src/cases/schema.ts';
import { publicPaths } from '#src/paths.ts';

// Faults the portal must survive without losing an acknowledged submission:
// the database going away under load, and a shutdown in the middle of it.
// Each loop is bounded in count and time.

const question = {
  topic: 'eia',
  details: 'Vai saņemsiet šo?',
  name: 'Anna',
  replyChannel: 'email',
  email: 'fault@example.lv',
  replyLanguage: 'lv',
};

type Attempt = { status: number | 'network'; token?: string; checkPath?: string };

/** One client's whole submission: the form, then "Send". */
async function submitOnce(server: RunningServer): Promise<Attempt> {
  const post = (path: string, body: URLSearchParams) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Origin: server.url },
      body,
      signal: AbortSignal.timeout(20_000),
    });
  try {
    const first = await post(publicPaths.form('lv', 'question'), new URLSearchParams(question));
    if (first.status !== 303) return { status: first.status };
    const checkPath = first.headers.get('location')!;
    const sent = await post(checkPath, new URLSearchParams());
    const token = /\/submitted\/([A-Za-z0-9_-]{43})/.exec(sent.headers.get('location') ?? '')?.[1];
    return token ? { status: sent.status, token } : { status: sent.status, checkPath };
  } catch {
    return { status: 'network' };
  }
}

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

/**
 * Four clients submit while `outage` takes the database away and brings it
 * back; then the portal must have answered nothing but confirmations, 4xx
 * and translated 503s, work again by itself, and hold exactly the cases it
 * acknowledged (counted through `directUrl`, around any proxy).
 */
async function submitThroughOutage(
  server: RunningServer,
  directUrl: string,
  outage: { down: () => Promise<void>; up: () => Promise<void> },
) {
  const results: Attempt[] = [];
  const afterRestore: Attempt[] = [];
  const pages: string[] = [];
  let phase: 'before' | 'down' | 'back' | 'over' = 'before';
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  // Clients keep submitting (bounded) from before the outage until three seconds after it.
  const clients = Array.from({ length: 4 }, async () => {
    for (let i = 0; i < 400 && phase !== 'over'; i++) {
      const started = phase;
      const attempt = await submitOnce(server);
      results.push(attempt);
      if (started === 'back') afterRestore.push(attempt);
      await pause(25);
    }
  });
  // The database goes away for two seconds in the middle of the load.
  const away = (async () => {
    await pause(400);
    phase = 'down';
    await outage.down();
    const during = await fetch(`${server.url}${publicPaths.form('lv', 'question')}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Origin: server.url },
      body: new URLSearchParams(question),
    });
    pages.push(`${during.status} ${during.headers.get('retry-after')} ${await during.text()}`);
    await pause(2000);
    await outage.up();
    phase = 'back';
    await pause(3000);
    phase = 'over';
  })();
  await Promise.all([...clients, away]);
  // Recovered under load: submissions started after the database was back went through.
  expect(afterRestore.filter((r) => r.token).length).toBeGreaterThan(0);

  expect(results.filter((r) => r.status === 'network')).toEqual([]);
  expect(results.filter((r) => typeof r.status === 'number' && r.status >= 500 && r.status !== 503)).toEqual([]);
  expect(pages[0]).toMatch(/^503 30 /);
  expect(pages[0]).toContain('Pakalpojums īslaicīgi nav pieejams');
  // Recovered by itself: a submission goes through again within a few tries
  // (a pooled connection may first report how it was ended).
  let after: Attempt = { status: 'network' };
  for (let i = 0; i < 5 && !after.token; i++) after = await submitOnce(server);
  expect(after.token).toBeDefined();
  // A "Send" that got a 503 may still have committed (the answer was lost,
  // not the case): the client sends again and gets the one confirmation.
  const resent: Attempt[] = [];
  for (const r of results.filter((x) => x.checkPath)) {
    const again = await fetch(`${server.url}${r.checkPath}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Origin: server.url },
      body: new URLSearchParams(),
    });
    const token = /\/submitted\/([A-Za-z0-9_-]{43})/.exec(again.headers.get('location') ?? '')?.[1];
    expect(again.status).toBe(303);
    resent.push({ status: again.status, token: token! });
  }
  // Every acknowledged submission is there, once.
  const acknowledged = [...results, after, ...resent].filter((r) => r.token);
  expect(acknowledged.length).toBeGreaterThan(0);
  for (const r of acknowledged) {
    expect((await fetch(`${server.url}${publicPaths.status('lv', r.token!)}`)).status).toBe(200);
  }
  const check = postgres(directUrl, { max: 1, onnotice: () => {} });
  const [row] = await check`select count(*)::int as n from cases`;
  await check.end();
  expect(row!.n).toBe(new Set(acknowledged.map((r) => r.token)).size);
}

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
    const server = await startServer({ DATABASE_URL: cluster.url, DEMO_DATA: '1', REQUEST_TIMEOUT_MS: '4000' });
    try {
      await submitThroughOutage(server, cluster.url, { down: async () => cluster.stop(), up: async () => cluster.start() });
    } finally {
      await server.stop();
      await cluster.destroy();
    }
  });
});
