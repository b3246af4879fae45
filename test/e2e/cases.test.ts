import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { accessibilityViolations, launchBrowser, openPage } from '../support/browser.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { signInWithFetch } from '../support/sign-in.ts';
import { chooseRadio, submitWithEnter, tabTo, typeInto } from '../support/keyboard.ts';
import { readMailFolder } from '../support/mail-folder.ts';
import { caseIdOf, pageWithSession, submitThroughForm } from '../support/http-factories.ts';
import { locales } from '#src/i18n/languages.ts';
import { publicPaths, staffPaths } from '#src/paths.ts';

// Whole journeys between a citizen and the officials, on a server of its own.
let server: RunningServer;
let browser: Browser;
const cookies = new Map<string, string>();
const staff = {
  andris: 'ierednis@demo.vpvb.lv',
  laura: 'specialiste@demo.vpvb.lv',
  dace: 'vaditaja@demo.vpvb.lv',
  janis: 'direktors@demo.vpvb.lv',
  santa: 'atlaujas@demo.vpvb.lv',
} as const;
type Person = keyof typeof staff;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  for (const [name, email] of Object.entries(staff)) cookies.set(name, await signInWithFetch(server.url, email));
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function asStaff(person: Person, path: string, width = 1024): Promise<Page> {
  return pageWithSession(browser, server.url, cookies.get(person)!, path, { width });
}

/** A citizen's submission through the public form; returns its status path, reference and case id. */
async function submitAsCitizen(slug: string, fields: Record<string, string>, locale = 'lv') {
  const c = await submitThroughForm(server.url, slug, fields, locale);
  return { ...c, id: await caseIdOf(server.url, c.reference, cookies.get('janis')!) };
}

const question = {
  topic: 'eia',
  details: 'Kad tiks pieņemts lēmums par ietekmes novērtējumu?',
  name: 'Anna Kalniņa',
  replyChannel: 'email',
  email: 'anna.journey@example.lv',
};

describe('a question answered and rated', () => {
  it('goes from the citizen to the official and back, and the citizen rates the answer', async () => {
    const c = await submitAsCitizen('question', question);
    const page = await asStaff('laura', staffPaths.case('lv', c.id));
    expect(await page.locator('h1').innerText()).toContain(c.reference);
    expect(await accessibilityViolations(page)).toEqual([]);
    // By keyboard: Tab to the answer form's summary, open it, type, send.
    await tabTo(page, '.case-actions summary');
    await page.keyboard.press('Enter');
    await typeInto(page, 'answer-text', 'Lēmums tiks pieņemts līdz 15. decembrim.');
    await submitWithEnter(page, 'details[open] button[type=submit]');
    expect(await page.locator('.success-message').innerText()).toContain('Atbilde ir reģistrēta');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.context().close();

    const status = await openPage(browser);
    await status.goto(`${server.url}${c.status}`);
    expect(await status.locator('main').innerText()).toContain('Lēmums tiks pieņemts līdz 15. decembrim.');
    expect(await status.locator('.tag').first().innerText()).toBe('Atbildēts');
    expect(await accessibilityViolations(status)).toEqual([]);
    await status.context().close();

    // The answer e-mail carries the rating link.
    await expect
      .poll(() => readMailFolder(server.mailDir).find((m) => m.subject === `Mūsu atbilde uz ${c.reference}`), {
        timeout: 30_000,
        interval: 500,
      })
      .toBeTruthy();
    const mail = readMailFolder(server.mailDir).find((m) => m.subject === `Mūsu atbilde uz ${c.reference}`)!;
    expect(mail.text).toContain('Lēmums tiks pieņemts līdz 15. decembrim.');
    const rateLink = /https?:\/\/\S+\/lv\/rate\/[A-Za-z0-9_-]{43}/.exec(mail.text)![0];
    const rate = await openPage(browser);
    await rate.goto(rateLink);
    expect(await rate.locator('h1').innerText()).toContain(c.reference);
    expect(await accessibilityViolations(rate)).toEqual([]);
    // D5: the form says truthfully that the rating is linked to the case.
    const form = await rate.locator('form.survey-form').innerText();
    expect(form).toContain(`saistīts ar lietu ${c.reference}`);
    expect(form).not.toContain('anonīma');
    // D4: an empty submit is refused and spends nothing; what was typed stays.
    await rate.fill('#contactName', 'Anna');
    const refused = await submitWithEnter(rate);
    expect(refused?.status()).toBe(400);
    expect(await rate.locator('.error-summary').innerText()).toContain('Izvēlieties vismaz vienu vērtējumu vai uzrakstiet komentāru');
    expect(await rate.locator('#contactName').inputValue()).toBe('Anna');
    const items = await rate.locator('fieldset input[type=radio][value="5"]').all();
    for (const item of items) await item.check();
    await submitWithEnter(rate);
    expect(await rate.locator('.success-message').innerText()).toContain('Paldies');
    // Rated once: the link says so on opening, before anything is filled in.
    await rate.goto(`${server.url}${publicPaths.rating('lv', c.token)}`);
    expect(await rate.locator('.notice').innerText()).toContain('jau ir novērtēta');
    expect(await rate.locator('form.survey-form').count()).toBe(0);
    await rate.context().close();
  });
});

