import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { accessibilityViolations, launchBrowser, openPage } from '../support/browser.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { signInWithFetch } from '../support/sign-in.ts';
import { chooseRadio, submitWithEnter } from '../support/keyboard.ts';
import { readMailFolder, type SavedMail } from '../support/mail-folder.ts';
import { addCalendarDays } from '#src/calendar/dates.ts';
import { rigaDateOf } from '#src/calendar/riga-time.ts';
import { TEST_NOW } from '../support/clock.ts';
import { locales } from '#src/i18n/languages.ts';
import { publicPaths, staffPaths } from '#src/paths.ts';
import { caseIdOf, pageWithSession, submitThroughForm } from '../support/http-factories.ts';

// S-13 in Chromium, on a server of its own (one reading seat, as seeded):
// the official invites from the case page, the client books by keyboard
// from the private link, gets a calendar file, moves, cancels; two clients
// race for one time; the reading room's day for the staff. Every page is
// checked with axe in both languages.

let server: RunningServer;
let browser: Browser;
const cookies = new Map<string, string>();
const staff = {
  laura: 'specialiste@demo.vpvb.lv',
  ilze: 'administrators@demo.vpvb.lv',
  triage: 'triaza@demo.vpvb.lv',
  santa: 'atlaujas@demo.vpvb.lv',
} as const;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  for (const [name, email] of Object.entries(staff)) cookies.set(name, await signInWithFetch(server.url, email));
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function asStaff(person: keyof typeof staff, path: string): Promise<Page> {
  return pageWithSession(browser, server.url, cookies.get(person)!, path);
}

/** On a 320 px phone the page reflows without sideways scrolling. */
async function expectNoSidewaysScroll(url: string): Promise<void> {
  const phone = await openPage(browser, { width: 320 });
  await phone.goto(url);
  expect(await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), url).toBeLessThanOrEqual(
    0,
  );
  await phone.context().close();
}

async function expectAxeClean(page: Page, label: string): Promise<void> {
  expect(await accessibilityViolations(page), label).toEqual([]);
}

/** The same page in every interface language, each axe-clean. */
async function expectAxeCleanInEveryLanguage(page: Page, label: string): Promise<void> {
  const path = new URL(page.url()).pathname;
  for (const locale of locales) {
    const copy = await openPage(browser, { width: 1024 });
    await copy.context().addCookies(await page.context().cookies());
    const response = await copy.goto(`${server.url}${publicPaths.inLanguage(locale, path)}`);
    expect(response?.status(), `${label} ${locale}`).toBe(200);
    await expectAxeClean(copy, `${label} (${locale})`);
    await copy.context().close();
  }
}

/** An information request from a citizen; returns its id, reference and status token. */
async function submitRequest(email: string, locale = 'lv') {
  const { token, reference } = await submitThroughForm(
    server.url,
    'information-request',
    {
      topic: 'eia',
      details: 'Lūdzu visus ietekmes novērtējuma materiālus kopš 2010. gada.',
      name: 'Anna Kalniņa',
      replyChannel: 'email',
      email,
      informationForm: 'in_office',
    },
    locale,
  );
  return { id: await caseIdOf(server.url, reference, cookies.get('laura')!, 'unit'), reference, token };
}

// A window from tomorrow for two weeks: always some working days, within the 30 days ahead.
// The server's clock starts at TEST_NOW (a test never reads the real date).
const today = rigaDateOf(TEST_NOW);
const window = { from: addCalendarDays(today, 1), to: addCalendarDays(today, 14) };

