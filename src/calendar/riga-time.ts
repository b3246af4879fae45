import type { IsoDate } from './dates.ts';

// Deadlines count in Europe/Riga days (latvia.md), whatever the server's zone.
const TIME_ZONE = 'Europe/Riga';

const parts = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function rigaParts(instant: Date): Record<string, string> {
  return Object.fromEntries(parts.formatToParts(instant).map((p) => [p.type, p.value]));
}

/**
 * The Riga wall clock of an instant, as a Date whose UTC fields read it.
 * Riga moves its clocks on the hour (01:00 UTC), so each UTC hour has one
 * offset: Intl is asked once per hour of time (about 10 µs a call), not at
 * every date a Send works out (issue 18's profile: 4 % of a Send's CPU).
 */
function rigaWallClock(instant: Date): Date {
  return new Date(instant.getTime() + offsetDuringHour(instant.getTime()) * 60_000);
}

const HOUR_MS = 3_600_000;
const offsetsByHour = new Map<number, number>();

function offsetDuringHour(ms: number): number {
  const hour = Math.floor(ms / HOUR_MS);
  let offset = offsetsByHour.get(hour);
  if (offset === undefined) {
    if (Number.isNaN(hour)) throw new RangeError('Invalid time value');
    // Bounded: a report over many years asks about many hours once each.
    if (offsetsByHour.size >= 10_000) offsetsByHour.clear();
    offset = offsetMinutes(new Date(hour * HOUR_MS));
    offsetsByHour.set(hour, offset);
  }
  return offset;
}

/** The Riga calendar date of an instant. */
export function rigaDateOf(instant: Date): IsoDate {
  return rigaWallClock(instant).toISOString().slice(0, 10);
}

/** The Riga wall-clock time of an instant, 'HH:MM'. */
export function rigaTimeOf(instant: Date): string {
  return rigaWallClock(instant).toISOString().slice(11, 16);
}

export function todayInRiga(now: Date = new Date()): IsoDate {
  return rigaDateOf(now);
}

/** Offset of Riga from UTC at an instant, in minutes (120 in winter, 180 in summer). */
function offsetMinutes(instant: Date): number {
  const p = rigaParts(instant);
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/** The instant of a Riga wall-clock time on a date (DST-correct). */
export function rigaLocalToInstant(date: IsoDate, time: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  // Guess with the offset at the wall time read as UTC, then correct once
  // (enough for any zone whose offset changes by at most an hour).
  let guess = wall - offsetDuringHour(wall) * 60_000;
  guess = wall - offsetDuringHour(guess) * 60_000;
  return new Date(guess);
}