describe('cases that end on their merits (issue 13)', () => {
  it('closes an anonymous suggestion with its decision, which the status link shows', async () => {
    const c = await submitAsCitizen('suggestion', { topic: 'eia', details: 'Pagariniet pieņemšanas laiku ceturtdienās.' });
    const page = await asStaff('laura', staffPaths.case('lv', c.id));
    // S-4.8: no bare answer for a suggestion; its decision ends it.
    expect(await page.locator('summary', { hasText: 'Atbildēt' }).count()).toBe(0);
    await page.locator('summary', { hasText: 'Pieņemt lēmumu par priekšlikumu' }).click();
    await chooseRadio(page, 'decision', 'in_place');
    await typeInto(page, 'decide_suggestion-note', 'Ceturtdienās jau strādājam līdz 18.00.');
    await submitWithEnter(page, 'details[open] button[type=submit]');
    expect(await page.locator('.success-message').innerText()).toContain('Lēmums ir reģistrēts');
    expect(await page.locator('.tag').first().innerText()).toBe('Slēgts');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.context().close();

    const status = await openPage(browser);
    await status.goto(`${server.url}${c.status}`);
    const main = await status.locator('main').innerText();
    expect(main).toContain('Jūsu priekšlikumā minētais jau ir ieviests.');
    expect(main).toContain('Ceturtdienās jau strādājam līdz 18.00.');
    expect(await accessibilityViolations(status)).toEqual([]);
    await status.context().close();
  });

  it('closes a complaint with the answer, which the client reads with the outcome and the remedy (D3)', async () => {
    const c = await submitAsCitizen('complaint', { ...question, complaintAbout: 'service', email: 'anna.complaint@example.lv' });
    const page = await asStaff('dace', staffPaths.case('lv', c.id));
    await page.locator('summary', { hasText: 'Slēgt sūdzību' }).click();
    await chooseRadio(page, 'outcome', 'justified');
    await typeInto(page, 'close_complaint-remedy', 'Rindas kārtība ir mainīta.');
    // No answer yet: refused, nothing lost.
    const [refused] = await Promise.all([page.waitForNavigation(), page.locator('details[open] button[type=submit]').click()]);
    expect(refused?.status()).toBe(400);
    expect(await page.locator('.error-summary a').first().getAttribute('href')).toBe('#close_complaint-text');
    expect(await page.locator('#close_complaint-remedy').inputValue()).toBe('Rindas kārtība ir mainīta.');
    await typeInto(page, 'close_complaint-text', 'Pārbaudījām jūsu apmeklējumu; rinda bija pārāk gara.');
    await submitWithEnter(page, 'details[open] button[type=submit]');
    // D20: closing cannot be undone, so it is confirmed on a page of its own.
    await submitWithEnter(page, 'button[value=yes]');
    expect(await page.locator('.success-message').innerText()).toContain('Sūdzība ir slēgta');
    await page.context().close();

    const status = await openPage(browser);
    await status.goto(`${server.url}${c.status}`);
    const main = await status.locator('main').innerText();
    expect(main).toContain('Jūsu sūdzību atzinām par pamatotu.');
    expect(main).toContain('Ko esam izdarījuši: Rindas kārtība ir mainīta.');
    expect(main).toContain('rinda bija pārāk gara');
    await status.context().close();
    await expect
      .poll(() => readMailFolder(server.mailDir).some((m) => m.subject === `Jūsu sūdzība ${c.reference}: izskatīšanas rezultāts`), {
        timeout: 30_000,
        interval: 500,
      })
      .toBe(true);
  });
});

