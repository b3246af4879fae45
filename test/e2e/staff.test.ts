import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { accessibilityViolations, launchBrowser, openPage } from '../support/browser.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { knownTotpSecret, rememberTotpSecret, signInWithFetch, unusedTotp } from '../support/sign-in.ts';
import { submitWithEnter, typeInto } from '../support/keyboard.ts';
import { readMailFolder } from '../support/mail-folder.ts';
import { caseIdOf, pageWithSession, submitThroughForm } from '../support/http-factories.ts';
import { TEST_NOW } from '../support/clock.ts';
import { currentTotp } from '#src/staff/totp.ts';
import { DEMO_PASSWORD } from '#src/db/seed.ts';
import { locales } from '#src/i18n/languages.ts';
import { staffPaths } from '#src/paths.ts';

// The staff area on a server of its own (sign-ins and second factors are
// state this file owns).
let server: RunningServer;
let browser: Browser;
const cookies = new Map<string, string>();
const people = {
  official: 'ierednis@demo.vpvb.lv',
  manager: 'vaditaja@demo.vpvb.lv',
  director: 'direktors@demo.vpvb.lv',
  administrator: 'administrators@demo.vpvb.lv',
} as const;
type Who = keyof typeof people | 'nobody';

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  for (const [role, email] of Object.entries(people)) cookies.set(role, await signInWithFetch(server.url, email));
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/**
 * The second step by keyboard, from the page the password led to: the
 * set-up (the key read off the page, as a person types it into their app)
 * or the code of an authenticator set up before. Ends on the staff home.
 */
async function secondStepByKeyboard(page: Page, locale: string, email: string, url = server.url): Promise<void> {
  const path = new URL(page.url()).pathname;
  const settingUp = path === staffPaths.setUpSecondFactor(locale);
  if (!settingUp) expect(path).toBe(staffPaths.secondFactor(locale));
  expect(await accessibilityViolations(page)).toEqual([]);
  if (settingUp) rememberTotpSecret(url, email, (await page.locator('.secret').innerText()).replace(/\s/g, ''));
  await typeInto(page, 'code', await unusedTotp(url, email, knownTotpSecret(url, email)!));
  await submitWithEnter(page);
  // After the set-up the recovery codes are shown once; the staff home is next.
  if (settingUp) await page.goto(`${url}${staffPaths.home(locale)}`);
}

async function get(path: string, who: Who): Promise<Response> {
  const cookie = cookies.get(who);
  return fetch(`${server.url}${path}`, { redirect: 'manual', headers: cookie ? { Cookie: cookie } : {} });
}

async function pageAs(who: Who, path: string, options: Parameters<typeof openPage>[1] = {}): Promise<Page> {
  const page = await openPage(browser, options);
  const cookie = cookies.get(who);
  if (cookie) {
    const [name, value] = cookie.split('=') as [string, string];
    await page.context().addCookies([{ name, value, url: server.url }]);
  }
  await page.goto(`${server.url}${path}`);
  return page;
}

