import { describe, expect, it } from 'vitest';
import { MAX_RECORD_ID, recordId } from '#src/platform/ids.ts';
import { isIsoDate } from '#src/calendar/dates.ts';

describe('an id from an address or a form', () => {
  it('takes digits that fit an integer column', () => {
    expect(recordId('1')).toBe(1);
    expect(recordId('2147483647')).toBe(MAX_RECORD_ID);
  });

  it.each(['', '0', '-1', '1.5', '1e3', ' 1', '01', 'abc', '\u00001', '2147483648', '99999999999', '0x10'])('refuses %j', (value) => {
    expect(recordId(value)).toBeUndefined();
  });

  it('takes a bigserial id for the logs, up to the safe integers', () => {
    expect(recordId('99999999999', { big: true })).toBe(99_999_999_999);
    expect(recordId('9007199254740993', { big: true })).toBeUndefined();
  });

  it('refuses nothing at all', () => {
    expect(recordId(null)).toBeUndefined();
    expect(recordId(undefined)).toBeUndefined();
  });
});

describe('a date from an address or a form', () => {
  it.each(['2026-01-01', '2024-02-29', '2026-12-31', '0001-01-01'])('%s is a date', (value) => {
    expect(isIsoDate(value)).toBe(true);
  });

  // 2026-02-30 is what Date would quietly turn into 2 March; year 0 is what PostgreSQL refuses.
  it.each([
    '2026-02-30',
    '2025-02-29',
    '2026-13-01',
    '2026-00-10',
    '2026-04-31',
    '9999-99-99',
    '0000-01-01',
    '2026-1-1',
    '2026-01-01T00:00',
    '',
  ])('%j is not', (value) => {
    expect(isIsoDate(value)).toBe(false);
  });
});
