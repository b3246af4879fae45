import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { parse } from 'csv-parse/sync';
import { accessibilityViolations, launchBrowser, openPage } from '../support/browser.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { signInWithFetch } from '../support/sign-in.ts';
import { chooseRadio, submitWithEnter, typeInto } from '../support/keyboard.ts';
import { rigaDateOf } from '#src/calendar/riga-time.ts';
import { TEST_NOW } from '../support/clock.ts';
import { monthOfDate, quarterKey, quarterOfDate, shiftMonth } from '#src/calendar/periods.ts';
import { publicPaths, staffPaths } from '#src/paths.ts';
import { pageWithSession, postForm } from '../support/http-factories.ts';

// The quality evaluation in Chromium: an official's self-check by keyboard,
// a manager's observation and reports, every report page axe-clean in both
// languages, and each CSV carrying the numbers of its table.
let server: RunningServer;
let browser: Browser;
const cookies = new Map<string, string>();
const staff = { andris: 'ierednis@demo.vpvb.lv', dace: 'vaditaja@demo.vpvb.lv', janis: 'direktors@demo.vpvb.lv' } as const;
type Person = keyof typeof staff;
// The server's clock starts here, so what is due and what is missing
// follows from the data this test makes, not from the day the suite runs
// (on the first working day of a month nothing of the month had passed).
const now = TEST_NOW;
const today = rigaDateOf(now);
const year = today.slice(0, 4);

async function asStaff(person: Person, path: string, width = 1024): Promise<Page> {
  return pageWithSession(browser, server.url, cookies.get(person)!, path, { width });
}

function post(path: string, body: Record<string, string>, cookie?: string): Promise<Response> {
  return postForm(server.url, path, body, cookie);
}

/** A client answers this year's campaign: `overall` for the last question, 4 for the others. */
async function answerYearlySurvey(overall: number, comment: string) {
  const html = await (await fetch(`${server.url}${publicPaths.survey('lv', `yearly-${year}`)}`)).text();
  const items = [...new Set([...html.matchAll(/name="(item-\d+)"/g)].map((m) => m[1]!))];
  const answers = Object.fromEntries(items.map((name, i) => [name, String(i === items.length - 1 ? overall : 4)]));
  const formKey = /name="formKey" value="([^"]+)"/.exec(html)![1]!;
  const sent = await post(publicPaths.survey('lv', `yearly-${year}`), { ...answers, comment, formKey });
  expect(sent.status).toBe(303);
}

/** A complaint through the public form, closed by the manager as justified with a remedy (Q-4). */
async function justifiedComplaint(remedy: string) {
  const form = await post(publicPaths.form('lv', 'complaint'), {
    topic: 'eia',
    complaintAbout: 'official',
    details: 'Atbilde nebija pieklājīga.',
    name: 'Anna Kalniņa',
    replyChannel: 'email',
    email: 'anna.quality@example.lv',
    replyLanguage: 'lv',
  });
  expect(form.status).toBe(303);
  const sent = await post(form.headers.get('location')!, {});
  expect(sent.status).toBe(303);
  const list = await (
    await fetch(`${server.url}${staffPaths.cases('lv', { scope: 'unit', status: 'all', kind: 'complaint' })}`, {
      headers: { Cookie: cookies.get('dace')! },
    })
  ).text();
  const id = Number(/\/staff\/cases\/(\d+)"/.exec(list)![1]!);
  const page = await (await fetch(`${server.url}${staffPaths.case('lv', id)}`, { headers: { Cookie: cookies.get('dace')! } })).text();
  const version = /name="version" value="(\d+)"/.exec(page)![1]!;
  const closed = await post(
    staffPaths.case('lv', id),
    // `confirm`: what the confirmation page posts (D20).
    {
      action: 'close_complaint',
      version,
      outcome: 'justified',
      remedy,
      text: 'Pārbaudījām, kā ar jums runāja; sūdzība ir pamatota.',
      confirm: 'yes',
    },
    cookies.get('dace'),
  );
  expect(closed.status).toBe(303);
}

/** What a cell says, whatever spaces Intl put in it. */
const plain = (s: string) => s.replace(/[\s\u00a0\u202f]/g, '');

async function tableCells(page: Page, tableId: string): Promise<string[][]> {
  return page
    .locator(`#${tableId} tr`)
    .evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('th, td')].map((c) => (c as HTMLElement).innerText)));
}

async function csvOf(page: Page, tableId: string): Promise<{ rows: string[][]; headers: Headers }> {
  const href = await page.locator(`a[href*="table=${tableId.replace(/-table$/, '')}"]`).getAttribute('href');
  const response = await fetch(`${server.url}${href}`, { headers: { Cookie: cookies.get('dace')! } });
  const text = await response.text();
  const lang = new URL(page.url()).pathname.split('/')[1];
  return { rows: parse(text, { bom: true, delimiter: lang === 'lv' ? ';' : ',' }) as string[][], headers: response.headers };
}