describe('officials acting at the same moment', () => {
  it('lets one answer win and tells the other, keeping what they typed', async () => {
    const c = await submitAsCitizen('question', { ...question, email: 'anna.race@example.lv' });
    const andris = await asStaff('andris', staffPaths.case('en', c.id));
    const laura = await asStaff('laura', staffPaths.case('en', c.id));
    for (const [page, text] of [
      [andris, 'Answer from Andris'],
      [laura, 'Answer from Laura'],
    ] as const) {
      await page.locator('.case-actions summary').first().click();
      await page.fill('#answer-text', text);
    }
    await submitWithEnter(andris, 'details[open] button[type=submit]');
    expect(await andris.locator('.success-message').count()).toBe(1);
    const second = await submitWithEnter(laura, 'details[open] button[type=submit]');
    expect(second?.status()).toBe(409);
    expect(await laura.locator('.error-summary').innerText()).toContain('Someone else changed this case');
    // The case is answered (Andris's); Laura's text is still on her page, not lost.
    expect(await laura.locator('#unsent').count()).toBe(1);
    expect(await laura.locator('section:has(#unsent)').innerText()).toContain('Answer from Laura');
    expect(await laura.locator('.history').innerText()).toContain('Answer from Andris');
    expect(await accessibilityViolations(laura)).toEqual([]);
    await andris.context().close();
    await laura.context().close();
  });
});

