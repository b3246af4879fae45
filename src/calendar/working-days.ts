import { addCalendarDays, daysBetween, fromUtc, toUtc, weekday, type IsoDate } from './dates.ts';
import type { CalendarDay } from './holidays.ts';
import { rigaLocalToInstant } from './riga-time.ts';

// Date arithmetic lives in dates.ts; offered here too, next to the working-day
// arithmetic that callers use it with.
export { addCalendarDays, addMonths, weekday } from './dates.ts';
export type { IsoDate } from './dates.ts';

/**
 * The calendar's exceptions, by date; and by day number (days since
 * 1970-01-01), whether the day is worked: what addWorkingDays counts in.
 */
export type CalendarData = { days: ReadonlyMap<IsoDate, CalendarDay>; worksByDay: ReadonlyMap<number, boolean> };

const DAY_MS = 86_400_000;

/** Later entries for one date override earlier ones (an edit over a seeded day). */
export function buildCalendar(days: Iterable<CalendarDay>): CalendarData {
  const map = new Map<IsoDate, CalendarDay>();
  for (const d of days) map.set(d.date, d);
  const worksByDay = new Map([...map].map(([date, day]) => [toUtc(date).getTime() / DAY_MS, day.kind === 'working_day']));
  return { days: map, worksByDay };
}

export function isPublicHoliday(cal: CalendarData, date: IsoDate): boolean {
  return cal.days.get(date)?.kind === 'holiday';
}

/** Monday to Friday unless a holiday or a day off; a weekend day only when a working day was transferred to it. */
export function isWorkingDay(cal: CalendarData, date: IsoDate): boolean {
  const exception = cal.days.get(date);
  if (exception) return exception.kind === 'working_day';
  return weekday(date) <= 5;
}

/** The first working day strictly after `date`. */
export function nextWorkingDay(cal: CalendarData, date: IsoDate): IsoDate {
  let d = addCalendarDays(date, 1);
  while (!isWorkingDay(cal, d)) d = addCalendarDays(d, 1);
  return d;
}

/** `date` itself if it is a working day, else the next one (APL s.43 roll-forward). */
export function rollForwardToWorkingDay(cal: CalendarData, date: IsoDate): IsoDate {
  return isWorkingDay(cal, date) ? date : nextWorkingDay(cal, date);
}

/** The n-th working day after `date` (a period counted in working days starts the next day, APL s.42). */
export function addWorkingDays(cal: CalendarData, date: IsoDate, n: number): IsoDate {
  // Counted in days since 1970-01-01, a number, not a date written out and
  // read again for each day: every Send counts its deadline (issue 18).
  let day = toUtc(date).getTime() / DAY_MS;
  for (let counted = 0; counted < n;) {
    day++;
    // 1970-01-01 was a Thursday: (day + 3) mod 7 is 0 on Mondays … 6 on Sundays.
    if (cal.worksByDay.get(day) ?? ((day % 7) + 10) % 7 < 5) counted++;
  }
  return fromUtc(new Date(day * DAY_MS));
}

/** Working days d with from < d ≤ to; negative when `to` is before `from`. */
export function workingDaysBetween(cal: CalendarData, from: IsoDate, to: IsoDate): number {
  if (to === from) return 0;
  const [start, end, sign] = to > from ? [from, to, 1] : [to, from, -1];
  // Counted, not walked day by day (issue 18: the workspace shows cases
  // years overdue, 25 to a page): Monday to Friday in whole weeks and the
  // days left over, then each exception of the calendar in the range.
  const days = daysBetween(start, end);
  const first = weekday(start);
  let count = Math.floor(days / 7) * 5;
  for (let i = 1; i <= days % 7; i++) if (((first + i - 1) % 7) + 1 <= 5) count++;
  for (const [date, day] of cal.days) {
    if (date <= start || date > end) continue;
    const weekdayWorks = weekday(date) <= 5;
    if (day.kind === 'working_day' && !weekdayWorks) count++;
    else if (day.kind !== 'working_day' && weekdayWorks) count--;
  }
  return count * sign;
}

/**
 * Labour Law s.135(3): a working day whose next calendar day is a public
 * holiday is one hour shorter. A working Saturday or Sunday transferred from
 * a weekday (Cabinet order) is that weekday's working day moved, so it also
 * keeps that weekday's length: Sat 27 June 2026 replaces Mon 22 June 2026,
 * the day before Midsummer Eve, and is one hour shorter; Sat 17 January 2026
 * replaces Fri 2 January, which came before no holiday, and is not.
 */
export function isShortenedDay(cal: CalendarData, date: IsoDate): boolean {
  if (!isWorkingDay(cal, date)) return false;
  if (isPublicHoliday(cal, addCalendarDays(date, 1))) return true;
  const replaced = cal.days.get(date)?.transferredFrom;
  return replaced !== undefined && isPublicHoliday(cal, addCalendarDays(replaced, 1));
}

export type Interval = { start: string; end: string };
/** Open intervals per ISO weekday (1 = Monday), local 'HH:MM'. */
export type OfficeHours = ReadonlyMap<number, ReadonlyArray<Interval>>;

const minutes = (time: string) => {
  const [h, m] = time.split(':').map(Number) as [number, number];
  return h * 60 + m;
};
const clock = (total: number) => `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;

/**
 * The office's open intervals on a date: none on a day off; a transferred
 * working Saturday keeps the hours of the weekday it replaces (Friday's if
 * unknown); a shortened day closes an hour earlier, taken from the end.
 */
export function officeIntervals(cal: CalendarData, hours: OfficeHours, date: IsoDate): Interval[] {
  if (!isWorkingDay(cal, date)) return [];
  const exception = cal.days.get(date);
  const FRIDAY = 5;
  const pattern =
    exception?.kind === 'working_day' ? (exception.transferredFrom ? weekday(exception.transferredFrom) : FRIDAY) : weekday(date);
  const intervals = (hours.get(pattern) ?? []).map((i) => ({ ...i })).sort((a, b) => a.start.localeCompare(b.start));
  if (!isShortenedDay(cal, date)) return intervals;
  let cut = 60;
  while (cut > 0 && intervals.length > 0) {
    const last = intervals[intervals.length - 1]!;
    const length = minutes(last.end) - minutes(last.start);
    if (length > cut) {
      last.end = clock(minutes(last.end) - cut);
      cut = 0;
    } else {
      intervals.pop();
      cut -= length;
    }
  }
  return intervals;
}

/** The same intervals as instants (Europe/Riga, DST-correct). */
export function officeIntervalsAsInstants(cal: CalendarData, hours: OfficeHours, date: IsoDate): Array<{ start: Date; end: Date }> {
  return officeIntervals(cal, hours, date).map((i) => ({
    start: rigaLocalToInstant(date, i.start),
    end: rigaLocalToInstant(date, i.end),
  }));
}
