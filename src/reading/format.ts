import { formatLongDate } from '#src/i18n/index.ts';
import { englishTime } from '#src/i18n/dates.ts';
import { rigaDateOf, rigaTimeOf } from '#src/calendar/riga-time.ts';

// How a reading time reads, in the reader's language and always in Riga
// time (latvia.md: 24-hour clock, dates through Intl).

/** "pirmdiena, 2026. gada 1. decembris, 10:00–11:00"; "Tuesday 1 December 2026, 10am to 11am" (GOV.UK). */
export function readingTimeText(locale: string, start: Date, end: Date): string {
  if (locale === 'en')
    return `${formatLongDate(locale, rigaDateOf(start))}, ${englishTime(rigaTimeOf(start))} to ${englishTime(rigaTimeOf(end))}`;
  return `${formatLongDate(locale, rigaDateOf(start))}, ${rigaTimeOf(start)}–${rigaTimeOf(end)}`;
}

/** "10:00–11:00". */
export function readingHours(start: Date, end: Date): string {
  return `${rigaTimeOf(start)}–${rigaTimeOf(end)}`;
}
