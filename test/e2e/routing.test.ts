import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { accessibilityViolations, launchBrowser } from '../support/browser.ts';
import { sharedServer } from '../support/shared-server.ts';
import { signInWithFetch } from '../support/sign-in.ts';
import { pageWithSession, submitThroughForm } from '../support/http-factories.ts';
import { staffPaths } from '#src/paths.ts';

// Issue 13, M4 and m1, as the officials see them (no JavaScript): a case
// nobody could take is on the director's first screen, and handing a
// Russian-language case to someone who does not speak Russian asks first,
// then tells the client.
let server: { url: string };
let browser: Browser;
const cookies = new Map<string, string>();
const staff = { janis: 'direktors@demo.vpvb.lv', andris: 'ierednis@demo.vpvb.lv' } as const;

beforeAll(async () => {
  server = { url: sharedServer().baseUrl };
  browser = await launchBrowser();
  for (const [name, email] of Object.entries(staff)) cookies.set(name, await signInWithFetch(server.url, email));
});
afterAll(async () => {
  await browser?.close();
});

async function asStaff(person: keyof typeof staff, path: string): Promise<Page> {
  return pageWithSession(browser, server.url, cookies.get(person)!, path);
}

async function submitQuestion(fields: Record<string, string>) {
  const base = { details: 'Kur var iepazīties ar dokumentiem?', name: 'Anna Kalniņa', replyChannel: 'email' };
  return submitThroughForm(server.url, 'question', { ...base, ...fields });
}

describe('routing that always reaches someone', () => {
  it('puts a case nobody could take on the director’s first screen, with a link to them', async () => {
    const c = await submitQuestion({ topic: 'information-access', email: 'anna.routing@example.lv' });
    const page = await asStaff('janis', staffPaths.cases('lv'));
    const notice = page.locator('section[aria-labelledby="unassigned"]');
    // The server is shared with other files: one or more such cases ("nav piešķirta" or "nav piešķirtas").
    expect(await notice.innerText()).toMatch(/nav piešķirtas? nevienam darbiniekam/);
    expect(await accessibilityViolations(page)).toEqual([]);
    await notice.getByRole('link').click();
    const row = page.locator('tr', { hasText: c.reference });
    expect(await row.innerText()).toContain('Nav piešķirts');
    await page.context().close();
  });

  it('asks before a reassignment loses the reply language, then tells the client (S-7, m1)', async () => {
    const c = await submitQuestion({ topic: 'eia', replyLanguage: 'ru', email: 'ivan.routing@example.lv' });
    const list = await asStaff('andris', staffPaths.cases('lv', { scope: 'mine' }));
    await list.locator('a', { hasText: c.reference }).click();
    const page = list;
    await page.locator('#action-reassign summary').click();
    await page.selectOption('#reassign-assignee', { label: 'Santa Atļauju Speciāliste (Piesārņojuma atļauju nodaļa)' });
    await page.fill('#reassign-reason', 'Jautājums par atļauju.');
    await page.locator('#action-reassign button[type=submit]').click();
    expect(await page.locator('.error-summary').innerText()).toContain('apsolīto atbildes valodu');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.check('#reassign-confirmLanguage');
    await page.locator('#action-reassign button[type=submit]').click();
    // Handed to another unit: back on the list, told it was done.
    expect(await page.locator('.success-message').innerText()).toContain('Lieta ir nodota');
    await page.context().close();

    const status = await (await fetch(`${server.url}${c.status}`)).text();
    expect(status).toContain('nerunā krievu valodā');
  });
});