beforeAll(async () => {
  server = await startServer({}, { clock: now });
  browser = await launchBrowser();
  for (const [name, email] of Object.entries(staff)) cookies.set(name, await signInWithFetch(server.url, email));
  await answerYearlySurvey(5, 'Ļoti laipni, paldies');
  await answerYearlySurvey(4, 'Atbilde nāca lēni');
  await answerYearlySurvey(2, 'Grūti sazvanīt');
  await justifiedComplaint('Atvainojāmies un pārrunājām ar darbinieku.');
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the daily self-check', () => {
  it('is filled in by keyboard alone, beside the official’s open cases, and changed the same day', async () => {
    const page = await asStaff('andris', staffPaths.qualityPage('lv', 'self-check'));
    expect(await page.locator('h1').innerText()).toBe('Ikdienas paškontrole');
    expect(await page.locator('#my-open-cases').innerText()).toContain('Manas atvērtās lietas');
    expect(await accessibilityViolations(page)).toEqual([]);
    // Sent empty: every item is named in the error summary.
    await submitWithEnter(page);
    expect(await page.locator('.error-summary li').count()).toBe(5);
    expect(await page.title()).toMatch(/^Kļūda:/);
    expect(await accessibilityViolations(page)).toEqual([]);
    await chooseRadio(page, 'knowledge', '4');
    await chooseRadio(page, 'sources', 'yes');
    await chooseRadio(page, 'courtesy', '5');
    await chooseRadio(page, 'plainLanguage', 'yes');
    await chooseRadio(page, 'deadlines', 'no');
    await typeInto(page, 'note', 'Viena lieta var kavēties: gaidu citas iestādes atzinumu.');
    await submitWithEnter(page);
    expect(await page.locator('.success-message').innerText()).toBe('Jūsu šodienas paškontrole ir saglabāta.');
    expect(await page.locator('input[name="deadlines"]:checked').inputValue()).toBe('no');
    await chooseRadio(page, 'deadlines', 'yes');
    await submitWithEnter(page);
    expect(await page.locator('.success-message').innerText()).toBe('Šodienas paškontroles izmaiņas ir saglabātas.');
    await page.goto(`${server.url}${staffPaths.quality('lv')}`);
    expect(await page.locator('main').innerText()).toContain('Viena lieta var kavēties');
    await page.context().close();
  });

  it('keeps officials out of the reports and of other people’s records', async () => {
    for (const path of [
      staffPaths.report('lv', 'satisfaction'),
      staffPaths.qualityPage('lv', 'observations'),
      staffPaths.reportCsv('lv', 'deadlines', { table: 'kinds' }),
    ]) {
      const r = await fetch(`${server.url}${path}`, { headers: { Cookie: cookies.get('andris')! }, redirect: 'manual' });
      expect(r.status, path).toBe(403);
    }
    const nav = await (await fetch(`${server.url}${staffPaths.home('lv')}`, { headers: { Cookie: cookies.get('andris')! } })).text();
    expect(nav).toContain(staffPaths.qualityPage('lv', 'self-check'));
  });
});