describe('referral, abuse and refusal', () => {
  it('refers a complaint to the State Environmental Service and shows its contacts to the citizen (S-14.1)', async () => {
    const c = await submitAsCitizen('complaint', { ...question, complaintAbout: 'other', details: 'Rūpnīca naktī izlaiž dūmus.' });
    const page = await asStaff('laura', staffPaths.case('lv', c.id));
    await page.locator('summary', { hasText: 'Pārsūtīt citai iestādei' }).click();
    await page.selectOption('#refer-authority', { label: 'Valsts vides dienests' });
    await page.fill('#refer-note', 'Piesārņojuma kontrole ir Valsts vides dienesta kompetencē.');
    await submitWithEnter(page, 'details[open] button[type=submit]');
    expect(await page.locator('.tag').first().innerText()).toBe('Pārsūtīts citai iestādei');
    await page.context().close();
    const status = await (await fetch(`${server.url}${c.status}`)).text();
    expect(status).toContain('Valsts vides dienests: e-pasts: videssos@vvd.gov.lv; tālrunis: +371 26338800');
    // The submission went to the authority by e-mail; the client's letter says so.
    const subjects = [`Pārsūtām iesniegumu ${c.reference} pēc kompetences`, `Jūsu iesniegums ${c.reference} attiecas uz citu iestādi`];
    await expect
      .poll(() => subjects.every((subject) => readMailFolder(server.mailDir).some((m) => m.subject === subject)), {
        timeout: 30_000,
        interval: 500,
      })
      .toBe(true);
    const letter = readMailFolder(server.mailDir).find((m) => m.subject === subjects[1])!;
    expect(letter.text).toContain('Esam pārsūtījuši Jūsu iesniegumu šai iestādei pa e-pastu.');
  });

  it('shows an address in an answer as a link on the status page, and hostile text as text (m13, S-14.2)', async () => {
    const c = await submitAsCitizen('question', { ...question, email: 'anna.links@example.lv' });
    const answer = 'Skatiet https://www.vvd.gov.lv/lv/atlaujas. <script>alert(1)</script> javascript:alert(2)';
    const posted = await Promise.all(
      (['laura', 'andris'] as const).map((person) =>
        fetch(`${server.url}${staffPaths.case('lv', c.id)}`, {
          method: 'POST',
          redirect: 'manual',
          headers: { Origin: server.url, Cookie: cookies.get(person)!, 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ action: 'answer', version: '1', text: answer, note: '' }),
        }).then((r) => r.status),
      ),
    );
    expect(posted).toContain(303);
    const page = await openPage(browser);
    await page.goto(`${server.url}${c.status}`);
    // The answers section (the page also shows, folded, what the client sent).
    const answers = page.locator('section[aria-labelledby="answer"] .answer');
    const link = answers.locator('a');
    expect(await link.count()).toBe(1);
    expect(await link.getAttribute('href')).toBe('https://www.vvd.gov.lv/lv/atlaujas');
    expect(await answers.innerText()).toContain('<script>alert(1)</script> javascript:alert(2)');
    expect(await page.locator('.answer script').count()).toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('closes an abusive message as not examined with the stated reason (S-14.6.2)', async () => {
    const c = await submitAsCitizen('question', { ...question, details: 'Rupji izteikumi.' });
    const page = await asStaff('andris', staffPaths.case('en', c.id));
    await page.locator('summary', { hasText: 'Mark as abusive' }).click();
    // A template fills the reason in the client's language: a body with the gap for the reason, no greeting (D8).
    await page.locator('#action-mark_abusive .hint a').first().click();
    const filled = await page.inputValue('#mark_abusive-reason');
    expect(filled).toContain('Pamatojums: {{reason}}');
    expect(filled).not.toMatch(/^Labdien/);
    await page.fill('#mark_abusive-reason', 'The message contains insults and no question.');
    await submitWithEnter(page, 'details[open] button[type=submit]');
    expect(await page.locator('h1').innerText()).toMatch(/^Are you sure you want to mark case VPVB-/);
    await submitWithEnter(page, 'button[value=yes]');
    expect(await page.locator('.tag').first().innerText()).toBe('Not considered');
    await page.context().close();
    const status = await (await fetch(`${server.url}${c.status}`)).text();
    expect(status).toContain('The message contains insults and no question.');
  });

  it('has the director decide a refusal proposed as out of proportion (S-11/12)', async () => {
    const c = await submitAsCitizen('information-request', {
      ...question,
      informationForm: 'paper',
      details: 'Visi dokumenti kopš 1990. gada.',
    });
    const official = await asStaff('laura', staffPaths.case('lv', c.id));
    await official.locator('summary', { hasText: 'Ierosināt atteikumu' }).click();
    await official.fill('#propose_refusal-reason', 'Pieprasīti 35 gadu arhīvi, tūkstošiem lapu.');
    await submitWithEnter(official, 'details[open] button[type=submit]');
    expect(await official.locator('main').innerText()).toContain('Gaida direktora lēmumu');
    await official.context().close();

    const director = await asStaff('janis', staffPaths.cases('lv'));
    expect(await director.locator('#proposals').innerText()).toContain('ierosināts atteikums');
    expect(await accessibilityViolations(director)).toEqual([]);
    await director.locator(`a:text("${c.reference}")`).first().click();
    await director.locator('summary', { hasText: 'Lemt par ierosināto atteikumu' }).click();
    await chooseRadio(director, 'decision', 'refuse');
    await director.fill('#decide_refusal-reason', 'Pieprasījuma apjoms nav samērīgs ar iestādes resursiem.');
    await submitWithEnter(director, 'details[open] button[type=submit]');
    await submitWithEnter(director, 'button[value=yes]');
    expect(await director.locator('.tag').first().innerText()).toBe('Atteikts');
    await director.context().close();
    const status = await (await fetch(`${server.url}${c.status}`)).text();
    expect(status).toContain('Pieprasījuma apjoms nav samērīgs ar iestādes resursiem.');
  });
});

describe('who sees which case', () => {
  it("hides another unit's case from an official by URL and by form", async () => {
    const c = await submitAsCitizen('question', { ...question, email: 'anna.private@example.lv' });
    const response = await fetch(`${server.url}${staffPaths.case('lv', c.id)}`, { headers: { Cookie: cookies.get('santa')! } });
    expect(response.status).toBe(404);
    const post = await fetch(`${server.url}${staffPaths.case('lv', c.id)}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Origin: server.url, Cookie: cookies.get('santa')!, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ action: 'answer', version: '1', text: 'Not mine' }),
    });
    expect(post.status).toBe(404);
    const list = await (
      await fetch(`${server.url}${staffPaths.cases('lv', { scope: 'all' })}`, { headers: { Cookie: cookies.get('santa')! } })
    ).text();
    expect(list).not.toContain(c.reference);
  });
});

describe('the workspace in the browser', () => {
  it('shows who wrote, a line of the text and the working days left; the staff home counts what its links list (ux.md D19)', async () => {
    const details = `Lūdzu zvaniet par atļauju. ${'Ļoti gari paskaidrojumi par notekūdeņiem un to attīrīšanu. '.repeat(6)}BEIGAS`;
    const c = await submitAsCitizen('callback', { topic: 'eia', details, phone: '29 123 457', name: 'Ilga Bērziņa' });
    // The everyday list, as the director opens it each morning.
    const page = await asStaff('janis', staffPaths.cases('lv'), 1366);
    const row = page.locator('tbody tr', { hasText: c.reference });
    const cells = await row.locator('td').allInnerTexts();
    expect(cells[0]).toContain('Atzvanīšanas lūgums');
    expect(cells[1]).toContain('Ilga Bērziņa');
    expect(cells[1]).toContain('Lūdzu zvaniet par atļauju.');
    // One line, cut on the server: the end of a long text is not in the page.
    expect(cells[1]).not.toContain('BEIGAS');
    expect(await row.locator('.case-snippet').innerText()).toMatch(/…$/);
    // The client's words in the language they wrote in (WCAG 3.1.2, D21).
    expect(await row.locator('.case-snippet').getAttribute('lang')).toBe('lv');
    expect(cells[2]).toMatch(/Atlikušas? \d+ darbdienas?/);
    expect(cells[4]).not.toBe('');
    // The reference is one line, whatever the width.
    expect(await row.locator('.reference').evaluate((e) => getComputedStyle(e).whiteSpace)).toBe('nowrap');
    const lines = await row
      .locator('.reference')
      .evaluate((e) => Math.round(e.getBoundingClientRect().height / parseFloat(getComputedStyle(e).lineHeight)));
    expect(lines).toBe(1);
    // Compact: a row is two short lines, so that a dozen fit a 1280×900 screen.
    await page.setViewportSize({ width: 1280, height: 900 });
    const box = (await row.boundingBox())!;
    expect(box.height).toBeLessThan(56);
    const firstRow = (await page.locator('tbody tr').first().boundingBox())!;
    expect(firstRow.y + 12 * box.height, 'twelve rows end within the screen').toBeLessThanOrEqual(900);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    expect(
      await page.locator('.table-wrap').evaluate((e) => e.scrollWidth - e.clientWidth),
      'no sideways scroll at 1280',
    ).toBeLessThanOrEqual(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    // Filtered, the list shows its filters; the sort select is wide enough for its longest choice ("Termiņa, tuvākie vispi" was cut).
    await page.goto(`${server.url}${staffPaths.cases('lv', { scope: 'all', sort: 'due' })}`);
    expect(await page.locator('details.filters-panel').getAttribute('open')).not.toBeNull();
    const room = await page.locator('#sort').evaluate((select: HTMLSelectElement) => {
      const context = document.createElement('canvas').getContext('2d')!;
      const style = getComputedStyle(select);
      context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      return select.clientWidth - Math.max(...[...select.options].map((o) => context.measureText(o.text).width));
    });
    expect(room).toBeGreaterThan(20);
    expect(await accessibilityViolations(page)).toEqual([]);

    // Home: each count is a link to the list it counts.
    await page.goto(`${server.url}${staffPaths.home('lv')}`);
    const tiles = page.locator('.count-list a');
    expect(await tiles.allInnerTexts()).toEqual([
      expect.stringContaining('Nokavētas'),
      expect.stringContaining('Termiņš 2 darbdienu laikā'),
      expect.stringContaining('Nav piešķirtas nevienam'),
      expect.stringContaining('Ierosināti atteikumi gaida jūsu lēmumu'),
    ]);
    expect(await accessibilityViolations(page)).toEqual([]);
    for (const i of [0, 1, 2]) {
      const shown = Number(await tiles.nth(i).locator('.count-number').innerText());
      const href = (await tiles.nth(i).getAttribute('href'))!;
      const list = await (await fetch(`${server.url}${href}`, { headers: { Cookie: cookies.get('janis')! } })).text();
      expect(/<p role="status">(\d+) lietu|<p role="status">(\d+) lietas?/.exec(list)?.slice(1).find(Boolean), href).toBe(String(shown));
    }
    await page.context().close();
    // An official sees their own counts, without the managers' and the director's.
    const official = await asStaff('laura', staffPaths.home('en'));
    expect(await official.locator('.count-list a').allInnerTexts()).toEqual([
      expect.stringContaining('Overdue'),
      expect.stringContaining('Due within 2 working days'),
    ]);
    await official.context().close();
  });

  it.each(locales)('lists, filters and shows cases, axe-clean at 320 px (%s)', async (locale) => {
    await submitAsCitizen('callback', { topic: 'eia', details: 'Lūdzu zvaniet.', phone: '29 123 456', name: 'Inga' }, locale);
    for (const person of ['laura', 'dace', 'janis'] as const) {
      const page = await asStaff(
        person,
        staffPaths.cases(locale, { scope: person === 'janis' ? 'all' : 'unit', status: 'all', sort: 'received' }),
        320,
      );
      expect(await accessibilityViolations(page), person).toEqual([]);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await page.locator('tbody a').first().click();
      expect(await accessibilityViolations(page), `${person} case`).toEqual([]);
      await page.context().close();
    }
  });
});
