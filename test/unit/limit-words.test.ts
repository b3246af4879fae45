import { describe, expect, it } from 'vitest';
import { translator } from '#src/i18n/index.ts';
import { translateProblems } from '#src/forms/errors.ts';

// A length limit in words: the number grouped as the language groups it,
// the noun in the form the number asks for (1 rakstzīmi, 21 rakstzīmi,
// 5 rakstzīmes, 11 rakstzīmes: Latvian's _zero reads like _other).
const words = (locale: string, max: number, namespaces: string[] = []) =>
  translateProblems(translator(locale), [{ field: 'details', key: 'tooLong', values: { max } }], namespaces)[0]!.message;

describe('a length limit in words', () => {
  it('agrees with its number in Latvian and English, and groups the digits', () => {
    expect(words('lv', 1)).toBe('Ievadiet ne vairāk kā 1 rakstzīmi');
    expect(words('lv', 5)).toBe('Ievadiet ne vairāk kā 5 rakstzīmes');
    expect(words('lv', 20_000)).toMatch(/^Ievadiet ne vairāk kā 20\s000 rakstzīmes$/);
    expect(words('lv', 11)).toBe('Ievadiet ne vairāk kā 11 rakstzīmes');
    expect(words('lv', 21)).toBe('Ievadiet ne vairāk kā 21 rakstzīmi');
    expect(words('en', 1)).toBe('Enter 1 character or fewer');
    expect(words('en', 20_000)).toBe('Enter 20,000 characters or fewer');
  });

  it('does so in the sentences of their own too: a dismissed mail’s reason', () => {
    expect(words('lv', 500, ['register:inbox.errors'])).toBe('Iemeslā var būt ne vairāk kā 500 rakstzīmes');
    expect(words('en', 500, ['register:inbox.errors'])).toBe('The reason must be 500 characters or fewer');
  });

  it('never shows a key or a bare placeholder', () => {
    for (const locale of ['lv', 'en']) {
      for (const max of [1, 2, 10, 22, 100, 5000]) {
        for (const ns of [[], ['register:inbox.errors'], ['privacy']]) {
          expect(words(locale, max, ns)).not.toMatch(/\{\{|tooLong|errors\./);
        }
      }
    }
  });
});