describe('the manager', () => {
  it('records an observation of a direct report, after being told what is missing', async () => {
    const page = await asStaff('dace', staffPaths.qualityPage('en', 'observations'));
    await page.locator('main form button[type=submit]').click();
    await page.waitForLoadState();
    expect(await page.locator('.error-summary').innerText()).toContain('Choose one of the officials who report to you');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.selectOption('#staffId', { label: 'Andris Ierēdnis' });
    await page.locator('#courtesy-5').check();
    await page.locator('#clarity-4').check();
    await page.fill('#note', 'Pacietīgi izskaidroja termiņus.');
    await Promise.all([page.waitForNavigation(), page.locator('main form button[type=submit]').click()]);
    expect(await page.locator('.success-message').innerText()).toBe('The observation is saved.');
    expect(await page.locator('table').innerText()).toContain('Andris Ierēdnis');
    await page.context().close();
    // The official reads it among their own records.
    const mine = await (await fetch(`${server.url}${staffPaths.quality('en')}`, { headers: { Cookie: cookies.get('andris')! } })).text();
    expect(mine).toContain('Pacietīgi izskaidroja termiņus.');
  });

  it('prints the institution with the report, tells chart series apart without colour, names landmarks once (ux.md D24)', async () => {
    const page = await asStaff('dace', staffPaths.report('lv', 'communication', { year }));
    const institution = (await page.locator('.brand-institution').innerText()).trim();
    expect(institution.length).toBeGreaterThan(0);
    expect(await page.locator('.print-header').isVisible()).toBe(false);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.site-header').isVisible()).toBe(false);
    const printed = page.locator('.print-header');
    expect(await printed.isVisible()).toBe(true);
    expect(await printed.innerText()).toContain(institution);
    expect(await printed.innerText()).toMatch(/Izdrukāts: \d{2}\.\d{2}\.\d{4}/);
    await page.emulateMedia({ media: 'screen' });
    // Each series has a pattern of its own, and each bar says its series: the items not observed read "Nav novērots".
    const chart = page.locator('svg[role="img"]').first();
    const fills = await chart.locator('rect[fill^="url("]').evaluateAll((rects) => [...new Set(rects.map((r) => r.getAttribute('fill')))]);
    expect(fills.length).toBeGreaterThan(1);
    expect(await chart.locator('pattern').count()).toBe(fills.length);
    const said = await chart.locator('text').allTextContents();
    expect(said).toContain('Izturas laipni un pieklājīgi: 5,0');
    expect(said.some((s) => s.endsWith(': Nav novērots'))).toBe(true);
    expect(said.join(' ')).not.toContain('Nenovēroju');
    expect(await accessibilityViolations(page, { rules: ['landmark-unique'] })).toEqual([]);
    await page.context().close();
  });

  it('reads satisfaction by year, and the CSV has the numbers of the table', async () => {
    const page = await asStaff('dace', staffPaths.report('lv', 'satisfaction', { year }));
    const rows = await tableCells(page, 'criteria-table');
    const overall = rows.find((r) => r[0] === 'Kopējā apmierinātība')!;
    // 5, 4 and 2: three answers, mean 3,7, two of three in the top two.
    expect(overall.slice(1, 4).map(plain)).toEqual(['3', '3,7', '66,7%']);
    expect(await page.locator('svg[role="img"] title').first().textContent()).toContain(year);
    const csv = await csvOf(page, 'criteria-table');
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="satisfaction-criteria-/);
    expect(csv.rows.map((r) => r.map(plain))).toEqual(rows.map((r) => r.map(plain)));
    await page.goto(`${server.url}${staffPaths.report('lv', 'comments', { year, q: 'lēni' })}`);
    expect(await page.locator('.comment-list').innerText()).toContain('Atbilde nāca lēni');
    expect(await page.locator('.comment-list li').count()).toBe(1);
    // The CSV carries every comment that matches the words, not only a page of them.
    const comments = await fetch(`${server.url}${await page.locator('a[href*="comments.csv"]').getAttribute('href')}`, {
      headers: { Cookie: cookies.get('dace')! },
    });
    const matching = parse(await comments.text(), { bom: true, delimiter: ';' }) as string[][];
    expect(matching.slice(1).map((r) => r.at(-1))).toEqual(['Atbilde nāca lēni']);
    await page.context().close();
  });

  it('reads justified complaints and deadlines with the same numbers in CSV, in English too', async () => {
    const page = await asStaff('dace', staffPaths.report('en', 'complaints', { quarter: quarterKey(quarterOfDate(today)) }));
    const quarters = await tableCells(page, 'quarters-table');
    expect(quarters.at(-1)!.slice(1).map(plain)).toEqual(['1', '1', '100%']);
    expect((await csvOf(page, 'quarters-table')).rows.map((r) => r.map(plain))).toEqual(quarters.map((r) => r.map(plain)));
    expect(await page.locator('#remedies-table').innerText()).toContain('Atvainojāmies un pārrunājām ar darbinieku.');
    await page.goto(`${server.url}${staffPaths.report('en', 'deadlines', { month: monthOfDate(today) })}`);
    const kinds = await tableCells(page, 'kinds-table');
    const complaint = kinds.find((r) => r[0] === 'Complaint')!;
    expect(complaint.slice(1, 3).map(plain)).toEqual(['1', '1']);
    expect((await csvOf(page, 'kinds-table')).rows.map((r) => r.map(plain))).toEqual(kinds.map((r) => r.map(plain)));
    await page.context().close();
  });

  it('sees who is overdue, and a report gone through counts in the schedule', async () => {
    const previous = shiftMonth(monthOfDate(today), -1);
    const before = await asStaff('dace', staffPaths.report('en', 'schedule'));
    expect(await before.locator('.findings').innerText()).toContain('No self-check by Laura Speciāliste');
    const row = (await tableCells(before, 'schedule-table')).find((r) => r[0]!.startsWith('Deadlines report'))!;
    expect(row[7]).not.toBe('Done');
    await before.context().close();
    const page = await asStaff('dace', staffPaths.report('en', 'deadlines', { month: previous }));
    await Promise.all([page.waitForNavigation(), page.locator('.review button[type=submit]').click()]);
    expect(await page.locator('.success-message').innerText()).toContain('gone through');
    await page.goto(`${server.url}${staffPaths.report('en', 'schedule')}`);
    const after = (await tableCells(page, 'schedule-table')).find((r) => r[0]!.startsWith('Deadlines report'))!;
    expect(after[7]).toBe('Done');
    await page.context().close();
  });
});

