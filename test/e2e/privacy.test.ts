import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { accessibilityViolations, launchBrowser, openPage } from '../support/browser.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { signInWithFetch } from '../support/sign-in.ts';
import { locales } from '#src/i18n/languages.ts';
import { translator } from '#src/i18n/index.ts';
import { publicPaths, staffPaths } from '#src/paths.ts';

// Personal data in the browser, on a server of its own (the sign-ins, the
// second factor and the cases it erases are this file's state).
let server: RunningServer;
let browser: Browser;
let administrator: string;
let official: string;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  // The administrator sets up the second factor at the first sign-in: the
  // helper reads the secret from the set-up page and answers with currentTotp.
  administrator = await signInWithFetch(server.url, 'administrators@demo.vpvb.lv');
  official = await signInWithFetch(server.url, 'ierednis@demo.vpvb.lv');
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function pageAs(cookie: string | undefined, path: string, options: Parameters<typeof openPage>[1] = {}): Promise<Page> {
  const page = await openPage(browser, options);
  if (cookie) {
    const [name, value] = cookie.split('=') as [string, string];
    await page.context().addCookies([{ name, value, url: server.url }]);
  }
  await page.goto(`${server.url}${path}`);
  return page;
}

function post(path: string, body: Record<string, string>, cookie: string): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
    body: new URLSearchParams(body),
  });
}

const LATER_MESSAGE = 'Vēl viens jautājums: vai ziņojumu varēs izlasīt arī klātienē?';

