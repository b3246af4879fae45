import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultLocale, languages, pickLocale } from '#src/i18n/languages.ts';
import { formatDate, formatNumber, translator } from '#src/i18n/index.ts';

const root = new URL('../../locales/', import.meta.url);
const folders = readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

type Tree = { [key: string]: string | Tree };
function flatten(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : flatten(v, `${prefix}${k}.`)));
}
function keysOf(locale: string): Map<string, string[]> {
  const files = readdirSync(new URL(`${locale}/`, root)).filter((f) => f.endsWith('.json'));
  return new Map(files.map((f) => [f.replace(/\.json$/, ''), flatten(JSON.parse(readFileSync(new URL(`${locale}/${f}`, root), 'utf8')))]));
}
const PLURAL = /_(zero|one|two|few|many|other)$/;
/** Keys with plural suffixes folded to their base, so languages with other plural forms compare equal. */
function baseKeys(locale: string): Set<string> {
  return new Set([...keysOf(locale)].flatMap(([ns, keys]) => keys.map((k) => `${ns}:${k.replace(PLURAL, '')}`)));
}

describe('locales', () => {
  it('has a folder for every configured language and a language for every folder', () => {
    expect(folders).toEqual(languages.map((l) => l.code).sort());
  });

  for (const locale of folders.filter((l) => l !== defaultLocale)) {
    it(`${locale} has exactly the keys of ${defaultLocale}`, () => {
      const reference = baseKeys(defaultLocale);
      const other = baseKeys(locale);
      expect(
        [...reference].filter((k) => !other.has(k)),
        'missing',
      ).toEqual([]);
      expect(
        [...other].filter((k) => !reference.has(k)),
        'extra',
      ).toEqual([]);
    });
  }

  for (const locale of folders) {
    it(`${locale} gives every plural key each form the language needs`, () => {
      const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
      for (const [ns, keys] of keysOf(locale)) {
        const bases = new Set(keys.filter((k) => PLURAL.test(k)).map((k) => k.replace(PLURAL, '')));
        for (const base of bases) {
          for (const category of categories) {
            expect(keys, `${locale}/${ns}.json ${base}`).toContain(`${base}_${category}`);
          }
        }
      }
    });

    it(`${locale} has no empty texts`, () => {
      for (const [ns, keys] of keysOf(locale)) {
        const tree = JSON.parse(readFileSync(new URL(`${locale}/${ns}.json`, root), 'utf8')) as Tree;
        for (const key of keys) {
          const value = key.split('.').reduce<Tree | string>((node, part) => (node as Tree)[part] as Tree | string, tree);
          expect(String(value).trim(), `${locale}/${ns}.json ${key}`).not.toBe('');
        }
      }
    });
  }

  // ux.md D26: the standard's clause codes ("S-13", "Q-1a", "standarta 7. punkts") mean nothing to the reader.
  it('shows no clause code of the standard in any text', () => {
    const texts = (node: Tree | string, key: string): Array<[string, string]> =>
      typeof node === 'string' ? [[key, node]] : Object.entries(node).flatMap(([k, v]) => texts(v, key ? `${key}.${k}` : k));
    const CODE = /\b[SQ]-\d|standarta \d|\(standards? \d/;
    const found: string[] = [];
    for (const locale of folders) {
      for (const ns of keysOf(locale).keys()) {
        const tree = JSON.parse(readFileSync(new URL(`${locale}/${ns}.json`, root), 'utf8')) as Tree;
        for (const [key, value] of texts(tree, '')) if (CODE.test(value)) found.push(`${locale}/${ns}.json ${key}: ${value}`);
      }
    }
    expect(found).toEqual([]);
  });

  it('requires all three Latvian plural forms (latvia.md)', () => {
    expect(new Intl.PluralRules('lv').resolvedOptions().pluralCategories.sort()).toEqual(['one', 'other', 'zero']);
  });
});

describe('Latvian plurals through i18next', () => {
  const t = translator('lv');
  it.each([
    [0, '0 darba dienu'],
    [1, '1 darba dienas'],
    [2, '2 darba dienu'],
    [10, '10 darba dienu'],
    [11, '11 darba dienu'],
    [21, '21 darba dienas'],
  ])('says %i working days as "%s"', (count, text) => {
    expect(t('common:workingDays', { count })).toBe(text);
  });

  it('chooses the Latvian form for 21 characters remaining', () => {
    expect(t('forms:characterCount.remaining', { count: 21 })).toBe('Atlikusi 21 rakstzīme');
    expect(t('forms:characterCount.remaining', { count: 11 })).toBe('Atlikušas 11 rakstzīmes');
  });

  it('uses English forms in English', () => {
    const en = translator('en');
    expect(en('common:workingDays', { count: 1 })).toBe('1 working day');
    expect(en('common:workingDays', { count: 0 })).toBe('0 working days');
  });
});

describe('formatting', () => {
  it('writes dates as dd.MM.yyyy in Latvian', () => {
    expect(formatDate('lv', '2026-01-02')).toBe('02.01.2026');
  });
  it('groups thousands with a no-break space and uses a decimal comma in Latvian', () => {
    expect(formatNumber('lv', 1234567.5)).toBe('1\u00a0234\u00a0567,5');
  });
});

describe('choosing the interface language from Accept-Language', () => {
  it.each([
    [null, 'lv'],
    ['', 'lv'],
    ['en-GB,en;q=0.9,lv;q=0.8', 'en'],
    ['lv-LV,lv;q=0.9,en;q=0.8', 'lv'],
    ['ru-RU,ru;q=0.9', 'lv'],
    ['ru;q=0.9,en;q=0.5', 'en'],
    ['en;q=0.2,lv;q=0.8', 'lv'],
    ['EN', 'en'],
    ['en;q=0', 'lv'],
    ['*', 'lv'],
  ])('picks %s → %s', (header, expected) => {
    expect(pickLocale(header)).toBe(expected);
  });
});
