import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { accessibilityViolations, launchBrowser } from '../support/browser.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { signInWithFetch } from '../support/sign-in.ts';
import { chooseRadio, submitWithEnter, typeInto } from '../support/keyboard.ts';
import { pageWithSession } from '../support/http-factories.ts';
import { TEST_NOW } from '../support/clock.ts';
import { startDovecot, type RunningDovecot } from '../support/dovecot.ts';
import { complaintByMail, letter } from '../support/letters.ts';
import { locales } from '#src/i18n/languages.ts';
import { publicPaths, staffPaths } from '#src/paths.ts';

// Issue 16 in Chromium without JavaScript: the portal reads a real Dovecot
// mailbox holding two letters in Latvian; a unit's manager registers one
// (the register filled in from the mail, its file kept) and dismisses the
// other with a reason. The page is axe-clean in both languages.

let dovecot: RunningDovecot;
let server: RunningServer;
let browser: Browser;
let cookie: string;

beforeAll(async () => {
  dovecot = await startDovecot();
  // An hour before the server's clock: the day received is the mail's arrival.
  const arrivedAt = new Date(TEST_NOW.getTime() - 60 * 60_000);
  await dovecot.deliver(await complaintByMail(1), { arrivedAt });
  await dovecot.deliver(await complaintByMail(2), { arrivedAt });
  server = await startServer({ IMAP_URL: dovecot.url, IMAP_REQUIRE_TLS: '0', IMAP_POLL_SECONDS: '5' });
  browser = await launchBrowser();
  cookie = await signInWithFetch(server.url, 'vaditaja@demo.vpvb.lv');
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await dovecot?.stop();
});

