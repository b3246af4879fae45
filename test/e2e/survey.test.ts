import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { accessibilityViolations, launchBrowser, openPage } from '../support/browser.ts';
import { startServer } from '../support/server.ts';
import { locales } from '#src/i18n/languages.ts';
import { translator } from '#src/i18n/index.ts';
import { rigaDateOf } from '#src/calendar/riga-time.ts';
import { sharedServer } from '../support/shared-server.ts';
import { openDatabase } from '#src/db/client.ts';
import { surveyResponses } from '#src/quality/schema.ts';
import { publicPaths } from '#src/paths.ts';

const { baseUrl, now } = sharedServer();
// The seed's yearly campaign of the year the server runs in (Q-3).
const year = Number(rigaDateOf(now()).slice(0, 4));
const code = `yearly-${year}`;

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** A page with JavaScript off (the default of openPage): the survey must work without it. */
async function visit(path: string, options: Parameters<typeof openPage>[1] = {}): Promise<Page> {
  const page = await openPage(browser, options);
  await page.goto(`${baseUrl}${path}`);
  return page;
}

/** Presses Tab until the element with this id has focus; fails if it never does. */
async function tabTo(page: Page, id: string): Promise<void> {
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    if ((await page.evaluate(() => document.activeElement?.id)) === id) return;
  }
  throw new Error(`Tab never reached #${id}`);
}

/** The ids of the first item's radios: item-<id> for the first point, item-<id>-<n> for the n-th. */
async function itemNames(page: Page): Promise<string[]> {
  return page.locator('fieldset input[type=radio][value="1"]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).name));
}

async function checkedValue(page: Page, name: string): Promise<string | undefined> {
  return page.locator(`input[name="${name}"]:checked`).evaluate((e) => (e as HTMLInputElement).value);
}

/** Raw i18n keys (survey:form.submit, errors.comment.tooLong) must never reach the page. */
async function rawKeys(page: Page): Promise<string[]> {
  const text = `${await page.title()}\n${await page.locator('body').innerText()}`;
  return [...text.matchAll(/\b(survey|forms|common|pages):[a-zA-Z.]+|\b(form|errors|thanks|closed|index)\.[a-z][a-zA-Z]+\b/g)].map(
    (m) => m[0],
  );
}

async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

function post(path: string, body: string, contentType = 'application/x-www-form-urlencoded'): Promise<Response> {
  return fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': contentType, Origin: baseUrl },
    body,
    redirect: 'manual',
  });
}