describe('who may open which staff page', () => {
  // Every staff route, and what each role gets: 200, 403, or 303 to sign-in.
  const everyone = { nobody: 303, official: 200, manager: 200, director: 200, administrator: 200 };
  const adminOnly = { nobody: 303, official: 403, manager: 403, director: 403, administrator: 200 };
  const routes: Array<[string, Record<Who, number>]> = [
    [staffPaths.home('lv'), everyone],
    [staffPaths.account('en'), everyone],
    [staffPaths.admin.users('lv'), adminOnly],
    [staffPaths.admin.newUser('en'), adminOnly],
    [staffPaths.admin.user('lv', 1), adminOnly],
    [staffPaths.admin.audit('lv'), adminOnly],
  ];
  for (const [path, expected] of routes) {
    it.each(Object.entries(expected) as Array<[Who, number]>)(`${path} as %s → %i`, async (who, status) => {
      const response = await get(path, who);
      expect(response.status).toBe(status);
      if (status === 303) expect(response.headers.get('location')).toMatch(/\/staff\/sign-in\?next=/);
      if (status === 403) expect(await response.text()).toMatch(/Jums nav piekļuves|You do not have access/);
    });
  }

  it("refuses a non-administrator's post to the user pages and changes nothing", async () => {
    const response = await fetch(`${server.url}${staffPaths.admin.newUser('lv')}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Origin: server.url, Cookie: cookies.get('manager')!, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        fullName: 'Ielauzējs',
        email: 'ielauzejs@example.lv',
        role: 'administrator',
        unitId: '',
        managerId: '',
        active: 'yes',
      }),
    });
    expect(response.status).toBe(403);
    const list = await (await get(staffPaths.admin.users('lv'), 'administrator')).text();
    expect(list).not.toContain('ielauzejs@example.lv');
  });

  it('answers an unknown user id with 404, not an error', async () => {
    expect((await get(staffPaths.admin.user('lv', 999999), 'administrator')).status).toBe(404);
    expect((await get('/lv/staff/admin/users/abc', 'administrator')).status).toBe(404); // literal on purpose: an id that is not a number
  });
});

describe('sessions', () => {
  it('sets the session cookie HttpOnly and SameSite=Lax, and sign-out really ends the session', async () => {
    const response = await fetch(`${server.url}${staffPaths.signIn('lv')}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: 'specialiste@demo.vpvb.lv', password: DEMO_PASSWORD }),
    });
    const setCookie = response.headers.getSetCookie().find((c) => c.startsWith('kb_staff='))!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toMatch(/Path=\//i);
    // The password alone opens only the second step (M2): the staff home sends this cookie there.
    const half = setCookie.split(';')[0]!;
    const home = await fetch(`${server.url}${staffPaths.home('lv')}`, { redirect: 'manual', headers: { Cookie: half } });
    expect(home.status).toBe(303);
    expect(home.headers.get('location')).toMatch(/\/second-factor|\/set-up-second-factor/);
    const cookie = await signInWithFetch(server.url, 'specialiste@demo.vpvb.lv');
    expect((await fetch(`${server.url}${staffPaths.home('lv')}`, { redirect: 'manual', headers: { Cookie: cookie } })).status).toBe(200);
    const out = await fetch(`${server.url}${staffPaths.signOut('lv')}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Origin: server.url, Cookie: cookie },
    });
    expect(out.status).toBe(303);
    // The copied cookie opens nothing any more.
    const replay = await fetch(`${server.url}${staffPaths.home('lv')}`, { redirect: 'manual', headers: { Cookie: cookie } });
    expect(replay.status).toBe(303);
    expect(replay.headers.get('location')).toContain('/staff/sign-in');
  });

  it('refuses a cross-site sign-out or sign-in post', async () => {
    const response = await fetch(`${server.url}${staffPaths.signOut('lv')}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Origin: 'https://evil.example', Cookie: cookies.get('official')! },
    });
    expect(response.status).toBe(403);
    expect((await get(staffPaths.home('lv'), 'official')).status).toBe(200);
  });

  it('does not say whether an e-mail exists, and pauses after repeated failures', async () => {
    const attempt = (email: string) =>
      fetch(`${server.url}${staffPaths.signIn('en')}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ email, password: 'not the password' }),
      });
    const unknown = await attempt('nobody@example.lv');
    const known = await attempt('triaza@demo.vpvb.lv');
    expect(unknown.status).toBe(401);
    expect(known.status).toBe(401);
    const message = (html: string) => /<ul class="error-summary-list">(.*?)<\/ul>/.exec(html)?.[1];
    expect(message(await known.text())).toBe(message(await unknown.text()));
    for (let i = 0; i < 4; i++) await attempt('triaza@demo.vpvb.lv');
    const paused = await attempt('triaza@demo.vpvb.lv');
    expect(paused.status).toBe(429);
    expect(await paused.text()).toContain('Too many attempts to sign in');
  });
});

describe('staff pages in the browser', () => {
  it.each(locales)('sign-in page is axe-clean empty and with errors, and works by keyboard (%s)', async (locale) => {
    const page = await pageAs('nobody', staffPaths.signIn(locale));
    expect(await accessibilityViolations(page)).toEqual([]);
    const wrong = await submitWithEnter(page);
    expect(wrong?.status()).toBe(400);
    expect(await accessibilityViolations(page)).toEqual([]);
    await typeInto(page, 'email', 'specialiste@demo.vpvb.lv');
    await typeInto(page, 'password', DEMO_PASSWORD);
    await submitWithEnter(page);
    await secondStepByKeyboard(page, locale, 'specialiste@demo.vpvb.lv');
    expect(new URL(page.url()).pathname).toBe(staffPaths.home(locale));
    expect(await page.locator('h1').innerText()).toContain('Laura Speciāliste');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.context().close();
  });

  it.each(locales)('every administrator page is axe-clean and fits 320 px (%s)', async (locale) => {
    for (const path of [
      staffPaths.home(locale),
      staffPaths.account(locale),
      staffPaths.admin.users(locale),
      staffPaths.admin.newUser(locale),
      staffPaths.admin.user(locale, 4),
      staffPaths.admin.audit(locale),
    ]) {
      const page = await pageAs('administrator', path, { width: 320 });
      expect(await page.locator('html').getAttribute('lang')).toBe(locale);
      expect(await accessibilityViolations(page), path).toEqual([]);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
      await page.context().close();
    }
  });

  it("walks a new official from the administrator's form to their own first sign-in", async () => {
    const page = await pageAs('administrator', staffPaths.admin.newUser('en'));
    const empty = await submitWithEnter(page);
    expect(empty?.status()).toBe(400);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.fill('#fullName', 'Ieva Jaunā');
    await page.fill('#email', 'ieva.jauna@demo.vpvb.lv');
    await page.check('#role');
    await page.selectOption('#unitId', { label: 'Environmental Impact Assessment Unit' });
    await page.check('input[name=languages][value=ru]');
    await page.check('#active');
    await submitWithEnter(page);
    expect(await page.locator('.success-message').innerText()).toContain('sent a link');
    await page.context().close();

    await expect
      .poll(() => readMailFolder(server.mailDir).find((m) => m.to.includes('ieva.jauna@demo.vpvb.lv')), { timeout: 30_000, interval: 500 })
      .toBeTruthy();
    const mail = readMailFolder(server.mailDir).find((m) => m.to.includes('ieva.jauna@demo.vpvb.lv'))!;
    const link = /https?:\/\/\S+\/staff\/set-password\/[A-Za-z0-9_-]{43}/.exec(mail.text)![0];
    const setPage = await openPage(browser);
    await setPage.goto(link);
    expect(await accessibilityViolations(setPage)).toEqual([]);
    await setPage.fill('#password', 'mana jaunā parole 2026');
    await setPage.fill('#confirm', 'mana jaunā parole 2026');
    await submitWithEnter(setPage);
    expect(new URL(setPage.url()).pathname).toBe(staffPaths.signIn('en'));
    await setPage.fill('#email', 'ieva.jauna@demo.vpvb.lv');
    await setPage.fill('#password', 'mana jaunā parole 2026');
    await submitWithEnter(setPage);
    // An official too sets up the authenticator before anything else (M2).
    expect(new URL(setPage.url()).pathname).toBe(staffPaths.setUpSecondFactor('en'));
    await secondStepByKeyboard(setPage, 'en', 'ieva.jauna@demo.vpvb.lv');
    expect(await setPage.locator('h1').innerText()).toContain('Ieva Jaunā');
    // The link works once.
    const again = await fetch(link);
    expect(again.status).toBe(404);
    await setPage.context().close();
  });

  it('lets an official set up the authenticator with the key shown as text, then shows recovery codes once', async () => {
    const page = await openPage(browser);
    await page.goto(`${server.url}${staffPaths.signIn('lv')}`);
    await page.fill('#email', 'atlaujas@demo.vpvb.lv');
    await page.fill('#password', DEMO_PASSWORD);
    await submitWithEnter(page);
    // Every role sets it up at the first sign-in (M2).
    expect(new URL(page.url()).pathname).toBe(staffPaths.setUpSecondFactor('lv'));
    expect(await page.locator('svg').count()).toBeGreaterThan(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    // Shown in groups of four to be typed by hand (ux.md §5).
    expect(await page.locator('.secret').innerText()).toMatch(/^(?:[A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
    const secret = (await page.locator('.secret').innerText()).replace(/\s/g, '');
    await page.fill('#code', currentTotp(secret, server.now().getTime()));
    await submitWithEnter(page);
    expect(await page.locator('.recovery-codes li').count()).toBe(10);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.context().close();
  });
});

describe('the second step of signing in', () => {
  // A server of its own: this locks an account's second step on purpose.
  let own: RunningServer;
  beforeAll(async () => {
    own = await startServer();
  });
  afterAll(async () => {
    await own?.stop();
  });

  it('takes a code once, and stops the eleventh wrong one', async () => {
    await signInWithFetch(own.url, people.director); // sets the authenticator up
    const secret = knownTotpSecret(own.url, people.director)!;
    const halfSignedIn = async () => {
      const first = await fetch(`${own.url}${staffPaths.signIn('lv')}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { Origin: own.url, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ email: people.director, password: DEMO_PASSWORD }),
      });
      return first.headers.getSetCookie()[0]!.split(';')[0]!;
    };
    const tryCode = (cookie: string, code: string) =>
      fetch(`${own.url}${staffPaths.secondFactor('lv')}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { Origin: own.url, Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ code }),
      });
    // A code that works, then the same code again (seen over a shoulder): refused.
    const code = await unusedTotp(own.url, people.director, secret);
    expect((await tryCode(await halfSignedIn(), code)).status).toBe(303);
    const again = await tryCode(await halfSignedIn(), code);
    expect(again.status).toBe(401);
    expect(await again.text()).toContain('Kods nav pareizs');
    // The next code works, and a right code clears the count of wrong ones.
    expect((await tryCode(await halfSignedIn(), await unusedTotp(own.url, people.director, secret))).status).toBe(303);
    // Ten wrong codes (none of them right in any period near now), then the limit.
    const near = [-1, 0, 1, 2].map((p) => currentTotp(secret, own.now().getTime() + p * 30_000));
    let wrong = 0;
    while (near.includes(String(wrong).padStart(6, '0'))) wrong++;
    const cookie = await halfSignedIn();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await tryCode(cookie, String(wrong).padStart(6, '0'))).status);
    expect(statuses).toEqual([...Array<number>(10).fill(401), 429]);
    // Past the limit even a right code waits for the window to pass.
    expect((await tryCode(cookie, await unusedTotp(own.url, people.director, secret))).status).toBe(429);
  });
});

describe('an answer typed while the session ends (ux.md D7)', () => {
  // A server stopped and started again on the same data and port, its clock
  // two hours on: the session really ends by time, as over a long answer.
  const dataDir = mkdtempSync(join(tmpdir(), 'kb-e2e-draft-'));
  let port = 0;
  let later: RunningServer | undefined;
  afterAll(async () => {
    await later?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps the text as the official’s draft and gives it back after signing in, with a message', async () => {
    port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as AddressInfo;
        probe.close(() => resolve(free));
      });
    });
    const env = { DATA_DIR: dataDir, PORT: String(port) };
    const first = await startServer(env);
    const official = 'specialiste@demo.vpvb.lv';
    const c = await submitThroughForm(first.url, 'question', {
      topic: 'eia',
      details: 'Vai atļauja būs līdz gada beigām?',
      name: 'Ilze Ozola',
      replyChannel: 'email',
      email: 'ilze.draft@example.lv',
    });
    const caseId = await caseIdOf(first.url, c.reference, await signInWithFetch(first.url, people.director));
    const page = await pageWithSession(browser, first.url, await signInWithFetch(first.url, official), staffPaths.case('lv', caseId));
    const text = 'Atļauja tiks izsniegta līdz 18. decembrim.\nAr cieņu, Laura';
    await page.locator('#action-answer summary').click();
    await page.fill('#answer-text', text);
    await first.stop();
    later = await startServer(env, { clock: new Date(TEST_NOW.getTime() + 2 * 3600_000) });
    expect(later.url).toBe(first.url);

    // Send: the session has ended, so the sign-in page; the text is not lost.
    await submitWithEnter(page, '#action-answer button[type=submit]');
    expect(new URL(page.url()).pathname).toBe(staffPaths.signIn('lv'));
    expect(await page.locator('main .notice').innerText()).toContain('Sesija beidzās, pirms atbilde tika nosūtīta');
    expect(await accessibilityViolations(page)).toEqual([]);
    await typeInto(page, 'email', official);
    await typeInto(page, 'password', DEMO_PASSWORD);
    await submitWithEnter(page);
    await secondStepByKeyboard(page, 'lv', official, later.url);
    expect(new URL(page.url()).pathname).toBe(staffPaths.case('lv', caseId));
    expect(await page.locator('.success-message').innerText()).toContain('Jūsu neiesūtītā atbilde ir saglabāta');
    expect(await page.locator('#action-answer').getAttribute('open')).not.toBeNull();
    expect(await page.inputValue('#answer-text')).toBe(text);
    expect(await accessibilityViolations(page)).toEqual([]);
    // Nothing was sent meanwhile: the case still waits for its answer.
    expect(await page.locator('.tag').first().innerText()).not.toBe('Atbildēts');

    // Kept on purpose, it is there the next time the case is opened; sent, it is gone.
    await page.fill('#answer-text', `${text}\nP.S.`);
    await submitWithEnter(page, '#action-answer button[name=draft]');
    expect(await page.locator('.success-message').innerText()).toContain('melnraksts ir saglabāts');
    await page.goto(`${later.url}${staffPaths.case('lv', caseId)}`);
    expect(await page.inputValue('#answer-text')).toBe(`${text}\nP.S.`);
    await submitWithEnter(page, '#action-answer button[type=submit]');
    expect(await page.locator('.success-message').innerText()).toContain('Atbilde ir reģistrēta');
    expect(await page.locator('#answer-text').count()).toBe(0);
    await page.context().close();
  });
});
