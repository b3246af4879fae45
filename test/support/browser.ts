import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { withoutFakeClock } from './clock.ts';

// Debian's Chromium (Playwright's own download does not work here).
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    // The browser keeps the machine's clock when the suite runs under `faketime`: only the portal's clock is the test's.
    env: withoutFakeClock(process.env),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A page in a fresh context (axe needs a context's page), JavaScript off by default: the portal must work without it. */
export async function openPage(browser: Browser, options: { javaScript?: boolean; width?: number; locale?: string } = {}): Promise<Page> {
  const context = await browser.newContext({
    javaScriptEnabled: options.javaScript ?? false,
    viewport: { width: options.width ?? 1280, height: 900 },
    ...(options.locale ? { locale: options.locale } : {}),
  });
  return context.newPage();
}

export const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * axe's violations at WCAG 2.2 AA, reduced to what a failing test should print.
 *
 * axe runs inside the page, so it never finishes in a context with JavaScript
 * off (the way our tests browse, to prove the portal needs none). The page's
 * DOM as it stands, after whatever the test did to it, is therefore written
 * into a JavaScript-enabled page of the same origin (document.write, so the
 * same stylesheets load), and axe checks that. The portal's pages have no
 * scripts and no frames.
 *
 * That page is kept per browser and origin, with axe loaded once: a fresh
 * context, page and injection of axe for every check took 2-4 s of which
 * axe's own run is a few hundred milliseconds (CI time).
 */
export async function accessibilityViolations(page: Page, options: { rules?: string[] } = {}): Promise<string[]> {
  const html = await page.content();
  const browser = page.context().browser();
  if (!browser) throw new Error('the page has no browser');
  const checker = axeChecker(browser, new URL(page.url()).origin);
  const run = checker.queue.then(async () => {
    const copy = await checker.page;
    const viewport = page.viewportSize();
    if (viewport) await copy.setViewportSize(viewport);
    await copy.evaluate(async (markup) => {
      document.open();
      document.write(markup);
      document.close();
      // Checked only once styled: unstyled links fail target-size (CI saw it
      // on a file's first check, when the stylesheet was not yet cached).
      const sheets = [...document.querySelectorAll<HTMLLinkElement>('link[rel~="stylesheet"]')]
        .filter((link) => !link.sheet)
        .map(
          (link) =>
            new Promise((settled) => {
              link.addEventListener('load', settled, { once: true });
              link.addEventListener('error', settled, { once: true });
            }),
        );
      await Promise.all(sheets);
      await document.fonts.ready;
      while (document.readyState !== 'complete') await new Promise((tick) => setTimeout(tick, 5));
      await new Promise((frame) => requestAnimationFrame(() => requestAnimationFrame(frame)));
    }, html);
    // `rules` checks named rules instead, such as the best-practice landmark-unique.
    // axeSource ';': axe is in the page already (axeChecker); legacy mode runs it in the page alone, without a blank page to merge frames.
    const builder = new AxeBuilder({ page: copy, axeSource: ';' }).setLegacyMode(true);
    return (options.rules ? builder.withRules(options.rules) : builder.withTags(WCAG_22_AA)).analyze();
  });
  // One check at a time per page: the next waits for this one, failed or not.
  checker.queue = run.then(
    () => undefined,
    () => undefined,
  );
  const results = await run;
  return results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

type AxeChecker = { page: Promise<Page>; queue: Promise<unknown> };
const axeCheckers = new WeakMap<Browser, Map<string, AxeChecker>>();

/** The browser's JavaScript-enabled page for `origin`, with axe loaded (by one check of an empty page). */
function axeChecker(browser: Browser, origin: string): AxeChecker {
  let byOrigin = axeCheckers.get(browser);
  if (!byOrigin) axeCheckers.set(browser, (byOrigin = new Map()));
  let checker = byOrigin.get(origin);
  if (!checker) {
    const page = (async () => {
      const context = await browser.newContext({ javaScriptEnabled: true });
      const copy = await context.newPage();
      const blank = `${origin}/__accessibility-check`;
      await copy.route(blank, (route) =>
        route.fulfill({
          status: 200,
          contentType: 'text/html; charset=utf-8',
          body: '<!doctype html><html lang="en"><title>check</title></html>',
        }),
      );
      await copy.goto(blank);
      await new AxeBuilder({ page: copy }).setLegacyMode(true).withRules(['document-title']).analyze();
      return copy;
    })();
    checker = { page, queue: page };
    byOrigin.set(origin, checker);
  }
  return checker;
}
