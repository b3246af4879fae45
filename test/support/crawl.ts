import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';

// What a hostile crawler needs: the links and forms of a page as Chromium
// parsed them, a path's shape (so a crawl visits two of each kind of page,
// not every day of the reading room's calendar), and a form filled with
// hostile values.

export type FormField = {
  name: string;
  /**
   * hidden: the page's own value; typed: what a person types; unseen: a
   * field no person sees (the honeypot); choice: select, radio, checkbox.
   */
  role: 'hidden' | 'typed' | 'unseen' | 'choice' | 'file';
  /** For typed fields: what the browser expects in it (email, tel, numeric, url, password, text). */
  format?: string;
  value: string;
  /** For radios and checkboxes: whether the page had it ticked; selects count as ticked. */
  checked: boolean;
  radio?: boolean;
};

export type FoundForm = {
  /** The page the form was found on (path and query). */
  page: string;
  method: 'get' | 'post';
  /** Path and query the form posts to. */
  action: string;
  multipart: boolean;
  fields: FormField[];
  /** The named submit button this variant of the form is sent with (a form with two named buttons is two forms). */
  button?: { name: string; value: string };
  /** method, action's shape, field names and button: the same form on another page or another case has the same one. */
  signature: string;
};

/** A path's shape: numbers, dates and private tokens replaced, query values dropped. */
export function pathShape(path: string): string {
  const url = new URL(path, 'http://x');
  const shape = url.pathname
    .replace(/\d{4}-\d{2}(-\d{2})?/g, ':date')
    .replace(/\/\d+(?=\/|$|\.)/g, '/:id')
    .replace(/\/[A-Za-z0-9_-]{32,}(?=\/|$|\.)/g, '/:token');
  const keys = [...new Set(url.searchParams.keys())].sort();
  return keys.length ? `${shape}?${keys.join('&')}` : shape;
}

/** What the form does: its named button's value, or its hidden `action`. */
export function actionOf(form: FoundForm): string | undefined {
  return form.button?.value ?? form.fields.find((f) => f.role === 'hidden' && f.name === 'action')?.value;
}

