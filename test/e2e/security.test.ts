import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { startServer, type RunningServer } from '../support/server.ts';
import { rememberTotpSecret, signInWithFetch, unusedTotp } from '../support/sign-in.ts';
import { DEMO_PASSWORD } from '#src/db/seed.ts';
import { publicPaths, staffPaths } from '#src/paths.ts';

// A hostile crawl: headers on every route, cross-site posts refused on every
// form, and every staff form fed script, SQL, huge and malformed input
// (the public forms have their own in intake.test.ts).
let server: RunningServer;
const cookies = new Map<string, string>();

beforeAll(async () => {
  server = await startServer();
  cookies.set('official', await signInWithFetch(server.url, 'specialiste@demo.vpvb.lv'));
  cookies.set('administrator', await signInWithFetch(server.url, 'administrators@demo.vpvb.lv'));
});
afterAll(async () => {
  await server?.stop();
});

const routes = [
  '/',
  publicPaths.home('lv'),
  publicPaths.home('en'),
  publicPaths.accessibility('lv'),
  publicPaths.privacy('en'),
  publicPaths.form('lv', 'complaint'),
  publicPaths.form('en', 'suggestion'),
  publicPaths.form('lv', 'question'),
  publicPaths.form('en', 'information-request'),
  publicPaths.form('lv', 'callback'),
  publicPaths.surveys('lv'),
  publicPaths.form('lv', 'no-such-page'),
  '/xx/unknown',
  publicPaths.health(),
  '/styles/site.css',
  '/favicon.svg',
  publicPaths.status('lv', 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'),
  publicPaths.rating('lv', 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'),
  staffPaths.home('lv'),
  staffPaths.signIn('lv'),
  staffPaths.cases('lv'),
  staffPaths.admin.users('lv'),
  staffPaths.setPassword('lv', 'x'),
  staffPaths.calendarFeed('lv', 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'),
];

describe('security headers', () => {
  it.each(routes)('%s carries the CSP, nosniff, frame and referrer headers', async (path) => {
    const response = await fetch(`${server.url}${path}`, { redirect: 'manual' });
    expect(response.status).toBeLessThan(500);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('referrer-policy')).toBe('same-origin');
  });
});

const forms = [
  publicPaths.form('lv', 'complaint'),
  publicPaths.form('lv', 'suggestion'),
  publicPaths.form('lv', 'question'),
  publicPaths.form('lv', 'information-request'),
  publicPaths.form('lv', 'callback'),
  publicPaths.survey('lv', 'yearly-2026'),
  staffPaths.signIn('lv'),
  staffPaths.account('lv'),
  staffPaths.admin.newUser('lv'),
  staffPaths.admin.user('lv', 1),
  staffPaths.case('lv', 1),
  staffPaths.caseReading('lv', 1),
];

describe('cross-site posts', () => {
  it.each(forms)('%s refuses a form post from another site', async (path) => {
    const response = await fetch(`${server.url}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        Origin: 'https://evil.example',
        Cookie: cookies.get('administrator')!,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: 'fullName=x&email=evil%40example.lv&role=administrator&active=yes',
    });
    expect(response.status).toBe(403);
  });
});

/** The markup outside attribute values: inside a quoted value `<script>` is inert text. */
const markup = (html: string) => html.replace(/="[^"]*"/g, '=""');

const hostile: Record<string, string> = {
  script: '<script>alert(1)</script>',
  sql: "'; drop table staff_members; --",
  huge: 'x'.repeat(1_000_000),
  broken: '\uD800\u0000\u0007',
};

describe('hostile input to staff forms', () => {
  const staffForms: Array<[string, 'official' | 'administrator', string[]]> = [
    [staffPaths.signIn('lv'), 'official', ['email', 'password']],
    [staffPaths.account('lv'), 'official', ['currentPassword', 'newPassword', 'confirm']],
    [staffPaths.admin.newUser('lv'), 'administrator', ['fullName', 'email', 'role', 'unitId', 'managerId', 'languages']],
    [staffPaths.admin.user('lv', 5), 'administrator', ['fullName', 'email', 'role', 'unitId', 'managerId', 'languages']],
  ];
  for (const [path, who, fields] of staffForms) {
    it.each(Object.keys(hostile))(`${path} answers %s input with a 4xx form, escaped`, async (kind) => {
      const body = new URLSearchParams(Object.fromEntries(fields.map((f) => [f, hostile[kind]!])));
      const response = await fetch(`${server.url}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { Origin: server.url, Cookie: cookies.get(who)! },
        body,
      });
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      const html = await response.text();
      expect(html).toContain('<form');
      expect(markup(html)).not.toContain('<script>alert(1)</script>');
    });
  }

  it.each(Object.keys(hostile))('a case action answers %s input with a 4xx, never a 5xx', async (kind) => {
    // The demo unit has no cases yet: make one through the public form.
    const first = await fetch(`${server.url}${publicPaths.form('lv', 'question')}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Origin: server.url },
      body: new URLSearchParams({
        topic: 'eia',
        details: 'Drošības pārbaude.',
        name: 'Anna',
        replyChannel: 'email',
        email: 'sec@example.lv',
        replyLanguage: 'lv',
      }),
    });
    await fetch(`${server.url}${first.headers.get('location')}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Origin: server.url },
      body: new URLSearchParams(),
    });
    const list = await (
      await fetch(`${server.url}${staffPaths.cases('lv', { scope: 'unit' })}`, { headers: { Cookie: cookies.get('official')! } })
    ).text();
    const id = Number(/\/staff\/cases\/(\d+)"/.exec(list)![1]);
    for (const action of ['answer', 'reassign', 'refer', 'mark_abusive', 'extend_deadline', 'no-such-action']) {
      const body = new URLSearchParams({
        action,
        version: hostile[kind]!,
        text: hostile[kind]!,
        reason: hostile[kind]!,
        assignee: hostile[kind]!,
        authority: hostile[kind]!,
        dueOn: hostile[kind]!,
        note: hostile[kind]!,
      });
      const response = await fetch(`${server.url}${staffPaths.case('lv', id)}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { Origin: server.url, Cookie: cookies.get('official')! },
        body,
      });
      expect(response.status, `${action}`).toBeGreaterThanOrEqual(400);
      expect(response.status, `${action}`).toBeLessThan(500);
      expect(markup(await response.text())).not.toContain('<script>alert(1)</script>');
    }
  });
});

describe('the staff gate', () => {
  const get = (path: string, cookie?: string) =>
    fetch(`${server.url}${path}`, { redirect: 'manual', headers: cookie ? { Cookie: cookie } : {} });
  const postForm = (path: string, body: Record<string, string>, cookie?: string) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded', ...(cookie ? { Cookie: cookie } : {}) },
      body: new URLSearchParams(body),
    });

  it('sends a person not signed in to sign in, and keeps where they were going, downloads and queries too', async () => {
    for (const path of [
      staffPaths.cases('lv', { scope: 'unit', status: 'all' }),
      staffPaths.attachment('lv', 1, 1),
      staffPaths.reportCsv('lv', 'deadlines', { table: 'kinds' }),
    ]) {
      const response = await get(path);
      expect(response.status, path).toBe(303);
      const location = new URL(response.headers.get('location')!, server.url);
      expect(location.pathname, path).toBe(staffPaths.signIn('lv'));
      expect(location.searchParams.get('next'), path).toBe(path);
    }
  });

  it('takes a director half-way through signing in to the second step, not back to the password, and then where they asked', async () => {
    const wanted = staffPaths.cases('en', { scope: 'all' });
    const first = await postForm(staffPaths.signIn('en', { next: wanted }), {
      email: 'direktors@demo.vpvb.lv',
      password: DEMO_PASSWORD,
    });
    expect(first.status).toBe(303);
    const half = first.headers.getSetCookie()[0]!.split(';')[0]!;
    const step = new URL(first.headers.get('location')!, server.url);
    expect(step.pathname).toBe(staffPaths.setUpSecondFactor('en'));
    expect(step.searchParams.get('next')).toBe(wanted);
    // A download asked for while half signed in: the second step too, remembering the download.
    const download = await get(staffPaths.reportCsv('lv', 'deadlines', { table: 'kinds' }), half);
    expect(new URL(download.headers.get('location')!, server.url).pathname).toBe(staffPaths.setUpSecondFactor('lv'));
    // The second step done, the person is where they asked to be.
    const setUp = await (await get(`${step.pathname}${step.search}`, half)).text();
    const secret = /class="secret"[^>]*>([A-Z2-7 ]+)</.exec(setUp)![1]!.replace(/ /g, '');
    rememberTotpSecret(server.url, 'direktors@demo.vpvb.lv', secret);
    const done = await postForm(
      `${step.pathname}${step.search}`,
      { code: await unusedTotp(server.url, 'direktors@demo.vpvb.lv', secret) },
      half,
    );
    expect(done.status).toBe(200);
    expect(await done.text()).toContain(`href="${wanted.replace('&', '&amp;')}"`);
  });

  it('answers a role without the permission with the 403 page, and a record that is not there with the 404 page', async () => {
    const official = cookies.get('official')!;
    const forbidden = await get(staffPaths.admin.audit('en'), official);
    expect(forbidden.status).toBe(403);
    expect(await forbidden.text()).toContain('You do not have access to this page');
    const missing = await get(staffPaths.attachment('en', 99999, 1), official);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('Page not found');
    // The translated pages carry the security headers like any other.
    expect(missing.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('shows the administrator what a person was refused, once each (review m14)', async () => {
    const official = cookies.get('official')!;
    expect((await get(staffPaths.admin.retention('en'), official)).status).toBe(403);
    expect((await get(staffPaths.attachment('en', 88888, 7), official)).status).toBe(404);
    const audit = await (await get(staffPaths.admin.audit('en', { entity: 'page' }), cookies.get('administrator'))).text();
    expect(audit.match(/access\.refused/g)?.length).toBeGreaterThanOrEqual(2);
    expect(audit.match(/\/en\/staff\/admin\/retention/g)).toHaveLength(1);
    expect(audit.match(/\/en\/staff\/cases\/88888\/attachments\/7/g)).toHaveLength(1);
  });
});

// Security review m1: the public address comes from the configuration,
// never from the Host a request names (and the page cache would keep it).
describe('a forged Host', () => {
  it('does not put another site into the accessibility statement, then or for the next reader', async () => {
    const { port } = new URL(server.url);
    const forged = await new Promise<string>((resolve, reject) => {
      const request = httpRequest(
        { host: '127.0.0.1', port, path: publicPaths.accessibility('en'), headers: { Host: 'evil.example' } },
        (response) => {
          let body = '';
          response.on('data', (d: Buffer) => (body += d));
          response.on('end', () => resolve(body));
        },
      );
      request.on('error', reject);
      request.end();
    });
    expect(forged).toContain('This accessibility statement applies to the website');
    expect(forged).not.toContain('evil.example');
    const next = await (await fetch(`${server.url}${publicPaths.accessibility('en')}`)).text();
    expect(next).not.toContain('evil.example');
    expect(next).toContain(`applies to the website ${server.url}`);
  });
});

// Security review B1 and m1: a start that looks like production never has
// the demo staff, whose password is in the README.
describe('starting the server', () => {
  function startRefused(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
    const childEnv: Record<string, string | undefined> = { ...process.env, PORT: '0', LOG_LEVEL: 'info', ...env };
    if (env.DATABASE_URL === undefined) delete childEnv.DATABASE_URL;
    const child = spawn(process.execPath, ['scripts/serve.ts'], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d));
    child.stderr.on('data', (d: Buffer) => (output += d));
    return new Promise((resolve) => {
      // A server that starts (as before the fix) is stopped, and the test fails on its exit code.
      const timer = setTimeout(() => child.kill('SIGTERM'), 60_000);
      child.on('exit', (code) => {
        clearTimeout(timer);
        resolve({ code, output });
      });
    });
  }

  it('refuses demo staff with an https PUBLIC_URL and says why', async () => {
    const { code, output } = await startRefused({ DEMO_DATA: '1', PUBLIC_URL: 'https://atsauksmes.example.lv', HOST: '127.0.0.1' });
    expect(code).toBe(2);
    expect(output).toContain('"event":"server.refused"');
    expect(output).toMatch(/DEMO_DATA: demo staff accounts have a published password.*PUBLIC_URL is https/);
  });

  it('refuses demo staff on an address others can reach', async () => {
    const { code, output } = await startRefused({ DEMO_DATA: '1', HOST: '0.0.0.0', PUBLIC_URL: 'http://intranet.example.lv' });
    expect(code).toBe(2);
    expect(output).toMatch(/HOST 0\.0\.0\.0 is not a loopback address/);
  });

  it('refuses a public start without the key that seals the authenticators’ seeds (review m4)', async () => {
    const { code, output } = await startRefused({ PUBLIC_URL: 'https://atsauksmes.example.lv' });
    expect(code).toBe(2);
    expect(output).toContain('TOTP_SEED_KEY is required on a public start');
  });

  it('refuses an empty DATABASE_URL rather than falling back to the embedded database', async () => {
    const { code, output } = await startRefused({ DATABASE_URL: '', PUBLIC_URL: 'https://atsauksmes.example.lv' });
    expect(code).toBe(2);
    expect(output).toContain('DATABASE_URL is set but empty');
  });

  it('has no demo administrator on a production-like embedded start', async () => {
    const plain = await startServer({
      DEMO_DATA: '',
      PUBLIC_URL: 'https://atsauksmes.example.lv',
      TOTP_SEED_KEY: Buffer.alloc(32, 9).toString('base64'),
    });
    try {
      const response = await fetch(`${plain.url}${staffPaths.signIn('en')}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { Origin: plain.url, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ email: 'administrators@demo.vpvb.lv', password: DEMO_PASSWORD }),
      });
      expect(response.status).toBe(401);
      expect(plain.output()).toContain('"demo":false');
    } finally {
      await plain.stop();
    }
  });
});

