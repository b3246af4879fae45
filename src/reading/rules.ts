import { addCalendarDays, isIsoDate, type IsoDate } from '#src/calendar/dates.ts';
import { parseDateText } from '#src/calendar/date-text.ts';
import { isWorkingDay, officeIntervals, type CalendarData, type OfficeHours } from '#src/calendar/working-days.ts';
import { rigaDateOf, rigaLocalToInstant } from '#src/calendar/riga-time.ts';
import type { FieldProblem } from '#src/forms/errors.ts';

// S-13, as pure rules: when the reading room has a time to offer, which of
// those times are free, which a client may take, and until when a client
// may change their mind. Data in, data out; the database and the pages
// live elsewhere. Times are Europe/Riga (latvia.md).

export type ReadingSettings = { slotMinutes: number; clientCutoffHours: number; daysAhead: number };
export const DEFAULT_READING_SETTINGS: ReadingSettings = { slotMinutes: 60, clientCutoffHours: 24, daysAhead: 30 };

/** One reading time: its Riga date and wall-clock times, and the instants. */
export type Slot = { date: IsoDate; startTime: string; endTime: string; start: Date; end: Date };
export type Closure = { fromDate: IsoDate; toDate: IsoDate };
/** A seat taken for a while (an active booking). */
export type Occupied = { placeId: number; start: Date; end: Date };
export type FreeSlot = Slot & { freePlaceIds: number[] };

