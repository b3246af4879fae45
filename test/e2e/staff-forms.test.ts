import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { accessibilityViolations, launchBrowser } from '../support/browser.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { signInWithFetch } from '../support/sign-in.ts';
import { fieldFaults } from '../support/field-faults.ts';
import { caseIdOf, pageWithSession, postForm, submitThroughForm } from '../support/http-factories.ts';
import { chooseRadio, submitWithEnter, tabTo, typeInto } from '../support/keyboard.ts';
import { publicPaths, staffPaths } from '#src/paths.ts';

// Issue 15 (ux.md D1, D2): every field on a staff page has an id of its own
// and a name a screen reader reads, with every <details> opened (axe alone
// misses both); the error summary's links land on their fields and each
// message names its field. Security review m5: an action name that is an
// object's own property (__proto__, constructor) is refused, never a 500.
// D20: what cannot be undone is confirmed on a page of its own. The issue's
// "done when": reassign, refer, extend and close by keyboard alone, and the
// case page at 320 px.
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

/** The case page's HTML as Laura (or `cookie`) sees it, and the case's version in its forms ('' once no action is left). */
async function casePageOf(id: number, cookie = laura): Promise<{ html: string; version: string }> {
  const html = await (await fetch(`${server.url}${staffPaths.case('lv', id)}`, { headers: { Cookie: cookie } })).text();
  return { html, version: /name="version" value="(\d+)"/.exec(html)?.[1] ?? '' };
}

/** The hidden fields of the confirmation page's form, as the browser would post them. */
function hiddenFields(html: string): Record<string, string> {
  const unescape = (v: string) =>
    v
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  return Object.fromEntries(
    [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1]!, unescape(m[2]!)]),
  );
}

/** A keyboard user opens an action's <details>: Tab to its summary, Enter. */
async function openAction(page: Page, action: string): Promise<void> {
  await tabTo(page, `#action-${action} > summary`);
  await page.keyboard.press('Enter');
}

