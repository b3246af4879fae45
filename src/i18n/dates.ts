// Dates and times as they read inside sentences (docs/0018-style-guide.md).
//
// Latvian declines the month (and the weekday) by the sentence around it:
// "līdz" takes the dative ("līdz 2026. gada 15. decembrim"), "no" the
// genitive ("no 2026. gada 2. decembra"), an object the accusative. Intl
// only knows the nominative, which put "līdz otrdiena, 2026. gada 15.
// decembris" into letters (ux.md D16). English follows GOV.UK: "1 December
// 2026", "3:03pm", "midday" (ux.md D22); Intl's en-GB output differs between
// ICU versions (a comma after the weekday or not), so both are built here
// from the parts, by hand.

export type LatvianCase = 'nominative' | 'genitive' | 'dative' | 'accusative';

// Months: 2nd declension (-is) and 1st declension (-s); "aprīlis" alternates
// its l: aprīļa.
const LV_MONTHS: Record<LatvianCase, readonly string[]> = {
  nominative: [
    'janvāris',
    'februāris',
    'marts',
    'aprīlis',
    'maijs',
    'jūnijs',
    'jūlijs',
    'augusts',
    'septembris',
    'oktobris',
    'novembris',
    'decembris',
  ],
  genitive: [
    'janvāra',
    'februāra',
    'marta',
    'aprīļa',
    'maija',
    'jūnija',
    'jūlija',
    'augusta',
    'septembra',
    'oktobra',
    'novembra',
    'decembra',
  ],
  dative: [
    'janvārim',
    'februārim',
    'martam',
    'aprīlim',
    'maijam',
    'jūnijam',
    'jūlijam',
    'augustam',
    'septembrim',
    'oktobrim',
    'novembrim',
    'decembrim',
  ],
  accusative: [
    'janvāri',
    'februāri',
    'martu',
    'aprīli',
    'maiju',
    'jūniju',
    'jūliju',
    'augustu',
    'septembri',
    'oktobri',
    'novembri',
    'decembri',
  ],
};

// Weekdays, Monday first: all 4th declension (-a).
const LV_WEEKDAYS = ['pirmdien', 'otrdien', 'trešdien', 'ceturtdien', 'piektdien', 'sestdien', 'svētdien'];
const LV_WEEKDAY_ENDING: Record<LatvianCase, string> = { nominative: 'a', genitive: 'as', dative: 'ai', accusative: 'u' };

const EN_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const EN_WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

function parts(isoDate: string): { y: number; m: number; d: number; weekday: number } {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  // getUTCDay: Sunday 0; the lists above start on Monday.
  const weekday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
  return { y, m, d, weekday };
}

/**
 * "2026. gada 15. decembris" in the case the sentence needs; with
 * `weekday`, the weekday follows in brackets in the same case:
 * "2026. gada 1. janvāri (ceturtdienu)".
 */
export function latvianDate(isoDate: string, grammaticalCase: LatvianCase = 'nominative', options: { weekday?: boolean } = {}): string {
  const { y, m, d, weekday } = parts(isoDate);
  const date = `${y}. gada ${d}. ${LV_MONTHS[grammaticalCase][m - 1]}`;
  return options.weekday ? `${date} (${LV_WEEKDAYS[weekday]}${LV_WEEKDAY_ENDING[grammaticalCase]})` : date;
}

/** "no 2026. gada 2. decembra līdz 2026. gada 15. decembrim". */
export function latvianDateRange(from: string, to: string): string {
  return `no ${latvianDate(from, 'genitive')} līdz ${latvianDate(to, 'dative')}`;
}

/** "1 December 2026"; "Tuesday 1 December 2026" with `weekday`; "1 Dec 2026" when `short` (tables). */
export function englishDate(isoDate: string, options: { weekday?: boolean; short?: boolean } = {}): string {
  const { y, m, d, weekday } = parts(isoDate);
  const month = EN_MONTHS[m - 1]!;
  const date = `${d} ${options.short ? month.slice(0, 3) : month} ${y}`;
  return options.weekday ? `${EN_WEEKDAYS[weekday]} ${date}` : date;
}

/** GOV.UK time of day from "HH:MM": "9am", "3:03pm", "midday", "midnight". */
export function englishTime(hhmm: string): string {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  if (m === 0 && h === 12) return 'midday';
  if (m === 0 && h === 0) return 'midnight';
  const hour = h % 12 === 0 ? 12 : h % 12;
  return `${hour}${m === 0 ? '' : `:${String(m).padStart(2, '0')}`}${h < 12 ? 'am' : 'pm'}`;
}
