import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { accessibilityViolations, launchBrowser } from '../support/browser.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { sessionCookie, signInAs } from '../support/staff.ts';
import { chooseRadio, submitWithEnter, tabTo, typeInto } from '../support/keyboard.ts';
import { locales } from '#src/i18n/languages.ts';
import { translator } from '#src/i18n/index.ts';
import { rigaDateOf } from '#src/calendar/riga-time.ts';
import { serverToday, TEST_NOW } from '../support/clock.ts';
import { addCalendarDays, weekday } from '#src/calendar/dates.ts';
import { publicPaths, staffPaths } from '#src/paths.ts';

// The administrator's settings on a server of its own: these tests change
// the institution's reference data, which no other suite should see.
const ADMIN = 'administrators@demo.vpvb.lv';
const OFFICIAL = 'ierednis@demo.vpvb.lv';
// The server's clock starts at TEST_NOW: the year is the test's, not the machine's.
const year = Number(rigaDateOf(TEST_NOW).slice(0, 4));
// Seeded rows: ids follow the seed's order (src/settings/seed-data.ts), and
// every year has 1 January.
const NEW_YEAR = `${year}-01-01`;
/** A Monday to Friday of next year with no exception, for a one-off day off. */
let oneOff = `${year + 1}-05-26`;
while (weekday(oneOff) > 5) oneOff = addCalendarDays(oneOff, 1);
/** Another such weekday, for two administrators changing the same day at once. */
let contested = addCalendarDays(oneOff, 1);
while (weekday(contested) > 5) contested = addCalendarDays(contested, 1);
const SETTINGS_PAGES = [
  '',
  '/institution',
  '/security',
  '/units',
  '/units/new',
  '/units/1',
  '/topics',
  '/topics/new',
  '/topics/1',
  '/services',
  '/services/new',
  '/services/1',
  '/authorities',
  '/authorities/new',
  '/authorities/1',
  '/office-hours',
  '/office-hours/1',
  '/calendar',
  '/calendar/new',
  `/calendar/${NEW_YEAR}`,
  `/calendar/${NEW_YEAR}/remove`,
  '/deadline-rules',
  '/deadline-rules/new',
  '/deadline-rules/1',
  '/templates',
  '/templates/new',
  '/templates/1',
];

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer({}, { clock: TEST_NOW });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A settings page on the test server; `path` as in SETTINGS_PAGES ('/units/new'), perhaps with a query. */
const settingsPath = (locale: string, path = '') => {
  const [section, query] = path.slice(1).split('?');
  return staffPaths.admin.settings(locale, section || undefined, new URLSearchParams(query));
};
const settings = (locale: string, path = '') => `${server.url}${settingsPath(locale, path)}`;

/** Raw i18n keys (admin:units.title, errors.code.required) must never reach a page. */
async function rawKeys(page: Page): Promise<string[]> {
  const text = `${await page.title()}\n${await page.locator('body').innerText()}`;
  return [
    ...text.matchAll(
      /\b(admin|forms|staff|common):[a-zA-Z.]+|\b(errors|settings|units|topics|calendar|deadlineRules|templates|security|officeHours|institution|authorities|services)\.[a-z][a-zA-Z.]+\b/g,
    ),
  ].map((m) => m[0]);
}

async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** Submits the page's first form by clicking its button; returns the status of the final response. */
async function submitForm(page: Page): Promise<number | undefined> {
  const [response] = await Promise.all([page.waitForNavigation(), page.locator('main form button[type=submit]').first().click()]);
  return response?.status();
}

/** The error summary: present, first in main, each link pointing at a control on the page. */
async function errorSummaryTargets(page: Page): Promise<string[]> {
  expect(await page.locator('main > .error-summary:first-child').count()).toBe(1);
  const hrefs = await page.locator('.error-summary a').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  for (const href of hrefs) {
    expect(await page.locator(`[id="${href.slice(1)}"]`).count(), href).toBe(1);
  }
  return hrefs;
}

