import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { accessibilityViolations, launchBrowser, openPage } from '../support/browser.ts';

// The check every browser test relies on (accessibilityViolations) must find
// what it is there to find: it writes the tested page's DOM into a kept page
// with axe loaded, so a check that saw a stale page, a blank one, the
// previous check's page or a page not yet styled would be wrong. A small
// HTTP server of the test's own serves the pages, no portal needed.
const pageHtml = (lang: string, body: string, head = '') =>
  `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>Check</title>${head}</head><body><main><h1>Check</h1>${body}</main></body></html>`;

// Links a few pixels apart: too small to touch (WCAG 2.2 target-size) until the stylesheet makes them blocks of 44 px.
const links = '<nav aria-label="Links"><a href="#a">a</a><a href="#b">b</a><a href="#c">c</a></nav>';

const pages: Record<string, string> = {
  '/clean': pageHtml('en', '<p>Nothing wrong here.</p><label for="q">Question</label> <input id="q" name="q">'),
  '/broken': pageHtml('lv', '<img src="/x.png"><input name="unnamed"><p style="color:#bbb;background:#fff">Pelēks uz balta.</p>'),
  '/no-lang': '<!doctype html><html><head><title>Check</title></head><body><main><h1>Check</h1></main></body></html>',
  '/unstyled': pageHtml('en', links),
  '/styled': pageHtml('en', links, '<link rel="stylesheet" href="/slow.css">'),
};

describe('the accessibility check of the browser tests', () => {
  let server: Server;
  let site: string;
  let browser: Browser;
  let tab: Page;

  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === '/slow.css') {
        // Slower than the page: a check that does not wait for it sees the links unstyled.
        setTimeout(() => response.writeHead(200, { 'Content-Type': 'text/css' }).end('nav a { display: block; padding: 12px; }'), 400);
        return;
      }
      const body = pages[request.url ?? ''];
      if (body) response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(body);
      else response.writeHead(404).end();
    });
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
    site = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
    tab = await openPage(browser);
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((closed) => server?.close(closed));
  });

  const ids = (violations: string[]) => violations.map((v) => v.split(' ')[0]);

  it('finds the violations of a page, then none on a clean page, then those of the next page', async () => {
    await tab.goto(site + '/broken');
    expect(ids(await accessibilityViolations(tab))).toEqual(expect.arrayContaining(['image-alt', 'label', 'color-contrast']));
    await tab.goto(site + '/clean');
    expect(await accessibilityViolations(tab)).toEqual([]);
    await tab.goto(site + '/no-lang');
    expect(ids(await accessibilityViolations(tab))).toEqual(['html-has-lang']);
  });

  it('checks a page only once its stylesheet has loaded', async () => {
    await tab.goto(site + '/unstyled');
    expect(ids(await accessibilityViolations(tab))).toEqual(['target-size']);
    await tab.goto(site + '/styled');
    expect(await accessibilityViolations(tab)).toEqual([]);
  });

  it('does not mix up checks run at once', async () => {
    await tab.goto(site + '/clean');
    const second = await openPage(browser);
    await second.goto(site + '/broken');
    const [clean, broken] = await Promise.all([accessibilityViolations(tab), accessibilityViolations(second)]);
    expect(clean).toEqual([]);
    expect(broken.length).toBeGreaterThanOrEqual(3);
  });
});