/** The queue, once the reader has brought both letters in (it reads at start-up, then every 5 s). */
async function queueWithBothLetters(): Promise<Page> {
  // Counted in tries, not by the clock: the suite runs under a faked one (docs/0008).
  for (let tries = 1; ; tries++) {
    const page = await pageWithSession(browser, server.url, cookie, staffPaths.mailToRegister('lv'));
    if ((await page.locator('main section h2').count()) === 2 || tries >= 120) return page;
    await page.context().close();
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function expectAxeCleanInEveryLanguage(page: Page, label: string): Promise<void> {
  const path = new URL(page.url()).pathname + new URL(page.url()).search;
  for (const locale of locales) {
    const copy = await pageWithSession(browser, server.url, cookie, publicPaths.inLanguage(locale, path));
    expect(await accessibilityViolations(copy), `${label} (${locale})`).toEqual([]);
    await copy.context().close();
  }
}

describe('mail to register', () => {
  it('is registered as a case from the mail, or dismissed with a reason', async () => {
    const page = await queueWithBothLetters();
    expect(await page.locator('h1').innerText()).toBe('E-pasts reģistrēšanai');
    expect(await page.locator('main section h2').allInnerTexts()).toEqual([
      'Sūdzība par atkritumu izvešanu 1',
      'Sūdzība par atkritumu izvešanu 2',
    ]);
    const first = page.locator('main section').first();
    expect(await first.innerText()).toContain('Jānis Bērziņš <janis.berzins@example.lv>');
    expect(await first.innerText()).toContain('fotogrāfija-rēķins.pdf');
    await expectAxeCleanInEveryLanguage(page, 'the queue');

    // Register the first: the kind, then the form filled in from the mail.
    await first.locator('a', { hasText: 'Reģistrēt kā iesniegumu' }).click();
    await chooseRadio(page, 'kind', 'question');
    await submitWithEnter(page);
    expect(await page.locator('.panel').first().innerText()).toContain('Sūdzība par atkritumu izvešanu 1');
    expect(await page.locator('input[name="channel"][value="email"]').isChecked()).toBe(true);
    expect(await page.locator('#details').inputValue()).toContain('Ūdens ielā 5');
    expect(await page.locator('#name').inputValue()).toBe('Jānis Bērziņš');
    expect(await page.locator('#email').inputValue()).toBe('janis.berzins@example.lv');
    expect(await page.locator('#receivedTime').inputValue()).toBe('09:00');
    expect(await page.locator('form.intake-form').innerText()).toContain('fotogrāfija-rēķins.pdf');
    await expectAxeCleanInEveryLanguage(page, 'the register filled in from a mail');
    await chooseRadio(page, 'topic', 'eia');
    const registered = await submitWithEnter(page);
    expect(registered?.status()).toBe(200);
    const done = await page.locator('.success-message h2').innerText();
    expect(done).toMatch(/^Iesniegums reģistrēts ar numuru /);
    await Promise.all([page.waitForNavigation(), page.locator('.success-message a', { hasText: 'Atvērt lietu' }).click()]);
    expect(await page.locator('main').innerText()).toContain('fotogrāfija-rēķins.pdf');

    // A colleague opens the register from the second mail, and sends it only after it was dismissed (below).
    const colleague = await pageWithSession(browser, server.url, cookie, staffPaths.mailToRegister('lv'));
    await colleague.locator('main section a', { hasText: 'Reģistrēt kā iesniegumu' }).click();
    await chooseRadio(colleague, 'kind', 'question');
    await submitWithEnter(colleague);
    expect(await colleague.locator('.panel').first().innerText()).toContain('Sūdzība par atkritumu izvešanu 2');

    // Dismiss the second: a reason is required, then it is gone from the queue.
    await page.goto(new URL(staffPaths.mailToRegister('lv'), server.url).href);
    expect(await page.locator('main section h2').allInnerTexts()).toEqual(['Sūdzība par atkritumu izvešanu 2']);
    const dismissButton = page.locator('main section button', { hasText: 'Noraidīt' });
    const refused = await Promise.all([page.waitForNavigation(), dismissButton.click()]).then(([r]) => r);
    expect(refused?.status()).toBe(400);
    expect(await page.locator('.error-summary').innerText()).toContain('Ievadiet noraidīšanas iemeslu');
    expect(await accessibilityViolations(page), 'the queue with an error').toEqual([]);
    const reasonId = await page.locator('main section textarea').getAttribute('id');
    await typeInto(page, reasonId!, 'Dublikāts: tas pats iesniegums jau reģistrēts.');
    await Promise.all([page.waitForNavigation(), page.locator('main section button', { hasText: 'Noraidīt' }).click()]);
    expect(await page.locator('.success-message').innerText()).toContain('E-pasts noraidīts');
    expect(await page.locator('main section').count()).toBe(0);
    expect(await page.locator('main').innerText()).toContain('Nav neviena jauna e-pasta, ko reģistrēt.');

    // The colleague's registration of the mail dismissed meanwhile: no second decision, no case, what they typed kept.
    await chooseRadio(colleague, 'topic', 'eia');
    const late = await submitWithEnter(colleague);
    expect(late?.status()).toBe(400);
    expect(await colleague.locator('.error-summary').innerText()).toContain('kolēģis jau ir reģistrējis vai noraidījis');
    expect(await colleague.locator('#details').inputValue()).toContain('Ūdens ielā 5');
    expect(await colleague.locator('input[name="topic"][value="eia"]').isChecked()).toBe(true);
    expect(await accessibilityViolations(colleague), 'the register after a colleague decided the mail').toEqual([]);
    await colleague.context().close();
  });
});

describe('mail the portal could not read', () => {
  let bigDovecot: RunningDovecot;
  let bigServer: RunningServer;
  let bigCookie: string;
  beforeAll(async () => {
    bigDovecot = await startDovecot();
    const arrivedAt = new Date(TEST_NOW.getTime() - 2 * 60 * 60_000);
    // Over a limit of 1 MB: given up at once, never downloaded.
    const scan = Buffer.alloc(1_200_000, 7);
    await bigDovecot.deliver(
      await letter({
        from: 'Ilze Liepa <ilze.liepa@example.lv>',
        to: 'kanceleja@iestade.lv',
        subject: 'Skenēti dokumenti',
        text: 'Pielikumā visi dokumenti.',
        attachments: [{ filename: 'skenējums.pdf', content: scan, contentType: 'application/pdf' }],
      }),
      { arrivedAt },
    );
    bigServer = await startServer({ IMAP_URL: bigDovecot.url, IMAP_REQUIRE_TLS: '0', IMAP_POLL_SECONDS: '5', IMAP_MAX_MESSAGE_MB: '1' });
    bigCookie = await signInWithFetch(bigServer.url, 'vaditaja@demo.vpvb.lv');
  });
  afterAll(async () => {
    await bigServer?.stop();
    await bigDovecot?.stop();
  });

  it('is listed for the managers, to read in the mailbox, until one marks it read', async () => {
    // Counted in tries, not by the clock (docs/0008): the reader reads at start-up, then every 5 s.
    let page: Page;
    for (let tries = 1; ; tries++) {
      page = await pageWithSession(browser, bigServer.url, bigCookie, staffPaths.mailToRegister('lv'));
      if ((await page.locator('#unreadable-mail').count()) === 1 || tries >= 120) break;
      await page.context().close();
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const section = page.locator('section[aria-labelledby="unreadable-mail"]');
    expect(await section.locator('h2').innerText()).toBe('E-pasts, ko portāls nevarēja nolasīt');
    expect(await section.innerText()).toContain('Pārāk liela, lai to lejupielādētu (2 MB)');
    expect(await page.locator('main').innerText()).toContain('Nav neviena jauna e-pasta, ko reģistrēt.');
    for (const locale of locales) {
      const copy = await pageWithSession(browser, bigServer.url, bigCookie, staffPaths.mailToRegister(locale));
      expect(await accessibilityViolations(copy), `the list of mail not read (${locale})`).toEqual([]);
      await copy.context().close();
    }
    const [response] = await Promise.all([page.waitForNavigation(), section.locator('button', { hasText: 'Izlasīta pastkastē' }).click()]);
    expect(response?.status()).toBe(200);
    expect(await page.locator('.success-message').innerText()).toContain('Vēstule atzīmēta kā izlasīta pastkastē');
    expect(await page.locator('#unreadable-mail').count()).toBe(0);
    expect(await accessibilityViolations(page), 'the page after marking it read').toEqual([]);
    await page.context().close();
  });
});
