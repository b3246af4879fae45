import { describe, expect, it } from 'vitest';
import { locales, plainTemplate, resources, translator } from '#src/i18n/index.ts';

// translator() keeps each language's texts asked for without values
// (i18n/index.ts, issue 18): what it gives must be what i18next gives,
// whether kept or not.

describe('the translator of a language', () => {
  it('gives a text without values the same every time, in its own language', () => {
    const lv = translator('lv');
    const en = translator('en');
    expect(lv('mail:greeting')).toBe(lv('mail:greeting'));
    expect(lv('mail:greeting')).not.toBe(en('mail:greeting'));
    expect(translator('lv')).toBe(lv);
  });

  it('fills values anew at every call, never from a kept text', () => {
    const en = translator('en');
    const first = en('mail:acknowledgement.subject', { reference: 'VPVB-2026-000001' });
    const second = en('mail:acknowledgement.subject', { reference: 'VPVB-2026-000002' });
    expect(first).toContain('VPVB-2026-000001');
    expect(second).toContain('VPVB-2026-000002');
    expect(second).not.toContain('VPVB-2026-000001');
  });

  it('gives a missing key back as it was asked, and a list of keys its first found text', () => {
    const en = translator('en');
    expect(en('mail:no-such-text')).toBe('no-such-text');
    expect(en(['mail:no-such-text', 'mail:greeting'])).toBe(en('mail:greeting'));
  });
});

// A text with plain values is filled by the translator itself (plainTemplate);
// whatever it gives must be what i18next gives. The same call with `lng`
// (an option of i18next's own) always goes to i18next: the reference.
describe('a text with values', () => {
  /** Every text of a language: [namespace:key, text]. */
  function texts(tree: Record<string, unknown>, prefix: string): Array<[string, string]> {
    return Object.entries(tree).flatMap(([name, value]) =>
      typeof value === 'string'
        ? [[`${prefix}${name}`, value] as [string, string]]
        : texts(value as Record<string, unknown>, `${prefix}${name}.`),
    );
  }

  it('is filled as i18next fills it, for every text of every language, whatever the values hold', () => {
    let compared = 0;
    let plain = 0;
    for (const locale of locales) {
      const t = translator(locale);
      for (const [ns, tree] of Object.entries(resources[locale]!)) {
        for (const [key, text] of texts(tree, `${ns}:`)) {
          const names = [...text.matchAll(/\{\{-?\s*([^},\s]+)/g)].map((m) => m[1]!);
          if (!names.length) continue;
          if (plainTemplate(text)) plain++;
          // Values that look like what i18next would read: replacement patterns, placeholders, nesting, markup.
          const values = Object.fromEntries(
            names.map((name, i) => [name, i % 2 ? 1234.5 : `$& $1 {{${name}}} $t(mail:greeting) <b>${name}</b>`]),
          );
          expect(t(key, values), `${locale} ${key}`).toBe(t(key, { ...values, lng: locale }));
          // A value missing: i18next's way, whatever that is.
          expect(t(key, {}), `${locale} ${key} without values`).toBe(t(key, { lng: locale }));
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(100);
    // Most texts with values are plain: the comparison covered the translator's own filling.
    expect(plain).toBeGreaterThan(compared / 2);
  });

  it('leaves a call with a value the text does not show, or one that chooses a text, to i18next', () => {
    for (const locale of locales) {
      const t = translator(locale);
      const key = 'mail:acknowledgement.subject';
      for (const values of [
        { reference: 'A-1', extra: 'x' },
        { reference: 'A-1', count: 2 },
        { reference: 'A-1', context: 'male' },
        { reference: 'A-1', defaultValue: 'D' },
        { reference: { toString: () => 'A-1' } },
      ]) {
        expect(t(key, values), `${locale} ${JSON.stringify(values)}`).toBe(t(key, { ...values, lng: locale }));
      }
      expect(t(key, { reference: 'A-1' })).toContain('A-1');
    }
  });

  it('leaves formats, nesting and paths to i18next', () => {
    expect(plainTemplate('Lieta {{reference}}, līdz {{- date}}.')).toEqual({
      words: ['Lieta ', ', līdz ', '.'],
      names: ['reference', 'date'],
    });
    expect(plainTemplate('Līdz {{latest, until}}')).toBeUndefined();
    expect(plainTemplate('$t(mail:greeting) {{name}}')).toBeUndefined();
    expect(plainTemplate('{{person.name}}')).toBeUndefined();
    expect(plainTemplate('Bez vērtībām')).toEqual({ words: ['Bez vērtībām'], names: [] });
  });

  it('gives a plural, a form and a date as i18next does', () => {
    const lv = translator('lv');
    const en = translator('en');
    for (const t of [lv, en]) {
      for (const count of [0, 1, 2, 5, 21]) {
        expect(t('common:workingDays', { count })).toBe(t('common:workingDays', { count, lng: t === lv ? 'lv' : 'en' }));
        expect(t('common:workingDays', { count })).toContain(String(count));
      }
    }
  });
});
