import type { Browser, Page } from 'playwright-core';
import { openPage } from './browser.ts';
import { DEMO_PASSWORD } from '#src/db/seed.ts';
import { knownTotpSecret, rememberTotpSecret, unusedTotp } from './sign-in.ts';
import { staffPaths } from '#src/paths.ts';

// Signing a demo staff member in through the pages, as a person would:
// e-mail and password, then the second factor. An administrator sets up
// TOTP on the first sign-in; the secret is kept here per server and
// account (shared with signInWithFetch), as an authenticator app would
// keep it, for the next sign-in.

async function submit(page: Page): Promise<void> {
  await Promise.all([page.waitForNavigation(), page.click('main form button[type=submit]')]);
}

/** A page in a fresh browser context, signed in as `email` on the server at `baseUrl`, on the staff home. */
export async function signInAs(
  browser: Browser,
  baseUrl: string,
  email: string,
  options: Parameters<typeof openPage>[1] = {},
): Promise<Page> {
  const page = await openPage(browser, options);
  await page.goto(`${baseUrl}${staffPaths.signIn('lv')}`);
  await page.fill('#email', email);
  await page.fill('#password', DEMO_PASSWORD);
  await submit(page);
  const path = new URL(page.url()).pathname;
  if (path.endsWith('/set-up-second-factor')) {
    const secret = (await page.locator('.secret').innerText()).replace(/\s/g, '');
    rememberTotpSecret(baseUrl, email, secret);
    await page.fill('#code', await unusedTotp(baseUrl, email, secret));
    await submit(page);
    // The page now shows the recovery codes once; the staff home is next.
    await page.goto(`${baseUrl}${staffPaths.home('lv')}`);
  } else if (path.endsWith('/second-factor')) {
    const secret = knownTotpSecret(baseUrl, email);
    if (!secret) throw new Error(`no TOTP secret known for ${email} on ${baseUrl}`);
    await page.fill('#code', await unusedTotp(baseUrl, email, secret));
    await submit(page);
  }
  const landed = new URL(page.url()).pathname;
  if (!landed.endsWith('/staff/')) throw new Error(`signing in as ${email} ended on ${landed}`);
  return page;
}

/** The session cookie of a signed-in page, for requests made with fetch. */
export async function sessionCookie(page: Page): Promise<string> {
  const cookie = (await page.context().cookies()).find((c) => c.name === 'kb_staff');
  if (!cookie) throw new Error('the page has no staff session');
  return `${cookie.name}=${cookie.value}`;
}
