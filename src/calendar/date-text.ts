import { z } from 'zod';
import { isoDate, type IsoDate } from './dates.ts';

// Staff type dates as Latvians write them (02.12.2026, 2.12.2026, 02.12.2026.),
// as the English pages show them (2 December 2026; 02/12/2026 also reads)
// or as the ISO dates they copy from elsewhere (2026-12-02); both
// are one and the same date field (docs/0021). The years are bounded so that
// a slip (20266, 0226) is refused rather than stored.
const FIRST_YEAR = 2000;
const LAST_YEAR = 2100;

// Day first, with dots (Latvian) or slashes (British English, as the English pages show dates).
const DAY_FIRST = /^(\d{1,2})([./])\s?(\d{1,2})\2\s?(\d{4})\.?$/;
const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
// As the English pages write dates (GOV.UK style, ux.md D22): 4 January 2027, 4 Jan 2027.
const WRITTEN_OUT = /^(\d{1,2})\s+([a-z]{3,9})\.?,?\s+(\d{4})$/i;
const MONTH_NAMES = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/** 1–12 for an English month name or its first three letters ("Sept" too), else undefined. */
function monthOf(name: string): number | undefined {
  const lower = name.toLowerCase();
  const index = MONTH_NAMES.findIndex((full) => full === lower || (lower.length >= 3 && full.startsWith(lower)));
  return index >= 0 ? index + 1 : undefined;
}

/** The date a staff member typed, or undefined when it is no real date (31.02.2026) or out of range. */
export function parseDateText(text: string): IsoDate | undefined {
  const value = text.trim();
  const writtenOut = WRITTEN_OUT.exec(value);
  if (writtenOut) {
    const month = monthOf(writtenOut[2]!);
    return month === undefined ? undefined : checkedDate(Number(writtenOut[3]), month, Number(writtenOut[1]));
  }
  const dayFirst = DAY_FIRST.exec(value);
  const iso = dayFirst ? undefined : ISO.exec(value);
  if (!dayFirst && !iso) return undefined;
  const [day, month, year] = dayFirst
    ? [Number(dayFirst[1]), Number(dayFirst[3]), Number(dayFirst[4])]
    : [Number(iso![3]), Number(iso![2]), Number(iso![1])];
  return checkedDate(year, month, day);
}

function checkedDate(year: number, month: number, day: number): IsoDate | undefined {
  if (year < FIRST_YEAR || year > LAST_YEAR || month < 1 || month > 12 || day < 1) return undefined;
  const date = isoDate(year, month, day);
  // Date rolls 31.02. over into March: a date that comes back different did not exist.
  return Number(date.slice(8, 10)) === day ? date : undefined;
}

/** A required date field in a form's schema: the ISO date, or the problem key 'date'. */
export const dateField = z.string().transform((value, ctx) => {
  const date = parseDateText(value);
  if (date === undefined) {
    ctx.addIssue({ code: 'custom', message: 'date' });
    return z.NEVER;
  }
  return date;
});
