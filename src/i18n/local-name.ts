import { defaultLocale } from './languages.ts';

// A record's words in the reader's language. Reference data keeps one column
// per language (`nameLv`, `nameEn`, `competenceLv`, …); a language with no
// column of its own, or an empty one, reads the default language's words
// (Latvian, the authoritative text: latvia.md), never another language's by
// accident. The one place to change if the words move to a translations table.

type Row = object;

/** The column holding `field` in `locale`: name + lv → nameLv. */
export function localColumn(field: string, locale: string): string {
  return `${field}${locale.charAt(0).toUpperCase()}${locale.slice(1).toLowerCase()}`;
}

/** The row's `field` in the reader's language, else in the default language, else ''. */
export function localName(row: Row | null | undefined, locale: string, field = 'name'): string {
  if (!row) return '';
  const values = row as Record<string, unknown>;
  for (const language of [locale, defaultLocale]) {
    const value = values[localColumn(field, language)];
    if (typeof value === 'string' && value !== '') return value;
  }
  return '';
}
