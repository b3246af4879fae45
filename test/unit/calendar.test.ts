import { describe, expect, it } from 'vitest';
import {
  easterSunday,
  FESTIVAL_CLOSING_DAY,
  festivalDayInLieu,
  isFestivalClosingDay,
  knownTransfers,
  missingCalendarDays,
  statutoryHolidays,
} from '#src/calendar/holidays.ts';
import { addCalendarDays, addMonths, weekday } from '#src/calendar/dates.ts';
import {
  addWorkingDays,
  buildCalendar,
  isPublicHoliday,
  isShortenedDay,
  isWorkingDay,
  nextWorkingDay,
  officeIntervals,
  officeIntervalsAsInstants,
  rollForwardToWorkingDay,
  workingDaysBetween,
  type OfficeHours,
} from '#src/calendar/working-days.ts';
import { rigaDateOf, rigaLocalToInstant, rigaTimeOf, todayInRiga } from '#src/calendar/riga-time.ts';

const years = [2024, 2025, 2026, 2027, 2028];
const calendar = buildCalendar([...years.flatMap((y) => statutoryHolidays(y)), ...knownTransfers()]);
const standardHours: OfficeHours = new Map(
  [1, 2, 3, 4, 5].map((d) => [
    d,
    [
      { start: '08:30', end: '12:30' },
      { start: '13:00', end: '17:00' },
    ],
  ]),
);

describe('Easter and the movable feasts', () => {
  it.each([
    [2019, '2019-04-21'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2038, '2038-04-25'],
    [2285, '2285-03-22'],
  ])('puts Easter %i on %s', (year, date) => {
    expect(easterSunday(year)).toBe(date);
    expect(weekday(date)).toBe(7);
  });

  it.each([
    [2024, '2024-03-29', '2024-04-01'],
    [2025, '2025-04-18', '2025-04-21'],
    [2026, '2026-04-03', '2026-04-06'],
    [2027, '2027-03-26', '2027-03-29'],
    [2038, '2038-04-23', '2038-04-26'],
    [2285, '2285-03-20', '2285-03-23'],
  ])('puts Good Friday %i on %s and Easter Monday on %s', (year, goodFriday, easterMonday) => {
    const names = new Map(statutoryHolidays(year).map((d) => [d.nameEn, d.date]));
    expect(names.get('Good Friday')).toBe(goodFriday);
    expect(names.get('Easter Monday')).toBe(easterMonday);
    expect(weekday(goodFriday)).toBe(5);
    expect(weekday(easterMonday)).toBe(1);
  });

  it('makes Good Friday and Easter Monday holidays around Easter 2026', () => {
    expect(isPublicHoliday(calendar, '2026-04-03')).toBe(true);
    expect(isPublicHoliday(calendar, '2026-04-06')).toBe(true);
    expect(isWorkingDay(calendar, '2026-04-02')).toBe(true);
    expect(isWorkingDay(calendar, '2026-04-07')).toBe(true);
  });

  it('makes Good Friday 2025 (18 April) and 2027 (26 March) days off', () => {
    expect(isWorkingDay(calendar, '2025-04-18')).toBe(false);
    expect(isWorkingDay(calendar, '2027-03-26')).toBe(false);
    expect(isWorkingDay(calendar, '2027-03-29')).toBe(false); // Easter Monday 2027
  });

  it("puts Pentecost seven weeks after Easter and Mother's Day on the second Sunday of May", () => {
    const names = (y: number) => new Map(statutoryHolidays(y).map((d) => [d.nameEn, d.date]));
    expect(names(2026).get('Pentecost')).toBe('2026-05-24');
    expect(names(2025).get('Pentecost')).toBe('2025-06-08');
    expect(names(2026).get("Mother's Day")).toBe('2026-05-10');
    expect(names(2025).get("Mother's Day")).toBe('2025-05-11');
    expect(names(2027).get("Mother's Day")).toBe('2027-05-09');
    expect(names(2024).get("Mother's Day")).toBe('2024-05-12');
    expect(names(2024).get('Pentecost')).toBe('2024-05-19');
    expect(names(2028).get("Mother's Day")).toBe('2028-05-14');
    expect(names(2028).get('Pentecost')).toBe('2028-06-04');
  });

  it("lists Pentecost and Mother's Day once, with both names, when they share Sunday 13 May 2035", () => {
    const may13 = statutoryHolidays(2035).filter((d) => d.date === '2035-05-13');
    expect(may13).toHaveLength(1);
    expect(may13[0]).toMatchObject({ kind: 'holiday', nameLv: 'Mātes diena; Vasarsvētki', nameEn: "Mother's Day; Pentecost" });
  });

  it('lists the fifteen public holidays of 2026, each named in Latvian and English', () => {
    const days = statutoryHolidays(2026);
    expect(days).toHaveLength(15);
    expect(days.every((d) => d.kind === 'holiday' && d.nameLv.length > 0 && d.nameEn.length > 0)).toBe(true);
    expect(days.map((d) => d.date)).toEqual([
      '2026-01-01',
      '2026-04-03',
      '2026-04-05',
      '2026-04-06',
      '2026-05-01',
      '2026-05-04',
      '2026-05-10',
      '2026-05-24',
      '2026-06-23',
      '2026-06-24',
      '2026-11-18',
      '2026-12-24',
      '2026-12-25',
      '2026-12-26',
      '2026-12-31',
    ]);
    expect(days.find((d) => d.date === '2026-11-18')?.nameLv).toBe('Latvijas Republikas proklamēšanas diena');
    expect(days.find((d) => d.date === '2026-05-04')?.nameEn).toBe('Restoration of Independence Day');
  });
});

