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
 * DOM as it stands, after whatever the test did to it, is therefore served
 * again at the same address to a JavaScript-enabled context, where the same
 * stylesheets load, and axe checks that.
 */
export async function accessibilityViolations(page: Page, options: { rules?: string[] } = {}): Promise<string[]> {
  const html = await page.content();
  const url = page.url();
  const browser = page.context().browser();
  if (!browser) throw new Error('the page has no browser');
  const context = await browser.newContext({ javaScriptEnabled: true, viewport: page.viewportSize() ?? undefined });
  try {
    const copy = await context.newPage();
    await copy.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
    await copy.goto(url);
    // `rules` checks named rules instead, such as the best-practice landmark-unique.
    const builder = new AxeBuilder({ page: copy });
    const results = await (options.rules ? builder.withRules(options.rules) : builder.withTags(WCAG_22_AA)).analyze();
    return results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  } finally {
    await context.close();
  }
}
