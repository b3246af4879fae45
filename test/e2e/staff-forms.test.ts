import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { signInWithFetch } from '../support/sign-in.ts';
import { caseIdOf, pageWithSession, submitThroughForm } from '../support/http-factories.ts';
import { staffPaths } from '#src/paths.ts';

// Issue 15 (ux.md D1, D2): every field on a staff page has an id of its own
// and a name a screen reader reads, with every <details> opened (axe alone
// misses both); the error summary's links land on their fields and each
// message names its field. Security review m5: an action name that is an
// object's own property (__proto__, constructor) is refused, never a 500.
let server: RunningServer;
let browser: Browser;
let laura: string;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  laura = await signInWithFetch(server.url, 'specialiste@demo.vpvb.lv');
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function asLaura(path: string): Promise<Page> {
  return pageWithSession(browser, server.url, laura, path);
}

/** A citizen's submission through the public form; returns the case's id. */
async function submitCase(slug: string, fields: Record<string, string>): Promise<number> {
  const { reference } = await submitThroughForm(server.url, slug, fields);
  return caseIdOf(server.url, reference, laura, 'unit');
}

const client = { topic: 'eia', name: 'Ilze Lauka', replyChannel: 'email', email: 'ilze.forms@example.lv' };

/** Opens every <details>, then lists duplicate ids and the visible controls nobody can name. */
async function fieldFaults(page: Page): Promise<{ duplicateIds: string[]; nameless: string[] }> {
  return page.evaluate(() => {
    for (const d of document.querySelectorAll('details')) d.open = true;
    const counts = new Map<string, number>();
    for (const el of document.querySelectorAll('[id]')) counts.set(el.id, (counts.get(el.id) ?? 0) + 1);
    const duplicateIds = [...counts].filter(([, n]) => n > 1).map(([id]) => id);
    const nameless: string[] = [];
    for (const el of document.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>('input, select, textarea')) {
      if (el.type === 'hidden' || el.getClientRects().length === 0) continue;
      const labelled = [...(el.labels ?? [])].some((l) => l.textContent!.trim() !== '');
      const aria = (el.getAttribute('aria-label') ?? '').trim() !== '' || el.hasAttribute('aria-labelledby');
      if (!labelled && !aria) nameless.push(`${el.tagName.toLowerCase()}[name=${el.getAttribute('name')}]#${el.id}`);
    }
    return { duplicateIds, nameless };
  });
}

describe('fields on the staff pages', () => {
  it('have unique ids and a name on the staff home, the workspace and the case pages, every <details> open', async () => {
    const ids = [
      await submitCase('information-request', { ...client, informationForm: 'paper', details: 'Lūdzu, atsūtiet atzinumu.' }),
      await submitCase('complaint', { ...client, complaintAbout: 'other', details: 'Neviens neatbildēja.' }),
      await submitCase('question', { ...client, details: 'Kad būs lēmums?' }),
    ];
    const paths = [
      staffPaths.home('lv'),
      staffPaths.cases('lv', { scope: 'unit', status: 'all' }),
      ...ids.map((id) => staffPaths.case('lv', id)),
    ];
    for (const path of paths) {
      const page = await asLaura(path);
      expect(await fieldFaults(page), path).toEqual({ duplicateIds: [], nameless: [] });
      await page.context().close();
    }
  });

  it('links every error in the summary to its field, and each message names its field (D1)', async () => {
    const id = await submitCase('information-request', { ...client, informationForm: 'paper', details: 'Visi 2025. gada atzinumi.' });
    const page = await asLaura(staffPaths.case('lv', id));
    await page.locator('summary', { hasText: 'Pagarināt termiņu' }).click();
    const [response] = await Promise.all([page.waitForNavigation(), page.locator('details[open] button[type=submit]').click()]);
    expect(response?.status()).toBe(400);
    const links = await page
      .locator('.error-summary a')
      .evaluateAll((as) => as.map((a) => ({ href: a.getAttribute('href')!, text: a.textContent!.trim() })));
    expect(links.map((l) => l.href)).toEqual(['#extend_deadline-dueOn', '#extend_deadline-reason']);
    for (const link of links) {
      const target = await page.evaluate((href) => {
        const el = document.getElementById(href.slice(1));
        return el ? el.tagName.toLowerCase() : null;
      }, link.href);
      expect(['input', 'textarea', 'select'], link.href).toContain(target);
    }
    // Two blank fields read as two different sentences, each saying which field.
    expect(links[0]!.text).toContain('termiņ');
    expect(links[1]!.text).toContain('vairāk laika');
    expect(new Set(links.map((l) => l.text)).size).toBe(2);
    // The field's own message is tied to it for a screen reader.
    expect(await page.getAttribute('#extend_deadline-reason', 'aria-describedby')).toContain('extend_deadline-reason-error');
    await page.context().close();
  });
});

describe('an action name the page does not know', () => {
  it.each(['__proto__', 'constructor', 'toString', 'no_such_action'])('is refused with a 4xx, never a 500 (%s)', async (action) => {
    const id = await submitCase('question', { ...client, details: 'Vai varu iesniegt pa pastu?' });
    const html = await (await fetch(`${server.url}${staffPaths.case('lv', id)}`, { headers: { Cookie: laura } })).text();
    const version = /name="version" value="(\d+)"/.exec(html)![1]!;
    const response = await fetch(`${server.url}${staffPaths.case('lv', id)}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Origin: server.url, Cookie: laura, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ action, version, text: 'x', reason: 'y' }),
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    // Nothing happened to the case.
    const after = await (await fetch(`${server.url}${staffPaths.case('lv', id)}`, { headers: { Cookie: laura } })).text();
    expect(/name="version" value="(\d+)"/.exec(after)![1]).toBe(version);
  });
});