describe('working days and days off (latvia.md)', () => {
  it('treats Friday 2 January 2026 as a day off (moved to Saturday 17 January)', () => {
    expect(isWorkingDay(calendar, '2026-01-02')).toBe(false);
    expect(isWorkingDay(calendar, '2026-01-17')).toBe(true);
    expect(isWorkingDay(calendar, '2026-01-18')).toBe(false);
  });

  it('moves Monday 22 June 2026 to Saturday 27 June', () => {
    expect(isWorkingDay(calendar, '2026-06-22')).toBe(false);
    expect(isWorkingDay(calendar, '2026-06-27')).toBe(true);
    expect(isPublicHoliday(calendar, '2026-06-23')).toBe(true);
    expect(isPublicHoliday(calendar, '2026-06-24')).toBe(true);
  });

  it('gives Monday 5 May 2025 off because 4 May 2025 was a Sunday', () => {
    expect(isWorkingDay(calendar, '2025-05-05')).toBe(false);
    expect(calendar.days.get('2025-05-05')?.kind).toBe('day_off');
    expect(isWorkingDay(calendar, '2025-05-02')).toBe(false);
    expect(isWorkingDay(calendar, '2025-05-10')).toBe(true);
  });

  it('gives Monday 6 May 2024 off because 4 May 2024 was a Saturday', () => {
    expect(isWorkingDay(calendar, '2024-05-06')).toBe(false);
    expect(calendar.days.get('2024-05-06')).toMatchObject({ kind: 'day_off', nameEn: 'Day off in lieu of 4 May' });
    expect(isWorkingDay(calendar, '2024-05-07')).toBe(true);
  });

  it('gives Monday 20 November 2028 off because 18 November 2028 is a Saturday', () => {
    expect(isWorkingDay(calendar, '2028-11-20')).toBe(false);
    expect(isWorkingDay(calendar, '2028-11-21')).toBe(true);
  });

  it('does not move 4 May when it falls on a weekday', () => {
    expect(statutoryHolidays(2026).filter((d) => d.kind === 'day_off')).toEqual([]);
    expect(isWorkingDay(calendar, '2026-05-05')).toBe(true);
  });

  it('moves a festival closing day on a Sunday to Monday', () => {
    const days = statutoryHolidays(2028, ['2028-07-09']);
    expect(days.find((d) => d.date === '2028-07-09')?.kind).toBe('holiday');
    expect(days.find((d) => d.date === '2028-07-10')?.kind).toBe('day_off');
  });

  it('skips Līgo and Jāņi when moving a festival closing day off: Sunday 22 June 2025 gives Wednesday 25 June', () => {
    const days = statutoryHolidays(2025, ['2025-06-22']);
    expect(days.filter((d) => d.kind === 'day_off').map((d) => d.date)).toEqual(['2025-05-05', '2025-06-25']);
  });

  it('gives no extra day off for a festival closing day on a weekday, and ignores one of another year', () => {
    const days = statutoryHolidays(2028, ['2028-07-05', '2033-07-10']);
    expect(days.find((d) => d.date === '2028-07-05')?.kind).toBe('holiday');
    expect(days.filter((d) => d.kind === 'day_off').map((d) => d.date)).toEqual(['2028-11-20']);
  });

  it('takes a one-off day off from the administrator, such as Monday 29 May 2023', () => {
    const withOneOff = buildCalendar([
      ...statutoryHolidays(2023),
      { date: '2023-05-29', kind: 'day_off', nameLv: 'Brīvdiena', nameEn: 'Day off' },
    ]);
    expect(weekday('2023-05-29')).toBe(1);
    expect(isWorkingDay(withOneOff, '2023-05-29')).toBe(false);
    expect(isPublicHoliday(withOneOff, '2023-05-29')).toBe(false);
    expect(nextWorkingDay(withOneOff, '2023-05-26')).toBe('2023-05-30');
  });

  it('lets a later entry for a date override an earlier one', () => {
    const edited = buildCalendar([
      ...knownTransfers(),
      { date: '2026-01-02', kind: 'working_day', nameLv: 'Darbdiena', nameEn: 'Working day' },
    ]);
    expect(isWorkingDay(edited, '2026-01-02')).toBe(true);
    expect(edited.days.get('2026-01-02')?.kind).toBe('working_day');
  });

  it('keeps the Christmas block and New Year off', () => {
    for (const d of ['2026-12-24', '2026-12-25', '2026-12-26', '2026-12-31', '2027-01-01']) {
      expect(isWorkingDay(calendar, d), d).toBe(false);
    }
    expect(isWorkingDay(calendar, '2026-12-28')).toBe(true);
  });

  it('finds the next working day across a weekend and a holiday', () => {
    expect(nextWorkingDay(calendar, '2026-12-23')).toBe('2026-12-28');
    expect(nextWorkingDay(calendar, '2026-12-30')).toBe('2027-01-04');
    expect(rollForwardToWorkingDay(calendar, '2026-03-28')).toBe('2026-03-30');
    expect(rollForwardToWorkingDay(calendar, '2026-03-27')).toBe('2026-03-27');
  });
});