describe('a request whose body never comes', () => {
  it('gets a 503 at the deadline, logged as a timeout, not as the database (review m14)', async () => {
    const slow = await startServer({ REQUEST_TIMEOUT_MS: '1500' });
    try {
      const status = await new Promise<number>((resolve, reject) => {
        const target = new URL(`${slow.url}${publicPaths.form('en', 'question')}`);
        const req = httpRequest(
          {
            host: target.hostname,
            port: target.port,
            path: target.pathname,
            method: 'POST',
            headers: { Origin: slow.url, 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': '1000' },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
            req.destroy();
          },
        );
        req.on('error', reject);
        req.write('details=half'); // ...and the rest never arrives
      });
      expect(status).toBe(503);
      await expect.poll(() => slow.output().includes('"event":"request.timed_out"')).toBe(true);
      expect(slow.output()).not.toContain('request.database_unavailable');
    } finally {
      await slow.stop();
    }
  });
});

describe('the client address behind a proxy (TRUST_PROXY)', () => {
  let proxied: RunningServer;
  beforeAll(async () => {
    proxied = await startServer({ TRUST_PROXY: '1', INTAKE_RATE_LIMIT: '2' });
  });
  afterAll(async () => {
    await proxied?.stop();
  });

  // The limit counts accepted posts (D23): a question the rules accept.
  const question = () =>
    new URLSearchParams({ topic: 'eia', details: 'x', name: 'Anna', replyChannel: 'email', email: 'anna@example.lv', replyLanguage: 'en' });

  it('counts a client who rewrites the left of X-Forwarded-For as one client', async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= 3; i++) {
      // The client wrote "10.2.0.i"; the proxy (one hop) appended the address it saw.
      const response = await fetch(`${proxied.url}${publicPaths.form('en', 'question')}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { Origin: proxied.url, 'X-Forwarded-For': `10.2.0.${i}, 198.51.100.7` },
        body: question(),
      });
      statuses.push(response.status);
    }
    expect(statuses.slice(0, 2)).not.toContain(429);
    expect(statuses[2]).toBe(429);
    // Another client behind the same proxy is not blocked by the first.
    const other = await fetch(`${proxied.url}${publicPaths.form('en', 'question')}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Origin: proxied.url, 'X-Forwarded-For': '198.51.100.8' },
      body: question(),
    });
    expect(other.status).not.toBe(429);
  });

  it('does not read a large body from a client over the limit', async () => {
    const from = { Origin: proxied.url, 'X-Forwarded-For': '198.51.100.9' };
    for (let i = 0; i < 2; i++) {
      await fetch(`${proxied.url}${publicPaths.form('en', 'question')}`, {
        method: 'POST',
        redirect: 'manual',
        headers: from,
        body: question(),
      });
    }
    const marker = 'Marker-typed-by-the-client';
    const large = await fetch(`${proxied.url}${publicPaths.form('en', 'question')}`, {
      method: 'POST',
      redirect: 'manual',
      headers: from,
      body: new URLSearchParams({ details: `${marker} ${'x'.repeat(1024 * 1024)}` }),
    });
    expect(large.status).toBe(429);
    expect(await large.text()).not.toContain(marker);
    // A small post over the limit still gets back what was typed.
    const small = await fetch(`${proxied.url}${publicPaths.form('en', 'question')}`, {
      method: 'POST',
      redirect: 'manual',
      headers: from,
      body: new URLSearchParams({ details: marker }),
    });
    expect(small.status).toBe(429);
    expect(await small.text()).toContain(marker);
  });
});