describe.each(locales)('every settings page in %s', (locale) => {
  const t = translator(locale);
  let page: Page;
  beforeAll(async () => {
    page = await signInAs(browser, server.url, ADMIN, { width: 320 });
  });
  afterAll(async () => {
    await page?.context().close();
  });

  it.each(SETTINGS_PAGES)(`opens %s with no WCAG 2.2 AA violations, fitting 320 px`, async (path) => {
    const response = await page.goto(settings(locale, path));
    expect(response?.status()).toBe(200);
    expect(await page.locator('html').getAttribute('lang')).toBe(locale);
    expect((await page.locator('h1').innerText()).trim()).not.toBe('');
    expect(await page.title()).toContain(t('common:siteName'));
    expect(await rawKeys(page)).toEqual([]);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('lists every section on the index, and the staff navigation marks it', async () => {
    await page.goto(settings(locale));
    const links = await page.locator('main .settings-list a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(links).toHaveLength(10);
    for (const href of links) expect(SETTINGS_PAGES.map((p) => settingsPath(locale, p))).toContain(href);
    expect(await page.locator('.staff-nav a[aria-current="page"]').innerText()).toBe(t('staff:nav.settings'));
  });
});

describe.each(locales)('settings forms with errors in %s', (locale) => {
  const t = translator(locale);
  let page: Page;
  beforeAll(async () => {
    page = await signInAs(browser, server.url, ADMIN, { width: 320 });
  });
  afterAll(async () => {
    await page?.context().close();
  });

  async function expectErrorPage(expected: { fields: string[]; kept?: Record<string, string> }) {
    expect(await page.title()).toMatch(new RegExp(`^${t('common:errorTitlePrefix')}`));
    expect(await errorSummaryTargets(page)).toEqual(expected.fields.map((f) => `#${f}`));
    for (const [id, value] of Object.entries(expected.kept ?? {})) expect(await page.locator(`#${id}`).inputValue(), id).toBe(value);
    expect(await rawKeys(page)).toEqual([]);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(await accessibilityViolations(page)).toEqual([]);
  }

  it('institution: a bad prefix, phone and attachment limit', async () => {
    await page.goto(settings(locale, '/institution'));
    await page.fill('#referencePrefix', 'VP-VB');
    await page.fill('#phone', 'zvaniet');
    await page.fill('#attachmentMaxMb', '9');
    expect(await submitForm(page)).toBe(400);
    await expectErrorPage({
      fields: ['referencePrefix', 'phone'],
      kept: { referencePrefix: 'VP-VB', phone: 'zvaniet', attachmentMaxMb: '9' },
    });
  });

  it('institution: attachments that do not fit into one post', async () => {
    await page.goto(settings(locale, '/institution'));
    await page.fill('#attachmentMaxFiles', '5');
    await page.fill('#attachmentMaxMb', '5');
    expect(await submitForm(page)).toBe(400);
    await expectErrorPage({ fields: ['attachmentMaxMb'] });
    expect(await page.locator('#attachmentMaxMb-error').innerText()).toContain('12');
  });

  it('security: numbers out of range', async () => {
    await page.goto(settings(locale, '/security'));
    await page.fill('#sessionIdleMinutes', '1');
    await page.fill('#maxFailuresPerAddress', 'daudz');
    expect(await submitForm(page)).toBe(400);
    await expectErrorPage({ fields: ['sessionIdleMinutes', 'maxFailuresPerAddress'], kept: { sessionIdleMinutes: '1' } });
  });

  it.each(['units', 'topics', 'authorities', 'templates', 'calendar', 'deadline-rules'])('%s: an empty new form', async (section) => {
    await page.goto(settings(locale, `/${section}/new`));
    for (const id of ['code', 'nameLv', 'nameEn']) if (await page.locator(`input#${id}`).count()) await page.fill(`#${id}`, '');
    expect(await submitForm(page)).toBe(400);
    const fields = {
      units: ['code', 'nameLv', 'nameEn'],
      topics: ['code', 'nameLv', 'nameEn', 'unitId'],
      authorities: ['code', 'nameLv', 'nameEn', 'competenceLv', 'competenceEn'],
      templates: ['code', 'purpose', 'nameLv', 'nameEn', 'bodyLv', 'bodyEn'],
      calendar: ['kind', 'nameLv', 'nameEn', 'date'],
      'deadline-rules': ['requestKind', 'unit', 'amount', 'effectiveFrom'],
    }[section]!;
    await expectErrorPage({ fields });
  });

  it('units: a unit that still answers active topics cannot be deactivated', async () => {
    await page.goto(settings(locale, '/units'));
    // IVN answers three of the seeded topics.
    const href = await page.locator('main table tr', { hasText: 'IVN' }).locator('a').getAttribute('href');
    await page.goto(`${server.url}${href}`);
    await page.uncheck('#active');
    expect(await submitForm(page)).toBe(400);
    await expectErrorPage({ fields: ['active'] });
    expect(await page.locator('#active-error').innerText()).toMatch(/\d/);
    expect(await page.locator('#active').isChecked()).toBe(false);
  });

  it('office hours: overlapping periods', async () => {
    await page.goto(settings(locale, '/office-hours/2'));
    await page.fill('#interval-2-opens', '12:00');
    await page.fill('#interval-3-opens', '7:00');
    expect(await submitForm(page)).toBe(400);
    await expectErrorPage({
      fields: ['interval-2-opens', 'interval-3-closes'],
      kept: { 'interval-2-opens': '12:00', 'interval-3-opens': '7:00' },
    });
  });

  it('calendar: a transferred working day on a weekday', async () => {
    await page.goto(settings(locale, '/calendar/new'));
    // 2 June 2026 is a Tuesday.
    await page.fill('#date', '2.6.2026');
    await page.check('input[name="kind"][value="working_day"]');
    await page.fill('#nameLv', 'Darba diena');
    await page.fill('#nameEn', 'Working day');
    expect(await submitForm(page)).toBe(400);
    await expectErrorPage({ fields: ['date', 'transferredFrom'], kept: { date: '2.6.2026', nameEn: 'Working day' } });
  });

  it('templates: a placeholder the portal does not know', async () => {
    await page.goto(settings(locale, '/templates/1'));
    await page.fill('#bodyEn', 'Dear {{client}}, about {{reference}}.');
    expect(await submitForm(page)).toBe(400);
    await expectErrorPage({ fields: ['bodyEn'], kept: { bodyEn: 'Dear {{client}}, about {{reference}}.' } });
    expect(await page.locator('#bodyEn-error').innerText()).toContain('{{client}}');
  });

  it('deadline rules: a rule in force cannot be changed, and a new one cannot start today', async () => {
    await page.goto(settings(locale, '/deadline-rules/1'));
    expect(await page.locator('main form').count()).toBe(0);
    await page.goto(settings(locale, '/deadline-rules/new?kind=question'));
    const [y, m, d] = serverToday(server.url).split('-');
    await page.fill('#effectiveFrom', `${String(Number(d))}.${String(Number(m))}.${y!}`);
    await page.fill('#amount', '20');
    await page.check('input[name="unit"][value="working_days"]');
    expect(await submitForm(page)).toBe(400);
    await expectErrorPage({ fields: ['effectiveFrom'], kept: { amount: '20', requestKind: 'question' } });
  });
});

describe('an administrator’s edits are saved, listed and audited', () => {
  let page: Page;
  beforeAll(async () => {
    page = await signInAs(browser, server.url, ADMIN);
  });
  afterAll(async () => {
    await page?.context().close();
  });

  async function auditText(entity: string): Promise<string> {
    await page.goto(`${server.url}${staffPaths.admin.audit('lv', { entity })}`);
    return page.locator('main table').innerText();
  }

  it('adds a unit by keyboard alone', async () => {
    await page.goto(settings('lv', '/units/new'));
    await typeInto(page, 'code', 'tst');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Testēšanas nodaļa');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Testing Unit');
    await typeInto(page, 'email', 'testi@vpvb.gov.lv');
    const response = await submitWithEnter(page);
    expect(response?.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe(staffPaths.admin.settings('lv', 'units'));
    expect(await page.locator('.success-message').innerText()).toBe(translator('lv')('admin:done.created'));
    expect(await page.locator('main table').innerText()).toContain('Testēšanas nodaļa');
    const audit = await auditText('unit');
    expect(audit).toContain('unit.create');
    expect(audit).toContain('"TST"');
  });

  it('sets Saturday’s office hours by keyboard, shown in the list and the audit log', async () => {
    await page.goto(settings('en', '/office-hours/6'));
    await typeInto(page, 'interval-1-opens', '09:00');
    await typeInto(page, 'interval-1-closes', '13:00');
    await submitWithEnter(page);
    expect(new URL(page.url()).pathname).toBe(staffPaths.admin.settings('en', 'office-hours'));
    expect(await page.locator('main table tr', { hasText: 'Saturday' }).innerText()).toContain('09:00–13:00');
    expect(await auditText('office_hours')).toContain('09:00–13:00');
  });

  it('moves the triage role to another unit, and the list shows it moved', async () => {
    await page.goto(settings('en', '/units'));
    const row = page.locator('main table tr', { hasText: 'Testing Unit' });
    await page.goto(`${server.url}${await row.locator('a').getAttribute('href')}`);
    await tabTo(page, '#isTriage');
    await page.keyboard.press('Space');
    await submitWithEnter(page);
    const triageRows = page.locator('main table tr', { hasText: translator('en')('admin:units.triageTag') });
    expect(await triageRows.count()).toBe(1);
    expect(await triageRows.innerText()).toContain('Testing Unit');
  });

  it('changes the institution’s phone number, shown on every page and in the audit log', async () => {
    await page.goto(settings('lv', '/institution'));
    await page.fill('#phone', '+371 67 000 111');
    await submitForm(page);
    expect(await page.locator('.success-message').count()).toBe(1);
    expect(await page.locator('#phone').inputValue()).toBe('+371 67 000 111');
    expect(await page.locator('footer').innerText()).toContain('+371 67 000 111');
    expect(await auditText('institution')).toContain('+371 67 000 111');
  });

  it('adds a service with its price and a unit’s phone, shown at once on the public structure page (S-4.5)', async () => {
    const about = publicPaths.about('en');
    // Read once first, so the page is in the page cache the change must empty.
    expect(await (await fetch(`${server.url}${about}`)).text()).not.toContain('Noise measurements');
    await page.goto(settings('lv', '/services/new'));
    await page.fill('#code', 'noise-measurement');
    await page.fill('#nameLv', 'Trokšņa mērījumi');
    await page.fill('#nameEn', 'Noise measurements');
    await page.fill('#descriptionLv', 'Mērām troksni pie uzņēmuma.');
    await page.fill('#descriptionEn', 'We measure noise near a company.');
    await page.fill('#priceLv', '40,00 EUR par mērījumu');
    await page.selectOption('#unitId', { label: 'Piesārņojuma atļauju nodaļa' });
    expect(await submitForm(page)).toBe(400);
    expect(await errorSummaryTargets(page)).toEqual(['#priceEn']);
    expect(await page.locator('#priceLv').inputValue()).toBe('40,00 EUR par mērījumu');
    await page.fill('#priceEn', 'EUR 40.00 per measurement');
    await submitForm(page);
    expect(await page.locator('main table').innerText()).toContain('40,00 EUR par mērījumu');
    expect(await auditText('service')).toContain('service.create');

    await page.goto(settings('lv', '/units'));
    await page.locator('main table a', { hasText: 'Piesārņojuma atļauju nodaļa' }).click();
    await page.fill('#phone', '+371 90 000 001');
    expect(await submitForm(page)).toBe(400);
    expect(await errorSummaryTargets(page)).toEqual(['#phone']);
    await page.fill('#phone', '+371 67 321 180');
    await submitForm(page);
    expect(await page.locator('.success-message').count()).toBe(1);

    await page.goto(`${server.url}${about}`);
    const service = page.locator('main section', { has: page.locator('h3', { hasText: 'Noise measurements' }) });
    expect(await service.innerText()).toContain('EUR 40.00 per measurement');
    expect(await service.innerText()).toContain('Pollution Permits Unit');
    const unit = page.locator('main section', { has: page.locator('h3', { hasText: 'Pollution Permits Unit' }) });
    expect(await unit.locator('a[href^="tel:"]').innerText()).toBe('+371 67 321 180');
    expect(await unit.locator('a[href^="tel:"]').getAttribute('href')).toBe('tel:+37167321180');
  });

  it('adds a topic, an authority and a one-off day off, each listed', async () => {
    await page.goto(settings('lv', '/topics/new'));
    await page.fill('#code', 'noise');
    await page.fill('#nameLv', 'Troksnis');
    await page.fill('#nameEn', 'Noise');
    await page.selectOption('#unitId', { label: 'Testēšanas nodaļa' });
    await submitForm(page);
    expect(await page.locator('main table').innerText()).toContain('Troksnis');

    await page.goto(settings('lv', '/authorities/new'));
    await page.fill('#code', 'vugd');
    await page.fill('#nameLv', 'Valsts ugunsdzēsības un glābšanas dienests');
    await page.fill('#nameEn', 'State Fire and Rescue Service');
    await page.fill('#competenceLv', 'Ugunsdrošība');
    await page.fill('#competenceEn', 'Fire safety');
    await page.fill('#phone', '112');
    await submitForm(page);
    expect(await page.locator('.error-summary').count()).toBe(1);
    await page.fill('#phone', '+371 67 075 870');
    await submitForm(page);
    expect(await page.locator('main table').innerText()).toContain('Valsts ugunsdzēsības un glābšanas dienests');

    await page.goto(settings('en', '/calendar/new'));
    const [y, m, d] = oneOff.split('-');
    await page.fill('#date', `${String(Number(d))}.${String(Number(m))}.${y!}`);
    await chooseRadio(page, 'kind', 'day_off');
    await page.fill('#nameLv', 'Vienreizēja brīvdiena');
    await page.fill('#nameEn', 'One-off day off');
    await submitForm(page);
    expect(new URL(page.url()).searchParams.get('year')).toBe(String(year + 1));
    const dayRow = page.locator('main table tr', { hasText: 'One-off day off' });
    expect(await dayRow.count()).toBe(1);
    expect(await auditText('calendar_day')).toContain('calendar_day.create');
  });

  it('removes a day entered by mistake after asking, and the audit log keeps what it was', async () => {
    const date = oneOff;
    await page.goto(settings('en', `/calendar/${date}`));
    await Promise.all([page.waitForNavigation(), page.click(`a[href$="/calendar/${date}/remove"]`)]);
    await submitForm(page);
    expect(await page.locator('.success-message').innerText()).toBe(translator('en')('admin:done.removed'));
    expect(await page.locator('main table tr', { hasText: 'One-off day off' }).count()).toBe(0);
    const audit = await auditText('calendar_day');
    expect(audit).toContain('calendar_day.delete');
    expect(audit).toContain('One-off day off');
  });

  it('answers 404, not 500, to an administrator saving or removing a day another has just removed', async () => {
    const [y, m, d] = contested.split('-');
    await page.goto(settings('en', '/calendar/new'));
    await page.fill('#date', `${String(Number(d))}.${String(Number(m))}.${y!}`);
    await chooseRadio(page, 'kind', 'day_off');
    await page.fill('#nameLv', 'Strīdīgā brīvdiena');
    await page.fill('#nameEn', 'Contested day off');
    await submitForm(page);
    expect(await page.locator('main table tr', { hasText: 'Contested day off' }).count()).toBe(1);

    // Both administrators open the day: one to edit it, one to remove it, and the first also its remove page.
    const other = await signInAs(browser, server.url, ADMIN);
    const removing = await page.context().newPage();
    try {
      await page.goto(settings('en', `/calendar/${contested}`));
      await removing.goto(settings('en', `/calendar/${contested}/remove`));
      await other.goto(settings('en', `/calendar/${contested}/remove`));
      await submitForm(other);
      expect(await other.locator('.success-message').innerText()).toBe(translator('en')('admin:done.removed'));

      await page.fill('#nameEn', 'Contested day off, renamed');
      expect(await submitForm(page)).toBe(404);
      expect(await page.locator('h1').innerText()).toBe(translator('en')('pages:notFound.title'));
      expect(await submitForm(removing)).toBe(404);
      expect(await removing.locator('h1').innerText()).toBe(translator('en')('pages:notFound.title'));
    } finally {
      await removing.close();
      await other.context().close();
    }
    expect(await auditText('calendar_day')).not.toContain('Contested day off, renamed');
  });

  it('adds a deadline rule from next year, shown as not yet in force', async () => {
    await page.goto(settings('en', '/deadline-rules/new?kind=referral'));
    await page.fill('#effectiveFrom', `1.1.${String(year + 1)}`);
    await page.fill('#amount', '3');
    await page.check('input[name="unit"][value="working_days"]');
    await submitForm(page);
    const section = page.locator('section', { has: page.locator('#kind-referral') });
    expect(await section.locator('tr', { hasText: '3 working days' }).innerText()).toContain(
      translator('en')('admin:deadlineRules.upcoming'),
    );
    expect(await section.locator('tr.in-force').innerText()).toContain('5 working days');
  });

  it('edits a reply template and the security settings', async () => {
    await page.goto(settings('lv', '/templates/1'));
    const body = await page.locator('#bodyLv').inputValue();
    await page.fill('#bodyLv', `${body}\n\nP.S. {{officialName}}`);
    await submitForm(page);
    expect(await page.locator('.success-message').count()).toBe(1);
    expect(await auditText('reply_template')).toContain('P.S.');

    await page.goto(settings('lv', '/security'));
    await page.fill('#failureWindowMinutes', '20');
    await submitForm(page);
    expect(await page.locator('#failureWindowMinutes').inputValue()).toBe('20');
    expect(await auditText('security_settings')).toContain('failureWindowMinutes');
  });
});

describe('nobody but an administrator gets in', () => {
  let official: string;
  let admin: Page;
  beforeAll(async () => {
    const page = await signInAs(browser, server.url, OFFICIAL);
    official = await sessionCookie(page);
    await page.context().close();
    admin = await signInAs(browser, server.url, ADMIN);
  });
  afterAll(async () => {
    await admin?.context().close();
  });

  function request(path: string, method: 'GET' | 'POST', cookie?: string, body?: Record<string, string>): Promise<Response> {
    return fetch(settings('lv', path), {
      method,
      redirect: 'manual',
      headers: {
        Origin: server.url,
        ...(cookie ? { Cookie: cookie } : {}),
        ...(body ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(body ? { body: new URLSearchParams(body) } : {}),
    });
  }

  // What each post would change, were it let through.
  const posts: Record<string, Record<string, string>> = {
    '/institution': {
      nameLv: 'Ielauzēju birojs',
      nameEn: 'Intruders',
      shortName: 'X',
      referencePrefix: 'X',
      address: 'X',
      email: 'x@example.lv',
      phone: '+371 67000000',
      website: '',
      attachmentMaxFiles: '1',
      attachmentMaxMb: '1',
    },
    '/security': {
      sessionIdleMinutes: '480',
      sessionAbsoluteHours: '24',
      maxFailuresPerAccount: '20',
      maxFailuresPerAddress: '200',
      failureWindowMinutes: '1',
    },
    '/units/new': { code: 'HACK', nameLv: 'Ielauzēji', nameEn: 'Intruders', email: '', isTriage: 'yes', active: 'yes' },
    '/units/1': { code: 'KAN', nameLv: 'Ielauzēji', nameEn: 'Intruders', email: '', active: 'yes' },
    '/topics/new': { code: 'hack', nameLv: 'Ielauzēji', nameEn: 'Intruders', unitId: '1', sortOrder: '0', active: 'yes' },
    '/authorities/1': {
      code: 'vvd',
      nameLv: 'Ielauzēji',
      nameEn: 'Intruders',
      competenceLv: 'x',
      competenceEn: 'x',
      email: 'x@example.lv',
      active: 'yes',
    },
    '/office-hours/1': { 'interval-1-opens': '00:00', 'interval-1-closes': '01:00' },
    '/calendar/new': {
      date: `3.3.${year + 1}`,
      kind: 'holiday',
      nameLv: 'Ielauzēji',
      nameEn: 'Intruders',
    },
    [`/calendar/${NEW_YEAR}/remove`]: {},
    '/deadline-rules/new': {
      requestKind: 'question',
      effectiveFrom: `1.1.${year + 2}`,
      amount: '1',
      unit: 'months',
      extendedUnit: 'none',
    },
    '/templates/1': { code: 'x', purpose: 'answer', nameLv: 'Ielauzēji', nameEn: 'Intruders', bodyLv: 'x', bodyEn: 'x', active: 'yes' },
  };

  it.each(SETTINGS_PAGES)('an official gets 403 for %s', async (path) => {
    const response = await request(path, 'GET', official);
    expect(response.status).toBe(403);
    expect(await response.text()).toContain(translator('lv')('staff:forbidden.title'));
  });

  it.each(SETTINGS_PAGES)('nobody signed in is sent to sign in from %s', async (path) => {
    const response = await request(path, 'GET');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(staffPaths.signIn('lv', { next: settingsPath('lv', path) }));
  });

  it('an official’s and an anonymous post change nothing', async () => {
    for (const [path, body] of Object.entries(posts)) {
      expect((await request(path, 'POST', official, body)).status, path).toBe(403);
      expect((await request(path, 'POST', undefined, body)).status, path).toBe(303);
    }
    const seen = async (path: string) => {
      await admin.goto(settings('lv', path));
      return admin.locator('main').innerText();
    };
    expect(await seen('/units')).not.toMatch(/Ielauzēji|HACK/);
    expect(await seen('/topics')).not.toContain('Ielauzēji');
    expect(await seen('/authorities')).not.toContain('Ielauzēji');
    expect(await seen('/templates')).not.toContain('Ielauzēji');
    expect(await seen('/office-hours')).not.toContain('00:00');
    expect(await seen(`/calendar?year=${year + 1}`)).not.toContain('Ielauzēji');
    expect(await seen(`/calendar?year=${year}`)).toContain('01.01.');
    expect(await seen('/deadline-rules')).not.toContain(`01.01.${year + 2}`);
    await admin.goto(settings('lv', '/institution'));
    expect(await admin.locator('#nameLv').inputValue()).toBe('Vides pārraudzības valsts birojs');
    await admin.goto(settings('lv', '/security'));
    expect(await admin.locator('#sessionIdleMinutes').inputValue()).not.toBe('480');
    const audit = await (
      await fetch(`${server.url}${staffPaths.admin.audit('lv')}`, { headers: { Cookie: await sessionCookie(admin) } })
    ).text();
    expect(audit).not.toContain('Ielauzēji');
  });
});