const toMinutes = (time: string) => {
  const [h, m] = time.split(':').map(Number) as [number, number];
  return h * 60 + m;
};
const toClock = (total: number) => `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;

export function isClosed(closures: readonly Closure[], date: IsoDate): boolean {
  return closures.some((c) => c.fromDate <= date && date <= c.toDate);
}

/**
 * Every reading slot from `from` to `to` (both included): only on working
 * days (a transferred working Saturday too), only within office hours
 * (`officeIntervals` already closes a shortened pre-holiday day an hour
 * early), never across the lunch break (each open interval is filled on its
 * own), never on a day the reading room is closed.
 */
export function generateSlots(input: {
  calendar: CalendarData;
  hours: OfficeHours;
  from: IsoDate;
  to: IsoDate;
  slotMinutes: number;
  closures?: readonly Closure[];
}): Slot[] {
  const slots: Slot[] = [];
  if (input.slotMinutes <= 0) return slots;
  for (let date = input.from; date <= input.to; date = addCalendarDays(date, 1)) {
    if (isClosed(input.closures ?? [], date)) continue;
    for (const interval of officeIntervals(input.calendar, input.hours, date)) {
      const end = toMinutes(interval.end);
      for (let m = toMinutes(interval.start); m + input.slotMinutes <= end; m += input.slotMinutes) {
        const startTime = toClock(m);
        const endTime = toClock(m + input.slotMinutes);
        slots.push({ date, startTime, endTime, start: rigaLocalToInstant(date, startTime), end: rigaLocalToInstant(date, endTime) });
      }
    }
  }
  return slots;
}

const overlaps = (a: { start: Date; end: Date }, b: { start: Date; end: Date }) => a.start < b.end && b.start < a.end;

/**
 * Slots with at least one free seat, each with the seats still free. A
 * booking made under other settings (another slot length) still blocks
 * every slot it overlaps.
 */
export function freeSlots(slots: readonly Slot[], placeIds: readonly number[], occupied: readonly Occupied[]): FreeSlot[] {
  const free: FreeSlot[] = [];
  for (const slot of slots) {
    const freePlaceIds = placeIds.filter((id) => !occupied.some((o) => o.placeId === id && overlaps(o, slot)));
    if (freePlaceIds.length > 0) free.push({ ...slot, freePlaceIds });
  }
  return free;
}

export type OfferTerms = { fromDate: IsoDate; toDate: IsoDate; times: readonly string[] };

/**
 * What an invitation lets the client pick (S-13 "mutually acceptable"): the
 * specific times the official proposed, where there are any; otherwise any
 * slot in the offered window.
 */
export function offeredSlots<T extends Slot>(slots: readonly T[], offer: OfferTerms): T[] {
  const times = new Set(offer.times);
  return slots.filter((s) => s.date >= offer.fromDate && s.date <= offer.toDate && (times.size === 0 || times.has(s.start.toISOString())));
}

/** The earliest start a client may book or move to: the cut-off from now. */
export function clientEarliestStart(now: Date, cutoffHours: number): Date {
  return new Date(now.getTime() + cutoffHours * 3_600_000);
}

/** A client may cancel or move a booking only until the cut-off before it starts. */
export function clientMayChange(start: Date, now: Date, cutoffHours: number): boolean {
  return start.getTime() - now.getTime() >= cutoffHours * 3_600_000;
}

/** Attendance is a fact: it can be recorded once the time has begun, not before. */
export function mayRecordAttendance(start: Date, now: Date): boolean {
  return start.getTime() <= now.getTime();
}

export function groupByDay<T extends Slot>(slots: readonly T[]): Array<{ date: IsoDate; slots: T[] }> {
  const days: Array<{ date: IsoDate; slots: T[] }> = [];
  for (const slot of [...slots].sort((a, b) => a.start.getTime() - b.start.getTime())) {
    const last = days[days.length - 1];
    if (last && last.date === slot.date) last.slots.push(slot);
    else days.push({ date: slot.date, slots: [slot] });
  }
  return days;
}

/**
 * The client's booking in two steps (ux.md D27: a two-week window was 73
 * radios on one page): first the days with their number of free times,
 * then one day's times. The day open is the one asked for, else the day of
 * the time just chosen (a refused post shows its day again), else the only
 * day there is; a day with no free time left opens nothing.
 */
export function dayStep<T extends Slot>(
  slots: readonly T[],
  asked: { day?: string | null | undefined; selected?: string | undefined },
): { days: Array<{ date: IsoDate; free: number }>; open?: { date: IsoDate; slots: T[] } } {
  const grouped = groupByDay(slots);
  const days = grouped.map((d) => ({ date: d.date, free: d.slots.length }));
  const selectedDay = asked.selected ? slots.find((s) => s.start.toISOString() === asked.selected)?.date : undefined;
  const open =
    grouped.find((d) => d.date === asked.day) ??
    grouped.find((d) => d.date === selectedDay) ??
    (grouped.length === 1 ? grouped[0] : undefined);
  return open ? { days, open } : { days };
}

/** The working day before `date` on which its reminder goes out. */
export function reminderDay(calendar: CalendarData, date: IsoDate): IsoDate {
  let day = addCalendarDays(date, -1);
  // A year without a working day does not exist; the bound keeps a broken calendar from looping.
  for (let i = 0; i < 366 && !isWorkingDay(calendar, day); i++) day = addCalendarDays(day, -1);
  return day;
}

/** A reminder is due from the working day before the reading until it starts. */
export function reminderDue(calendar: CalendarData, start: Date, now: Date): boolean {
  if (start.getTime() <= now.getTime()) return false;
  return rigaDateOf(now) >= reminderDay(calendar, rigaDateOf(start));
}

/** The Riga end of a window's last day: an invitation expires then. */
export function windowEnd(toDate: IsoDate): Date {
  return rigaLocalToInstant(addCalendarDays(toDate, 1), '00:00');
}

/**
 * Checks an official's invitation: a window from today on, no further ahead
 * than the settings allow, and (optionally) specific times in it, one per
 * line as "YYYY-MM-DD HH:MM" (Riga time), each the start of a slot the
 * reading room has. Returns the times as instants (ISO), or what is wrong.
 */
export function checkInvitation(input: {
  from: string;
  to: string;
  times: string;
  today: IsoDate;
  daysAhead: number;
  slots: readonly Slot[];
}): { ok: true; fromDate: IsoDate; toDate: IsoDate; times: string[] } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const from = parseDateText(input.from) ?? input.from.trim();
  const to = parseDateText(input.to) ?? input.to.trim();
  const latest = addCalendarDays(input.today, input.daysAhead);
  if (!from) problems.push({ field: 'from', key: 'required' });
  else if (!isIsoDate(from)) problems.push({ field: 'from', key: 'date' });
  else if (from < input.today) problems.push({ field: 'from', key: 'past' });
  if (!to) problems.push({ field: 'to', key: 'required' });
  else if (!isIsoDate(to)) problems.push({ field: 'to', key: 'date' });
  else if (isIsoDate(from) && to < from) problems.push({ field: 'to', key: 'beforeFrom' });
  else if (to > latest) problems.push({ field: 'to', key: 'tooFar', values: { latest } });
  if (problems.length > 0) return { ok: false, problems };
  const inWindow = input.slots.filter((s) => s.date >= from && s.date <= to);
  const times: string[] = [];
  const lines = input.times
    .split(/\r?\n/)
    .map((l) => l.trim().replace(/\s+/g, ' '))
    .filter(Boolean);
  for (const line of lines) {
    // The day as in the date fields (01.12.2026. or 2026-12-01), then the time.
    const match = /^(\S+?)[ T](\d{1,2}):(\d{2})$/.exec(line);
    const day = match ? parseDateText(match[1]!) : undefined;
    const slot =
      match && day ? inWindow.find((s) => s.date === day && s.startTime === `${match[2]!.padStart(2, '0')}:${match[3]}`) : undefined;
    if (!slot) return { ok: false, problems: [{ field: 'times', key: 'notASlot', values: { time: line } }] };
    if (!times.includes(slot.start.toISOString())) times.push(slot.start.toISOString());
  }
  if (inWindow.length === 0) return { ok: false, problems: [{ field: 'to', key: 'noSlots' }] };
  return { ok: true, fromDate: from, toDate: to, times };
}
