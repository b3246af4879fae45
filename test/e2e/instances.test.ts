import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { startServer, type RunningServer } from '../support/server.ts';
import { startSmtpServer } from '../support/smtp.ts';
import { signInWithFetch } from '../support/sign-in.ts';
import { addCalendarDays } from '#src/calendar/dates.ts';
import { serverToday } from '../support/clock.ts';
import { publicPaths, staffPaths } from '#src/paths.ts';

// Two instances of the portal on one PostgreSQL, as in production behind a
// proxy: nothing that matters lives in one process's memory. CI sets
// TEST_DATABASE_URL; without a PostgreSQL server there is nothing to share,
// and the PGlite single-process case is what every other suite runs.
const targets = process.env.TEST_DATABASE_URL ? [process.env.TEST_DATABASE_URL] : [];

describe.each(targets)('two instances on one PostgreSQL (%s)', (adminUrl) => {
  let a: RunningServer;
  let b: RunningServer;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let admin: ReturnType<typeof postgres>;
  const name = `kb_pair_${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${name}"`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    smtp = await startSmtpServer();
    const env = {
      DATABASE_URL: url.toString(),
      DEMO_DATA: '1',
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      // The test's SMTP server offers no TLS: turned off on purpose, as the README says.
      SMTP_REQUIRE_TLS: '0',
      INTAKE_RATE_LIMIT: '5',
      TRUST_PROXY: '1',
    };
    // Started together: migrations and seeding take turns on an advisory lock.
    [a, b] = await Promise.all([startServer(env), startServer(env)]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await smtp?.stop();
    await admin?.unsafe(`drop database if exists "${name}" with (force)`);
    await admin?.end();
  });

  it('lets a session made on one instance work on the other, and a sign-out on one end it on both', async () => {
    const cookie = await signInWithFetch(a.url, 'specialiste@demo.vpvb.lv');
    expect((await fetch(`${b.url}${staffPaths.home('lv')}`, { redirect: 'manual', headers: { Cookie: cookie } })).status).toBe(200);
    await fetch(`${b.url}${staffPaths.signOut('lv')}`, { method: 'POST', redirect: 'manual', headers: { Origin: b.url, Cookie: cookie } });
    expect((await fetch(`${a.url}${staffPaths.home('lv')}`, { redirect: 'manual', headers: { Cookie: cookie } })).status).toBe(303);
  });

  it('sends each acknowledgement exactly once although both instances run the mail worker', async () => {
    const sent: string[] = [];
    for (let i = 0; i < 8; i++) {
      const server = i % 2 ? a : b;
      const address = `pair${i}@example.lv`;
      const first = await fetch(`${server.url}${publicPaths.form('en', 'question')}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { Origin: server.url, 'X-Forwarded-For': `10.9.0.${i}` },
        body: new URLSearchParams({
          topic: 'eia',
          details: `Question ${i}`,
          name: 'Anna',
          replyChannel: 'email',
          email: address,
          replyLanguage: 'en',
        }),
      });
      expect(first.status).toBe(303);
      // "Send" on the other instance: the draft is in the database, not in memory.
      const other = server === a ? b : a;
      const confirm = await fetch(`${other.url}${first.headers.get('location')}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { Origin: other.url, 'X-Forwarded-For': `10.9.0.${i}` },
        body: new URLSearchParams(),
      });
      expect(confirm.status).toBe(303);
      sent.push(address);
    }
    await expect
      .poll(() => sent.every((to) => smtp.received.some((m) => m.to.includes(to))), { timeout: 30_000, interval: 250 })
      .toBe(true);
    // Give a second worker every chance to send a duplicate, then count.
    await new Promise((resolve) => setTimeout(resolve, 6000));
    for (const to of sent)
      expect(
        smtp.received.filter((m) => m.to.includes(to)),
        to,
      ).toHaveLength(1);
  });

  it('gives one booking when clients race for the last reading time across both instances', async () => {
    const official = await signInWithFetch(a.url, 'specialiste@demo.vpvb.lv');
    const post = (server: RunningServer, path: string, body: URLSearchParams, headers: Record<string, string> = {}) =>
      fetch(`${server.url}${path}`, { method: 'POST', redirect: 'manual', headers: { Origin: server.url, ...headers }, body });
    // Six citizens ask for documents to read in the office, three through each instance.
    const clients: Array<{ server: RunningServer; token: string; id: number }> = [];
    for (let i = 0; i < 6; i++) {
      const server = i % 2 ? a : b;
      const forwarded = { 'X-Forwarded-For': `10.7.0.${i}` };
      const fields = {
        replyLanguage: 'lv',
        topic: 'eia',
        details: `Lūdzu materiālus, pieprasījums ${i}.`,
        name: 'Anna Kalniņa',
        replyChannel: 'email',
        email: `reader${i}@example.lv`,
        informationForm: 'in_office',
      };
      const first = await post(server, publicPaths.form('lv', 'information-request'), new URLSearchParams(fields), forwarded);
      expect(first.status).toBe(303);
      const sent = await post(server, first.headers.get('location')!, new URLSearchParams(), forwarded);
      const token = /\/submitted\/([A-Za-z0-9_-]{43})/.exec(sent.headers.get('location')!)![1]!;
      const reference = /VPVB-\d{4}-\d{6}/.exec(await (await fetch(`${server.url}${publicPaths.status('lv', token)}`)).text())![0];
      const list = await (
        await fetch(`${a.url}${staffPaths.cases('lv', { scope: 'unit', status: 'all' })}`, { headers: { Cookie: official } })
      ).text();
      const id = Number(new RegExp(`/staff/cases/(\\d+)">${reference}<`).exec(list)![1]);
      clients.push({ server, token, id });
    }
    // The official invites each of them, from the case page on the other instance than the one the case came through.
    const from = addCalendarDays(serverToday(a.url), 1);
    const to = addCalendarDays(serverToday(a.url), 14);
    for (const c of clients) {
      const server = c.server === a ? b : a;
      const page = await (await fetch(`${server.url}${staffPaths.case('lv', c.id)}`, { headers: { Cookie: official } })).text();
      const version = /name="version" value="(\d+)"/.exec(page)![1]!;
      const invited = await post(
        server,
        staffPaths.case('lv', c.id),
        new URLSearchParams({ action: 'invite_to_read', version, from, to, times: '' }),
        { Cookie: official },
      );
      expect(invited.status).toBe(303);
    }
    // Everyone is offered the same first time (one reading seat, as seeded) and posts for it at once, split across both instances.
    // The client chooses the day first, then its times (ux.md D27).
    const days = await (await fetch(`${clients[0]!.server.url}${publicPaths.reading('lv', clients[0]!.token)}`)).text();
    const day = /[?&]day=(\d{4}-\d{2}-\d{2})/.exec(days)![1]!;
    const offered = await Promise.all(
      clients.map(async (c) =>
        [
          ...(await (await fetch(`${c.server.url}${publicPaths.reading('lv', c.token, { day })}`)).text()).matchAll(
            /name="slot" value="([^"]+)"/g,
          ),
        ].map((m) => m[1]!),
      ),
    );
    const contested = offered[0]![0]!;
    for (const slots of offered) expect(slots).toContain(contested);
    const statuses = await Promise.all(
      clients.map((c, i) =>
        post(i % 2 ? a : b, publicPaths.reading('lv', c.token), new URLSearchParams({ action: 'book', slot: contested })).then(
          (r) => r.status,
        ),
      ),
    );
    expect(statuses.filter((s) => s === 303)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(5);
    // And the database agrees: one active booking at that time.
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const db = postgres(url.toString(), { max: 1, onnotice: () => {} });
    try {
      const [row] =
        await db`select count(*)::int as n from reading_bookings where starts_at = ${new Date(contested)} and status = 'active'`;
      expect(row!.n).toBe(1);
    } finally {
      await db.end();
    }
  });

  it('holds the rate limit across instances', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const server = i % 2 ? a : b;
      const response = await fetch(`${server.url}${publicPaths.form('lv', 'question')}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { Origin: server.url, 'X-Forwarded-For': '10.8.0.1' },
        // Accepted posts: the limit counts them, not a form sent back with errors (D23).
        body: new URLSearchParams({
          topic: 'eia',
          details: 'x',
          name: 'Anna',
          replyChannel: 'email',
          email: 'anna@example.lv',
          replyLanguage: 'lv',
        }),
      });
      statuses.push(response.status);
    }
    // Both instances count in one table: the sixth post from one client is over the limit of five.
    expect(statuses).toEqual([303, 303, 303, 303, 303, 429]);
  });

  it('warns at start exactly when the PostgreSQL server runs without autovacuum', async () => {
    // The shared server's own setting (this machine's CI configuration turns it off; a private server's is tested in test/db/database-hosts.test.ts).
    const [row] = await admin<{ autovacuum: string }[]>`select current_setting('autovacuum') as autovacuum`;
    for (const server of [a, b]) expect(server.output().includes('"event":"database.autovacuum_off"')).toBe(row!.autovacuum === 'off');
  });
});

describe('one instance alone', () => {
  it('answers its health check with the database state', async () => {
    const server = await startServer();
    try {
      const response = await fetch(`${server.url}${publicPaths.health()}`);
      expect(await response.json()).toMatchObject({ status: 'ok', database: 'ok' });
    } finally {
      await server.stop();
    }
  });
});
