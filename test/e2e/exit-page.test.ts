import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { accessibilityViolations, launchBrowser, openPage } from '../support/browser.ts';
import { chooseRadio, submitWithEnter, tabTo } from '../support/keyboard.ts';
import { sharedServer } from '../support/shared-server.ts';
import { startServer } from '../support/server.ts';
import { signInWithFetch } from '../support/sign-in.ts';
import { rigaDateOf } from '#src/calendar/riga-time.ts';
import { locales } from '#src/i18n/languages.ts';
import { publicPaths, staffPaths } from '#src/paths.ts';

// Issue 16: "who deals with your matter?", GOV.UK's exit page pattern, from
// the home page: a matter of ours goes on to our forms with its topic
// chosen, another authority's shows its contacts (S-14.1), nothing chosen
// asks again; by keyboard, without JavaScript, at 320 px, axe-clean in
// both languages; and the director reads how many were sent elsewhere.
const { baseUrl, now } = sharedServer();

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function visit(path: string, options: Parameters<typeof openPage>[1] = {}): Promise<Page> {
  const page = await openPage(browser, options);
  await page.goto(`${baseUrl}${path}`);
  return page;
}

const words = {
  lv: { link: 'Uzzināt, kas risina jūsu jautājumu', error: 'Izvēlieties sava jautājuma tēmu', vvd: 'To risina Valsts vides dienests' },
  en: {
    link: 'Find out who deals with your matter',
    error: 'Select what your matter is about',
    vvd: 'State Environmental Service deals with this',
  },
} as const;

const pathOf = (page: Page) => new URL(page.url()).pathname + new URL(page.url()).search;