describe('actions that cannot be undone are confirmed on a page of their own (D20)', () => {
  it('marking abusive: the first post only asks, "back" keeps the reason, "yes" acts, a stale "yes" is refused', async () => {
    const id = await submitCase('question', { ...client, details: 'Rupji vārdi.' });
    const { version } = await casePageOf(id);
    const reason = 'Vēstulē ir "aizskaroši" izteikumi & nav jautājuma.';
    const asked = await postForm(server.url, staffPaths.case('lv', id), { action: 'mark_abusive', version, reason }, laura);
    expect(asked.status).toBe(200);
    const confirmation = await asked.text();
    expect(confirmation).toMatch(/<title>Vai tiešām atzīmēt lietu VPVB-\d{4}-\d{6} kā aizskarošu\?/);
    expect(confirmation).toMatch(
      /<h1[^>]*>Vai tiešām atzīmēt lietu <span class="reference">VPVB-\d{4}-\d{6}<\/span> kā aizskarošu\?<\/h1>/,
    );
    expect(confirmation).toContain('Klientam tiks nosūtīta vēstule uz ilze.forms@example.lv.');
    const carried = hiddenFields(confirmation);
    expect(carried).toEqual({ action: 'mark_abusive', version, reason });
    // Nothing happened yet.
    const unchanged = await casePageOf(id);
    expect(unchanged.version).toBe(version);
    expect(unchanged.html).toContain('id="action-mark_abusive"');

    const back = await postForm(server.url, staffPaths.case('lv', id), { ...carried, confirm: 'back' }, laura);
    expect(back.status).toBe(200);
    const form = await back.text();
    expect(form).toMatch(/<details open[^>]*id="action-mark_abusive"/);
    expect(form).toContain('>Vēstulē ir &quot;aizskaroši&quot; izteikumi &amp; nav jautājuma.</textarea>');

    // Meanwhile a colleague takes the case over: the old confirmation is stale, and the reason is not lost.
    const assignee = /value="(staff:\d+)"/.exec(unchanged.html)![1]!;
    const reassigned = await postForm(
      server.url,
      staffPaths.case('lv', id),
      { action: 'reassign', version, assignee, reason: 'Aizvietošana.' },
      laura,
    );
    expect(reassigned.status).toBe(303);
    const stale = await postForm(server.url, staffPaths.case('lv', id), { ...carried, confirm: 'yes' }, laura);
    expect(stale.status).toBe(409);
    const refused = await stale.text();
    expect(refused).toContain('Kamēr strādājāt, lietu mainīja kāds cits');
    expect(refused).toContain('nav jautājuma.</textarea>');

    const fresh = await casePageOf(id);
    const done = await postForm(server.url, staffPaths.case('lv', id), { ...carried, version: fresh.version, confirm: 'yes' }, laura);
    expect(done.status).toBe(303);
    expect((await casePageOf(id)).html).toContain('<span class="tag">Nav izskatīts</span>');
  });

  it("the director's refusal: bad input goes back to the form, good input is asked about first", async () => {
    const id = await submitCase('information-request', { ...client, informationForm: 'paper', details: 'Viss arhīvs kopš 1990. gada.' });
    const proposed = await postForm(
      server.url,
      staffPaths.case('lv', id),
      { action: 'propose_refusal', version: (await casePageOf(id)).version, reason: 'Tūkstošiem lapu.' },
      laura,
    );
    expect(proposed.status).toBe(303);
    const director = await signInWithFetch(server.url, 'direktors@demo.vpvb.lv');
    const { version } = await casePageOf(id, director);
    const post = (body: Record<string, string>) => postForm(server.url, staffPaths.case('lv', id), body, director);
    // No reason: the form and its error summary, not the confirmation page.
    const blank = await post({ action: 'decide_refusal', version, decision: 'refuse', reason: '' });
    expect(blank.status).toBe(400);
    expect(await blank.text()).toContain('class="error-summary"');
    const reason = 'Apjoms nav samērīgs ar iestādes resursiem.';
    const asked = await post({ action: 'decide_refusal', version, decision: 'refuse', reason });
    expect(asked.status).toBe(200);
    const confirmation = await asked.text();
    expect(confirmation).toContain('Vai tiešām atteikt pieprasījumu lietā VPVB-');
    expect(confirmation).toContain('<dd class="answer">Atteikt pieprasījumu</dd>');
    expect((await casePageOf(id, director)).version).toBe(version);
    const back = await (await post({ ...hiddenFields(confirmation), confirm: 'back' })).text();
    expect(back).toMatch(/<details open[^>]*id="action-decide_refusal"/);
    expect(back).toContain(`>${reason}</textarea>`);
    expect(back).toMatch(/value="refuse"[^>]*checked/);
    expect((await post({ ...hiddenFields(confirmation), confirm: 'yes' })).status).toBe(303);
    expect((await casePageOf(id, director)).html).toContain('<span class="tag">Atteikts</span>');
  });
});

