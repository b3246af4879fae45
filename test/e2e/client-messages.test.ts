import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { accessibilityViolations, launchBrowser, openPage } from '../support/browser.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { signInWithFetch } from '../support/sign-in.ts';
import { submitWithEnter } from '../support/keyboard.ts';
import { caseIdOf, pageWithSession, submitThroughForm } from '../support/http-factories.ts';
import { locales } from '#src/i18n/languages.ts';
import { staffPaths } from '#src/paths.ts';
import { LIMITS } from '#src/intake/rules.ts';

// Issue 16: a client adds a message and files to their open case from the
// status page; the holder is told in the workspace and sees it on the case.
let server: RunningServer;
let browser: Browser;
const cookies = new Map<string, string>();
const staff = {
  andris: 'ierednis@demo.vpvb.lv',
  laura: 'specialiste@demo.vpvb.lv',
  dace: 'vaditaja@demo.vpvb.lv',
  janis: 'direktors@demo.vpvb.lv',
} as const;
type Person = keyof typeof staff;
const fullNames: Record<string, Person> = { 'Andris Ierēdnis': 'andris', 'Laura Speciāliste': 'laura' };

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  for (const [name, email] of Object.entries(staff)) cookies.set(name, await signInWithFetch(server.url, email));
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const asStaff = (person: Person, path: string, width = 1024): Promise<Page> =>
  pageWithSession(browser, server.url, cookies.get(person)!, path, { width });
const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const notADocument = Buffer.from('MZ\x90\x00not a pdf', 'latin1');
const overflowOf = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

const words = {
  lv: {
    added: 'ziņa ir pievienota',
    chooseAgain: 'izvēlieties tās vēlreiz',
    fileType: 'veidu mēs nepieņemam',
    newMark: 'Jauna ziņa no klienta',
  },
  en: {
    added: 'message has been added',
    chooseAgain: 'choose them again',
    fileType: 'is not a file type we accept',
    newMark: 'New message from the client',
  },
} as const;

describe('a client adds to their case (issue 16)', () => {
  it.each(locales)('from the status page, keeping the text through errors, and the official sees it (%s)', async (locale) => {
    const w = words[locale as keyof typeof words];
    const c = await submitThroughForm(
      server.url,
      'question',
      { topic: 'eia', details: 'Kad būs lēmums?', name: 'Ilze', replyChannel: 'email', email: `ilze.${locale}@example.lv` },
      locale,
    );
    const id = await caseIdOf(server.url, c.reference, cookies.get('janis')!);
    const page = await openPage(browser, { width: 320 });
    await page.goto(`${server.url}${c.status}`);
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(await overflowOf(page)).toBeLessThanOrEqual(0);

    // Too long, with a good file: the text stays, the file must be chosen again.
    const tooLong = 'ā'.repeat(LIMITS.details + 1);
    await page.fill('#message', tooLong);
    await page.setInputFiles('#attachments', [{ name: 'rekins.pdf', mimeType: 'application/pdf', buffer: pdf }]);
    expect((await submitWithEnter(page))?.status()).toBe(400);
    expect(await page.locator('#message-error').count()).toBe(1);
    expect(await page.locator('#attachments-error').innerText()).toContain(w.chooseAgain);
    expect(await page.locator('#message').inputValue()).toBe(tooLong);
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(await overflowOf(page)).toBeLessThanOrEqual(0);

    // A file that is not a document: refused by name, the text kept.
    const text = locale === 'lv' ? 'Pielikumā ir rēķins, par kuru jautāju.' : 'Attached is the invoice I asked about.';
    await page.fill('#message', text);
    await page.setInputFiles('#attachments', [{ name: 'virus.pdf', mimeType: 'application/pdf', buffer: notADocument }]);
    expect((await submitWithEnter(page))?.status()).toBe(400);
    expect(await page.locator('#attachments-error').innerText()).toContain(w.fileType);
    expect(await page.locator('#message').inputValue()).toBe(text);
    expect(await accessibilityViolations(page)).toEqual([]);

    // Right: confirmed, and in the history with its file.
    await page.setInputFiles('#attachments', [{ name: 'rekins.pdf', mimeType: 'application/pdf', buffer: pdf }]);
    expect((await submitWithEnter(page))?.status()).toBe(200);
    expect(await page.locator('.success-message').innerText()).toContain(w.added);
    const history = await page.locator('.history').innerText();
    expect(history).toContain(text);
    expect(history).toContain('rekins.pdf');
    expect(await page.locator('.client-message p.answer').getAttribute('lang')).toBe(locale);
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(await overflowOf(page)).toBeLessThanOrEqual(0);
    await page.context().close();

    // The manager's workspace marks the case; the manager opening it leaves the mark for the holder.
    const list = staffPaths.cases(locale, { scope: 'unit', status: 'open', sort: 'received' });
    const manager = await asStaff('dace', list, 320);
    expect(await manager.locator('tr', { hasText: c.reference }).innerText()).toContain(w.newMark);
    expect(await accessibilityViolations(manager)).toEqual([]);
    await manager.goto(`${server.url}${staffPaths.case(locale, id)}`);
    const summary = await manager.locator('.summary-list').first().innerText();
    const holderName = Object.keys(fullNames).find((n) => summary.includes(n));
    expect(holderName, summary).toBeDefined();
    const holder = fullNames[holderName!]!;
    await manager.goto(`${server.url}${list}`);
    expect(await manager.locator('tr', { hasText: c.reference }).innerText()).toContain(w.newMark);
    await manager.context().close();

    // The holder opens the case: the message in order, as text in its language, the file downloadable.
    const official = await asStaff(holder, staffPaths.case(locale, id));
    const section = official.locator('section[aria-labelledby=client-messages]');
    expect(await section.locator('p.answer').innerText()).toBe(text);
    expect(await section.locator('p.answer').getAttribute('lang')).toBe(locale);
    const link = section.locator('a[download]');
    expect(await link.innerText()).toBe('rekins.pdf');
    const file = await fetch(`${server.url}${await link.getAttribute('href')}`, { headers: { Cookie: cookies.get(holder)! } });
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer())).toEqual(pdf);
    expect(await accessibilityViolations(official)).toEqual([]);
    // Seen: the mark is gone from the workspace.
    await official.goto(`${server.url}${staffPaths.cases(locale, { scope: 'mine', status: 'open', sort: 'received' })}`);
    expect(await official.locator('tr', { hasText: c.reference }).innerText()).not.toContain(w.newMark);
    await official.context().close();
  });
});
