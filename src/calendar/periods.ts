// Months, quarters and years as the quality reports and their schedule count
// them (Q-3 yearly, Q-4 quarterly, Q-5b monthly). Every boundary is a Riga
// date (latvia.md: times are Europe/Riga); as instants they come from
// rigaLocalToInstant, so a complaint closed on 31 March at 23:30 Riga time
// (20:30 UTC) falls in the first quarter.
import { addCalendarDays, type IsoDate } from './dates.ts';
import { rigaDateOf, rigaLocalToInstant } from './riga-time.ts';

export type Quarter = { year: number; quarter: 1 | 2 | 3 | 4 };
/** A period: Riga dates [from, until) and the same as instants [start, end). */
export type PeriodRange = { from: IsoDate; until: IsoDate; start: Date; end: Date };

function range(from: IsoDate, until: IsoDate): PeriodRange {
  return { from, until, start: rigaLocalToInstant(from, '00:00'), end: rigaLocalToInstant(until, '00:00') };
}

const pad = (n: number) => String(n).padStart(2, '0');

export function quarterOfDate(date: IsoDate): Quarter {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return { year: y, quarter: (Math.floor((m - 1) / 3) + 1) as Quarter['quarter'] };
}

/** the quarter an instant falls in, by the Riga calendar. */
export function quarterOfInstant(at: Date): Quarter {
  return quarterOfDate(rigaDateOf(at));
}

export function quarterRange(q: Quarter): PeriodRange {
  const firstMonth = (q.quarter - 1) * 3 + 1;
  const next = q.quarter === 4 ? `${q.year + 1}-01-01` : `${q.year}-${pad(firstMonth + 3)}-01`;
  return range(`${q.year}-${pad(firstMonth)}-01`, next);
}

export function shiftQuarter(q: Quarter, by: number): Quarter {
  const index = q.year * 4 + (q.quarter - 1) + by;
  return { year: Math.floor(index / 4), quarter: ((index % 4) + 1) as Quarter['quarter'] };
}

/** The quarter and the `count − 1` before it, oldest first (Q-4: "the quarters before beside it"). */
export function quartersEndingWith(q: Quarter, count: number): Quarter[] {
  return Array.from({ length: count }, (_, i) => shiftQuarter(q, i - count + 1));
}

export function quarterKey(q: Quarter): string {
  return `${q.year}-Q${q.quarter}`;
}

export function parseQuarter(text: string | null | undefined): Quarter | undefined {
  const m = /^(\d{4})-Q([1-4])$/.exec(text ?? '');
  return m ? { year: Number(m[1]), quarter: Number(m[2]) as Quarter['quarter'] } : undefined;
}

/** 'YYYY-MM' */
export type Month = string;

export function monthOfDate(date: IsoDate): Month {
  return date.slice(0, 7);
}

export function parseMonth(text: string | null | undefined): Month | undefined {
  const m = /^(\d{4})-(\d{2})$/.exec(text ?? '');
  return m && Number(m[2]) >= 1 && Number(m[2]) <= 12 && Number(m[1]) >= 2000 && Number(m[1]) <= 2200 ? `${m[1]}-${m[2]}` : undefined;
}

export function shiftMonth(month: Month, by: number): Month {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + by;
  return `${Math.floor(index / 12)}-${pad((index % 12) + 1)}`;
}

export function monthRange(month: Month): PeriodRange {
  return range(`${month}-01`, `${shiftMonth(month, 1)}-01`);
}

export function yearRange(year: number): PeriodRange {
  return range(`${year}-01-01`, `${year + 1}-01-01`);
}

/** The last date of a period (its `until` is the day after). */
export function lastDay(period: Pick<PeriodRange, 'until'>): IsoDate {
  return addCalendarDays(period.until, -1);
}