function rawRequest(url: string, method: string): Promise<{ status: number; headers: IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('HTTP basics', () => {
  it.each([
    publicPaths.home('lv'),
    publicPaths.form('en', 'complaint'),
    publicPaths.form('lv', 'no-such-page'),
    staffPaths.signIn('lv'),
    publicPaths.status('lv', 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'),
  ])('%s is text/html; charset=utf-8 with the right reason phrase', async (path) => {
    const response = await fetch(`${server.url}${path}`, { redirect: 'manual' });
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.statusText).toBe({ 200: 'OK', 404: 'Not Found' }[response.status]);
  });

  it.each(['TRACE', 'PUT', 'DELETE', 'PATCH', 'PROPFIND', 'OPTIONS'])('answers %s with 405, never 500', async (method) => {
    for (const path of [
      publicPaths.home('lv'),
      publicPaths.status('lv', 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'),
      staffPaths.case('lv', 1),
      '/styles/site.css',
    ]) {
      // fetch() refuses to send TRACE: a raw request, as an attacker's tool would.
      const response = await rawRequest(`${server.url}${path}`, method);
      expect(response.status, `${method} ${path}`).toBe(405);
      expect(response.headers.allow).toBe('GET, HEAD, POST');
      expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    }
    expect(server.output()).not.toContain('Could not render');
  });

  it('answers ids out of range with 404, never 500', async () => {
    for (const path of [
      '/lv/staff/cases/99999999999', // literal on purpose: an id beyond the database's integer
      '/lv/staff/reading-room/bookings/99999999999', // literal on purpose: an id beyond the database's integer
      '/lv/staff/admin/users/2147483648', // literal on purpose: an id beyond the database's integer
    ]) {
      const response = await fetch(`${server.url}${path}`, { redirect: 'manual', headers: { Cookie: cookies.get('administrator')! } });
      expect(response.status, path).toBe(404);
    }
  });
});

describe('search engines (robots)', () => {
  const token = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
  it.each([
    publicPaths.status('lv', token),
    publicPaths.rating('en', token),
    publicPaths.submitted('lv', token),
    publicPaths.check('en', 'complaint', token),
    publicPaths.form('lv', 'question', { draft: token }),
    staffPaths.home('lv'),
    staffPaths.signIn('lv'),
    staffPaths.setPassword('en', token),
    staffPaths.calendarFeed('lv', token),
  ])('%s says noindex', async (path) => {
    const response = await fetch(`${server.url}${path}`, { redirect: 'manual' });
    expect(response.headers.get('x-robots-tag')).toBe('noindex, nofollow');
  });

  it('lets the public pages be indexed', async () => {
    for (const path of [publicPaths.home('lv'), publicPaths.form('en', 'complaint'), publicPaths.privacy('lv')]) {
      expect((await fetch(`${server.url}${path}`)).headers.get('x-robots-tag'), path).toBeNull();
    }
  });

  it('disallows every private section in robots.txt', async () => {
    const response = await fetch(`${server.url}/robots.txt`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    const robots = await response.text();
    for (const path of [
      '/lv/case/', // literal on purpose: a prefix robots.txt must carry
      '/en/rate/', // literal on purpose: a prefix robots.txt must carry
      '/lv/submitted/', // literal on purpose: a prefix robots.txt must carry
      '/en/staff/', // literal on purpose: a prefix robots.txt must carry
      '/lv/*/check/', // literal on purpose: a prefix robots.txt must carry
    ])
      expect(robots).toContain(`Disallow: ${path}\n`);
  });
});

describe('the log', () => {
  it('names on each request line the address it came from, as a hash, and the staff person asking (review m14)', async () => {
    await fetch(`${server.url}${staffPaths.cases('lv')}`, { headers: { Cookie: cookies.get('official')! } });
    await fetch(`${server.url}${publicPaths.privacy('en')}`);
    const lines = () =>
      server
        .output()
        .split('\n')
        .filter((l) => l.includes('"event":"request"'))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    await expect.poll(() => lines().some((l) => l.path === staffPaths.cases('lv') && typeof l.staffId === 'number')).toBe(true);
    const publicLine = lines().find((l) => l.path === publicPaths.privacy('en'));
    expect(publicLine).toMatchObject({ client: expect.stringMatching(/^address:[\w-]{22}$/), requestId: expect.any(String) });
    expect(publicLine).not.toHaveProperty('staffId');
    expect(lines().every((l) => !String(l.client).includes('127.0.0.1'))).toBe(true);
  });

  it('keeps no calendar-feed token and no query values', async () => {
    const feedToken = 'FeedTokenForTheLogTest_0123456789abcdefghij';
    await fetch(`${server.url}${staffPaths.calendarFeed('lv', feedToken)}`);
    await fetch(`${server.url}${publicPaths.complaint('lv', 'log-test-value@example.lv')}`);
    await expect.poll(() => server.output().includes('/lv/staff/calendar/:token.ics')).toBe(true); // literal on purpose: the log's form of the address
    expect(server.output()).not.toContain(feedToken);
    expect(server.output()).not.toContain('log-test-value');
  });
});