/** The official's invitation through the case page's form, as a browser posts it. */
async function inviteByForm(caseId: number): Promise<void> {
  const page = await (await fetch(`${server.url}${staffPaths.case('lv', caseId)}`, { headers: { Cookie: cookies.get('laura')! } })).text();
  const version = /name="version" value="(\d+)"/.exec(page)![1]!;
  const response = await fetch(`${server.url}${staffPaths.case('lv', caseId)}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Origin: server.url, Cookie: cookies.get('laura')!, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ action: 'invite_to_read', version, from: window.from, to: window.to, times: '' }),
  });
  expect(response.status).toBe(303);
}

async function waitForMail(match: (m: SavedMail) => boolean): Promise<SavedMail> {
  await expect.poll(() => readMailFolder(server.mailDir).find(match), { timeout: 30_000, interval: 500 }).toBeTruthy();
  return readMailFolder(server.mailDir).find(match)!;
}

/** The calendar files attached to a saved message, decoded, as property maps (RFC 5545, unfolded). */
function calendarFiles(raw: string): Array<Map<string, string>> {
  const files: Array<Map<string, string>> = [];
  const part = /Content-Type: text\/calendar[^\n]*(?:\n[ \t][^\n]*)*\n(?:[A-Za-z-]+:[^\n]*(?:\n[ \t][^\n]*)*\n)*\n([A-Za-z0-9+/=\n]+)/g;
  for (const match of raw.replace(/\r\n/g, '\n').matchAll(part)) {
    const text = Buffer.from(match[1]!.replace(/\s+/g, ''), 'base64').toString('utf8');
    const props = new Map<string, string>();
    for (const line of text
      .replace(/\r?\n[ \t]/g, '')
      .split(/\r?\n/)
      .filter(Boolean)) {
      const colon = line.indexOf(':');
      props.set(line.slice(0, colon).split(';')[0]!, line.slice(colon + 1).replace(/\\([,;\\])/g, '$1'));
    }
    files.push(props);
  }
  return files;
}

/** A date as Latvians write it: 2026-12-02 → 02.12.2026. */
const latvianDate = (iso: string) => iso.split('-').reverse().join('.') + '.';

const icsTime = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');

describe('a reading appointment from invitation to cancellation', () => {
  it('is offered from the case page, booked by keyboard, moved and cancelled, with calendar files', async () => {
    const c = await submitRequest('anna.reading@example.lv');

    // Before any invitation the page says only that there is none (ux.md D25).
    const before = await (await fetch(`${server.url}${publicPaths.reading('lv', c.token)}`)).text();
    expect(before).toContain('Jums pagaidām nav uzaicinājuma');
    expect(before).not.toContain('Izvēlieties jums ērtu laiku');

    // The official offers a window from the case page, the first day as Latvians write it, the last in ISO (ux.md D15).
    const official = await asStaff('laura', staffPaths.case('lv', c.id));
    await official.locator('summary', { hasText: 'Uzaicināt iepazīties ar dokumentiem birojā' }).click();
    await official.fill('#invite_to_read-from', latvianDate(window.from));
    await official.fill('#invite_to_read-to', window.to);
    await submitWithEnter(official, 'details[open] button[type=submit]');
    expect(await official.locator('.success-message').innerText()).toContain('Uzaicinājums ir nosūtīts klientam');
    expect(await official.locator('.history').innerText()).toContain('Klients uzaicināts iepazīties ar dokumentiem birojā');
    await expectAxeCleanInEveryLanguage(official, 'case page after the invitation');
    await official.context().close();

    // The invitation reaches the client with a private link.
    const invitation = await waitForMail(
      (m) => m.to.includes('anna.reading@example.lv') && m.subject.includes('Aicinām iepazīties ar dokumentiem'),
    );
    const link = /https?:\/\/\S+\/lv\/case\/[A-Za-z0-9_-]{43}\/reading/.exec(invitation.text)![0];

    // The client picks the first free time, by keyboard only, JavaScript off.
    const client = await openPage(browser);
    await client.goto(link);
    expect(await client.locator('h1').innerText()).toContain(c.reference);
    // The day first (ux.md D27): the window's days, each with its number of free times, and no time yet.
    const dayLinks = client.locator('.day-choices a');
    expect(await dayLinks.count()).toBeGreaterThan(1);
    expect(await dayLinks.first().innerText()).toMatch(/\d{4}\. gada .*: \d+ brīv/);
    expect(await client.locator('input[name=slot]').count()).toBe(0);
    await expectAxeCleanInEveryLanguage(client, 'choosing a day');
    await expectNoSidewaysScroll(client.url());
    // Then, by keyboard, that day's times: one day's fieldset, and a way back to the days.
    await dayLinks.first().focus();
    await client.keyboard.press('Enter');
    await client.waitForURL(/[?&]day=/);
    const days = client.locator('fieldset.slot-day');
    expect(await days.count()).toBe(1);
    expect(await days.first().locator('legend').innerText()).toMatch(/\d{4}\. gada/);
    expect(await client.locator('main a', { hasText: 'Izvēlēties citu dienu' }).count()).toBe(1);
    await expectAxeCleanInEveryLanguage(client, 'choosing a time');
    await expectNoSidewaysScroll(client.url());
    const values = await client.locator('input[name=slot]').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
    const [first, second] = values as [string, string];
    await chooseRadio(client, 'slot', first);
    const booked = await submitWithEnter(client);
    expect(booked?.status()).toBe(200);
    expect(await client.locator('.success-message').innerText()).toContain('Jūsu laiks ir rezervēts');
    expect(await client.locator('#your-time').count()).toBe(1);
    await expectAxeCleanInEveryLanguage(client, 'booked');

    // The confirmation carries a calendar file with the time, the address and the booking's UID.
    const confirmation = await waitForMail((m) => m.to.includes('anna.reading@example.lv') && m.subject.includes('ir rezervēts'));
    const [ics] = calendarFiles(confirmation.raw);
    expect(ics?.get('METHOD')).toBe('PUBLISH');
    expect(ics?.get('DTSTART')).toBe(icsTime(first));
    expect(ics?.get('LOCATION')).toBe('Rūpniecības iela 23, Rīga, LV-1045');
    expect(ics?.get('SEQUENCE')).toBe('0');
    const uid = ics!.get('UID')!;
    expect(uid).toMatch(/^reading-\d+@/);
    // The official is told too, with the same calendar entry.
    const staffCopy = await waitForMail(
      (m) => m.to.includes('specialiste@demo.vpvb.lv') && m.subject === `Lasītavā rezervēts laiks: ${c.reference}`,
    );
    expect(calendarFiles(staffCopy.raw)[0]?.get('UID')).toBe(uid);

    // The private link in the confirmation opens the booking; the client moves it, by keyboard.
    const manage = /https?:\/\/\S+\/lv\/case\/[A-Za-z0-9_-]{43}\/reading/.exec(confirmation.text)![0];
    await client.goto(manage);
    expect(await client.locator('.day-choices a').count()).toBeGreaterThan(0);
    await client.goto(`${manage}?day=${rigaDateOf(new Date(second))}`);
    await chooseRadio(client, 'slot', second);
    await submitWithEnter(client, 'main form:has(input[name=action][value=move]) button[type=submit]');
    expect(await client.locator('.success-message').innerText()).toContain('Jūsu laiks ir mainīts');
    const moved = await waitForMail((m) => m.to.includes('anna.reading@example.lv') && m.subject.includes('ir mainīts'));
    const [movedIcs] = calendarFiles(moved.raw);
    expect([movedIcs?.get('UID'), movedIcs?.get('SEQUENCE'), movedIcs?.get('DTSTART')]).toEqual([uid, '1', icsTime(second)]);

    // And cancels it, asked first on a page of its own (D17): METHOD:CANCEL, the same UID, a higher SEQUENCE.
    await submitWithEnter(client, `main form[action$="/reading/cancel"] button[type=submit]`);
    expect(await client.locator('h1').innerText()).toBe('Vai tiešām atcelt rezervēto laiku?');
    await expectAxeCleanInEveryLanguage(client, 'cancel confirmation');
    expect(await client.locator('main dl').innerText()).toContain(c.reference);
    // Nothing is cancelled until the client says yes.
    expect(await (await fetch(`${server.url}${new URL(manage).pathname}`)).text()).toContain('id="your-time"');
    await submitWithEnter(client, 'main form button[value=yes]');
    expect(await client.locator('.success-message').innerText()).toContain('Jūsu laiks ir atcelts');
    await expectAxeCleanInEveryLanguage(client, 'cancelled');
    const cancelled = await waitForMail((m) => m.to.includes('anna.reading@example.lv') && m.subject.includes('ir atcelts'));
    const [cancelIcs] = calendarFiles(cancelled.raw);
    expect([cancelIcs?.get('METHOD'), cancelIcs?.get('UID'), cancelIcs?.get('SEQUENCE')]).toEqual(['CANCEL', uid, '2']);
    await client.context().close();

    // The status page shows every step and leads back to the reading page.
    const status = await openPage(browser);
    await status.goto(`${server.url}${publicPaths.status('lv', c.token)}`);
    const history = await status.locator('.history').innerText();
    for (const step of ['aicinājām iepazīties', 'rezervējāt laiku', 'tika mainīts', 'tika atcelts']) expect(history).toContain(step);
    expect(await status.locator('#reading').count()).toBe(1);
    await expectAxeCleanInEveryLanguage(status, 'status page');
    await status.context().close();
  });
});

describe('two clients racing for one time', () => {
  it('books it for the first; the second gets 409 and fresh times, in their language', async () => {
    const a = await submitRequest('race.a@example.lv');
    const b = await submitRequest('race.b@example.lv', 'en');
    await inviteByForm(a.id);
    await inviteByForm(b.id);
    const first = await openPage(browser);
    const second = await openPage(browser);
    await first.goto(`${server.url}${publicPaths.reading('lv', a.token)}`);
    const firstDay = new URL((await first.locator('.day-choices a').first().getAttribute('href'))!, server.url).searchParams.get('day')!;
    await first.goto(`${server.url}${publicPaths.reading('lv', a.token, { day: firstDay })}`);
    await second.goto(`${server.url}${publicPaths.reading('en', b.token, { day: firstDay })}`);
    const offeredToA = await first.locator('input[name=slot]').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
    const offeredToB = await second.locator('input[name=slot]').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
    const contested = offeredToA.find((v) => offeredToB.includes(v))!;
    expect(contested).toBeTruthy();
    await chooseRadio(first, 'slot', contested);
    await chooseRadio(second, 'slot', contested);
    expect((await submitWithEnter(first))?.status()).toBe(200);
    const lost = await submitWithEnter(second);
    expect(lost?.status()).toBe(409);
    expect(await second.locator('.error-summary').innerText()).toContain('Someone has just booked that time');
    const fresh = await second.locator('input[name=slot]').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
    expect(fresh.length).toBeGreaterThan(0);
    expect(fresh).not.toContain(contested);
    await expectAxeClean(second, 'the conflict page');
    // The Latvian conflict page says the same.
    const response = await first.request.post(`${server.url}${publicPaths.reading('lv', b.token)}`, {
      headers: { Origin: server.url },
      form: { action: 'book', slot: contested },
    });
    expect(response.status()).toBe(409);
    const conflictLv = await response.text();
    expect(conflictLv).toContain('Šo laiku kāds tikko rezervēja');
    await first.goto(`${server.url}${publicPaths.reading('lv', b.token)}`);
    await first.setContent(conflictLv);
    await expectAxeClean(first, 'the conflict page (lv)');
    await first.context().close();
    await second.context().close();

    // The reading room's day shows the booking to the staff, printable and axe-clean.
    const day = rigaDateOf(new Date(contested));
    const room = await asStaff('laura', staffPaths.readingRoom('lv', { date: day }));
    expect(await room.locator('#day').innerText()).toMatch(/\d{4}\. gada/);
    expect(await room.locator('main table').innerText()).toContain(a.reference);
    expect(await room.locator('main table').innerText()).toContain('Anna Kalniņa');
    await expectAxeCleanInEveryLanguage(room, 'reading room day');
    // An official of another unit on duty sees the time and the reference, not who the client is (m8).
    const otherUnit = await (
      await fetch(`${server.url}${staffPaths.readingRoom('lv', { date: day })}`, { headers: { Cookie: cookies.get('santa')! } })
    ).text();
    expect(otherUnit).toContain(a.reference);
    expect(otherUnit).toContain('(citas struktūrvienības klients)');
    expect(otherUnit).not.toContain('Anna Kalniņa');

    // Any day by its date, as Latvians write it, without JavaScript; a week either way; "Šodien" (ux.md D18).
    const nav = await room.locator('nav.pagination').innerText();
    for (const link of ['Iepriekšējā nedēļa', 'Šodien', 'Nākamā nedēļa']) expect(nav).toContain(link);
    await room.goto(`${server.url}${staffPaths.readingRoom('lv', { date: today })}`);
    await room.fill('#date', latvianDate(day));
    await submitWithEnter(room, 'main form.go-to-day button[type=submit]');
    expect(new URL(room.url()).searchParams.get('date')).toBe(latvianDate(day));
    expect(await room.locator('main table').innerText()).toContain(a.reference);
    await room.locator('nav.pagination a', { hasText: 'Nākamā nedēļa' }).click();
    expect(await room.locator('#week').innerText()).toContain(
      latvianDate(addCalendarDays(day, 7 - ((new Date(day).getUTCDay() + 6) % 7))).slice(0, 10),
    );
    await room.fill('#date', '31.02.2026');
    await submitWithEnter(room, 'main form.go-to-day button[type=submit]');
    expect(await room.locator('#date-error').innerText()).toContain('Ievadiet īstu datumu');
    expect(await room.inputValue('#date')).toBe('31.02.2026');
    await room.goto(`${server.url}${staffPaths.readingRoom('lv', { date: day })}`);

    // The official cancels it with a reason from the booking's page.
    await room.locator('a', { hasText: `Mainīt vai atcelt (${a.reference})` }).click();
    await expectAxeCleanInEveryLanguage(room, 'staff booking page');
    await room.locator('summary', { hasText: 'Atcelt laiku' }).click();
    await room.fill('#cancel-reason', 'Dokumenti vēl nav sagatavoti; piedāvāsim citu laiku.');
    await submitWithEnter(room, 'details[open] button[type=submit]');
    expect(await room.locator('.success-message').innerText()).toContain('Laiks ir atcelts');
    await room.context().close();
    const status = await (await fetch(`${server.url}${publicPaths.status('lv', a.token)}`)).text();
    expect(status).toContain('Dokumenti vēl nav sagatavoti; piedāvāsim citu laiku.');
  });
});

describe("an official booking a time on the client's behalf", () => {
  it("offers the invitation's times by keyboard, explains a missing choice, and tells the client", async () => {
    const c = await submitRequest('phoned.client@example.lv');
    await inviteByForm(c.id);
    const page = await asStaff('laura', staffPaths.case('lv', c.id));
    await page.locator('a', { hasText: 'Rezervēt laiku klienta vārdā' }).click();
    expect(await page.locator('h1').innerText()).toBe(`Rezervēt laiku klienta vārdā: ${c.reference}`);
    // The day first, then its times (ux.md D27), as on the client's own page.
    expect(await page.locator('h2').first().innerText()).toBe('Izvēlieties dienu');
    await expectAxeCleanInEveryLanguage(page, 'booking for the client: the days');
    await page.locator('.day-choices a').first().click();
    await expectAxeCleanInEveryLanguage(page, 'booking for the client');
    // Sent without a time: the form again, with the error, nothing booked.
    const refused = await submitWithEnter(page);
    expect(refused?.status()).toBe(400);
    expect(await page.locator('.error-summary').innerText()).toContain('Izvēlieties vienu no brīvajiem laikiem');
    await expectAxeClean(page, 'booking for the client with an error');
    const first = await page.locator('input[name=slot]').first().getAttribute('value');
    await chooseRadio(page, 'slot', first!);
    await submitWithEnter(page);
    expect(await page.locator('.success-message').innerText()).toContain('Laiks ir rezervēts klienta vārdā');
    expect(await page.locator('.history').innerText()).toContain('Laiks lasītavā rezervēts klienta vārdā');
    await page.context().close();
    // The same form sent again from a tab left open: told to the official, not in the client's words.
    const again = await fetch(`${server.url}${staffPaths.caseReading('lv', c.id)}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Origin: server.url, Cookie: cookies.get('laura')!, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ slot: first! }),
    });
    expect(again.status).toBe(409);
    const told = await again.text();
    expect(told).toContain('Šajā lietā laiks jau ir rezervēts');
    expect(told).not.toContain('Jums jau ir rezervēts');
    // The client reads it on the status page, and gets the confirmation with the calendar file.
    const status = await (await fetch(`${server.url}${publicPaths.status('lv', c.token)}`)).text();
    expect(status).toContain('Kā vienojāmies, rezervējām jums laiku, lai iepazītos ar dokumentiem.');
    const confirmation = await waitForMail((m) => m.to.includes('phoned.client@example.lv') && m.subject.includes('ir rezervēts'));
    expect(calendarFiles(confirmation.raw)[0]?.get('DTSTART')).toBe(icsTime(first!));
    // Another unit's official finds no such page.
    expect(
      (await fetch(`${server.url}${staffPaths.caseReading('lv', c.id)}`, { headers: { Cookie: cookies.get('triage')! } })).status,
    ).toBe(404);
  });
});