describe('adding working days', () => {
  it('is the n-th next working day, walked day by day, for every start in three years and every n to 70', () => {
    // addWorkingDays counts in day numbers (issue 18); the walk is the definition.
    let start = '2025-01-01';
    while (start <= '2027-12-31') {
      let walked = start;
      for (let n = 0; n <= 70; n++) {
        expect(addWorkingDays(calendar, start, n), `${start} + ${n}`).toBe(walked);
        walked = nextWorkingDay(calendar, walked);
      }
      start = addCalendarDays(start, 1);
    }
  });

  it('counts from the next day', () => {
    expect(addWorkingDays(calendar, '2026-03-02', 10)).toBe('2026-03-16');
    expect(addWorkingDays(calendar, '2026-03-02', 0)).toBe('2026-03-02');
  });

  it('crosses the year boundary: 10 working days from Tuesday 22 December 2026 is Monday 11 January 2027', () => {
    expect(addWorkingDays(calendar, '2026-12-22', 10)).toBe('2027-01-11');
  });

  it('crosses New Year 2026 and counts the working Saturday 17 January', () => {
    expect(addWorkingDays(calendar, '2025-12-30', 10)).toBe('2026-01-16');
    expect(addWorkingDays(calendar, '2025-12-30', 11)).toBe('2026-01-17');
    expect(addWorkingDays(calendar, '2025-12-30', 12)).toBe('2026-01-19');
  });

  it('gives the next working day for one day, even from a holiday', () => {
    expect(addWorkingDays(calendar, '2026-03-06', 1)).toBe('2026-03-09');
    expect(addWorkingDays(calendar, '2026-12-25', 1)).toBe('2026-12-28');
  });

  it('counts the working Saturday 17 January 2026 between two dates', () => {
    expect(workingDaysBetween(calendar, '2026-01-16', '2026-01-19')).toBe(2);
    expect(workingDaysBetween(calendar, '2025-12-30', '2026-01-16')).toBe(10);
  });

  it('counts working days between two dates in either direction', () => {
    expect(workingDaysBetween(calendar, '2026-12-22', '2027-01-11')).toBe(10);
    expect(workingDaysBetween(calendar, '2027-01-11', '2026-12-22')).toBe(-10);
    expect(workingDaysBetween(calendar, '2026-03-02', '2026-03-02')).toBe(0);
    expect(workingDaysBetween(calendar, '2026-03-06', '2026-03-09')).toBe(1);
  });

  it('counts as many working days as a walk day by day, over years, from any weekday (issue 18: counted, not walked)', () => {
    const walked = (from: string, to: string) => {
      let n = 0;
      for (let d = addCalendarDays(from, 1); d <= to; d = addCalendarDays(d, 1)) if (isWorkingDay(calendar, d)) n++;
      return n;
    };
    for (let start = 0; start < 30; start++) {
      const from = addCalendarDays('2024-01-01', start * 37);
      for (const span of [1, 2, 3, 4, 5, 6, 7, 8, 13, 14, 15, 29, 31, 60, 200, 365, 800]) {
        const to = addCalendarDays(from, span);
        expect(workingDaysBetween(calendar, from, to), `${from} → ${to}`).toBe(walked(from, to));
        expect(workingDaysBetween(calendar, to, from), `${to} → ${from}`).toBe(-walked(from, to));
      }
    }
  });
});