describe.each(locales)('the satisfaction survey in %s', (locale) => {
  const t = translator(locale);
  const formPath = publicPaths.survey(locale, code);

  it('lists the yearly campaign, and the list has no WCAG 2.2 AA violations', async () => {
    const page = await visit(publicPaths.surveys(locale));
    expect(await accessibilityViolations(page)).toEqual([]);
    const link = page.locator(`main a[href="${formPath}"]`);
    expect(await link.count()).toBe(1);
    expect(await page.locator('main a[href$="/case-rating"]').count()).toBe(0);
    expect(await rawKeys(page)).toEqual([]);
    await page.context().close();
  });

  it('shows an empty form with no violations: a radio group per item, "No answer" chosen', async () => {
    const page = await visit(formPath);
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(await page.locator('html').getAttribute('lang')).toBe(locale);
    const names = await itemNames(page);
    expect(names).toHaveLength(6);
    for (const name of names) {
      expect(await checkedValue(page, name)).toBe('none');
      // The radio group is a fieldset whose legend is the question.
      expect(await page.locator(`fieldset:has(input[name="${name}"]) legend`).innerText()).not.toBe('');
    }
    // Radio targets are at least 24 × 24 px (WCAG 2.5.8).
    const box = await page.locator(`#${names[0]}`).boundingBox();
    expect(box!.width).toBeGreaterThanOrEqual(24);
    expect(box!.height).toBeGreaterThanOrEqual(24);
    // The honeypot is in the form but shown to nobody.
    expect(await page.locator('input[name="website"]').count()).toBe(1);
    expect(await page.locator('input[name="website"]').isVisible()).toBe(false);
    // Issued by the server for this survey: issued-at, random, signature (M5).
    expect(await page.locator('input[name="formKey"]').inputValue()).toMatch(/^[0-9a-z]+\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{22}$/);
    expect(await rawKeys(page)).toEqual([]);
    await page.context().close();
  });

  it('is filled in by keyboard alone and lands on the thank-you page, which has no violations', async () => {
    const page = await visit(formPath);
    const [first, second] = await itemNames(page);
    // Tab reaches the chosen radio ("No answer", the last); arrow keys move the choice.
    await tabTo(page, `${first}-6`);
    await page.keyboard.press('ArrowUp');
    expect(await checkedValue(page, first!)).toBe('5');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(`${second}-6`);
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    expect(await checkedValue(page, second!)).toBe('4');
    await tabTo(page, 'comment');
    await page.keyboard.type(locale === 'lv' ? 'Ļoti atsaucīgi, paldies!' : 'Very helpful, thank you!');
    await tabTo(page, 'answerWanted');
    await page.keyboard.press('Space');
    expect(await page.locator('#answerWanted').isChecked()).toBe(true);
    await page.keyboard.press('Tab');
    await page.keyboard.type('Anna Bērziņa');
    await page.keyboard.press('Tab');
    await page.keyboard.type('anna@example.lv');
    // The hidden honeypot is skipped: the next stop is the button.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('type'))).toBe('submit');
    await Promise.all([page.waitForURL(`${baseUrl}${formPath}/thanks`), page.keyboard.press('Enter')]);
    expect(await page.locator('h1').innerText()).toBe(t('survey:thanks.title'));
    expect(await page.title()).toContain(t('survey:thanks.title'));
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(await rawKeys(page)).toEqual([]);
    await page.context().close();
  });

  it('shows a bad submission again with status 400, the error summary and everything kept', async () => {
    const page = await visit(formPath);
    const [first, , third] = await itemNames(page);
    const formKey = await page.locator('input[name="formKey"]').inputValue();
    await page.check(`#${first}-4`);
    await page.check(`#${third}`);
    const comment = `${'Garš teksts. '.repeat(230)}`.slice(0, 3000);
    await page.fill('#comment', comment);
    await page.check('#answerWanted');
    const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click('button[type=submit]')]);
    expect(response.status()).toBe(400);
    await page.waitForLoadState();

    expect(await page.title()).toMatch(new RegExp(`^${t('common:errorTitlePrefix')} `));
    const summary = page.locator('.error-summary');
    expect(await summary.isVisible()).toBe(true);
    expect(await summary.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual(['#comment', '#contactEmail']);
    expect(await page.locator('#comment-error').innerText()).toContain(t('survey:errors.comment.tooLong', { count: 2000 }));
    expect(await page.locator('#contactEmail-error').innerText()).toContain(t('survey:errors.contactEmail.required'));
    // Nothing the client chose or typed is lost, and the retry is the same form.
    expect(await page.locator('#comment').inputValue()).toBe(comment);
    expect(await checkedValue(page, first!)).toBe('4');
    expect(await checkedValue(page, third!)).toBe('1');
    expect(await page.locator('#answerWanted').isChecked()).toBe(true);
    expect(await page.locator('input[name="formKey"]').inputValue()).toBe(formKey);
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(await rawKeys(page)).toEqual([]);

    // The summary's link takes the keyboard to the field.
    await page.click('.error-summary a[href="#contactEmail"]');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('contactEmail');
    await page.context().close();
  });

  it('shows a <script> in the comment as text, never as markup', async () => {
    const hostile = '<script>window.pwned = true</script><img src=x onerror="window.pwned = true">';
    const response = await post(formPath, new URLSearchParams({ comment: hostile, answerWanted: 'yes' }).toString());
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).not.toContain('<script>window.pwned');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script&gt;window.pwned = true&lt;/script&gt;');

    // Even with JavaScript on, the reflected comment runs nothing.
    const page = await openPage(browser, { javaScript: true });
    await page.goto(`${baseUrl}${formPath}`);
    await page.fill('#comment', hostile);
    await page.check('#answerWanted');
    await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click('button[type=submit]')]);
    await page.waitForLoadState();
    expect(await page.locator('#comment').inputValue()).toBe(hostile);
    expect(await page.evaluate(() => (window as unknown as { pwned?: boolean }).pwned)).toBeUndefined();
    await page.context().close();
  });

  it('answers a 1 MB comment with the form and 400, never a server error', async () => {
    const response = await post(formPath, `comment=${'a'.repeat(1024 * 1024)}&formKey=${'k'.repeat(24)}`);
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('id="survey-form"');
    expect(html).toContain('class="error-summary"');
    expect(html).toContain(t('survey:errors.comment.tooLong', { count: 2000 }));
  });

  it('answers a JSON post with the form and 400', async () => {
    const response = await post(formPath, JSON.stringify({ comment: 'hello', 'item-1': 5 }), 'application/json');
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('id="survey-form"');
    expect(html).toContain(t('survey:errors.unreadable'));
  });

  it('refuses a filled-in honeypot with 400 and a translated message', async () => {
    const response = await post(formPath, new URLSearchParams({ website: 'https://spam.example', comment: 'Buy now' }).toString());
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain(t('survey:errors.honeypot'));
    expect(html).toContain('id="survey-form"');
  });

  it('fits a 320 px screen without sideways scrolling, empty and with errors', async () => {
    const page = await visit(formPath, { width: 320 });
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await page.check('#answerWanted');
    await page.fill('#comment', 'x'.repeat(2500));
    await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click('button[type=submit]')]);
    await page.waitForLoadState();
    expect(await page.locator('.error-summary').isVisible()).toBe(true);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    for (const path of [publicPaths.surveys(locale), publicPaths.surveyThanks(locale, code)]) {
      await page.goto(`${baseUrl}${path}`);
      expect(await horizontalOverflow(page), path).toBeLessThanOrEqual(0);
    }
    await page.context().close();
  });

  it('answers an unknown survey, and the case-rating survey, with a translated 404', async () => {
    for (const path of [publicPaths.survey(locale, 'no-such-survey'), publicPaths.survey(locale, 'case-rating')]) {
      const page = await openPage(browser);
      const response = await page.goto(`${baseUrl}${path}`);
      expect(response?.status(), path).toBe(404);
      expect(await page.locator('html').getAttribute('lang')).toBe(locale);
      expect(await page.locator('h1').innerText()).toBe(t('pages:notFound.title'));
      await page.context().close();
    }
    const posted = await post(publicPaths.survey(locale, 'case-rating'), 'comment=x');
    expect(posted.status).toBe(404);
  });

  it('says that a survey not yet open takes no answers, and stores none', async () => {
    const page = await openPage(browser);
    const response = await page.goto(`${baseUrl}${publicPaths.survey(locale, `yearly-${year + 1}`)}`);
    expect(response?.status()).toBe(410);
    expect(await page.locator('h1').innerText()).toBe(t('survey:closed.title'));
    expect(await page.locator('form').count()).toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.context().close();
    expect((await post(publicPaths.survey(locale, `yearly-${year + 1}`), 'comment=x')).status).toBe(410);
  });
});

