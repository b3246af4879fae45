import { describe, expect, it } from 'vitest';
import { dateField, parseDateText } from '#src/calendar/date-text.ts';
import { formatDate } from '#src/i18n/index.ts';
import { locales } from '#src/i18n/languages.ts';

describe('a date typed by staff', () => {
  it('reads the way Latvians write it, with or without leading zeros and the closing dot', () => {
    expect(parseDateText('02.12.2026')).toBe('2026-12-02');
    expect(parseDateText('2.12.2026')).toBe('2026-12-02');
    expect(parseDateText('02.12.2026.')).toBe('2026-12-02');
    expect(parseDateText(' 4.1.2027. ')).toBe('2027-01-04');
    expect(parseDateText('04. 01. 2027.')).toBe('2027-01-04');
  });

  it('reads the day first with slashes, as the English pages show dates', () => {
    expect(parseDateText('04/01/2027')).toBe('2027-01-04');
    expect(parseDateText('31/02/2027')).toBeUndefined();
  });

  it('reads a date written out as the English pages write it (D22)', () => {
    expect(parseDateText('4 January 2027')).toBe('2027-01-04');
    expect(parseDateText('4 jan 2027')).toBe('2027-01-04');
    expect(parseDateText('30 Sept 2027')).toBe('2027-09-30');
    expect(parseDateText('31 February 2027')).toBeUndefined();
    expect(parseDateText('4 Janvāris 2027')).toBeUndefined();
  });

  it('reads back every date the hints and pages show, in every language', () => {
    for (const date of ['2026-12-02', '2027-01-04', '2028-02-29'] as const) {
      for (const locale of locales) expect(parseDateText(formatDate(locale, date)), `${locale} ${date}`).toBe(date);
    }
  });

  it('reads an ISO date too', () => {
    expect(parseDateText('2026-12-02')).toBe('2026-12-02');
    expect(parseDateText('2026-2-3')).toBe('2026-02-03');
  });

  it('refuses a day that does not exist', () => {
    expect(parseDateText('31.02.2026')).toBeUndefined();
    expect(parseDateText('29.02.2027')).toBeUndefined();
    expect(parseDateText('2026-02-30')).toBeUndefined();
    expect(parseDateText('00.12.2026')).toBeUndefined();
    expect(parseDateText('12.13.2026')).toBeUndefined();
    expect(parseDateText('29.02.2028')).toBe('2028-02-29');
  });

  it('refuses years out of range and other text', () => {
    expect(parseDateText('02.12.1999')).toBeUndefined();
    expect(parseDateText('02.12.2101')).toBeUndefined();
    expect(parseDateText('02.12.26')).toBeUndefined();
    expect(parseDateText('0226-12-02')).toBeUndefined();
    expect(parseDateText('12/02.2026')).toBeUndefined();
    expect(parseDateText('2026.12.02')).toBeUndefined();
    expect(parseDateText('')).toBeUndefined();
    expect(parseDateText('rīt')).toBeUndefined();
  });

  it('gives a schema the ISO date or the problem key', () => {
    expect(dateField.parse('2.12.2026.')).toBe('2026-12-02');
    const bad = dateField.safeParse('31.02.2026');
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toBe('date');
  });
});