/** A client asks a question through the public form, as anyone would, and adds a line later; returns the reference number. */
async function askQuestion(locale: string, contact: { name: string; email: string; phone: string }): Promise<string> {
  const page = await pageAs(undefined, publicPaths.form(locale, 'question'));
  await page.check('input[name=topic][value="eia"]');
  await page.fill('#details', 'Kad tiks publicēts ietekmes uz vidi novērtējuma ziņojums?');
  await page.fill('#name', contact.name);
  // A reply in person: the form then asks for both the e-mail and the phone (D9).
  await page.check('input[name=replyChannel][value="in_person"]');
  await page.fill('#email', contact.email);
  await page.fill('#phone', contact.phone);
  await Promise.all([page.waitForURL(/\/check\//), page.click('main form button[type=submit]')]);
  await Promise.all([page.waitForURL(/\/submitted\//), page.click('main form button[type=submit]')]);
  const reference = /VPVB-\d{4}-\d{6}/.exec(await page.locator('.confirmation-panel').innerText())?.[0];
  // Later the client adds a line from the status page: it belongs to their data too.
  const status = await page.locator(`.status-link a`).first().getAttribute('href');
  await page.goto(`${server.url}${status}`);
  await page.fill('#message', LATER_MESSAGE);
  await Promise.all([page.waitForLoadState(), page.click('main form button[type=submit]')]);
  await page.context().close();
  if (!reference) throw new Error('no reference number on the confirmation');
  return reference;
}

async function summaryLinksResolve(page: Page): Promise<void> {
  for (const href of await page.locator('.error-summary a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))) {
    expect(await page.locator(href!).count(), href!).toBe(1);
  }
}

describe.each(locales)('a data subject request in %s', (locale) => {
  const t = translator(locale);
  // One person per language, so each language's run erases only its own.
  const person =
    locale === 'lv'
      ? { name: 'Ilze Priedīte', email: 'Ilze.Priedite@example.lv', phone: '+371 29 123 456' }
      : { name: 'Edgars Egle', email: 'edgars.egle@example.lv', phone: '+371 29 123 457' };
  const typedPhone = locale === 'lv' ? '29 123 456' : '29123457';
  let reference: string;

  beforeAll(async () => {
    reference = await askQuestion(locale, person);
  });

  it('searches, exports, prints and erases with confirmation, every page axe-clean', async () => {
    const page = await pageAs(administrator, staffPaths.admin.dataRequests(locale));
    expect(await page.locator('h1').innerText()).toBe(t('privacy:requests.title'));
    expect(await page.locator('html').getAttribute('lang')).toBe(locale);
    expect(await accessibilityViolations(page), 'empty search').toEqual([]);

    // Sent empty: 400, and an error summary that links to the field.
    const [empty] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.click('main form button[type=submit]'),
    ]);
    expect(empty.status()).toBe(400);
    expect(await page.locator('.error-summary').innerText()).toContain(t('privacy:errors.email.searchTerm'));
    await summaryLinksResolve(page);
    expect(await accessibilityViolations(page), 'search with errors').toEqual([]);

    // The phone in another format than the client typed finds the case.
    await page.fill('#phone', typedPhone);
    await Promise.all([page.waitForLoadState(), page.click('main form button[type=submit]')]);
    const results = await page.locator('main').innerText();
    expect(results).toContain(reference);
    expect(results).toContain(t('privacy:requests.casesFound', { count: 1 }));
    expect(await accessibilityViolations(page), 'results').toEqual([]);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);

    // The e-mail in other letters finds the case and the acknowledgement sent to it.
    await page.fill('#phone', '');
    await page.fill('#email', person.email.toUpperCase());
    await Promise.all([page.waitForLoadState(), page.click('main form button[type=submit]')]);
    expect(await page.locator('main').innerText()).toContain(t('privacy:requests.mailFound', { count: 1 }));
    expect(await page.locator('input[type=hidden][name=email]').first().inputValue()).toBe(person.email.toLowerCase());

    // The JSON copy: a download that is never cached, with the case in it.
    const download = await post(
      staffPaths.admin.dataRequests(locale, 'export'),
      { email: person.email.toLowerCase(), phone: '', format: 'json' },
      administrator,
    );
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toContain('application/json');
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="personal-data-\d{4}-\d{2}-\d{2}\.json"$/);
    expect(download.headers.get('cache-control')).toBe('no-store');
    const copy = (await download.json()) as {
      cases: Array<{
        reference: string;
        details: string;
        contact: { name: string; email: string; phone: string };
        messages: Array<{ via: string; text: string }>;
      }>;
      mail: Array<{ to: string }>;
    };
    expect(copy.cases).toHaveLength(1);
    expect(copy.cases[0]).toMatchObject({
      reference,
      details: 'Kad tiks publicēts ietekmes uz vidi novērtējuma ziņojums?',
      contact: { name: person.name, email: person.email, phone: person.phone.replace(/ /g, '') },
      messages: [expect.objectContaining({ via: 'status_page', text: LATER_MESSAGE })],
    });
    expect(copy.mail).toEqual([expect.objectContaining({ to: person.email })]);

    // The printable copy.
    await Promise.all([page.waitForURL(/\/data-requests\/export$/), page.click(`button[name=format][value=print]`)]);
    expect(await page.locator('h1').innerText()).toBe(t('privacy:copy.title'));
    const printed = await page.locator('main').innerText();
    expect(printed).toContain(t('privacy:copy.case', { reference }));
    expect(printed).toContain(t('privacy:copy.messages'));
    expect(printed).toContain(LATER_MESSAGE);
    expect(await accessibilityViolations(page), 'printable copy').toEqual([]);

    // Erasure: searched again, then the confirmation step first.
    await page.goto(`${server.url}${staffPaths.admin.dataRequests(locale)}`);
    await page.fill('#email', person.email);
    await Promise.all([page.waitForLoadState(), page.click('main form button[type=submit]')]);
    await Promise.all([page.waitForURL(/\/data-requests\/erase$/), page.click('button[name=step][value=review]')]);
    expect(await page.locator('h1').innerText()).toBe(t('privacy:erase.title'));
    expect(await page.locator('main').innerText()).toContain(t('privacy:erase.openCases', { count: 1 }));
    expect(await accessibilityViolations(page), 'confirmation').toEqual([]);

    // Without a ground and the confirmation nothing is erased.
    const [refused] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.click('button[name=step][value=erase]'),
    ]);
    expect(refused.status()).toBe(400);
    expect(await page.locator('.error-summary').innerText()).toContain(t('privacy:errors.confirmed.confirmErasure'));
    await summaryLinksResolve(page);
    expect(await accessibilityViolations(page), 'confirmation with errors').toEqual([]);

    // The case is still open: the client withdraws it, so it goes too.
    await page.check('#includeOpen');
    await page.check('input[name=ground][value="objection"]');
    await page.fill('#note', 'Nr. 1-7/42');
    await page.check('#confirmed');
    await Promise.all([page.waitForURL(/\/data-requests\?erased/), page.click('button[name=step][value=erase]')]);
    const done = await page.locator('.success-message').innerText();
    expect(done).toContain(t('privacy:requests.erasedHeading'));
    expect(done).toMatch(new RegExp(`${t('privacy:requests.erased.cases')}\\s+1`));
    expect(await accessibilityViolations(page), 'erased').toEqual([]);

    // Searched again, nothing is left.
    await page.fill('#email', person.email);
    await page.fill('#phone', typedPhone);
    await Promise.all([page.waitForLoadState(), page.click('main form button[type=submit]')]);
    expect(await page.locator('main').innerText()).toContain(t('privacy:requests.nothingFound'));
    expect(await accessibilityViolations(page), 'nothing found').toEqual([]);
    await page.context().close();

    // The audit log names each step, but never the person's address or number.
    const audit = await pageAs(administrator, staffPaths.admin.audit(locale, { entity: 'data_subject' }));
    const log = await audit.locator('main').innerText();
    expect(log).toContain('data_request.search');
    expect(log).toContain('data_request.export');
    expect(log).toContain('data_request.erase');
    expect(log).not.toContain(person.email.toLowerCase());
    expect(log).not.toMatch(/29\s?123\s?45[67]/);
    await audit.context().close();
  });

  it('edits the retention periods, refusing a period out of range, every state axe-clean', async () => {
    const page = await pageAs(administrator, staffPaths.admin.retention(locale));
    expect(await page.locator('h1').innerText()).toBe(t('privacy:retention.title'));
    expect(await page.inputValue('#closed_cases')).toBe('1826');
    expect(await page.inputValue('#survey_contacts')).toBe('365');
    expect(await page.inputValue('#sent_mail')).toBe('90');
    expect(await accessibilityViolations(page), 'retention').toEqual([]);

    await page.fill('#sent_mail', '0');
    const [refused] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.click('main form button[type=submit]'),
    ]);
    expect(refused.status()).toBe(400);
    expect(await page.locator('.error-summary').innerText()).toContain(t('privacy:errors.sent_mail.daysRange', { min: 1, max: 3650 }));
    expect(await page.inputValue('#sent_mail')).toBe('0');
    await summaryLinksResolve(page);
    expect(await accessibilityViolations(page), 'retention with errors').toEqual([]);

    await page.fill('#sent_mail', '120');
    await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click('main form button[type=submit]')]);
    expect(await page.locator('.success-message').innerText()).toBe(t('privacy:retention.saved'));
    expect(await accessibilityViolations(page), 'retention saved').toEqual([]);
    // The public privacy notice states the period in force.
    const notice = await pageAs(undefined, publicPaths.privacy(locale));
    expect(await notice.locator('main').innerText()).toContain(t('privacy:notice.days', { count: 120 }));
    await notice.context().close();
    // Back to the seed's value for the other language's run.
    await page.fill('#sent_mail', '90');
    await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click('main form button[type=submit]')]);
    expect(await page.inputValue('#sent_mail')).toBe('90');
    await page.context().close();

    const audit = await pageAs(administrator, staffPaths.admin.audit(locale, { entity: 'retention_rules' }));
    expect(await audit.locator('main').innerText()).toMatch(/sent_mail: 90 → 120/);
    await audit.context().close();
  });
});