/** The page's same-origin links and every form on it, as the browser sees them. */
export async function readPage(page: Page): Promise<{ links: string[]; forms: FoundForm[] }> {
  const origin = new URL(page.url()).origin;
  const path = page.url().slice(origin.length);
  const links = await page.$$eval('a[href]', (anchors) => anchors.map((a) => (a as HTMLAnchorElement).href));
  const raw = await page.$$eval('form', (forms) =>
    forms.map((form) => {
      const f = form as HTMLFormElement;
      // Never f.action / f.method: an input named "action" shadows them.
      const action = new URL(f.getAttribute('action') ?? '', location.href);
      const fields: Array<{ name: string; tag: string; type: string; value: string; checked: boolean; unseen: boolean; format: string }> =
        [];
      for (const element of Array.from(f.elements)) {
        const e = element as HTMLInputElement;
        if (e.disabled) continue;
        const tag = e.tagName.toLowerCase();
        const type =
          tag === 'input'
            ? (e.getAttribute('type') ?? 'text').toLowerCase()
            : tag === 'button'
              ? (e.getAttribute('type') ?? 'submit').toLowerCase()
              : tag;
        // An unnamed submit button still sends the form, without a button
        // field (the answer form's "Send" beside its named "Save draft").
        if (!e.name && type !== 'submit') continue;
        // Not drawn, or out of the tab order: a field for bots (the honeypot).
        const unseen = type !== 'hidden' && (e.getClientRects().length === 0 || e.tabIndex < 0);
        const format =
          type === 'email' || type === 'tel' || type === 'url' || type === 'password'
            ? type
            : e.getAttribute('inputmode') === 'numeric'
              ? 'numeric'
              : 'text';
        if (tag === 'select') {
          const s = element as unknown as HTMLSelectElement;
          fields.push({ name: e.name, tag, type: 'select', value: s.value || (s.options[0]?.value ?? ''), checked: true, unseen, format });
        } else {
          fields.push({ name: e.name, tag, type, value: e.value, checked: e.checked, unseen, format });
        }
      }
      return {
        method: (f.getAttribute('method') ?? 'get').toLowerCase(),
        action: action.pathname + action.search,
        actionOrigin: action.origin,
        multipart: (f.getAttribute('enctype') ?? '').toLowerCase() === 'multipart/form-data',
        fields,
      };
    }),
  );
  const forms: FoundForm[] = [];
  for (const form of raw) {
    if (form.actionOrigin !== origin) continue;
    const buttons = form.fields.filter((f) => f.type === 'submit' || f.type === 'image');
    const fields: FormField[] = form.fields
      .filter((f) => f.type !== 'submit' && f.type !== 'image' && f.type !== 'button' && f.type !== 'reset')
      .map((f) => ({
        name: f.name,
        role:
          f.type === 'hidden'
            ? 'hidden'
            : f.type === 'file'
              ? 'file'
              : ['radio', 'checkbox', 'select'].includes(f.type)
                ? 'choice'
                : f.unseen
                  ? 'unseen'
                  : 'typed',
        ...(f.type !== 'hidden' ? { format: f.format } : {}),
        value: f.value,
        checked: f.type === 'radio' || f.type === 'checkbox' ? f.checked : true,
        ...(f.type === 'radio' ? { radio: true } : {}),
      }));
    const names = [...new Set(fields.map((f) => f.name))].sort().join(',');
    // Forms told apart by a hidden action (the case page's) are different forms.
    const hiddenAction = fields.find((f) => f.role === 'hidden' && f.name === 'action')?.value;
    const named = buttons.filter((b) => b.name).map((b) => ({ name: b.name, value: b.value }));
    const variants = buttons.length === named.length && named.length > 0 ? named : [undefined, ...named];
    for (const button of variants) {
      const method = form.method === 'post' ? 'post' : 'get';
      forms.push({
        page: path,
        method,
        action: form.action,
        multipart: form.multipart,
        fields,
        ...(button ? { button } : {}),
        signature: `${method} ${pathShape(form.action)} [${names}]${hiddenAction ? ` action=${hiddenAction}` : ''}${button ? ` ${button.name}=${button.value}` : ''}`,
      });
    }
  }
  return { links: links.filter((l) => l.startsWith(origin)).map((l) => l.slice(origin.length)), forms };
}

/**
 * The address with its ids, dates and query values changed to what an
 * attacker or a mistyped link would give: each with what it should get.
 * A changed id or date in the path names nothing (404); a changed query
 * value is a filter the page ignores or refuses, never a 5xx.
 */
export function tamperedPaths(path: string): Array<{ path: string; expect: 'not-found' | 'no-5xx' }> {
  const url = new URL(path, 'http://x');
  const segments = url.pathname.split('/');
  const out: Array<{ path: string; expect: 'not-found' | 'no-5xx' }> = [];
  segments.forEach((segment, i) => {
    const variants = /^\d+$/.test(segment)
      ? ['0', '-1', '1.5', '1e3', 'abc', '99999999999', '%00', '2147483647']
      : /^\d{4}-\d{2}-\d{2}$/.test(segment)
        ? ['2026-02-30', '9999-99-99', '0000-01-01', '1900-01-01']
        : [];
    for (const v of variants)
      out.push({ path: [...segments.slice(0, i), v, ...segments.slice(i + 1)].join('/') + url.search, expect: 'not-found' });
  });
  for (const key of new Set(url.searchParams.keys())) {
    for (const v of ['', 'abc', '-1', '0', '1.5', '99999999999', '2026-02-30', '9999-99', '%00', 'x'.repeat(4000)]) {
      const params = new URLSearchParams(url.search);
      params.set(key, v);
      out.push({ path: `${url.pathname}?${params.toString().replace('%2500', '%00')}`, expect: 'no-5xx' });
    }
  }
  return out;
}

export type Hostile = {
  name: string;
  /** The value typed into a field. */
  text: string;
  /** Bytes that are not UTF-8 at all, sent as they are (urlencoded forms only). */
  rawBytes?: boolean;
};

export const SCRIPT = '<script>alert(1)</script>';

