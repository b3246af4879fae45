import { addCalendarDays, isoDate, weekday, type IsoDate } from './dates.ts';

export type CalendarDayKind = 'holiday' | 'day_off' | 'working_day';

/**
 * An exception to "Monday to Friday are working days":
 * - 'holiday': a public holiday (Law on Public Holidays, latvia.md);
 * - 'day_off': a weekday not worked (a substitute day, a weekday given up for
 *   a transferred working day, a one-off declared day off);
 * - 'working_day': a Saturday or Sunday worked because a working day was
 *   transferred to it (`transferredFrom` is the weekday it replaces).
 */
export type CalendarDay = {
  date: IsoDate;
  kind: CalendarDayKind;
  nameLv: string;
  nameEn: string;
  transferredFrom?: IsoDate;
};

/** Gregorian Easter Sunday (the anonymous Gregorian computus). */
export function easterSunday(year: number): IsoDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return isoDate(year, month, day);
}

/** The second Sunday of May (Mother's Day). */
function secondSundayOfMay(year: number): IsoDate {
  const first = isoDate(year, 5, 1);
  const toSunday = (7 - weekday(first)) % 7;
  return addCalendarDays(first, toSunday + 7);
}

const holiday = (date: IsoDate, nameLv: string, nameEn: string): CalendarDay => ({ date, kind: 'holiday', nameLv, nameEn });

/** The festival closing day's names, as the seed and the administrator's form write them. */
export const FESTIVAL_CLOSING_DAY = {
  nameLv: 'Vispārējo latviešu Dziesmu un deju svētku noslēguma diena',
  nameEn: 'Closing day of the Latvian Song and Dance Festival',
} as const;

/**
 * Whether a calendar entry is a Song and Dance Festival closing day: the
 * Cabinet sets its date, so an administrator enters it, and the calendar has
 * no other mark for it than its name. Recognised by the words an
 * administrator is likely to write too ("… Dziesmu un deju svētku
 * noslēguma diena", with or without the festival's number).
 */
export function isFestivalClosingDay(day: Pick<CalendarDay, 'kind' | 'nameLv' | 'nameEn'>): boolean {
  if (day.kind !== 'holiday') return false;
  return (
    /dziesmu un ([ivxlc]+\.? )?deju svētku noslēguma diena/i.test(day.nameLv) ||
    (/song and dance festival/i.test(day.nameEn) && /closing/i.test(day.nameEn))
  );
}

/**
 * Latvia's public holidays of a year (latvia.md; the Law on Public,
 * Commemoration and Celebration Days), with the days off that replace
 * 4 May, 18 November or a Song and Dance Festival closing day that falls on
 * a weekend: the law makes the next working day a day off. The festival
 * closing day is set by an administrator, so it comes in as an argument.
 */
