import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { startServer, type RunningServer } from '../support/server.ts';
import { startProxy } from '../support/tcp-proxy.ts';
import { openDatabase } from '../../src/db/client.ts';
import { cases } from '../../src/cases/schema.ts';

// Faults the portal must survive without losing an acknowledged submission:
// the database going away under load, and a shutdown in the middle of it.
// Each loop is bounded in count and time.

const question = { topic: 'eia', details: 'Vai saņemsiet šo?', name: 'Anna', replyChannel: 'email', email: 'fault@example.lv', replyLanguage: 'lv' };

type Attempt = { status: number | 'network'; token?: string; checkPath?: string };

/** One client's whole submission: the form, then "Send". */
async function submitOnce(server: RunningServer): Promise<Attempt> {
  const post = (path: string, body: URLSearchParams) =>
    fetch(`${server.url}${path}`, { method: 'POST', redirect: 'manual', headers: { Origin: server.url }, body, signal: AbortSignal.timeout(20_000) });
  try {
    const first = await post('/lv/question', new URLSearchParams(question));
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

// Needs a real PostgreSQL behind a proxy; CI sets TEST_DATABASE_URL.
const postgresTargets = process.env.TEST_DATABASE_URL ? [process.env.TEST_DATABASE_URL] : [];
describe.each(postgresTargets)('the database restarting under load (%s)', (adminUrl) => {
  it('answers with a translated 503, recovers by itself, and loses no acknowledged submission', async () => {
    const name = `kb_fault_${randomBytes(4).toString('hex')}`;
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${name}"`);
    const target = new URL(adminUrl);
    const proxy = await startProxy(Number(target.port || 5432), target.hostname);
    const url = new URL(adminUrl);
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    url.pathname = `/${name}`;
    const server = await startServer({ DATABASE_URL: url.toString(), DEMO_DATA: '1', REQUEST_TIMEOUT_MS: '4000' });
    try {
      const results: Attempt[] = [];
      const pages: string[] = [];
      const clients = Array.from({ length: 4 }, async () => {
        for (let i = 0; i < 15; i++) results.push(await submitOnce(server));
      });
      // The database goes away for two seconds in the middle of the load.
      const outage = (async () => {
        await new Promise((resolve) => setTimeout(resolve, 400));
        await proxy.cut();
        const during = await fetch(`${server.url}/lv/question`, { method: 'POST', redirect: 'manual', headers: { Origin: server.url }, body: new URLSearchParams(question) });
        pages.push(`${during.status} ${during.headers.get('retry-after')} ${await during.text()}`);
        await new Promise((resolve) => setTimeout(resolve, 2000));
        await proxy.restore();
      })();
      await Promise.all([...clients, outage]);

      expect(results.filter((r) => r.status === 'network')).toEqual([]);
      expect(results.filter((r) => typeof r.status === 'number' && r.status >= 500 && r.status !== 503)).toEqual([]);
      expect(pages[0]).toMatch(/^503 30 /);
      expect(pages[0]).toContain('Pakalpojums īslaicīgi nav pieejams');
      // Recovered by itself: a submission now goes through.
      const after = await submitOnce(server);
      expect(after.token).toBeDefined();
      // A "Send" that got a 503 may still have committed (the answer was lost,
      // not the case): the client sends again and gets the one confirmation.
      const resent: Attempt[] = [];
      for (const r of results.filter((x) => x.checkPath)) {
        const again = await fetch(`${server.url}${r.checkPath}`, { method: 'POST', redirect: 'manual', headers: { Origin: server.url }, body: new URLSearchParams() });
        const token = /\/submitted\/([A-Za-z0-9_-]{43})/.exec(again.headers.get('location') ?? '')?.[1];
        expect(again.status).toBe(303);
        resent.push({ status: again.status, token: token! });
      }
      // Every acknowledged submission is there, once.
      const acknowledged = [...results, after, ...resent].filter((r) => r.token);
      expect(acknowledged.length).toBeGreaterThan(0);
      for (const r of acknowledged) {
        expect((await fetch(`${server.url}/lv/case/${r.token}`)).status).toBe(200);
      }
      const check = postgres(url.toString().replace(`:${proxy.port}`, `:${target.port || 5432}`), { max: 1 });
      const [row] = await check`select count(*)::int as n from cases`;
      await check.end();
      expect(row!.n).toBe(new Set(acknowledged.map((r) => r.token)).size);
    } finally {
      await server.stop();
      await proxy.close();
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    }
  });
});