describe('calendar arithmetic', () => {
  it('ends a month period on the last day of a shorter month', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2026-10-31', 4)).toBe('2027-02-28');
    expect(addMonths('2026-12-15', 1)).toBe('2027-01-15');
  });
  it('adds calendar days across a year end', () => {
    expect(addCalendarDays('2026-12-25', 10)).toBe('2027-01-04');
  });
});

describe('shortened pre-holiday days (Labour Law s.135)', () => {
  it('shortens Wednesday 23 December 2026 because 24 December is a holiday', () => {
    expect(isShortenedDay(calendar, '2026-12-23')).toBe(true);
  });
  it('shortens Thursday 30 April 2026 before 1 May and Tuesday 17 November 2026 before 18 November', () => {
    expect(isShortenedDay(calendar, '2026-04-30')).toBe(true);
    expect(isShortenedDay(calendar, '2026-11-17')).toBe(true);
  });
  it('does not shorten Friday 20 June 2025 before the Monday holiday 23 June', () => {
    expect(isPublicHoliday(calendar, '2025-06-23')).toBe(true);
    expect(isShortenedDay(calendar, '2025-06-20')).toBe(false);
  });
  it("shortens the working Saturday 10 May 2025 before Mother's Day", () => {
    expect(isShortenedDay(calendar, '2025-05-10')).toBe(true);
  });
  it('shortens Thursday 23 December 2027', () => {
    expect(isShortenedDay(calendar, '2027-12-23')).toBe(true);
  });
  it('does not shorten the day before a substitute day off (Friday 2 May 2025 is not a public holiday)', () => {
    expect(isShortenedDay(calendar, '2025-04-30')).toBe(true); // before 1 May
    expect(isShortenedDay(calendar, '2025-05-09')).toBe(false);
  });
  it('shortens the transferred working Saturday 27 June 2026: it replaces Monday 22 June, the day before Midsummer Eve', () => {
    expect(isWorkingDay(calendar, '2026-06-22')).toBe(false);
    expect(isShortenedDay(calendar, '2026-06-27')).toBe(true);
    expect(officeIntervals(calendar, standardHours, '2026-06-27')).toEqual([
      { start: '08:30', end: '12:30' },
      { start: '13:00', end: '16:00' },
    ]);
  });
  it('does not shorten the transferred working Saturday 17 January 2026: Friday 2 January came before no holiday', () => {
    expect(isShortenedDay(calendar, '2026-01-17')).toBe(false);
    expect(officeIntervals(calendar, standardHours, '2026-01-17')).toEqual([
      { start: '08:30', end: '12:30' },
      { start: '13:00', end: '17:00' },
    ]);
  });
  it('does not shorten a day that is not worked, nor an ordinary day', () => {
    expect(isShortenedDay(calendar, '2026-12-24')).toBe(false); // a holiday before a holiday
    expect(isShortenedDay(calendar, '2026-11-24')).toBe(false);
  });
});