describe("an official's reading room calendar feed", () => {
  it('is made on the account page by keyboard, shown once, subscribed to, and turned off', async () => {
    const page = await asStaff('laura', staffPaths.account('lv'));
    expect(await page.locator('#calendar').innerText()).toBe('Lasītavas laiki jūsu kalendārā');
    await expectAxeCleanInEveryLanguage(page, 'account page without a feed');
    await submitWithEnter(page, 'main form:has(button[value=calendar-feed-issue]) button[type=submit]');
    expect(await page.locator('.success-message').innerText()).toContain('Kalendāra adrese ir izveidota');
    const address = await page.locator('#feed-url').inputValue();
    expect(address).toMatch(new RegExp(`^${server.url}/lv/staff/calendar/[A-Za-z0-9_-]{43}\\.ics$`)); // literal on purpose: matches an address whose token is not known
    await expectAxeClean(page, 'account page showing the new address');
    // A calendar program fetches it without signing in.
    const feed = await fetch(address);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const ics = await feed.text();
    expect(ics).toMatch(/^BEGIN:VCALENDAR/);
    expect(ics).toContain('X-WR-CALNAME:Lasītavas laiki');
    // Shown once: a fresh visit says since when it exists, not the address.
    await page.goto(`${server.url}${staffPaths.account('lv')}`);
    expect(await page.locator('#feed-url').count()).toBe(0);
    await expectAxeCleanInEveryLanguage(page, 'account page with a feed');
    await submitWithEnter(page, 'main form:has(button[value=calendar-feed-stop]) button[type=submit]');
    expect(await page.locator('.success-message').innerText()).toContain('Kalendāra adrese ir izslēgta');
    expect((await fetch(address)).status).toBe(404);
    await page.context().close();
    // An administrator handles no cases, so has no feed to make.
    const admin = await asStaff('ilze', staffPaths.account('lv'));
    expect(await admin.locator('#calendar').count()).toBe(0);
    await admin.context().close();
  });
});

describe("the administrator's reading room settings", () => {
  it('are axe-clean and keep the rules, with a message on a wrong value', async () => {
    const page = await asStaff('ilze', staffPaths.admin.readingRoom('lv'));
    await expectAxeCleanInEveryLanguage(page, 'reading room settings');
    await page.fill('#slotMinutes', '5');
    const refused = await submitWithEnter(page, 'main form:has(input[value=settings]) button[type=submit]');
    expect(refused?.status()).toBe(400);
    expect(await page.locator('.error-summary').innerText()).toContain('no 15 līdz 240');
    await expectAxeClean(page, 'settings with an error');
    await page.context().close();
    const forbidden = await fetch(`${server.url}${staffPaths.admin.readingRoom('lv')}`, { headers: { Cookie: cookies.get('laura')! } });
    expect(forbidden.status).toBe(403);
    // Nobody signed in is sent to sign in, from the staff view too.
    for (const path of [staffPaths.readingRoom('lv'), staffPaths.admin.readingRoom('lv')]) {
      const response = await fetch(`${server.url}${path}`, { redirect: 'manual' });
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toMatch(/\/staff\/sign-in\?next=/);
    }
  });
});