describe('what a survey stores', () => {
  it('stores nothing from a bot, nothing under a made-up key, one response from a double submit, and no more than the limit from one address (M5)', async () => {
    // A server of its own, so its database can be read once it has stopped
    // (PGlite must never be opened by two processes at once).
    const dataDir = mkdtempSync(join(tmpdir(), 'kb-survey-e2e-'));
    const server = await startServer({ DATA_DIR: dataDir, DEMO_DATA: '0', SURVEY_RATE_LIMIT: '25' });
    const send = (body: Record<string, string>) =>
      fetch(`${server.url}${publicPaths.survey('lv', code)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url },
        body: new URLSearchParams(body).toString(),
        redirect: 'manual',
      });
    const issuedKey = async () => {
      const html = await (await fetch(`${server.url}${publicPaths.survey('lv', code)}`)).text();
      return /name="formKey" value="([^"]+)"/.exec(html)![1]!;
    };
    try {
      const bot = await send({ website: 'https://spam.example', comment: 'from a bot', formKey: await issuedKey() });
      expect(bot.status).toBe(400);
      const person = { comment: 'from a person', formKey: await issuedKey() };
      const first = await send(person);
      const again = await send(person);
      expect([first.status, again.status]).toEqual([303, 303]);
      expect(first.headers.get('location')).toBe(publicPaths.surveyThanks('lv', code));

      // The review's loop: answers with keys of its own making. Each comes back as the form, with its text.
      const madeUp = await Promise.all(
        Array.from({ length: 20 }, (_, i) => send({ comment: `made up ${i}`, formKey: `${i}`.padEnd(24, 'k') })),
      );
      expect(madeUp.map((r) => r.status)).toEqual(Array(20).fill(400));
      expect(await madeUp[3]!.text()).toContain('made up 3');

      // With a key fetched for each, one address gets the limit (25 posts this hour, 23 spent above) and then 429.
      const fetched = [];
      for (let i = 0; i < 4; i++) fetched.push(await send({ comment: `fetched ${i}`, formKey: await issuedKey() }));
      expect(fetched.map((r) => r.status)).toEqual([303, 303, 429, 429]);
      expect(Number(fetched[2]!.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await fetched[3]!.text()).toContain('fetched 3');
    } finally {
      await server.stop();
    }
    const open = await openDatabase({ dataDir });
    try {
      const rows = await open.db.select({ comment: surveyResponses.comment }).from(surveyResponses).orderBy(surveyResponses.id);
      expect(rows.map((r) => r.comment)).toEqual(['from a person', 'fetched 0', 'fetched 1']);
    } finally {
      await open.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