describe('office hours', () => {
  it('are the standard two intervals on an ordinary day', () => {
    expect(officeIntervals(calendar, standardHours, '2026-11-24')).toEqual([
      { start: '08:30', end: '12:30' },
      { start: '13:00', end: '17:00' },
    ]);
  });
  it('end at 16:00 on a shortened day', () => {
    expect(officeIntervals(calendar, standardHours, '2026-12-23')).toEqual([
      { start: '08:30', end: '12:30' },
      { start: '13:00', end: '16:00' },
    ]);
  });
  it('take the hour from the interval before when the last is shorter than an hour', () => {
    const hours: OfficeHours = new Map([
      [
        3,
        [
          { start: '08:00', end: '12:00' },
          { start: '12:30', end: '13:00' },
        ],
      ],
    ]);
    expect(officeIntervals(calendar, hours, '2026-12-23')).toEqual([{ start: '08:00', end: '11:30' }]);
  });
  it('are none on a holiday, a day off or a Sunday', () => {
    expect(officeIntervals(calendar, standardHours, '2026-12-24')).toEqual([]);
    expect(officeIntervals(calendar, standardHours, '2026-01-02')).toEqual([]);
    expect(officeIntervals(calendar, standardHours, '2026-11-22')).toEqual([]);
  });
  it('follow the replaced weekday on a transferred working Saturday', () => {
    const hours: OfficeHours = new Map([
      [1, [{ start: '09:00', end: '18:00' }]],
      [5, [{ start: '08:30', end: '15:45' }]],
    ]);
    expect(officeIntervals(calendar, hours, '2026-01-17')).toEqual([{ start: '08:30', end: '15:45' }]); // for Friday 2 Jan
    // For Monday 22 June, the day before Midsummer Eve: an hour shorter (Labour Law s.135(3)).
    expect(officeIntervals(calendar, hours, '2026-06-27')).toEqual([{ start: '09:00', end: '17:00' }]);
  });
  it("use Friday's hours, shortened, on the working Saturday 10 May 2025 (for Friday 2 May, before Mother's Day)", () => {
    expect(officeIntervals(calendar, standardHours, '2025-05-10')).toEqual([
      { start: '08:30', end: '12:30' },
      { start: '13:00', end: '16:00' },
    ]);
  });
  it("fall back to Friday's hours on a working Saturday whose replaced weekday is not recorded", () => {
    const cal = buildCalendar([{ date: '2026-09-12', kind: 'working_day', nameLv: 'Darba sestdiena', nameEn: 'Working Saturday' }]);
    const hours: OfficeHours = new Map([
      [1, [{ start: '09:00', end: '18:00' }]],
      [5, [{ start: '08:30', end: '15:45' }]],
    ]);
    expect(officeIntervals(cal, hours, '2026-09-12')).toEqual([{ start: '08:30', end: '15:45' }]);
  });
  it('convert to instants in winter (UTC+2) and summer (UTC+3)', () => {
    const winter = officeIntervalsAsInstants(calendar, standardHours, '2026-01-12');
    expect(winter[0]?.start.toISOString()).toBe('2026-01-12T06:30:00.000Z');
    expect(winter[1]?.end.toISOString()).toBe('2026-01-12T15:00:00.000Z');
    const summer = officeIntervalsAsInstants(calendar, standardHours, '2026-07-15');
    expect(summer[0]?.start.toISOString()).toBe('2026-07-15T05:30:00.000Z');
    expect(summer[1]?.end.toISOString()).toBe('2026-07-15T14:00:00.000Z');
  });
  it('follow the clock change between Friday and Monday in March and October 2026', () => {
    expect(officeIntervalsAsInstants(calendar, standardHours, '2026-03-27')[0]?.start.toISOString()).toBe('2026-03-27T06:30:00.000Z');
    expect(officeIntervalsAsInstants(calendar, standardHours, '2026-03-30')[0]?.start.toISOString()).toBe('2026-03-30T05:30:00.000Z');
    expect(officeIntervalsAsInstants(calendar, standardHours, '2026-10-23')[0]?.start.toISOString()).toBe('2026-10-23T05:30:00.000Z');
    expect(officeIntervalsAsInstants(calendar, standardHours, '2026-10-26')[0]?.start.toISOString()).toBe('2026-10-26T06:30:00.000Z');
  });
  it('close at 16:00 Riga time, 14:00 UTC, on Wednesday 23 December 2026', () => {
    const day = officeIntervalsAsInstants(calendar, standardHours, '2026-12-23');
    expect(day.map((i) => [i.start.toISOString(), i.end.toISOString()])).toEqual([
      ['2026-12-23T06:30:00.000Z', '2026-12-23T10:30:00.000Z'],
      ['2026-12-23T11:00:00.000Z', '2026-12-23T14:00:00.000Z'],
    ]);
    expect(officeIntervalsAsInstants(calendar, standardHours, '2026-12-24')).toEqual([]);
  });
});