describe('every CSV the reports make', () => {
  it('keeps a comment with a bare line break before a formula in one inert cell, and has the rows of its table', async () => {
    // A plain HTTP post keeps a bare LF or CR (a browser would send CRLF): referees.md, X1.
    await answerYearlySurvey(3, 'ok\n=2+2');
    await answerYearlySurvey(3, 'labi\r@SUM(A1)');
    const reports: Array<[string, Record<string, string | number>?]> = [
      ['satisfaction', { year }],
      ['comments', { year }],
      ['communication'],
      ['complaints', { quarter: quarterKey(quarterOfDate(today)) }],
      ['deadlines', { month: monthOfDate(today) }],
      ['schedule', { month: monthOfDate(today) }],
    ];
    let exports = 0;
    for (const locale of ['lv', 'en']) {
      for (const [report, query] of reports) {
        const html = await (
          await fetch(`${server.url}${staffPaths.report(locale, report, query)}`, { headers: { Cookie: cookies.get('dace')! } })
        ).text();
        const links = [...html.matchAll(/href="([^"]+\.csv\?[^"]+)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));
        expect(links.length, report).toBeGreaterThan(0);
        for (const link of links) {
          const csv = await (await fetch(`${server.url}${link}`, { headers: { Cookie: cookies.get('dace')! } })).text();
          // Strictly: balanced quotes, every record as wide as the header.
          const rows = parse(csv, {
            bom: true,
            delimiter: locale === 'lv' ? ';' : ',',
            relax_quotes: false,
            relax_column_count: false,
          }) as string[][];
          const id = new URL(link, server.url).searchParams.get('table')!;
          // As many rows as the table on the page (just the header where it has none); all the comments, not a page of them.
          const table = html.split(`id="${id}-table"`)[1]?.split('</table>')[0];
          const onPage =
            id === 'comments'
              ? Number(/role="status">\D*([\d\s\u00a0]+)/.exec(html)![1]!.replace(/\D/g, '')) + 1
              : table === undefined
                ? 1
                : (table.match(/<tr[ >]/g) ?? []).length;
          expect(rows.length, link).toBe(onPage);
          const lines = rows.flat().flatMap((cell) => cell.split(/\r\n|\r|\n/));
          expect(
            lines.filter((l) => /^[=+\-@\t]/.test(l)),
            link,
          ).toEqual([]);
          expect(
            csv.split(/\r\n|\r|\n/).filter((l) => /^[=+\-@\t]/.test(l)),
            link,
          ).toEqual([]);
          if (link.includes('comments.csv')) {
            const comments = rows.slice(1).map((r) => r.at(-1));
            expect(comments).toContain("ok\n'=2+2");
            expect(comments).toContain("labi\n'@SUM(A1)");
          }
          exports++;
        }
      }
    }
    expect(exports).toBeGreaterThanOrEqual(12);
  });
});

describe('every quality page has no WCAG 2.2 AA violations', () => {
  /** '', '/self-check' or '/reports/satisfaction' as an address. */
  const qualityPath = (locale: string, path: string) => {
    const [kind, report] = path.split('/').slice(1);
    if (!kind) return staffPaths.quality(locale);
    if (kind === 'reports') return staffPaths.report(locale, report!);
    return staffPaths.qualityPage(locale, kind as Parameters<typeof staffPaths.qualityPage>[1]);
  };
  const pages = [
    '',
    '/self-check',
    '/observations',
    '/interviews',
    '/campaigns',
    '/reports/satisfaction',
    '/reports/comments',
    '/reports/communication',
    '/reports/complaints',
    '/reports/deadlines',
    '/reports/schedule',
  ];
  for (const locale of ['lv', 'en']) {
    it(`in ${locale}, for the manager`, async () => {
      const page = await openPage(browser, { width: 1024 });
      const [name, value] = cookies.get('dace')!.split('=') as [string, string];
      await page.context().addCookies([{ name, value, url: server.url }]);
      for (const path of pages) {
        const response = await page.goto(`${server.url}${qualityPath(locale, path)}`);
        expect(response?.status(), path).toBe(200);
        expect(await accessibilityViolations(page), `${locale}${path}`).toEqual([]);
        expect(await page.locator('body').innerText(), path).not.toMatch(/quality:[a-zA-Z]/);
      }
      await page.context().close();
    });
  }

  it('for the director at 320 px, with the unit filter', async () => {
    const page = await asStaff('janis', staffPaths.report('lv', 'deadlines'), 320);
    expect(await page.locator('select#unit').count()).toBe(1);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.goto(`${server.url}${staffPaths.report('lv', 'satisfaction')}`);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.context().close();
  });
});