export function statutoryHolidays(year: number, festivalClosingDays: IsoDate[] = []): CalendarDay[] {
  const easter = easterSunday(year);
  const listed: CalendarDay[] = [
    holiday(isoDate(year, 1, 1), 'Jaungada diena', "New Year's Day"),
    holiday(addCalendarDays(easter, -2), 'Lielā Piektdiena', 'Good Friday'),
    holiday(easter, 'Lieldienas', 'Easter Sunday'),
    holiday(addCalendarDays(easter, 1), 'Otrās Lieldienas', 'Easter Monday'),
    holiday(
      isoDate(year, 5, 1),
      'Darba svētki, Latvijas Republikas Satversmes sapulces sasaukšanas diena',
      'Labour Day, Convocation of the Constituent Assembly of the Republic of Latvia',
    ),
    holiday(isoDate(year, 5, 4), 'Latvijas Republikas Neatkarības deklarācijas atjaunošanas diena', 'Restoration of Independence Day'),
    holiday(secondSundayOfMay(year), 'Mātes diena', "Mother's Day"),
    holiday(addCalendarDays(easter, 49), 'Vasarsvētki', 'Pentecost'),
    holiday(isoDate(year, 6, 23), 'Līgo diena', 'Midsummer Eve'),
    holiday(isoDate(year, 6, 24), 'Jāņu diena', 'Midsummer Day'),
    holiday(isoDate(year, 11, 18), 'Latvijas Republikas proklamēšanas diena', 'Proclamation Day of the Republic of Latvia'),
    holiday(isoDate(year, 12, 24), 'Ziemassvētku vakars', 'Christmas Eve'),
    holiday(isoDate(year, 12, 25), 'Pirmie Ziemassvētki', 'Christmas Day'),
    holiday(isoDate(year, 12, 26), 'Otrie Ziemassvētki', 'Second Day of Christmas'),
    holiday(isoDate(year, 12, 31), 'Vecgada diena', "New Year's Eve"),
    ...festivalClosingDays
      .filter((d) => d.startsWith(`${year}-`))
      .map((d) => holiday(d, FESTIVAL_CLOSING_DAY.nameLv, FESTIVAL_CLOSING_DAY.nameEn)),
  ];
  // One entry per date: two feasts can share a day (Pentecost falls on
  // Mother's Day when Easter is 22–26 March, e.g. 13 May 2035), so their
  // names join.
  const byDate = new Map<IsoDate, CalendarDay>();
  for (const d of listed) {
    const same = byDate.get(d.date);
    byDate.set(d.date, same ? { ...same, nameLv: `${same.nameLv}; ${d.nameLv}`, nameEn: `${same.nameEn}; ${d.nameEn}` } : d);
  }
  const days = [...byDate.values()];
  const taken = new Set(byDate.keys());
  const movable: Array<[IsoDate, string, string]> = [
    [isoDate(year, 5, 4), '4. maija pārceltā brīvdiena', 'Day off in lieu of 4 May'],
    [isoDate(year, 11, 18), '18. novembra pārceltā brīvdiena', 'Day off in lieu of 18 November'],
    ...festivalClosingDays
      .filter((d) => d.startsWith(`${year}-`))
      .map((d): [IsoDate, string, string] => [
        d,
        'Dziesmu un deju svētku pārceltā brīvdiena',
        'Day off in lieu of the festival closing day',
      ]),
  ];
  for (const [date, nameLv, nameEn] of movable) {
    if (weekday(date) < 6) continue;
    // The next day that is Monday to Friday and not itself a holiday.
    let next = addCalendarDays(date, 1);
    while (weekday(next) >= 6 || taken.has(next)) next = addCalendarDays(next, 1);
    taken.add(next);
    days.push({ date: next, kind: 'day_off', nameLv, nameEn });
  }
  return days.sort((a, b) => a.date.localeCompare(b.date));
}

/**
 * m7: the day off in lieu of a festival closing day that falls on a Saturday
 * or Sunday (the law makes the next working day a day off), or undefined
 * when the closing day is a weekday.
 */
export function festivalDayInLieu(closingDay: IsoDate): CalendarDay | undefined {
  const year = Number(closingDay.slice(0, 4));
  const ordinary = new Set(statutoryHolidays(year).map((d) => d.date));
  return statutoryHolidays(year, [closingDay]).find((d) => d.kind === 'day_off' && !ordinary.has(d.date));
}

/**
 * M5: the statutory days and known transfers of a year that the calendar
 * does not hold yet, day by day: a year with some days already (a transfer
 * or the festival day entered first) still gets the rest, and a date that
 * is present is never replaced (an administrator's edit stays). m7: a
 * festival closing day present brings its day off in lieu.
 */
export function missingCalendarDays(
  year: number,
  present: ReadonlyArray<Pick<CalendarDay, 'date' | 'kind' | 'nameLv' | 'nameEn'>>,
): CalendarDay[] {
  const festivalDays = present.filter(isFestivalClosingDay).map((d) => d.date);
  const days = [...statutoryHolidays(year, festivalDays), ...knownTransfers().filter((d) => d.date.startsWith(`${year}-`))];
  // A later entry for the same date wins (a transfer over a computed day).
  const byDate = new Map(days.map((d) => [d.date, d]));
  const taken = new Set(present.map((d) => d.date));
  return [...byDate.values()].filter((d) => !taken.has(d.date)).sort((a, b) => a.date.localeCompare(b.date));
}

function transfer(dayOff: IsoDate, workingSaturday: IsoDate): CalendarDay[] {
  return [
    {
      date: dayOff,
      kind: 'day_off',
      nameLv: 'Brīvdiena (darbdiena pārcelta uz sestdienu)',
      nameEn: 'Day off (working day moved to a Saturday)',
    },
    {
      date: workingSaturday,
      kind: 'working_day',
      nameLv: 'Darba sestdiena (pārceltā darbdiena)',
      nameEn: 'Working Saturday (transferred working day)',
      transferredFrom: dayOff,
    },
  ];
}

/**
 * The Cabinet's transfers of working days known when this was written
 * (latvia.md). Seed data only: the database holds them and an administrator
 * adds each year's.
 */
export function knownTransfers(): CalendarDay[] {
  return [...transfer('2025-05-02', '2025-05-10'), ...transfer('2026-01-02', '2026-01-17'), ...transfer('2026-06-22', '2026-06-27')];
}