describe('the case actions by keyboard alone (issue 15)', () => {
  it('reassigns, extends the deadline and refers, each with Tab, typing and Enter', async () => {
    const first = await submitCase('question', { ...client, details: 'Kam jautāt par atļauju?' });
    const page = await asLaura(staffPaths.case('lv', first));
    await openAction(page, 'reassign');
    await tabTo(page, '#reassign-assignee');
    await page.keyboard.press('ArrowDown');
    const to = await page.locator('#reassign-assignee option:checked').innerText();
    expect(to).not.toBe('Izvēlieties');
    await typeInto(page, 'reassign-reason', 'Kolēģis pārzina šo jomu.');
    await submitWithEnter(page, 'details[open] button[type=submit]');
    expect(await page.locator('.success-message').innerText()).toContain('Lieta ir nodota.');
    await page.context().close();

    const second = await submitCase('information-request', { ...client, informationForm: 'paper', details: 'Atzinumi par 2025. gadu.' });
    const other = await asLaura(staffPaths.case('lv', second));
    await openAction(other, 'extend_deadline');
    // The latest day the law allows, as the hint gives it.
    const latest = /\d{2}\.\d{2}\.\d{4}/.exec(await other.locator('#extend_deadline-dueOn-hint').innerText())![0];
    // As Latvians write it (D15).
    await typeInto(other, 'extend_deadline-dueOn', latest);
    await typeInto(other, 'extend_deadline-reason', 'Jāsaņem cita iestādes viedoklis.');
    await submitWithEnter(other, 'details[open] button[type=submit]');
    expect(await other.locator('.success-message').innerText()).toContain('Termiņš ir pagarināts');
    expect(await other.locator('main').innerText()).toContain(latest);

    await openAction(other, 'refer');
    await tabTo(other, '#refer-authority');
    await other.keyboard.press('ArrowDown');
    await typeInto(other, 'refer-note', 'Jautājums ir citas iestādes kompetencē.');
    await submitWithEnter(other, 'details[open] button[type=submit]');
    expect(await other.locator('.success-message').innerText()).toContain('Pārsūtīšana ir reģistrēta');
    expect(await other.locator('.tag').first().innerText()).toBe('Pārsūtīts citai iestādei');
    await other.context().close();
  });

  it('closes a complaint through its confirmation page: asked, back with everything kept, then closed', async () => {
    const id = await submitCase('complaint', { ...client, complaintAbout: 'service', details: 'Rinda bija stundu gara.' });
    const page = await asLaura(staffPaths.case('lv', id));
    await openAction(page, 'close_complaint');
    await chooseRadio(page, 'outcome', 'unjustified');
    const answer = 'Pārbaudījām: rinda bija 20 minūtes.';
    await typeInto(page, 'close_complaint-text', answer);
    await submitWithEnter(page, 'details[open] button[type=submit]');
    expect(await page.locator('h1').innerText()).toMatch(/^Vai tiešām slēgt sūdzību VPVB-\d{4}-\d{6}\?$/);
    expect(await page.title()).toContain('Vai tiešām slēgt sūdzību');
    const main = await page.locator('main').innerText();
    expect(main).toContain('Nepamatota');
    expect(main).toContain(answer);
    expect(await accessibilityViolations(page)).toEqual([]);
    expect((await casePageOf(id)).html).toContain('id="action-close_complaint"');

    await submitWithEnter(page, 'button[value=back]');
    expect(await page.locator('#close_complaint-text').inputValue()).toBe(answer);
    expect(await page.locator('input[name=outcome][value=unjustified]').first().isChecked()).toBe(true);
    expect(await page.locator('#action-close_complaint').getAttribute('open')).not.toBeNull();

    await submitWithEnter(page, 'details[open] button[type=submit]');
    await submitWithEnter(page, 'button[value=yes]');
    expect(await page.locator('.success-message').innerText()).toContain('Sūdzība ir slēgta.');
    expect(await page.locator('.tag').first().innerText()).toBe('Slēgts');
    await page.context().close();
  });

  it('lays out the case page at 320 px with every <details> open: no axe findings, no sideways scrolling', async () => {
    const id = await submitCase('information-request', {
      ...client,
      informationForm: 'paper',
      details: 'Lūdzu, atsūtiet visus atzinumus par ietekmes uz vidi novērtējumu Ķekavas novadā.',
    });
    const page = await pageWithSession(browser, server.url, laura, staffPaths.case('lv', id), { width: 320 });
    const overflow = await page.evaluate(() => {
      for (const d of document.querySelectorAll('details')) d.open = true;
      return document.documentElement.scrollWidth - document.documentElement.clientWidth;
    });
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.context().close();
  });
});

describe('text in another language than the page (WCAG 3.1.2, ux.md D21)', () => {
  it("marks the client's text and the official's answer with their language on the staff and the status page", async () => {
    const sent = await submitThroughForm(server.url, 'question', { ...client, details: 'When will the permit be decided?' }, 'en');
    const id = await caseIdOf(server.url, sent.reference, laura, 'unit');
    const { html, version } = await casePageOf(id);
    expect(html).toMatch(/<html lang="lv"/);
    expect(html).toContain('<p class="answer" lang="en">When will the permit be decided?</p>');
    const answered = await postForm(
      server.url,
      staffPaths.case('lv', id),
      { action: 'answer', version, text: 'The decision is due on 15 December.', note: '' },
      laura,
    );
    expect(answered.status).toBe(303);
    expect((await casePageOf(id)).html).toContain('<p class="answer" lang="en">The decision is due on 15 December.</p>');
    // The client reads the status page in Latvian: their text and the answer stay marked as English.
    const status = await (await fetch(`${server.url}${publicPaths.status('lv', sent.token)}`)).text();
    expect(status).toMatch(/<html lang="lv"/);
    expect(status).toContain('<p class="answer" lang="en">The decision is due on 15 December.</p>');
    expect(status).toContain('<p class="answer" lang="en">When will the permit be decided?</p>');
  });
});
