import i18next, { type TFunction } from 'i18next';
import { defaultLocale, intlTag, locales } from './languages.ts';

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

export type Translate = TFunction;

export function translator(locale: string): Translate {
  return instance.getFixedT(locale);
}

// Dates, numbers and plurals go through Intl (latvia.md: dd.MM.yyyy, 24 h,
// decimal comma, no-break space between thousands).
export function formatDate(locale: string, isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(intlTag(locale), {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(y, m - 1, d)));
}

export function formatLongDate(locale: string, isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(intlTag(locale), {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(y, m - 1, d)));
}

export function formatDateTime(locale: string, instant: Date): string {
  return new Intl.DateTimeFormat(intlTag(locale), {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
    timeZone: 'Europe/Riga',
  }).format(instant);
}

export function formatNumber(locale: string, value: number, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(intlTag(locale), options).format(value);
}

/** A language's name in the interface language ("krievu", "Russian"). */
export function formatLanguageName(locale: string, code: string): string {
  try {
    return new Intl.DisplayNames([intlTag(locale)], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}