describe('Riga time', () => {
  it('knows that 22:30 UTC on 28 February 2026 is already 1 March in Riga', () => {
    expect(rigaDateOf(new Date('2026-02-28T22:30:00Z'))).toBe('2026-03-01');
    expect(rigaDateOf(new Date('2026-02-28T21:59:00Z'))).toBe('2026-02-28');
    expect(rigaTimeOf(new Date('2026-02-28T22:30:00Z'))).toBe('00:30');
  });
  it('handles the summer time changes of 29 March and 25 October 2026', () => {
    expect(rigaLocalToInstant('2026-03-29', '02:00').toISOString()).toBe('2026-03-29T00:00:00.000Z');
    expect(rigaLocalToInstant('2026-03-29', '05:00').toISOString()).toBe('2026-03-29T02:00:00.000Z');
    expect(rigaLocalToInstant('2026-10-25', '12:00').toISOString()).toBe('2026-10-25T10:00:00.000Z');
    expect(rigaDateOf(new Date('2026-07-15T21:30:00Z'))).toBe('2026-07-16');
    // 02:30 on 25 October is still summer time (the clocks go back at 04:00).
    expect(rigaLocalToInstant('2026-10-25', '02:30').toISOString()).toBe('2026-10-24T23:30:00.000Z');
  });
  it('says what day it is in Riga when UTC is still in the old year', () => {
    expect(todayInRiga(new Date('2026-12-31T22:30:00Z'))).toBe('2027-01-01');
    expect(todayInRiga(new Date('2026-12-31T21:30:00Z'))).toBe('2026-12-31');
  });
  it('reads the same date and time as Intl at any instant, across the clock changes of 1990–2045', () => {
    // The offset is looked up once per UTC hour: every instant must still read as Intl reads it.
    const intl = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Europe/Riga',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    const read = (at: Date) => Object.fromEntries(intl.formatToParts(at).map((p) => [p.type, p.value]));
    const from = Date.UTC(1990, 0, 1);
    const to = Date.UTC(2045, 0, 1);
    // Every clock change falls on an hour: each instant within a minute either side of every hour of its day.
    const instants: number[] = [];
    for (let day = from; day < to; day += 86_400_000 * 7 + 3_600_000 * 5 + 61_000) instants.push(day);
    for (const year of [1990, 2000, 2026, 2027, 2044]) {
      for (const month of [2, 9]) {
        for (let hour = 0; hour < 24 * 31; hour++) {
          const onHour = Date.UTC(year, month, 1) + hour * 3_600_000;
          instants.push(onHour - 60_000, onHour - 1, onHour, onHour + 59_999);
        }
      }
    }
    const wrong = instants.filter((ms) => {
      const at = new Date(ms);
      const p = read(at);
      return rigaDateOf(at) !== `${p.year}-${p.month}-${p.day}` || rigaTimeOf(at) !== `${p.hour}:${p.minute}`;
    });
    expect(instants.length).toBeGreaterThan(20_000);
    expect(wrong.map((ms) => new Date(ms).toISOString())).toEqual([]);
  });
});

