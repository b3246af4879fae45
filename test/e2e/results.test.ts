import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { parse } from 'csv-parse/sync';
import { accessibilityViolations, launchBrowser, openPage } from '../support/browser.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { signInWithFetch } from '../support/sign-in.ts';
import { TEST_NOW } from '../support/clock.ts';
import { pageWithSession, postForm } from '../support/http-factories.ts';
import { publicPaths, staffPaths } from '#src/paths.ts';

// Issue 17: the director publishes a year's results; the public page shows
// the snapshot in both languages without JavaScript at 320 px, axe-clean and
// under 60 KB with its stylesheet; the same figures come as CSV, JSON and a
// DCAT-AP description. One server of its own: publishing must start from
// nothing published, and the director's second factor is set up here.
let server: RunningServer;
let browser: Browser;
let director: string;
let manager: string;
const year = TEST_NOW.getUTCFullYear();

beforeAll(async () => {
  server = await startServer({}, { clock: TEST_NOW });
  browser = await launchBrowser();
  director = await signInWithFetch(server.url, 'direktors@demo.vpvb.lv');
  manager = await signInWithFetch(server.url, 'vaditaja@demo.vpvb.lv');
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const get = (path: string, cookie?: string) =>
  fetch(`${server.url}${path}`, { redirect: 'manual', headers: cookie ? { Cookie: cookie } : {} });

describe('open results (issue 17)', () => {
  it('shows nothing until the director publishes, and only the director may publish', async () => {
    expect(await (await get(publicPaths.results('en'))).text()).toContain('No results have been published yet.');
    expect((await get(publicPaths.results('en', year))).status).toBe(404);
    expect((await get(publicPaths.resultsData('en', year, 'csv'))).status).toBe(404);
    expect((await get(staffPaths.results('en'), manager)).status).toBe(403);

    const unconfirmed = await postForm(server.url, staffPaths.results('en'), { year: String(year) }, director);
    expect(unconfirmed.status).toBe(400);
    expect(await unconfirmed.text()).toContain('Confirm that you have checked the figures before you publish them');

    const published = await postForm(server.url, staffPaths.results('en'), { year: String(year), confirm: 'yes' }, director);
    expect(published.status).toBe(303);
    const page = await (await get(published.headers.get('location')!, director)).text();
    expect(page).toContain(`The results for ${year} are published.`);
    expect(page).toContain('figures are the same as the published ones.');
  }, 60_000);

  for (const locale of ['lv', 'en'] as const) {
    it(`the public page in ${locale}: charts and tables, no JavaScript, 320 px, axe-clean, under 60 KB`, async () => {
      const page = await openPage(browser, { width: 320 });
      const response = await page.goto(`${server.url}${publicPaths.results(locale)}`);
      expect(response?.status()).toBe(200);
      // The page cache was emptied by the publish: the figures, not "nothing yet".
      expect(await page.locator('h1').innerText()).toBe(
        locale === 'lv' ? 'Mūsu pakalpojumu kvalitātes rezultāti' : 'Our service quality results',
      );
      expect(await page.locator('svg[role=img]').count()).toBe(4);
      expect(await page.locator('#deadlines-months-table tbody tr').count()).toBe(11);
      expect(await page.locator(`a[href="${publicPaths.results(locale, year)}"][aria-current=page]`).count()).toBe(1);
      expect(await page.evaluate(() => document.querySelectorAll('script').length)).toBe(0);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
      expect(await accessibilityViolations(page)).toEqual([]);
      const html = await (await get(publicPaths.results(locale))).text();
      const css = await (await get('/styles/site.css')).text();
      expect(Buffer.byteLength(html) + Buffer.byteLength(css)).toBeLessThan(60_000);
      await page.goto(`${server.url}${publicPaths.home(locale)}`);
      expect(await page.locator(`main a[href="${publicPaths.results(locale)}"]`).count()).toBe(1);
      await page.context().close();
    }, 60_000);
  }

  it('gives the same figures as CSV, JSON with its schema, and a DCAT-AP description', async () => {
    const json = await (await get(publicPaths.resultsData('en', year, 'json'))).json();
    expect(json).toMatchObject({ year, license: 'https://creativecommons.org/licenses/by/4.0/' });
    const csvResponse = await get(publicPaths.resultsData('en', year, 'csv'));
    expect(csvResponse.headers.get('content-type')).toContain('text/csv');
    const rows: string[][] = parse(await csvResponse.text());
    expect(rows[0]).toEqual(['year', 'section', 'period', 'group', 'measure', 'value', 'withheld']);
    const march = json.figures.deadlines.find((d: { month: string }) => d.month === `${year}-03`);
    const csvMarch = rows.find((r) => r[1] === 'deadlines' && r[2] === `${year}-03` && r[4] === 'received')!;
    expect(csvMarch[5]).toBe(march.received === null ? '' : String(march.received));

    const schema = await (await get(publicPaths.resultsSchema('en'))).json();
    expect(schema.$schema).toContain('json-schema.org');
    const dataset = await (await get(publicPaths.resultsDataset('en'))).json();
    expect(dataset['@type']).toBe('dcat:Dataset');
    expect(dataset['dct:license']['@id']).toBe('https://creativecommons.org/licenses/by/4.0/');
    expect(dataset['dct:publisher']['foaf:name']).toContainEqual({ '@language': 'en', '@value': expect.stringMatching(/\S/) });
    const urls = dataset['dcat:distribution'].map((d: { 'dcat:downloadURL': { '@id': string } }) => d['dcat:downloadURL']['@id']);
    expect(urls.some((u: string) => u.endsWith(publicPaths.resultsData('en', year, 'csv')))).toBe(true);
  }, 30_000);

  for (const locale of ['lv', 'en'] as const) {
    it(`the easy-to-read page in ${locale}: one link per service, no JavaScript, 320 px, axe-clean`, async () => {
      const page = await openPage(browser, { width: 320 });
      expect((await page.goto(`${server.url}${publicPaths.easyRead(locale)}`))?.status()).toBe(200);
      expect(await page.locator('main h2').allInnerTexts()).toEqual(
        locale === 'lv'
          ? ['Sūdzēties', 'Ieteikt', 'Jautāt', 'Lūgt, lai mēs jums piezvanām', 'Iepazīties ar dokumentiem', 'Vai jums vajag palīdzību?']
          : ['Complain', 'Suggest', 'Ask', 'Ask us to call you', 'Read documents', 'Do you need help?'],
      );
      expect(await page.locator(`main a[href="${publicPaths.complaint(locale)}"]`).count()).toBe(1);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
      expect(await accessibilityViolations(page)).toEqual([]);
      await page.goto(`${server.url}${publicPaths.home(locale)}`);
      expect(await page.locator(`main a[href="${publicPaths.easyRead(locale)}"]`).count()).toBe(1);
      await page.context().close();
    }, 60_000);
  }

  it('shows the director the published snapshot at 320 px, axe-clean', async () => {
    const page = await pageWithSession(browser, server.url, director, staffPaths.results('lv', { year }), { width: 320 });
    expect(await page.locator('#published-heading').innerText()).toBe('Publicētie skaitļi');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.context().close();
  }, 60_000);
});