describe.each(locales)('the question page in %s', (locale) => {
  const w = words[locale as keyof typeof words];

  it('is linked from the home page before the forms, and asks again with an error summary when nothing is chosen', async () => {
    const page = await visit(publicPaths.home(locale));
    const link = page.locator('main a', { hasText: w.link });
    const forms = page.locator('main a[href^="' + publicPaths.form(locale, 'complaint') + '"]').first();
    expect(await link.getAttribute('href')).toBe(publicPaths.matter(locale));
    // Before the forms list, in the order a reader meets them.
    const before = await page.evaluate(
      ([a, b]) => {
        const links = [...document.querySelectorAll('main a')].map((x) => x.getAttribute('href'));
        return links.indexOf(a!) < links.indexOf(b!);
      },
      [publicPaths.matter(locale), (await forms.getAttribute('href'))!],
    );
    expect(before).toBe(true);
    await tabTo(page, `main a[href="${publicPaths.matter(locale)}"]`);
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(pathOf(page)).toBe(publicPaths.matter(locale));
    expect(await accessibilityViolations(page)).toEqual([]);

    const response = await submitWithEnter(page);
    expect(response?.status()).toBe(400);
    expect(await page.locator('.error-summary a').innerText()).toBe(w.error);
    expect(await page.locator('.error-summary a').getAttribute('href')).toBe('#matter');
    expect(await page.locator('#matter-error').innerText()).toContain(w.error);
    expect(await page.title()).toMatch(/^(Kļūda|Error)/);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('sends a matter of another authority to its exit page: who deals with it, its contacts, and our forms anyway', async () => {
    const page = await visit(publicPaths.matter(locale));
    await chooseRadio(page, 'matter', 'elsewhere:vvd');
    await submitWithEnter(page);
    expect(pathOf(page)).toBe(publicPaths.matterElsewhere(locale, 'vvd'));
    expect(await page.locator('h1').innerText()).toBe(w.vvd);
    expect(await page.locator('main a[href="mailto:videssos@vvd.gov.lv"]').count()).toBe(1);
    expect(await page.locator('main a[href="tel:+37126338800"]').count()).toBe(1);
    // The referral limit in force: 5 working days.
    expect(await page.locator('main').innerText()).toContain(locale === 'lv' ? '5 darba dienu laikā' : 'within 5 working days');
    expect(await accessibilityViolations(page)).toEqual([]);
    // Continue to our forms anyway: "not sure" is chosen in the form already.
    await tabTo(page, `main a[href="${publicPaths.matterOurs(locale, 'unknown')}"]`);
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    await tabTo(page, `main a[href="${publicPaths.form(locale, 'question', { topic: 'unknown' })}"]`);
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(await page.locator('input[name=topic][value=unknown]').isChecked()).toBe(true);
    await page.context().close();
  });

  it('shows an authority without contacts without an empty contacts list', async () => {
    const page = await visit(publicPaths.matter(locale));
    await chooseRadio(page, 'matter', 'elsewhere:municipality');
    await submitWithEnter(page);
    expect(pathOf(page)).toBe(publicPaths.matterElsewhere(locale, 'municipality'));
    expect(await page.locator('main dl').count()).toBe(0);
    expect(await page.locator('main a[href^="mailto:"], main a[href^="tel:"]').count()).toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('sends a matter of ours on to our forms with its topic chosen', async () => {
    const page = await visit(publicPaths.matter(locale));
    await chooseRadio(page, 'matter', 'ours:chemicals');
    await submitWithEnter(page);
    expect(pathOf(page)).toBe(publicPaths.matterOurs(locale, 'chemicals'));
    expect(await accessibilityViolations(page)).toEqual([]);
    await tabTo(page, `main a[href="${publicPaths.form(locale, 'complaint', { topic: 'chemicals' })}"]`);
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(await page.locator('input[name=topic][value=chemicals]').isChecked()).toBe(true);
    await page.context().close();
  });

  it('sends "something else" on to our forms, not sure chosen', async () => {
    const page = await visit(publicPaths.matter(locale));
    await chooseRadio(page, 'matter', 'unsure');
    await submitWithEnter(page);
    expect(pathOf(page)).toBe(publicPaths.matterOurs(locale, 'unknown'));
    expect(await page.locator(`main a[href="${publicPaths.form(locale, 'callback', { topic: 'unknown' })}"]`).count()).toBe(1);
    await page.context().close();
  });

  it('fits a 320 px screen, with and without an error, and stays axe-clean there', async () => {
    for (const path of [publicPaths.matter(locale), publicPaths.matterElsewhere(locale, 'vi'), publicPaths.matterOurs(locale, 'eia')]) {
      const page = await visit(path, { width: 320 });
      if (path === publicPaths.matter(locale)) await submitWithEnter(page);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
      expect(await accessibilityViolations(page), path).toEqual([]);
      await page.context().close();
    }
  });

  it('answers an authority that is not on the page with a 404', async () => {
    const page = await openPage(browser);
    const response = await page.goto(`${baseUrl}${publicPaths.matterElsewhere(locale, 'no-such-authority')}`);
    expect(response?.status()).toBe(404);
    await page.context().close();
  });
});

describe('the counts staff read', () => {
  it('counts a choice in the month’s deadlines report, sent elsewhere and by authority', async () => {
    // A server of its own: signing the director in on the shared server would set up an
    // authenticator whose key only this file knows, and later files sign the director in there.
    const own = await startServer();
    onTestFinished(() => own.stop().then(() => undefined));
    const baseUrl = own.url;
    const cookie = await signInWithFetch(baseUrl, 'direktors@demo.vpvb.lv');
    const month = rigaDateOf(now()).slice(0, 7);
    const row = async (label: string) => {
      const html = await (
        await fetch(`${baseUrl}${staffPaths.report('en', 'deadlines', { month })}`, { headers: { Cookie: cookie } })
      ).text();
      const m = new RegExp(`<th[^>]*>${label}</th>\\s*<td[^>]*>(\\d+)</td>`).exec(html);
      return m ? Number(m[1]) : 0;
    };
    const [elsewhere, pvd] = [await row('Sent to another authority'), await row('to Food and Veterinary Service')];
    const sent = await fetch(`${baseUrl}${publicPaths.matter('en')}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Origin: baseUrl, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ matter: 'elsewhere:pvd' }),
    });
    expect(sent.status).toBe(303);
    expect(sent.headers.get('location')).toBe(publicPaths.matterElsewhere('en', 'pvd'));
    expect(await row('Sent to another authority')).toBe(elsewhere + 1);
    expect(await row('to Food and Veterinary Service')).toBe(pvd + 1);
  });
});
