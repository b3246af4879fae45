import i18next, { type TFunction } from 'i18next';
import { defaultLocale, intlTag, locales } from './languages.ts';
import { englishDate, englishTime, latvianDate, type LatvianCase } from './dates.ts';

export * from './languages.ts';

// Every locales/<lang>/<namespace>.json, bundled at build time by Vite. A
// plain Node process (scripts/serve.ts runs the background jobs outside the
// bundle) registers the same files first, from disk (./preload.ts).
type LocaleFiles = Record<string, { default: Record<string, unknown> }>;
const preloaded = (globalThis as { [key: symbol]: LocaleFiles | undefined })[Symbol.for('klientu-balss.locales')];
const files: LocaleFiles = preloaded ?? import.meta.glob<{ default: Record<string, unknown> }>('/locales/*/*.json', { eager: true });

export type Resources = Record<string, Record<string, Record<string, unknown>>>;

export function loadResources(): Resources {
  const resources: Resources = {};
  for (const [path, mod] of Object.entries(files)) {
    const match = /\/locales\/([^/]+)\/([^/]+)\.json$/.exec(path);
    if (!match) continue;
    const [, lang, ns] = match as unknown as [string, string, string];
    (resources[lang] ??= {})[ns] = mod.default;
  }
  return resources;
}

export const resources = loadResources();
export const namespaces = [...new Set(Object.values(resources).flatMap((r) => Object.keys(r)))];

// One shared instance; each request asks for a fixed-language t (never
// changeLanguage per request: that state would leak between requests).
const instance = i18next.createInstance();
await instance.init({
  resources,
  lng: defaultLocale,
  fallbackLng: defaultLocale,
  supportedLngs: [...locales],
  ns: namespaces,
  defaultNS: 'common',
  interpolation: { escapeValue: false }, // Astro escapes on output
  returnNull: false,
  initAsync: false,
});

// Rules name dates in ISO ('2027-01-04'); a message shows them as the
// reader writes them ("04.01.2027.", "04/01/2027"): "{{latest, day}}".
instance.services.formatter?.add('day', (value: unknown, lng: string | undefined): string =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatDate(lng ?? defaultLocale, value) : String(value),
);

export type Translate = TFunction;

// "{{latest, until}}" in a locale text: an ISO date a capability put in a
// problem's values, read as "līdz 2027. gada 4. janvārim" / "4 January 2027"
// rather than "2027-01-04" (ux.md §3, D16). The text itself says "līdz".
instance.services.formatter?.add('until', (value: unknown, lng: string | undefined) =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatDateIn(lng ?? defaultLocale, value, 'dative') : String(value),
);

// A text is the same every time for the same values (the resources are
// bundled, never changed while the server runs), and i18next resolves its
// key and parses it anew at every call, about 10 µs; a page asks for dozens
// of texts, a Send's confirmation for a dozen (issue 18's profile). So each
// language keeps the texts it has given cut at their placeholders, and puts
// the values in between itself: what i18next does for such a text with
// escapeValue off (about 4 % of a Send's server time). Only when every value
// is a string or a number and names a placeholder of the text: anything
// else goes to i18next as before, whatever i18next may read in it (an option
// of its own, a count or a context choosing a plural or a form). So do texts
// with a format ("{{date, day}}"), a nested text ("$t(…)") or a path
// ("{{a.b}}"), and calls that leave a placeholder without its value. Keys the
// resources do not have are not kept, so what is kept is bounded by them.
const translators = new Map<string, Translate>();

/** A text cut at its placeholders: words, name, words, name, …, words. */
type Template = { words: string[]; names: string[] };

/** The template of a text whose placeholders are all plain names; undefined otherwise. */
export function plainTemplate(text: string): Template | undefined {
  if (text.includes('$t(')) return undefined;
  const words: string[] = [];
  const names: string[] = [];
  let at = 0;
  for (const match of text.matchAll(/\{\{(-?)\s*([^{}]*?)\s*\}\}/g)) {
    const name = match[2]!;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return undefined;
    words.push(text.slice(at, match.index));
    names.push(name);
    at = match.index + match[0].length;
  }
  // A brace left over is a placeholder this reading did not understand.
  if (text.slice(at).includes('{{') || words.some((w) => w.includes('{{'))) return undefined;
  words.push(text.slice(at));
  return { words, names };
}

/** Values that choose which text i18next gives (a plural, a form), even where a text also shows them. */
const CHOOSING = new Set(['count', 'context']);

/** The text filled with the call's values; undefined when the call is i18next's to answer (see above). */
function fill(template: Template, options: unknown): string | undefined {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) return undefined;
  const values = options as Record<string, unknown>;
  for (const name in values) {
    const value = values[name];
    if (typeof value !== 'string' && typeof value !== 'number') return undefined;
    if (CHOOSING.has(name) || !template.names.includes(name)) return undefined;
  }
  let text = template.words[0]!;
  for (let i = 0; i < template.names.length; i++) {
    const value = values[template.names[i]!];
    if (value === undefined) return undefined;
    text += String(value) + template.words[i + 1]!;
  }
  return text;
}

