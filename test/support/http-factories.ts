import type { Browser, Page } from 'playwright-core';
import { openPage } from './browser.ts';
import { publicPaths, staffPaths } from '#src/paths.ts';

// Test data through a running server, as a citizen's browser or an
// official's would make it (without JavaScript): the browser suite's
// counterpart of factories.ts. One way to submit through the public forms,
// to find the case an official sees, and to open a page with a session.

/** A form post as a browser sends it (same-origin, no redirect followed). */
export function postForm(
  baseUrl: string,
  path: string,
  body: Record<string, string> | URLSearchParams,
  cookie?: string,
): Promise<Response> {
  return fetch(`${baseUrl}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Origin: baseUrl, 'Content-Type': 'application/x-www-form-urlencoded', ...(cookie ? { Cookie: cookie } : {}) },
    body: body instanceof URLSearchParams ? body : new URLSearchParams(body),
  });
}

export type Submitted = { token: string; status: string; reference: string };

/**
 * A citizen's submission through a public form (`slug`) and its
 * check-your-answers step; `replyLanguage` defaults to the page's language.
 * Returns the status link's token and path, and the case's reference.
 */
export async function submitThroughForm(baseUrl: string, slug: string, fields: Record<string, string>, locale = 'lv'): Promise<Submitted> {
  const first = await postForm(baseUrl, publicPaths.form(locale, slug), { replyLanguage: locale, ...fields });
  if (first.status !== 303) throw new Error(`${slug} refused: ${first.status}`);
  const sent = await postForm(baseUrl, first.headers.get('location')!, {});
  const token = /\/submitted\/([A-Za-z0-9_-]{43})/.exec(sent.headers.get('location') ?? '')?.[1];
  if (!token) throw new Error(`${slug} was not submitted: ${sent.status}`);
  const status = publicPaths.status(locale, token);
  const reference = /VPVB-\d{4}-\d{6}/.exec(await (await fetch(`${baseUrl}${status}`)).text())![0];
  return { token, status, reference };
}

/** The id of the case with `reference`, as it appears in the workspace of the person whose `cookie` it is. */
export async function caseIdOf(baseUrl: string, reference: string, cookie: string, scope: 'all' | 'unit' = 'all'): Promise<number> {
  const list = await (await fetch(`${baseUrl}${staffPaths.cases('lv', { scope, status: 'all' })}`, { headers: { Cookie: cookie } })).text();
  const id = new RegExp(`/staff/cases/(\\d+)">${reference}<`).exec(list)?.[1];
  if (!id) throw new Error(`${reference} is not in the ${scope} workspace`);
  return Number(id);
}

/** A page in a fresh browser context carrying a staff session cookie ("kb_staff=…"), opened at `path`. */
export async function pageWithSession(
  browser: Browser,
  baseUrl: string,
  cookie: string,
  path: string,
  options: Parameters<typeof openPage>[1] = {},
): Promise<Page> {
  const page = await openPage(browser, options);
  const at = cookie.indexOf('=');
  await page.context().addCookies([{ name: cookie.slice(0, at), value: cookie.slice(at + 1), url: baseUrl }]);
  await page.goto(`${baseUrl}${path}`);
  return page;
}