/** What an attacker types. The script one starts with `">` to break out of an attribute too. */
export const HOSTILE: Hostile[] = [
  { name: 'script', text: `"><${SCRIPT.slice(1)}` },
  { name: 'sql', text: "1'; drop table cases; --" },
  { name: 'formula', text: '=HYPERLINK("https://evil.example","x")' },
  { name: 'huge', text: 'x'.repeat(200_000) },
  { name: 'malformed', text: '%C3%28%FF%FE%00', rawBytes: true },
];

/**
 * How much of the form is hostile:
 * - everything: every field, hidden ones and choices too (a forged post);
 * - typed: whatever a person types, with the page's own hidden values and
 *   choices (a real post that reaches the rules);
 * - text: free text only; an e-mail, phone, number or address field gets a
 *   plausible value, so the hostile text gets past the rules and is stored;
 * - empty: nothing but the button.
 */
export type Fill = 'everything' | 'typed' | 'text' | 'empty';

/** What a person would type into a field of this format, for the `text` fill. */
const PLAUSIBLE: Record<string, string> = { email: 'crawl@example.lv', tel: '+371 26 000 000', numeric: '1', url: 'https://example.lv/' };

/** The form's body with `hostile` filled in as `fill` says. */
export function hostileBody(form: FoundForm, hostile: Hostile, fill: Fill): { body: string | FormData; contentType?: string } {
  const pairs: Array<[string, string, 'raw' | 'text']> = [];
  const files: Array<[string, string]> = [];
  if (fill !== 'empty') {
    // A person answers every question with radios: where none is ticked, the first.
    const answered = new Set(form.fields.filter((f) => f.role === 'choice' && f.checked).map((f) => f.name));
    for (const field of form.fields) {
      if (field.role === 'file') {
        files.push([field.name, hostile.rawBytes ? '\u0000\uFFFD' : hostile.text]);
        continue;
      }
      // A person leaves the honeypot empty.
      if (field.role === 'unseen' && fill !== 'everything') continue;
      const plausible = fill === 'text' && field.role === 'typed' ? PLAUSIBLE[field.format ?? 'text'] : undefined;
      if (plausible !== undefined) {
        pairs.push([field.name, plausible, 'text']);
        continue;
      }
      const forged = fill === 'everything' || field.role === 'typed' || field.role === 'unseen';
      if (!forged && !field.checked) {
        if (field.radio && !answered.has(field.name)) answered.add(field.name);
        else continue;
      }
      pairs.push([field.name, forged ? hostile.text : field.value, forged && hostile.rawBytes ? 'raw' : 'text']);
    }
  }
  if (form.button)
    pairs.push([
      form.button.name,
      fill === 'everything' ? hostile.text : form.button.value,
      fill === 'everything' && hostile.rawBytes ? 'raw' : 'text',
    ]);
  if (form.multipart) {
    const data = new FormData();
    for (const [name, value, kind] of pairs) data.append(name, kind === 'raw' ? decodeURIComponentLoosely(value) : value);
    for (const [name, content] of files) data.append(name, new Blob([content], { type: 'text/html' }), `${hostile.name}"><img src=x>.html`);
    return { body: data };
  }
  const body = pairs
    .map(([name, value, kind]) => `${encodeURIComponent(name)}=${kind === 'raw' ? value : encodeURIComponent(value)}`)
    .join('&');
  return { body, contentType: 'application/x-www-form-urlencoded' };
}

/** For a multipart body, which carries text: the malformed bytes as far as a string can hold them. */
function decodeURIComponentLoosely(value: string): string {
  return value.replace(/%([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** The markup outside attribute values: inside a quoted value `<script>` is inert text. */
export function markup(html: string): string {
  return html.replace(/="[^"]*"/g, '=""');
}

/** Whether a page carries the script payload where a browser would run it. */
export function reflectsScript(html: string): boolean {
  return markup(html).includes(SCRIPT);
}

/** Cells of a CSV file a spreadsheet would read as a formula (CSV injection). */
export function formulaCells(csv: string): string[] {
  const text = csv.replace(/^\uFEFF/, '');
  const delimiter = text.split(/\r?\n/)[0]!.includes(';') ? ';' : ',';
  const rows = parse(text, { delimiter, relax_column_count: true }) as string[][];
  return rows.flat().filter((c) => /^[=+@\t\r]/.test(c) || /^-[^\d]/.test(c));
}