export function translator(locale: string): Translate {
  let t = translators.get(locale);
  if (!t) {
    const anyCall = instance.getFixedT(locale) as unknown as (...args: unknown[]) => unknown;
    // null: a text that is i18next's to fill every time (plainTemplate).
    const templates = new Map<string, Template | null>();
    const templateOf = (key: string): Template | null => {
      let template = templates.get(key);
      if (template !== undefined) return template;
      // A key the resources do not have (built from a request, say) is i18next's every time, and not kept.
      if (!instance.exists(key, { lng: locale })) return null;
      const text: unknown = anyCall(key, { skipInterpolation: true });
      template = (typeof text === 'string' && plainTemplate(text)) || null;
      templates.set(key, template);
      return template;
    };
    t = ((key: unknown, ...rest: unknown[]) => {
      if (typeof key !== 'string' || rest.length > 1) return anyCall(key, ...rest);
      const template = templateOf(key);
      return (template && fill(template, rest[0] ?? {})) ?? anyCall(key, ...rest);
    }) as unknown as Translate;
    translators.set(locale, t);
  }
  return t;
}

// Dates, numbers and plurals go through Intl (latvia.md: dd.MM.yyyy, 24 h,
// decimal comma, no-break space between thousands). Making an Intl
// formatter costs far more than using one (a report formats thousands of
// numbers, every letter a date): each is made once per locale and options.
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat | Intl.DisplayNames>();
function formatter<T extends Intl.DateTimeFormat | Intl.NumberFormat | Intl.DisplayNames>(
  kind: string,
  locale: string,
  options: object | undefined,
  make: (tag: string) => T,
): T {
  const key = `${kind} ${locale} ${options ? JSON.stringify(options) : ''}`;
  let found = formatters.get(key) as T | undefined;
  if (!found) formatters.set(key, (found = make(intlTag(locale))));
  return found;
}
const dateTime = (locale: string, options: Intl.DateTimeFormatOptions) =>
  formatter('date', locale, options, (tag) => new Intl.DateTimeFormat(tag, options));

const SHORT_DATE: Intl.DateTimeFormatOptions = { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' };
const LONG_DATE: Intl.DateTimeFormatOptions = { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' };
const MONTH: Intl.DateTimeFormatOptions = { month: 'long', year: 'numeric', timeZone: 'UTC' };
const DATE_TIME: Intl.DateTimeFormatOptions = {
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
  timeZone: 'Europe/Riga',
};

// English dates are written out (GOV.UK: "1 December 2026", "3:03pm"): the
// numeric "01/12/2026" reads as 12 January to an American (ux.md D22).
export function formatDate(locale: string, isoDate: string): string {
  if (locale === 'en') return englishDate(isoDate);
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return dateTime(locale, SHORT_DATE).format(new Date(Date.UTC(y, m - 1, d)));
}

export function formatLongDate(locale: string, isoDate: string): string {
  if (locale === 'en') return englishDate(isoDate, { weekday: true });
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return dateTime(locale, LONG_DATE).format(new Date(Date.UTC(y, m - 1, d)));
}

export function formatDateTime(locale: string, instant: Date): string {
  if (locale === 'en') {
    const p = Object.fromEntries(
      dateTime('en', EN_PARTS)
        .formatToParts(instant)
        .map((x) => [x.type, x.value]),
    );
    return `${englishDate(`${p.year}-${p.month}-${p.day}`)}, ${englishTime(`${p.hour}:${p.minute}`)}`;
  }
  return dateTime(locale, DATE_TIME).format(instant);
}
const EN_PARTS: Intl.DateTimeFormatOptions = { ...DATE_TIME, hour12: undefined, hourCycle: 'h23' };

/**
 * A date inside a sentence: Latvian declines it as the sentence needs
 * ("līdz" + dative: "līdz 2026. gada 15. decembrim"; ux.md D16), English
 * writes it out ("15 December 2026"). A table or a "Termiņš: …" line uses
 * formatDate instead.
 */
export function formatDateIn(locale: string, isoDate: string, grammaticalCase: LatvianCase, options: { weekday?: boolean } = {}): string {
  if (locale === 'lv') return latvianDate(isoDate, grammaticalCase, options);
  return locale === 'en' ? englishDate(isoDate, options) : formatDate(locale, isoDate);
}

/** A month in words: "oktobris 2026", "October 2026" (month: 'YYYY-MM'). */
export function formatMonth(locale: string, month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return dateTime(locale, MONTH).format(new Date(Date.UTC(y, m - 1, 1)));
}

export function formatNumber(locale: string, value: number, options?: Intl.NumberFormatOptions): string {
  return formatter('number', locale, options, (tag) => new Intl.NumberFormat(tag, options)).format(value);
}

/** A language's name in the interface language ("krievu", "Russian"). */
export function formatLanguageName(locale: string, code: string): string {
  try {
    return formatter('language', locale, undefined, (tag) => new Intl.DisplayNames([tag], { type: 'language' })).of(code) ?? code;
  } catch {
    return code;
  }
}
