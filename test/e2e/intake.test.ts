import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { accessibilityViolations, launchBrowser, openPage } from '../support/browser.ts';
import { chooseRadio, submitWithEnter, tick, typeInto } from '../support/keyboard.ts';
import { readMailFolder } from '../support/mail-folder.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { locales } from '#src/i18n/languages.ts';
import { publicPaths } from '#src/paths.ts';

const baseUrl = inject('baseUrl');
const mailDir = inject('mailDir');

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function visit(path: string, options: Parameters<typeof openPage>[1] = {}): Promise<Page> {
  const page = await openPage(browser, options);
  await page.goto(`${baseUrl}${path}`);
  return page;
}

/** A form post as a browser on our own site sends it. */
function post(path: string, body: string | FormData | URLSearchParams | Blob, headers: Record<string, string> = {}) {
  return fetch(`${baseUrl}${path}`, { method: 'POST', body, redirect: 'manual', headers: { Origin: baseUrl, ...headers } });
}

type Filler = (page: Page) => Promise<void>;

/** What a client types into each form, by keyboard only. */
const journeys: Record<string, { fill: Filler; confirmation: RegExp }> = {
  complaint: {
    fill: async (page) => {
      await chooseRadio(page, 'topic', 'eia');
      await chooseRadio(page, 'complaintAbout', 'decision');
      await typeInto(page, 'details', 'Lēmumā netika ņemti vērā mani iebildumi. The decision ignored my comments.');
      await typeInto(page, 'desiredOutcome', 'Pārskatīt lēmumu.');
      await typeInto(page, 'name', 'Jānis Bērziņš');
      await chooseRadio(page, 'replyChannel', 'email');
      await typeInto(page, 'email', 'janis.berzins@example.lv');
    },
    confirmation: /VPVB-\d{4}-\d{6}/,
  },
  suggestion: {
    fill: async (page) => {
      await chooseRadio(page, 'topic', 'unknown');
      await typeInto(page, 'details', 'Ierīkojiet velostatīvu pie ieejas.');
    },
    confirmation: /VPVB-\d{4}-\d{6}/,
  },
  question: {
    fill: async (page) => {
      await chooseRadio(page, 'topic', 'eia');
      await typeInto(page, 'details', 'Kad tiks publicēts ziņojums?');
      await typeInto(page, 'name', 'Anna Kalniņa');
      await chooseRadio(page, 'replyChannel', 'email');
      await typeInto(page, 'email', 'anna.kalnina@example.lv');
    },
    confirmation: /VPVB-\d{4}-\d{6}/,
  },
  'information-request': {
    fill: async (page) => {
      await chooseRadio(page, 'topic', 'information-access');
      await typeInto(page, 'details', 'Visi 2025. gada atzinumi par ietekmi uz vidi.');
      await chooseRadio(page, 'informationForm', 'in_office');
      await typeInto(page, 'name', 'Pēteris Ozols');
      await chooseRadio(page, 'replyChannel', 'post');
      await typeInto(page, 'address', 'Brīvības iela 1, Rīga, LV-1010');
    },
    confirmation: /VPVB-\d{4}-\d{6}/,
  },
  callback: {
    fill: async (page) => {
      await chooseRadio(page, 'topic', 'eia');
      await typeInto(page, 'details', 'Par sabiedrisko apspriešanu.');
      await typeInto(page, 'phone', '29 123 456');
      await typeInto(page, 'name', 'Inga Liepa');
    },
    confirmation: /VPVB-\d{4}-\d{6}/,
  },
};

const errorTitle = { lv: /^Kļūda:/, en: /^Error:/ } as Record<string, RegExp>;

