import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { accessibilityViolations, launchBrowser, openPage } from '../support/browser.ts';

// The check every browser test relies on (accessibilityViolations) must find
// what it is there to find: it writes the tested page's DOM into a kept page
// with axe loaded, so a check that saw a stale page, a blank one or the
// previous check's page would pass everything. Pages served by a route, no
// portal needed.
const SITE = 'http://accessibility-check.test';

const page = (lang: string, body: string) =>
  `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>Check</title></head><body><main><h1>Check</h1>${body}</main></body></html>`;

const pages: Record<string, string> = {
  '/clean': page('en', '<p>Nothing wrong here.</p><label for="q">Question</label> <input id="q" name="q">'),
  '/broken': page('lv', '<img src="/x.png"><input name="unnamed"><p style="color:#bbb;background:#fff">Pelēks uz balta.</p>'),
  '/no-lang': '<!doctype html><html><head><title>Check</title></head><body><main><h1>Check</h1></main></body></html>',
};

describe('the accessibility check of the browser tests', () => {
  let browser: Browser;
  let tab: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    tab = await openPage(browser);
    await tab.context().route(`${SITE}/**`, (route) => {
      const body = pages[new URL(route.request().url()).pathname];
      return body
        ? route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body })
        : route.fulfill({ status: 404, body: '' });
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('finds the violations of a page, then none on a clean page, then those of the next page', async () => {
    await tab.goto(`${SITE}/broken`);
    const broken = await accessibilityViolations(tab);
    expect(broken.map((v) => v.split(' ')[0])).toEqual(expect.arrayContaining(['image-alt', 'label', 'color-contrast']));

    await tab.goto(`${SITE}/clean`);
    expect(await accessibilityViolations(tab)).toEqual([]);

    await tab.goto(`${SITE}/no-lang`);
    expect((await accessibilityViolations(tab)).map((v) => v.split(' ')[0])).toEqual(['html-has-lang']);
  });

  it('does not mix up checks run at once', async () => {
    await tab.goto(`${SITE}/clean`);
    const second = await openPage(browser);
    await second
      .context()
      .route(`${SITE}/**`, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: pages['/broken']! }));
    await second.goto(`${SITE}/broken`);
    const [clean, broken] = await Promise.all([accessibilityViolations(tab), accessibilityViolations(second)]);
    expect(clean).toEqual([]);
    expect(broken.length).toBeGreaterThanOrEqual(3);
  });
});