describe('Song and Dance Festival closing day (m7)', () => {
  it('brings the next working day off when it falls on a weekend, and nothing on a weekday', () => {
    expect(festivalDayInLieu('2028-07-09')).toMatchObject({ date: '2028-07-10', kind: 'day_off' }); // Sunday → Monday
    expect(festivalDayInLieu('2027-07-10')).toMatchObject({ date: '2027-07-12', kind: 'day_off' }); // Saturday → Monday
    expect(festivalDayInLieu('2025-07-09')).toBeUndefined(); // a Wednesday
  });
  it('is recognised by its name, with or without the festival numbers, only as a holiday', () => {
    expect(isFestivalClosingDay({ kind: 'holiday', ...FESTIVAL_CLOSING_DAY })).toBe(true);
    const numbered = { nameLv: 'XXVIII Vispārējo latviešu Dziesmu un XVIII Deju svētku noslēguma diena', nameEn: 'x' };
    expect(isFestivalClosingDay({ kind: 'holiday', ...numbered })).toBe(true);
    expect(isFestivalClosingDay({ kind: 'day_off', ...numbered })).toBe(false);
    expect(isFestivalClosingDay({ kind: 'holiday', nameLv: 'Līgo diena', nameEn: 'Midsummer Eve' })).toBe(false);
  });
});

describe('seeding a year day by day (M5)', () => {
  it('adds every statutory day of a year that has only the festival day, and its day in lieu', () => {
    const festival = { date: '2028-07-09', kind: 'holiday' as const, ...FESTIVAL_CLOSING_DAY };
    const missing = missingCalendarDays(2028, [festival]);
    const dates = missing.map((d) => d.date);
    for (const date of ['2028-01-01', '2028-04-14', '2028-04-16', '2028-04-17', '2028-06-23', '2028-11-18', '2028-11-20', '2028-12-25']) {
      expect(dates).toContain(date);
    }
    expect(dates).not.toContain('2028-07-09');
    expect(missing.find((d) => d.date === '2028-07-10')).toMatchObject({ kind: 'day_off' });
    expect(missing).toHaveLength(statutoryHolidays(2028, ['2028-07-09']).length - 1);
  });
  it('never replaces a day present, whatever it says, and adds the known transfers of the year', () => {
    const edited = { date: '2026-06-27', kind: 'working_day' as const, nameLv: 'Mans nosaukums', nameEn: 'My name' };
    const missing = missingCalendarDays(2026, [edited]);
    expect(missing.find((d) => d.date === '2026-06-27')).toBeUndefined();
    expect(missing.find((d) => d.date === '2026-06-22')).toMatchObject({ kind: 'day_off' });
    expect(missing.find((d) => d.date === '2026-01-17')).toMatchObject({ kind: 'working_day', transferredFrom: '2026-01-02' });
  });
  it('adds nothing to a complete year', () => {
    const full = [...statutoryHolidays(2027), ...knownTransfers().filter((d) => d.date.startsWith('2027-'))];
    expect(missingCalendarDays(2027, full)).toEqual([]);
  });
});
