import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { accessibilityViolations, launchBrowser, openPage } from '../support/browser.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { signInWithFetch } from '../support/sign-in.ts';
import { chooseRadio, submitWithEnter, tabTo, typeInto } from '../support/keyboard.ts';
import { pageWithSession } from '../support/http-factories.ts';
import { TEST_NOW } from '../support/clock.ts';
import { addCalendarDays } from '#src/calendar/dates.ts';
import { rigaDateOf } from '#src/calendar/riga-time.ts';
import { locales } from '#src/i18n/languages.ts';
import { publicPaths, staffPaths } from '#src/paths.ts';

// Issue 16 in Chromium without JavaScript, on a server of its own: an
// official registers a letter received by post by keyboard, is told of a
// wrong date without losing what was typed, and prints the proof of
// receipt and the acknowledgement letter. Every page axe-clean in both
// languages and without sideways scrolling at 320 px.

let server: RunningServer;
let browser: Browser;
let cookie: string;
const dayText = (iso: string) => iso.split('-').reverse().join('.') + '.';

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  cookie = await signInWithFetch(server.url, 'ierednis@demo.vpvb.lv');
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function expectAxeCleanInEveryLanguage(page: Page, label: string): Promise<void> {
  const path = new URL(page.url()).pathname + new URL(page.url()).search;
  for (const locale of locales) {
    const copy = await pageWithSession(browser, server.url, cookie, publicPaths.inLanguage(locale, path));
    expect(await accessibilityViolations(copy), `${label} (${locale})`).toEqual([]);
    await copy.context().close();
  }
}

async function expectNoSidewaysScroll(path: string): Promise<void> {
  const phone = await pageWithSession(browser, server.url, cookie, path, { width: 320 });
  expect(await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), path).toBeLessThanOrEqual(
    0,
  );
  await phone.context().close();
}

describe('a letter received by post, registered by an official', () => {
  it('is registered by keyboard, keeps what was typed on a wrong date, and prints its proof of receipt and letter', async () => {
    const page = await pageWithSession(browser, server.url, cookie, staffPaths.home('lv'));
    await page.locator('nav a', { hasText: 'Reģistrēt' }).first().click();
    expect(await page.locator('h1').innerText()).toBe('Reģistrēt iesniegumu');
    await expectAxeCleanInEveryLanguage(page, 'choosing the kind');
    await chooseRadio(page, 'kind', 'question');
    await submitWithEnter(page);
    expect(await page.locator('h1').innerText()).toBe('Reģistrēt iesniegumu: jautājums');
    await expectAxeCleanInEveryLanguage(page, 'the registration form');
    await expectNoSidewaysScroll(staffPaths.register('lv', { kind: 'question' }));

    await chooseRadio(page, 'channel', 'post');
    // The date received: a day in the future first (the server's clock is TEST_NOW).
    const today = rigaDateOf(TEST_NOW);
    await tabTo(page, '#receivedOn');
    await page.keyboard.press('Control+A');
    await page.keyboard.type(dayText(addCalendarDays(today, 1)));
    await chooseRadio(page, 'topic', 'eia');
    await typeInto(page, 'details', 'Lūdzu, atsūtiet atļaujas kopiju.');
    await typeInto(page, 'name', 'Jānis Bērziņš');
    await chooseRadio(page, 'replyChannel', 'post');
    await typeInto(page, 'address', 'Brīvības iela 1, Rīga, LV-1010');
    const refused = await submitWithEnter(page);
    expect(refused?.status()).toBe(400);
    expect(await page.locator('.error-summary').innerText()).toContain('Saņemšanas datums nevar būt nākotnē');
    expect(await page.locator('#details').inputValue()).toBe('Lūdzu, atsūtiet atļaujas kopiju.');
    expect(await page.locator('#address').inputValue()).toBe('Brīvības iela 1, Rīga, LV-1010');
    expect(await accessibilityViolations(page), 'the form with an error').toEqual([]);

    // Received two days ago: the deadline runs from then.
    await tabTo(page, '#receivedOn');
    await page.keyboard.press('Control+A');
    await page.keyboard.type(dayText(addCalendarDays(today, -2)));
    await submitWithEnter(page);
    const done = page.locator('.success-message');
    expect(await done.innerText()).toMatch(/Iesniegums reģistrēts ar numuru VPVB-\d{4}-\d{6}/);
    const reference = /VPVB-\d{4}-\d{6}/.exec(await done.innerText())![0];

    await done.locator('a', { hasText: 'Drukāt apliecinājumu par saņemšanu' }).click();
    const receipt = page.locator('article.paper');
    expect(await receipt.innerText()).toContain(reference);
    expect(await receipt.innerText()).toContain('Lūdzu, atsūtiet atļaujas kopiju.');
    expect(await receipt.innerText()).toContain(dayText(addCalendarDays(today, -2)).slice(0, -1));
    expect(await receipt.innerText()).toContain('Pasts');
    await expectAxeCleanInEveryLanguage(page, 'the proof of receipt');
    const receiptPath = new URL(page.url()).pathname;
    await expectNoSidewaysScroll(receiptPath);
    // Printed, only the paper is left.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('h1').isVisible()).toBe(false);
    expect(await receipt.isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });

    await page.goto(`${server.url}${receiptPath.replace(/receipt$/, 'acknowledgement-letter')}`);
    const letter = await page.locator('article.paper').innerText();
    expect(letter).toContain('Jānis Bērziņš');
    expect(letter).toContain('Brīvības iela 1, Rīga, LV-1010');
    expect(letter).toContain(`Jūsu iesniegums ${reference} ir saņemts`);
    await expectAxeCleanInEveryLanguage(page, 'the acknowledgement letter');
    await page.context().close();
  });
});