describe.each(locales)('public forms in %s', (locale) => {
  for (const [slug, journey] of Object.entries(journeys)) {
    it(`${slug}: empty, with errors, check page, confirmation and status page are axe-clean and filled by keyboard only`, async () => {
      const page = await visit(publicPaths.form(locale, slug), { width: 1024 });
      expect(await page.locator('html').getAttribute('lang')).toBe(locale);
      expect(await accessibilityViolations(page)).toEqual([]);

      // Sent empty: 400, the error summary first, the title says so.
      const empty = await submitWithEnter(page);
      expect(empty?.status()).toBe(400);
      expect(await page.title()).toMatch(errorTitle[locale]!);
      expect(await page.locator('.error-summary li').count()).toBeGreaterThan(0);
      // Each message in the summary links to a field that exists.
      for (const href of await page.locator('.error-summary a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))) {
        expect(await page.locator(href!).count(), href!).toBe(1);
      }
      expect(await accessibilityViolations(page)).toEqual([]);

      // Filled by keyboard on the page with errors: nothing is lost on the way.
      await page.keyboard.press('Home');
      await journey.fill(page);
      const checked = await submitWithEnter(page);
      expect(checked?.status()).toBe(200);
      expect(new URL(page.url()).pathname).toMatch(new RegExp(`^/${locale}/${slug}/check/`)); // literal on purpose: matches an address whose token is not known
      expect(await accessibilityViolations(page)).toEqual([]);

      await submitWithEnter(page);
      expect(new URL(page.url()).pathname).toMatch(new RegExp(`^/${locale}/submitted/`)); // literal on purpose: matches an address whose token is not known
      const panel = await page.locator('.confirmation-panel').innerText();
      expect(panel).toMatch(journey.confirmation);
      const reference = journey.confirmation.exec(panel)![0];
      expect(await accessibilityViolations(page)).toEqual([]);

      // The private status link shows the case.
      await page.locator('.status-link a').click();
      expect(new URL(page.url()).pathname).toMatch(new RegExp(`^/${locale}/case/[A-Za-z0-9_-]{43}$`)); // literal on purpose: matches an address whose token is not known
      expect(await page.locator('h1').innerText()).toContain(reference);
      expect(await page.locator('main').innerText()).toContain(locale === 'lv' ? 'Iesniegt sūdzību' : 'Make a complaint');
      expect(await accessibilityViolations(page)).toEqual([]);
      await page.context().close();
    });
  }

  it('keeps everything typed when a field is wrong, and fits 320 px', async () => {
    const page = await visit(publicPaths.form(locale, 'question'), { width: 320 });
    await page.fill('#details', 'Mans jautājums <b>ar</b> “pēdiņām”');
    await page.fill('#name', 'Anna');
    await page.check('#replyChannel');
    await page.fill('#email', 'anna@');
    await page.selectOption('#replyLanguage', 'ru');
    const response = await submitWithEnter(page);
    expect(response?.status()).toBe(400);
    expect(await page.inputValue('#details')).toBe('Mans jautājums <b>ar</b> “pēdiņām”');
    expect(await page.inputValue('#name')).toBe('Anna');
    expect(await page.inputValue('#email')).toBe('anna@');
    expect(await page.inputValue('#replyLanguage')).toBe('ru');
    expect(await page.isChecked('#replyChannel')).toBe(true);
    expect(await page.locator('#email-error').innerText()).toMatch(locale === 'lv' ? /pareizu e-pasta adresi/ : /right format/);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.context().close();
  });

  it('tells a client with a foreign number, before sending, that the answer comes by e-mail (S-14.3.1)', async () => {
    const page = await visit(publicPaths.form(locale, 'callback'));
    await page.check('#topic');
    await page.fill('#details', 'Zvaniet, lūdzu.');
    await page.fill('#phone', '+49 30 1234567');
    await page.fill('#name', 'Klaus Müller');
    await submitWithEnter(page);
    expect(await page.locator('#email-error').innerText()).toMatch(
      locale === 'lv' ? /Ārvalstu numuriem .* pa e-pastu/ : /foreign numbers .* by email/,
    );
    await page.fill('#email', 'klaus@example.de');
    await submitWithEnter(page);
    expect(new URL(page.url()).pathname).toContain('/check/');
    expect(await page.locator('.notice').innerText()).toMatch(
      locale === 'lv' ? /nezvanīsim, bet atbildēsim pa e-pastu/ : /we will not call: we will answer by email/,
    );
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('refuses a premium-rate number with the reason', async () => {
    const page = await visit(publicPaths.form(locale, 'callback'));
    await page.check('#topic');
    await page.fill('#details', 'Zvaniet.');
    await page.fill('#phone', '900 12 345');
    await page.fill('#name', 'Inga');
    const response = await submitWithEnter(page);
    expect(response?.status()).toBe(400);
    expect(await page.locator('#phone-error').innerText()).toMatch(locale === 'lv' ? /paaugstinātas maksas/ : /premium-rate/);
    await page.context().close();
  });

  it("says in the client's language that nobody speaks the language asked for, so the answer will be in Latvian (S-7)", async () => {
    const page = await visit(publicPaths.form(locale, 'question'));
    await page.check('input[name=topic][value="pollution-permits"]');
    await page.fill('#details', 'Wann wird die Genehmigung erteilt?');
    await page.fill('#name', 'Klaus Müller');
    await page.check('#replyChannel');
    await page.fill('#email', 'klaus@example.de');
    await page.selectOption('#replyLanguage', 'de');
    await submitWithEnter(page);
    expect(await page.locator('.notice').innerText()).toContain(
      locale === 'lv'
        ? 'Neviens atbildīgās struktūrvienības darbinieks nerunā vācu valodā, tāpēc atbilde būs latviešu valodā.'
        : 'No official of the unit responsible speaks German, so the answer will be in Latvian.',
    );
    await page.context().close();
  });
});

describe('the form page with errors (D10, D11, D12)', () => {
  it('gives the error summary focus as the page loads, without JavaScript (D10)', async () => {
    const page = await visit(publicPaths.form('lv', 'question'));
    await submitWithEnter(page);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('error-summary');
    await page.context().close();
  });

  it('lists the errors in the order of the fields, the e-mail before the phone (D11)', async () => {
    const page = await visit(publicPaths.form('en', 'complaint'));
    await page.fill('#details', 'The official was rude.');
    await page.fill('#name', 'Anna');
    await page.check('input[name=replyChannel][value=phone]');
    await page.fill('#email', 'anna@');
    await page.fill('#phone', '12');
    await submitWithEnter(page);
    const hrefs = await page.locator('.error-summary a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(hrefs).toEqual(['#topic', '#complaintAbout', '#email', '#phone']);
    // Each link's field stands below the one before it.
    const inPageOrder = await page.evaluate(
      (ids) =>
        ids.every(
          (id, i) =>
            i === 0 ||
            Boolean(
              document.querySelector(ids[i - 1]!)!.compareDocumentPosition(document.querySelector(id)!) & Node.DOCUMENT_POSITION_FOLLOWING,
            ),
        ),
      hrefs as string[],
    );
    expect(inPageOrder).toBe(true);
    await page.context().close();
  });

  it('keeps what was typed when the language is switched on the page with errors (D12)', async () => {
    const page = await visit(publicPaths.form('lv', 'question'));
    await page.fill('#details', 'Kad būs lēmums par atļauju?');
    await page.fill('#name', 'Anna Kalniņa');
    await submitWithEnter(page);
    expect(await page.locator('.language-switcher a[hreflang=en]').getAttribute('href')).toMatch(/^\/en\/question\?draft=/); // literal on purpose: the draft is not known
    await page.locator('.language-switcher a[hreflang=en]').click();
    expect(new URL(page.url()).pathname).toBe(publicPaths.form('en', 'question'));
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.inputValue('#details')).toBe('Kad būs lēmums par atļauju?');
    expect(await page.inputValue('#name')).toBe('Anna Kalniņa');
    // And back again, by the link the English page offers.
    await page.locator('.language-switcher a[hreflang=lv]').click();
    expect(await page.inputValue('#details')).toBe('Kad būs lēmums par atļauju?');
    await page.context().close();
  });
});

describe('contact preferences (D9)', () => {
  /** What a sighted reader sees of a label: innerText leaves out what the stylesheet hides. */
  const seen = (page: Page, selector: string) => page.locator(selector).innerText();

  it('asks for each contact under the channel chosen, never marks a required field optional, and asks nothing of an anonymous client', async () => {
    const page = await visit(publicPaths.form('lv', 'complaint'), { width: 320 });
    expect(await seen(page, 'label[for=name]')).toBe('Jūsu vārds un uzvārds');
    expect(await seen(page, 'fieldset:has(#replyChannel) legend')).toBe('Kā vēlaties saņemt atbildi?');
    // Before a channel is chosen only the e-mail, which also gets the confirmation, is asked for.
    expect(await page.locator('#phone').isVisible()).toBe(false);
    expect(await page.locator('#address').isVisible()).toBe(false);

    await chooseRadio(page, 'replyChannel', 'post');
    expect(await page.locator('#address').isVisible()).toBe(true);
    expect(await seen(page, 'label[for=address]')).toBe('Pasta adrese');
    expect(await page.locator('#phone').isVisible()).toBe(false);
    expect(await accessibilityViolations(page)).toEqual([]);

    await chooseRadio(page, 'replyChannel', 'phone');
    expect(await page.locator('#phone').isVisible()).toBe(true);
    expect(await page.locator('#abroad').isVisible()).toBe(true);
    expect(await page.locator('#address').isVisible()).toBe(false);

    await chooseRadio(page, 'replyChannel', 'email');
    expect(await seen(page, 'label[for=email]')).toBe('E-pasta adrese');
    await chooseRadio(page, 'replyChannel', 'in_person');
    expect(await seen(page, 'label[for=email]')).toBe('E-pasta adrese (nav obligāti)');
    expect(await page.locator('#phone').isVisible()).toBe(true);

    await tick(page, 'anonymous');
    for (const id of ['name', 'replyChannel', 'email', 'phone']) expect(await page.locator(`#${id}`).isVisible(), id).toBe(false);
    await page.context().close();
  });

  it('asks for no contacts on a suggestion until an answer is wanted, and shows a hidden field that has an error', async () => {
    const page = await visit(publicPaths.form('en', 'suggestion'));
    expect(await page.locator('#name').isVisible()).toBe(false);
    await tick(page, 'wantsReply');
    expect(await page.locator('#name').isVisible()).toBe(true);
    expect(await seen(page, 'label[for=name]')).toBe('Your name');

    // A phone typed wrong, then a reply by e-mail chosen: the error is not hidden with its field.
    await chooseRadio(page, 'topic', 'eia');
    await typeInto(page, 'details', 'A bench by the door, please.');
    await typeInto(page, 'name', 'Anna Kalniņa');
    await chooseRadio(page, 'replyChannel', 'phone');
    await typeInto(page, 'phone', '12');
    await chooseRadio(page, 'replyChannel', 'email');
    await typeInto(page, 'email', 'anna.d9@example.lv');
    await submitWithEnter(page);
    expect(await page.locator('.error-summary a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual(['#phone']);
    expect(await page.locator('#phone').isVisible()).toBe(true);
    expect(await page.locator('#phone').inputValue()).toBe('12');
    await page.context().close();
  });
});

describe('the confirmation and status page (D14, D28)', () => {
  it.each(locales)('%s: says the date is above, where it is, and keeps the reference on one line at 320 px', async (locale) => {
    const page = await visit(publicPaths.form(locale, 'question'), { width: 320 });
    await page.check('#topic');
    await page.fill('#details', 'Kad būs lēmums?');
    await page.fill('#name', 'Anna');
    await page.check('#replyChannel');
    await page.fill('#email', `anna.narrow.${locale}@example.lv`);
    await submitWithEnter(page);
    await submitWithEnter(page);
    expect(new URL(page.url()).pathname).toMatch(new RegExp(`^/${locale}/submitted/`)); // literal on purpose: the token is not known

    // D14: "What happens next" stands below the deadline it points to.
    const main = await page.locator('main').innerText();
    const [deadline, pointer] =
      locale === 'lv' ? ['Atbilde līdz', 'līdz augstāk norādītajam datumam'] : ['Answer due by', 'by the date shown above'];
    expect(main).toContain(pointer);
    expect(main.indexOf(deadline)).toBeLessThan(main.indexOf(pointer));

    // D28: each large reference is one line, and nothing scrolls sideways.
    const oneLine = () =>
      page.locator('.reference').evaluateAll((els) =>
        els.map((el) => ({
          text: el.textContent,
          lines: el.getClientRects().length,
          fits: el.getBoundingClientRect().right <= innerWidth,
        })),
      );
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    const confirmation = await oneLine();
    expect(confirmation.length).toBe(2); // the panel and the summary
    for (const r of confirmation) expect(r, r.text!).toMatchObject({ lines: 1, fits: true });
    expect(await overflow()).toBeLessThanOrEqual(0);

    await page.locator('.status-link a').click();
    await page.waitForLoadState('load'); // the stylesheet applied before measuring
    const status = await oneLine();
    expect(status.length).toBe(2); // the heading and the summary
    for (const r of status) expect(r, r.text!).toMatchObject({ lines: 1, fits: true });
    expect(await page.locator('h1 .reference').innerText()).toMatch(/^VPVB-\d{4}-\d{6}$/);
    expect(await overflow()).toBeLessThanOrEqual(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.context().close();
  });
});

describe('promises the forms keep (issue 13)', () => {
  it('answers a question by e-mail when the client wants a phone reply but is abroad (S-14.7, m3)', async () => {
    const page = await visit(publicPaths.form('en', 'question'));
    await page.check('#topic');
    await page.fill('#details', 'When will the decision be published?');
    await page.fill('#name', 'Anna Kalniņa');
    await page.check('input[name=replyChannel][value=phone]');
    await page.fill('#phone', '29 123 456');
    await page.check('#abroad');
    await submitWithEnter(page);
    expect(await page.locator('#email-error').innerText()).toMatch(/clients abroad by email/);
    await page.fill('#email', 'anna@example.lv');
    await submitWithEnter(page);
    expect(new URL(page.url()).pathname).toContain('/check/');
    expect(await page.locator('.notice').innerText()).toMatch(/you are abroad, so we will not call: we will answer by email/);
    expect(await page.locator('.check-list').innerText()).toMatch(/Are you abroad at the moment\?\s+Yes/);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('promises no answer date for an anonymous complaint and says what happens instead (m8)', async () => {
    const page = await visit(publicPaths.form('en', 'complaint'));
    await page.check('#topic');
    await page.check('input[name=complaintAbout][value=official]');
    await page.fill('#details', 'The official was rude.');
    await page.check('#anonymous');
    await submitWithEnter(page);
    expect(new URL(page.url()).pathname).toContain('/check/');
    await submitWithEnter(page);
    expect(new URL(page.url()).pathname).toMatch(/^\/en\/submitted\//); // literal on purpose: the token is not known
    const main = await page.locator('main').innerText();
    expect(main).not.toContain('Answer due by');
    expect(main).toContain('It is anonymous, so we cannot send you an answer');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.context().close();
  });
});

describe('attachments', () => {
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
  it('keeps an uploaded file through an error, lists it on the check page and refuses a file that is not a document', async () => {
    const page = await visit(publicPaths.form('en', 'complaint'));
    await page.check('#topic');
    await page.check('#complaintAbout');
    await page.fill('#details', 'See the attached decision.');
    await page.setInputFiles('#attachments', [
      { name: 'decision.pdf', mimeType: 'application/pdf', buffer: pdf },
      { name: 'virus.pdf', mimeType: 'application/pdf', buffer: Buffer.from('MZ\x90\x00not a pdf', 'latin1') },
    ]);
    const response = await submitWithEnter(page);
    expect(response?.status()).toBe(400);
    expect(await page.locator('#attachments-error').innerText()).toContain('virus.pdf is not a file type we accept');
    expect(await page.locator('.kept-files').innerText()).toContain('decision.pdf');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.fill('#name', 'Anna');
    await page.check('#replyChannel');
    await page.fill('#email', 'anna.attachments@example.lv');
    await submitWithEnter(page);
    expect(await page.locator('.check-list').innerText()).toContain('decision.pdf');
    expect(await page.locator('.check-list').innerText()).not.toContain('virus.pdf');
    await submitWithEnter(page);
    expect(new URL(page.url()).pathname).toMatch(/^\/en\/submitted\//);
    await page.context().close();
  });
});

describe('sending once', () => {
  it('makes one case of a double submit and shows the same confirmation', async () => {
    const form = new URLSearchParams({
      topic: 'eia',
      details: 'Divreiz nosūtīts jautājums.',
      name: 'Anna',
      replyChannel: 'email',
      email: 'twice@example.lv',
      replyLanguage: 'lv',
    });
    const first = await post(publicPaths.form('lv', 'question'), form);
    expect(first.status).toBe(303);
    const check = first.headers.get('location')!;
    const [a, b] = await Promise.all([post(check, new URLSearchParams()), post(check, new URLSearchParams())]);
    expect(a.status).toBe(303);
    expect(b.status).toBe(303);
    expect(a.headers.get('location')).toMatch(/^\/lv\/submitted\//);
    expect(b.headers.get('location')).toBe(a.headers.get('location'));
    // The back button after sending leads to the confirmation too.
    const again = await fetch(`${baseUrl}${check}`, { redirect: 'manual' });
    expect(again.headers.get('location')).toBe(a.headers.get('location'));
  });
});

describe('the acknowledgement e-mail', () => {
  it("arrives in the mail folder in the client's language, as text and HTML, with the status link and the complaint link", async () => {
    const page = await visit(publicPaths.form('lv', 'question'));
    await page.check('#topic');
    await page.fill('#details', 'Jautājums par e-pastu.');
    await page.fill('#name', 'Līga Kalna');
    await page.check('#replyChannel');
    await page.fill('#email', 'liga.mail@example.lv');
    await submitWithEnter(page);
    await submitWithEnter(page);
    const reference = /VPVB-\d{4}-\d{6}/.exec(await page.locator('.confirmation-panel').innerText())![0];
    const statusLink = await page.locator('.status-link a').innerText();
    await page.context().close();

    await expect
      .poll(() => readMailFolder(mailDir).find((m) => m.to.includes('liga.mail@example.lv')), { timeout: 30_000, interval: 500 })
      .toBeTruthy();
    const mail = readMailFolder(mailDir).find((m) => m.to.includes('liga.mail@example.lv'))!;
    expect(mail.subject).toBe(`Esam saņēmuši Jūsu iesniegumu ${reference}`);
    expect(mail.raw).toMatch(/multipart\/alternative/);
    // Nothing the sender typed, not even the name: the address is unconfirmed.
    expect(mail.text).toContain('Labdien!');
    expect(mail.text).not.toContain('Līga');
    expect(mail.html).not.toContain('Līga');
    expect(mail.text).toContain(statusLink);
    expect(mail.html).toContain(`href="${statusLink}"`);
    expect(mail.html).toContain(publicPaths.complaint('lv', reference));
  });
});

describe('hostile input', () => {
  const slugs = Object.keys(journeys);
  const expectFormAgain = async (response: Response, status = 400) => {
    expect(response.status).toBe(status);
    const html = await response.text();
    expect(html).toContain('<form method="post"');
    expect(html).toContain('class="error-summary"');
    return html;
  };

  it.each(slugs)('%s: script tags and SQL are shown back escaped, never run', async (slug) => {
    const html = await expectFormAgain(
      await post(
        publicPaths.form('en', slug),
        new URLSearchParams({
          details: '<script>alert("x")</script>',
          name: "'; drop table cases; --",
          topic: "eia' or '1'='1",
          email: '"><img src=x onerror=alert(1)>',
        }),
      ),
    );
    expect(html).not.toContain('<script>alert');
    // Inside an attribute the quote is escaped, so the markup stays text.
    expect(html).not.toContain('"><img');
    expect(html).toContain('value="&quot;><img src=x onerror=alert(1)>"');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain(`value="'; drop table cases; --"`);
  });

  it.each(slugs)('%s: a 1 MB text gets a length error, not a 5xx', async (slug) => {
    const html = await expectFormAgain(
      await post(
        publicPaths.form('lv', slug),
        new URLSearchParams({ topic: 'eia', details: 'ā'.repeat(1_000_000), name: 'A', replyLanguage: 'lv' }),
      ),
    );
    expect(html).toContain('Ievadiet ne vairāk kā 5000 rakstzīmes');
  });

  it.each(slugs)('%s: broken UTF-8, NUL bytes and missing fields are a clear 400', async (slug) => {
    // Percent-encoded invalid sequences and raw invalid bytes alike.
    const body = new Blob([
      Buffer.from('details=%FF%FE%00abc%C3&name=%ED%A0%80&topic=&replyLanguage=lv&phone='),
      Buffer.from([0xff, 0xfe, 0xc3]),
    ]);
    await expectFormAgain(await post(publicPaths.form('en', slug), body, { 'Content-Type': 'application/x-www-form-urlencoded' }));
    await expectFormAgain(await post(publicPaths.form('en', slug), new URLSearchParams()));
  });

  it.each(slugs)('%s: wrong types (JSON, a file for a text field, repeated fields) are a clear 400', async (slug) => {
    const json = await expectFormAgain(
      await post(publicPaths.form('en', slug), JSON.stringify({ details: 'x' }), { 'Content-Type': 'application/json' }),
    );
    expect(json).toContain('We could not read what was sent');
    const multipart = new FormData();
    multipart.append('details', new Blob(['x']), 'details.txt');
    multipart.append('topic', 'eia');
    multipart.append('topic', 'sea');
    await expectFormAgain(await post(publicPaths.form('en', slug), multipart));
  });

  it('a broken multipart body is a clear 400', async () => {
    await expectFormAgain(
      await post(publicPaths.form('en', 'complaint'), '--x\r\nContent-Disposition: form-data; name="details"\r\n\r\nunterminated', {
        'Content-Type': 'multipart/form-data; boundary=x',
      }),
    );
  });

  it('a filled honeypot is refused and stores nothing', async () => {
    const html = await expectFormAgain(
      await post(
        publicPaths.form('en', 'question'),
        new URLSearchParams({
          topic: 'eia',
          details: 'spam',
          name: 'Bot',
          replyChannel: 'email',
          email: 'bot@example.com',
          replyLanguage: 'en',
          website: 'http://spam.example',
        }),
      ),
    );
    expect(html).toContain('could not be accepted');
  });

  it('unknown forms, drafts and status links are not found', async () => {
    expect((await fetch(`${baseUrl}${publicPaths.form('en', 'no-such-form')}`)).status).toBe(404);
    expect((await post(publicPaths.check('en', 'question', 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'), new URLSearchParams())).status).toBe(404);
    expect((await fetch(`${baseUrl}${publicPaths.status('en', 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')}`)).status).toBe(404);
    expect((await fetch(`${baseUrl}${publicPaths.status('en', 'VPVB-2026-000001')}`)).status).toBe(404);
    expect((await fetch(`${baseUrl}/en/submitted/%3Cscript%3E`)).status).toBe(404); // literal on purpose: a hostile token, already encoded
  });
});

describe('the rate limit', () => {
  /** A question the rules accept, from one address (the server trusts one proxy hop). */
  const question = (details: string) =>
    new URLSearchParams({
      topic: 'eia',
      details,
      name: 'Anna',
      replyChannel: 'email',
      email: 'anna.limit@example.lv',
      replyLanguage: 'lv',
    });
  const send = (server: RunningServer, from: string, path: string, body: URLSearchParams) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Origin: server.url, 'X-Forwarded-For': from },
      body,
    });

  it('counts what is accepted, not the corrections, and stops a client past the limit keeping what they typed (D23)', async () => {
    const server = await startServer({ INTAKE_RATE_LIMIT: '2', TRUST_PROXY: '1' });
    try {
      const from = '198.51.100.21';
      const form = publicPaths.form('lv', 'question');
      // Three posts with errors within a limit of two: each is shown again with its errors.
      for (let i = 0; i < 3; i++) expect((await send(server, from, form, new URLSearchParams({ details: 'Labojumi.' }))).status).toBe(400);
      // Then the corrected form and its "Send" are accepted: two, the limit.
      const accepted = await send(server, from, form, question('Pareizi aizpildīts.'));
      expect(accepted.status).toBe(303);
      expect((await send(server, from, accepted.headers.get('location')!, new URLSearchParams())).status).toBe(303);
      // The limit holds for what is accepted.
      const third = await send(server, from, form, question('Mans teksts paliek.'));
      expect(third.status).toBe(429);
      expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
      const html = await third.text();
      expect(html).toContain('no jūsu savienojuma ir saņemts pārāk daudz iesniegumu');
      expect(html).toContain('Mans teksts paliek.');
      // What was chosen stays chosen too: the topic and the reply's channel.
      const input = (name: string, value: string) =>
        html.match(new RegExp(`<input[^>]*name="${name}"[^>]*value="${value}"[^>]*>`))?.[0] ?? '';
      expect(input('topic', 'eia')).toMatch(/\bchecked\b/);
      expect(input('replyChannel', 'email')).toMatch(/\bchecked\b/);
    } finally {
      await server.stop();
    }
  });

  it('stops a Send past the limit on the check page keeping the draft, and gives a sent draft its confirmation again past it', async () => {
    const server = await startServer({ INTAKE_RATE_LIMIT: '2', TRUST_PROXY: '1' });
    try {
      const form = publicPaths.form('lv', 'question');
      // Two drafts kept from one address (the limit of two), then a Send is the third post.
      const first = await send(server, '198.51.100.31', form, question('Pirmais.'));
      const second = await send(server, '198.51.100.31', form, question('Otrais paliek.'));
      expect([first.status, second.status]).toEqual([303, 303]);
      const check = second.headers.get('location')!;
      const over = await send(server, '198.51.100.31', check, new URLSearchParams());
      expect(over.status).toBe(429);
      expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
      const html = await over.text();
      expect(html).toContain('no jūsu savienojuma ir saņemts pārāk daudz iesniegumu');
      expect(html).toContain('Otrais paliek.');
      // Nothing was sent: the check page still waits for "Send".
      expect((await fetch(`${server.url}${check}`, { redirect: 'manual' })).status).toBe(200);
      // From another address: sent within the limit, then sent again past it, the same confirmation.
      const third = await send(server, '198.51.100.32', form, question('Trešais.'));
      const sent = await send(server, '198.51.100.32', third.headers.get('location')!, new URLSearchParams());
      expect(sent.status).toBe(303);
      expect((await send(server, '198.51.100.32', form, question('Ceturtais.'))).status).toBe(429);
      const again = await send(server, '198.51.100.32', third.headers.get('location')!, new URLSearchParams());
      expect(again.status).toBe(303);
      expect(again.headers.get('location')).toBe(sent.headers.get('location'));
    } finally {
      await server.stop();
    }
  });

  it('shows the check page and the form past the limit in a browser, axe-clean, with what was typed', async () => {
    const server = await startServer({ INTAKE_RATE_LIMIT: '1' });
    const page = await openPage(browser, { width: 320 });
    try {
      const fill = async (details: string) => {
        await page.check('input[name="topic"][value="eia"]');
        await page.fill('#details', details);
        await page.fill('#name', 'Anna');
        await page.check('input[name="replyChannel"][value="email"]');
        await page.fill('#email', 'anna.limit@example.lv');
      };
      // The form's first post is the one allowed; its Send is the second: 429 on the check page, in Latvian.
      await page.goto(`${server.url}${publicPaths.form('lv', 'question')}`);
      await fill('Pārbaudes lapa pēc robežas.');
      await submitWithEnter(page);
      expect(new URL(page.url()).pathname).toMatch(/^\/lv\/question\/check\//); // literal on purpose: a draft's address
      const refusedSend = await submitWithEnter(page);
      expect(refusedSend?.status()).toBe(429);
      expect(await page.locator('.error-summary').innerText()).toContain('pārāk daudz iesniegumu');
      expect(await page.locator('main').innerText()).toContain('Pārbaudes lapa pēc robežas.');
      expect(await accessibilityViolations(page)).toEqual([]);
      // The next form, in English: 429 on the form, with what was typed.
      await page.goto(`${server.url}${publicPaths.form('en', 'question')}`);
      await fill('Typed past the limit.');
      const refusedForm = await submitWithEnter(page);
      expect(refusedForm?.status()).toBe(429);
      expect(await page.locator('.error-summary').innerText()).toMatch(/too many/i);
      expect(await page.inputValue('#details')).toBe('Typed past the limit.');
      expect(await accessibilityViolations(page)).toEqual([]);
    } finally {
      await page.context().close();
      await server.stop();
    }
  });

  it('still stops an address that only posts errors, at ten times the limit (D23)', async () => {
    const server = await startServer({ INTAKE_RATE_LIMIT: '2', TRUST_PROXY: '1' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 21; i++) {
        statuses.push(
          (await send(server, '198.51.100.22', publicPaths.form('en', 'question'), new URLSearchParams({ details: 'x' }))).status,
        );
      }
      expect(statuses).toEqual([...Array<number>(20).fill(400), 429]);
    } finally {
      await server.stop();
    }
  });
});