describe('who may handle personal data', () => {
  it('gives an official 403 on every page and post, and changes nothing', async () => {
    for (const path of [
      staffPaths.admin.dataRequests('lv'),
      staffPaths.admin.dataRequests('en'),
      staffPaths.admin.retention('lv'),
      staffPaths.admin.retention('en'),
    ]) {
      const response = await fetch(`${server.url}${path}`, { redirect: 'manual', headers: { Cookie: official } });
      expect(response.status, path).toBe(403);
    }
    for (const [path, body] of [
      [staffPaths.admin.dataRequests('lv'), { email: 'ilze.priedite@example.lv', phone: '' }],
      [staffPaths.admin.dataRequests('lv', 'export'), { email: 'ilze.priedite@example.lv', phone: '', format: 'json' }],
      [
        staffPaths.admin.dataRequests('lv', 'erase'),
        { email: 'ilze.priedite@example.lv', phone: '', step: 'erase', ground: 'objection', confirmed: 'yes', includeOpen: 'yes' },
      ],
      [staffPaths.admin.retention('lv'), { closed_cases: '1', survey_contacts: '1', sent_mail: '1' }],
    ] as const) {
      const response = await post(path, body, official);
      expect(response.status, path).toBe(403);
      expect(await response.text()).not.toContain('ilze.priedite');
    }
    const page = await pageAs(official, staffPaths.admin.dataRequests('lv'));
    expect(await page.locator('h1').innerText()).toBe(translator('lv')('staff:forbidden.title'));
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.context().close();
    // The periods are as the administrator left them.
    const retention = await pageAs(administrator, staffPaths.admin.retention('lv'));
    expect(await retention.inputValue('#closed_cases')).toBe('1826');
    await retention.context().close();
  });

  it('sends somebody not signed in to the sign-in page', async () => {
    const response = await fetch(`${server.url}${staffPaths.admin.dataRequests('lv')}`, { redirect: 'manual' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toMatch(/\/lv\/staff\/sign-in\?next=/);
  });
});
