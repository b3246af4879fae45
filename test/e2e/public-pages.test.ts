import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { accessibilityViolations, launchBrowser, openPage } from '../support/browser.ts';
import { locales } from '#src/i18n/languages.ts';
import { publicPaths } from '#src/paths.ts';

const baseUrl = inject('baseUrl');
/** The public pages, each built for a language. */
const pages = [publicPaths.home, publicPaths.about, publicPaths.accessibility, publicPaths.privacy];

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

/** Raw i18n keys look like `pages:home.title` or `home.services.survey.title`. */
async function rawKeys(page: Page): Promise<string[]> {
  const text = await page.locator('body').innerText();
  const title = await page.title();
  return [...`${title}\n${text}`.matchAll(/\b[a-z]+:[a-zA-Z]+(\.[a-zA-Z]+)+\b|\b[a-z]+\.[a-z][a-zA-Z]+\.[a-z][a-zA-Z.]+\b/g)]
    .map((m) => m[0])
    .filter((k) => !k.includes('gov.lv') && !k.includes('.lv') && !/@/.test(k));
}

describe.each(locales)('public pages in %s', (locale) => {
  for (const path of [...pages.map((p) => p(locale)), publicPaths.form(locale, 'no-such-page')]) {
    it(`${path} has no WCAG 2.2 AA violations, the right lang and a translated title`, async () => {
      const page = await visit(path);
      expect(await accessibilityViolations(page)).toEqual([]);
      expect(await page.locator('html').getAttribute('lang')).toBe(locale);
      const title = await page.title();
      expect(title).toMatch(/ – /);
      expect(await rawKeys(page)).toEqual([]);
      await page.context().close();
    });
  }

  it('fits a 320 px screen without sideways scrolling', async () => {
    for (const path of pages.map((p) => p(locale))) {
      const page = await visit(path, { width: 320 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
      await page.context().close();
    }
  });

  it('answers an unknown page with a translated 404', async () => {
    const page = await openPage(browser);
    const response = await page.goto(`${baseUrl}${publicPaths.form(locale, 'no-such-page')}`);
    expect(response?.status()).toBe(404);
    const other = locale === 'lv' ? 'Page not found' : 'Lapa nav atrasta';
    expect(await page.locator('h1').innerText()).not.toBe(other);
    await page.context().close();
  });
});

describe('the structure page (S-4.5)', () => {
  it.each([
    ['lv', 'Dokumentu kopijas papīra formā', '0,15 EUR par A4 lapas pusi', 'Bez maksas', 'Klientu apkalpošanas nodaļa'],
    ['en', 'Paper copies of documents', 'EUR 0.15 per side of an A4 page', 'Free of charge', 'Client Service Unit'],
  ])(
    'in %s lists the services with their prices and the unit that gives each, and the units’ phones',
    async (locale, copies, price, free, kan) => {
      const page = await visit(publicPaths.about(locale));
      const service = page.locator('main section', { has: page.locator('h3', { hasText: copies }) });
      expect(await service.locator('dd').allInnerTexts()).toEqual([price, locale === 'lv' ? 'Juridiskā nodaļa' : 'Legal Unit']);
      // The unit is a link to its contacts further up the page.
      const unitLink = service.locator('dd a');
      expect(await page.locator(`[id="${(await unitLink.getAttribute('href'))!.slice(1)}"]`).count()).toBe(1);
      expect(await page.locator('main').innerText()).toContain(free);
      const unit = page.locator('main section', { has: page.locator('h3', { hasText: kan }) });
      expect(await unit.locator('a[href="tel:+37167321173"]').innerText()).toBe('+371 67321173');
      await page.context().close();
    },
  );
});

describe('the home page', () => {
  it('shows the institution and the answer period in force in Latvian', async () => {
    const page = await visit(publicPaths.home('lv'));
    await expect(page.locator('h1').innerText()).resolves.toBe('Klientu balss');
    const body = await page.locator('main').innerText();
    expect(body).toContain('Vides pārraudzības valsts birojs');
    expect(body).toContain('10 darba dienu');
    await page.context().close();
  });

  it('shows the same in English', async () => {
    const page = await visit(publicPaths.home('en'));
    const body = await page.locator('main').innerText();
    expect(body).toContain('State Environmental Monitoring Bureau');
    expect(body).toContain('10 working days');
    await page.context().close();
  });

  it('switches language on the same page', async () => {
    const page = await visit(publicPaths.privacy('lv'));
    await page.getByRole('link', { name: 'English' }).click();
    expect(new URL(page.url()).pathname).toBe(publicPaths.privacy('en'));
    expect(await page.locator('h1').innerText()).toBe('Privacy notice');
    await page.context().close();
  });
});

describe('keyboard', () => {
  it.each(locales)('reaches every link and control of the home page with Tab, skip link first (%s)', async (locale) => {
    const page = await visit(publicPaths.home(locale));
    const focusable = await page.locator('a[href], button, input, select, textarea').count();
    const reached = new Set<string>();
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => document.activeElement?.getAttribute('href'));
    expect(first).toBe('#main');
    for (let i = 0; i < focusable + 2; i++) {
      const id = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body) return '';
        const all = [...document.querySelectorAll('a[href], button, input, select, textarea')];
        return String(all.indexOf(el));
      });
      if (id) reached.add(id);
      await page.keyboard.press('Tab');
    }
    expect(reached.size).toBe(focusable);
    await page.context().close();
  });

  it('the skip link moves focus to the main content', async () => {
    const page = await visit(publicPaths.home('en'));
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    await page.context().close();
  });
});

describe('the root address', () => {
  it.each([
    ['en-GB,en;q=0.9', 'en'],
    ['lv,en;q=0.5', 'lv'],
    ['de-DE,de;q=0.9', 'lv'],
    ['de;q=0.9,en;q=0.8', 'en'],
  ])('sends Accept-Language %s to /%s/', async (header, expected) => {
    const response = await fetch(`${baseUrl}/`, { headers: { 'Accept-Language': header }, redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe(`/${expected}/`);
  });
});

describe('platform safety', () => {
  it('sends security headers on pages', async () => {
    const response = await fetch(`${baseUrl}${publicPaths.home('lv')}`);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('same-origin');
  });

  it('answers /healthz with the database state', async () => {
    const response = await fetch(`${baseUrl}${publicPaths.health()}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', database: 'ok' });
  });

  it('refuses a cross-site form post', async () => {
    const response = await fetch(`${baseUrl}${publicPaths.home('lv')}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://evil.example' },
      body: 'a=1',
    });
    expect(response.status).toBe(403);
  });

  it('refuses an oversized request with a translated 413 page', async () => {
    const response = await fetch(`${baseUrl}${publicPaths.home('en')}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: baseUrl },
      body: 'a=' + 'x'.repeat(13 * 1024 * 1024),
    });
    expect(response.status).toBe(413);
    expect(await response.text()).toContain('too large');
  });
});
