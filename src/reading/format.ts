import { formatLongDate } from '#src/i18n/index.ts';
import { rigaDateOf, rigaTimeOf } from '#src/calendar/riga-time.ts';

// How a reading time reads, in the reader's language and always in Riga
// time (latvia.md: 24-hour clock, dates through Intl).

/** "pirmdiena, 2026. gada 1. decembris, 10:00–11:00". */
export function readingTimeText(locale: string, start: Date, end: Date): string {
  return `${formatLongDate(locale, rigaDateOf(start))}, ${rigaTimeOf(start)}–${rigaTimeOf(end)}`;
}

/** "10:00–11:00". */
export function readingHours(start: Date, end: Date): string {
  return `${rigaTimeOf(start)}–${rigaTimeOf(end)}`;
}
