import languageList from '#locales/languages.json' with { type: 'json' };

// The interface languages, from locales/languages.json; the first is the
// default and the authoritative one (latvia.md: Latvian).
export type Language = { code: string; name: string; intl: string };
export const languages: readonly Language[] = languageList;
export const locales: readonly string[] = languages.map((l) => l.code);
export const defaultLocale: string = locales[0] ?? 'lv';

/**
 * Languages a client may ask the reply in (S-7), which need not be interface
 * languages; whether anybody speaks one is decided per unit.
 */
export const REPLY_LANGUAGES = ['lv', 'en', 'ru', 'de', 'fr', 'lt', 'et', 'pl', 'uk'] as const;

export function isLocale(value: string | undefined): value is string {
  return value !== undefined && locales.includes(value);
}

/** The BCP 47 tag Intl formats with for a locale (lv → lv-LV). */
export function intlTag(locale: string): string {
  return languages.find((l) => l.code === locale)?.intl ?? locale;
}

/**
 * The best interface language for an Accept-Language header: the supported
 * language with the highest q (ties keep the header's order), else the
 * default.
 */
export function pickLocale(acceptLanguage: string | null | undefined): string {
  if (!acceptLanguage) return defaultLocale;
  const ranked = acceptLanguage
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const quality = q ? Number(q.slice(2)) : 1;
      return { base: tag.trim().toLowerCase().split('-')[0] ?? '', quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((r) => r.quality > 0 && r.base)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  return ranked.find((r) => isLocale(r.base))?.base ?? defaultLocale;
}
