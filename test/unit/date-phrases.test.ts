import { describe, expect, it } from 'vitest';
import { englishDate, englishTime, latvianDate } from '#src/i18n/dates.ts';
import { formatDate, formatDateIn, formatDateTime, formatLongDate, translator } from '#src/i18n/index.ts';
import { readingTimeText } from '#src/reading/format.ts';

describe('Latvian dates inside sentences (ux.md D16)', () => {
  it('declines the month as the sentence needs', () => {
    expect(latvianDate('2026-12-15')).toBe('2026. gada 15. decembris');
    expect(latvianDate('2026-12-02', 'genitive')).toBe('2026. gada 2. decembra');
    expect(latvianDate('2026-12-15', 'dative')).toBe('2026. gada 15. decembrim');
    expect(latvianDate('2027-01-01', 'accusative')).toBe('2027. gada 1. janvāri');
  });

  it.each([
    ['2026-01-05', 'janvāra', 'janvārim'],
    ['2026-02-05', 'februāra', 'februārim'],
    ['2026-03-05', 'marta', 'martam'],
    ['2026-04-05', 'aprīļa', 'aprīlim'],
    ['2026-05-05', 'maija', 'maijam'],
    ['2026-06-05', 'jūnija', 'jūnijam'],
    ['2026-07-05', 'jūlija', 'jūlijam'],
    ['2026-08-05', 'augusta', 'augustam'],
    ['2026-09-05', 'septembra', 'septembrim'],
    ['2026-10-05', 'oktobra', 'oktobrim'],
    ['2026-11-05', 'novembra', 'novembrim'],
    ['2026-12-05', 'decembra', 'decembrim'],
  ])('%s: no … %s, līdz … %s', (iso, genitive, dative) => {
    expect(latvianDate(iso, 'genitive')).toBe(`2026. gada 5. ${genitive}`);
    expect(latvianDate(iso, 'dative')).toBe(`2026. gada 5. ${dative}`);
  });

  it('puts the weekday in brackets, in the same case', () => {
    expect(latvianDate('2026-01-01', 'accusative', { weekday: true })).toBe('2026. gada 1. janvāri (ceturtdienu)');
    expect(latvianDate('2026-12-15', 'nominative', { weekday: true })).toBe('2026. gada 15. decembris (otrdiena)');
    expect(latvianDate('2026-12-06', 'genitive', { weekday: true })).toBe('2026. gada 6. decembra (svētdienas)');
  });

  it('writes the reading invitation window as "no … līdz …"', () => {
    const t = translator('lv');
    const from = formatDateIn('lv', '2026-12-02', 'genitive');
    const to = formatDateIn('lv', '2026-12-15', 'dative');
    expect(t('reading:mail.invitation.window', { from, to })).toBe(
      'Izvēlieties Jums ērtu laiku no 2026. gada 2. decembra līdz 2026. gada 15. decembrim.',
    );
  });

  it('asks to remove a calendar day with the date as the object', () => {
    const t = translator('lv');
    expect(t('admin:calendar.removeTitle', { date: formatDateIn('lv', '2026-01-01', 'accusative', { weekday: true }) })).toBe(
      'Vai noņemt no kalendāra 2026. gada 1. janvāri (ceturtdienu)?',
    );
  });

  it('keeps numeric dates for tables', () => {
    expect(formatDate('lv', '2026-12-15')).toBe('15.12.2026');
  });
});

describe('English dates and times, GOV.UK style (ux.md D22)', () => {
  it('writes dates out', () => {
    expect(englishDate('2026-12-01')).toBe('1 December 2026');
    expect(englishDate('2026-12-01', { weekday: true })).toBe('Tuesday 1 December 2026');
    expect(englishDate('2026-12-01', { short: true })).toBe('1 Dec 2026');
    expect(formatDate('en', '2026-12-01')).toBe('1 December 2026');
    expect(formatLongDate('en', '2026-12-01')).toBe('Tuesday 1 December 2026');
    expect(formatDateIn('en', '2026-12-15', 'dative')).toBe('15 December 2026');
  });

  it.each([
    ['15:03', '3:03pm'],
    ['15:00', '3pm'],
    ['09:30', '9:30am'],
    ['12:00', 'midday'],
    ['12:30', '12:30pm'],
    ['00:00', 'midnight'],
    ['00:15', '12:15am'],
  ])('writes %s as %s', (hhmm, text) => {
    expect(englishTime(hhmm)).toBe(text);
  });

  it('writes an instant in Riga time: "1 December 2026, 3:03pm", not "01/12/2026, 15:03"', () => {
    // 13:03 UTC is 15:03 in Riga in winter.
    expect(formatDateTime('en', new Date('2026-12-01T13:03:00Z'))).toBe('1 December 2026, 3:03pm');
    expect(formatDateTime('lv', new Date('2026-12-01T13:03:00Z'))).toBe('01.12.2026 15:03');
  });

  it('writes a reading time as a span of the day', () => {
    const start = new Date('2026-12-01T06:30:00Z');
    const end = new Date('2026-12-01T08:00:00Z');
    expect(readingTimeText('en', start, end)).toBe('Tuesday 1 December 2026, 8:30am to 10am');
    expect(readingTimeText('lv', start, end)).toBe('otrdiena, 2026. gada 1. decembris, 08:30–10:00');
  });
});

describe('a date a problem carries', () => {
  it('reads "līdz 2027. gada 4. janvārim", not "līdz 2027-01-04" (ux.md §3)', () => {
    expect(translator('lv')('cases:errors.beyondLaw', { latest: '2027-01-04' })).toBe(
      'Likums atļauj termiņu pagarināt ne vēlāk kā līdz 2027. gada 4. janvārim',
    );
    expect(translator('en')('cases:errors.beyondLaw', { latest: '2027-01-04' })).toBe(
      'The law allows extending the deadline to 4 January 2027 at the latest',
    );
  });
});
