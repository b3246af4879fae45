// Schedule compliance (standard.md, annex 1): for each method and each
// person responsible, what its frequency made due in a month, what was done,
// and what is missing. Pure: the records come in as dates, the working-day
// calendar decides which days count.
import { isWorkingDay, type CalendarData } from '#src/calendar/working-days.ts';
import { addCalendarDays, type IsoDate } from '#src/calendar/dates.ts';
import {
  lastDay,
  monthRange,
  quarterKey,
  quarterOfDate,
  quarterRange,
  shiftMonth,
  shiftQuarter,
  type Month,
} from '#src/calendar/periods.ts';

export type ScheduleMethod = 'self_check' | 'observation' | 'interview' | 'complaints_report' | 'deadlines_report' | 'yearly_survey';
export type Frequency = 'working_day' | 'monthly' | 'quarterly' | 'yearly';

export const METHODS: Record<ScheduleMethod, { criteria: string; frequency: Frequency }> = {
  self_check: { criteria: 'Q-1a, Q-2a, Q-5a', frequency: 'working_day' },
  // "every working day (where possible)": shown, never more than a gap.
  observation: { criteria: 'Q-1b, Q-2b', frequency: 'working_day' },
  interview: { criteria: 'Q-1c', frequency: 'monthly' },
  complaints_report: { criteria: 'Q-4', frequency: 'quarterly' },
  deadlines_report: { criteria: 'Q-5b', frequency: 'monthly' },
  yearly_survey: { criteria: 'Q-3', frequency: 'yearly' },
};

/**
 * done: everything due is there; pending: due later in the period (today's
 * self-check before the day is out, this month's interview); missing: a due
 * date passed without the record.
 */
export type ScheduleStatus = 'done' | 'pending' | 'missing';

export type ScheduleRow = {
  method: ScheduleMethod;
  criteria: string;
  frequency: Frequency;
  /**
   * Who must do it; null for the institution's yearly campaign (any manager
   * may open it), and for observing an official who has no direct manager
   * (m10: shown as a gap, not left out).
   */
  responsible: { id: number; name: string } | null;
  /** Whom it is about (the official observed). */
  subject?: { id: number; name: string };
  /** The period it is due for: a month 'YYYY-MM', a quarter 'YYYY-Qn' or a year 'YYYY'. */
  period: string;
  /** How many were due (working days so far, or 1). */
  due: number;
  done: number;
  /** Dates (daily methods) that passed without a record. */
  missingDates: IsoDate[];
  /** The same, as runs of consecutive working days (a whole fortnight missing is one run). */
  missingRuns: Array<{ from: IsoDate; to: IsoDate }>;
  /** Daily methods: completed working days since the last record (0 when the last one was on the latest due day). */
  gap: number;
  /** The date of the last record, if any in the records given. */
  last: IsoDate | null;
  status: ScheduleStatus;
};

export type Person = { id: number; name: string };
export type CampaignFacts = { period: string; year: number | null; open: boolean; opensOn: IsoDate; closesOn: IsoDate | null };

export type ScheduleInput = {
  calendar: CalendarData;
  today: IsoDate;
  month: Month;
  /** Officials who self-check, each with their direct manager. */
  officials: ReadonlyArray<Person & { managerId: number | null }>;
  /** Managers responsible for observations, interviews and the reports. */
  managers: readonly Person[];
  /**
   * Others someone reports to directly (the director): they are
   * responsible for observing those officials. Officials whose manager is
   * neither here nor among `managers` get a row without anyone responsible.
   */
  otherManagers?: readonly Person[];
  /** Staff id → the dates they self-checked (from at least a month before `month` so gaps can be counted). */
  selfChecks: ReadonlyMap<number, ReadonlySet<IsoDate>>;
  /** Observed official id → dates their direct manager observed them. */
  observations: ReadonlyMap<number, ReadonlySet<IsoDate>>;
  /** Manager id → dates of their interviews and group discussions. */
  interviews: ReadonlyMap<number, readonly IsoDate[]>;
  /** 'staffId:report:period' of the reports gone through. */
  reviews: ReadonlySet<string>;
  campaigns: readonly CampaignFacts[];
};

/** The working days of a month up to `asOf`, in order. */
export function workingDaysOfMonth(calendar: CalendarData, month: Month, asOf: IsoDate): IsoDate[] {
  const days: IsoDate[] = [];
  const range = monthRange(month);
  for (let d = range.from; d < range.until && d <= asOf; d = addCalendarDays(d, 1)) {
    if (isWorkingDay(calendar, d)) days.push(d);
  }
  return days;
}

/** Missing dates as runs: two dates are in one run when no working day lies between them. */
export function runsOf(missing: readonly IsoDate[], workingDays: readonly IsoDate[]): Array<{ from: IsoDate; to: IsoDate }> {
  const position = new Map(workingDays.map((d, i) => [d, i]));
  const runs: Array<{ from: IsoDate; to: IsoDate }> = [];
  for (const d of missing) {
    const last = runs.at(-1);
    if (last && position.get(d) === (position.get(last.to) ?? -2) + 1) last.to = d;
    else runs.push({ from: d, to: d });
  }
  return runs;
}

/** Completed working days after the last record (or after `since`), up to and excluding today. */
function trailingGap(
  calendar: CalendarData,
  dates: ReadonlySet<IsoDate>,
  asOf: IsoDate,
  today: IsoDate,
  since: IsoDate,
): { gap: number; last: IsoDate | null } {
  let gap = 0;
  for (let d = asOf; d >= since; d = addCalendarDays(d, -1)) {
    if (dates.has(d)) return { gap, last: d };
    if (d < today && isWorkingDay(calendar, d)) gap++;
  }
  return { gap, last: null };
}

function dailyRow(
  input: ScheduleInput,
  method: 'self_check' | 'observation',
  responsible: Person | null,
  subject: Person | undefined,
  dates: ReadonlySet<IsoDate>,
): ScheduleRow {
  const range = monthRange(input.month);
  const asOf = lastDay(range) < input.today ? lastDay(range) : input.today;
  const days = workingDaysOfMonth(input.calendar, input.month, asOf);
  // Today is due too, but is not missing before the day is out.
  const passed = days.filter((d) => d < input.today);
  const missingDates = passed.filter((d) => !dates.has(d));
  const done = days.filter((d) => dates.has(d)).length;
  const dueToday = days.includes(input.today) && !dates.has(input.today);
  const trailing = trailingGap(input.calendar, dates, asOf, input.today, addCalendarDays(range.from, -62));
  // Never recorded in the months looked at: say what this month is missing, not how far back we looked.
  const gap = trailing.last === null ? missingDates.length : trailing.gap;
  const last = trailing.last;
  return {
    method,
    ...METHODS[method],
    responsible,
    ...(subject ? { subject } : {}),
    period: input.month,
    due: days.length,
    done,
    missingDates,
    missingRuns: runsOf(missingDates, days),
    gap,
    last,
    status: missingDates.length > 0 ? 'missing' : dueToday ? 'pending' : 'done',
  };
}

/** Once a period: done when recorded; pending until the period it is due in is over; then missing. */
function onceRow(
  method: ScheduleMethod,
  responsible: Person | null,
  period: string,
  done: boolean,
  dueBy: IsoDate,
  today: IsoDate,
): ScheduleRow {
  return {
    method,
    ...METHODS[method],
    responsible,
    period,
    due: 1,
    done: done ? 1 : 0,
    missingDates: [],
    missingRuns: [],
    gap: 0,
    last: null,
    status: done ? 'done' : today > dueBy ? 'missing' : 'pending',
  };
}

/**
 * a yearly campaign was held in a year when one for that year was open
 * on some day up to `asOf`: it is open now and has opened, or a manager
 * closed it after it had opened.
 */
export function yearlyCampaignHeld(campaigns: readonly CampaignFacts[], year: number, asOf: IsoDate): boolean {
  return campaigns.some(
    (c) => c.period === 'yearly' && c.year === year && c.opensOn <= asOf && (c.open || (c.closesOn !== null && c.closesOn >= c.opensOn)),
  );
}

/** a yearly campaign for the year is set to open later in it. */
export function yearlyCampaignPlanned(campaigns: readonly CampaignFacts[], year: number, asOf: IsoDate): boolean {
  return campaigns.some((c) => c.period === 'yearly' && c.year === year && c.open && c.opensOn > asOf && c.opensOn <= `${year}-12-31`);
}

export const reviewKey = (staffId: number, report: string, period: string) => `${staffId}:${report}:${period}`;

export function scheduleCompliance(input: ScheduleInput): ScheduleRow[] {
  const rows: ScheduleRow[] = [];
  const none = new Set<IsoDate>();
  const range = monthRange(input.month);
  const monthEnd = lastDay(range);
  // Q-1a, Q-2a, Q-5a: each official, every working day.
  for (const o of input.officials) {
    rows.push(dailyRow(input, 'self_check', o, undefined, input.selfChecks.get(o.id) ?? none));
  }
  for (const m of input.managers) {
    // Q-1b, Q-2b: each direct report, every working day where possible.
    for (const o of input.officials.filter((x) => x.managerId === m.id)) {
      rows.push(dailyRow(input, 'observation', m, o, input.observations.get(o.id) ?? none));
    }
    // Q-1c: at least monthly.
    const held = (input.interviews.get(m.id) ?? []).filter((d) => d >= range.from && d < range.until);
    const interview = onceRow('interview', m, input.month, held.length > 0, monthEnd, input.today);
    rows.push({ ...interview, done: held.length, last: held.toSorted().at(-1) ?? null });
    // Q-5b: last month's deadlines report, gone through during this month.
    const previousMonth = shiftMonth(input.month, -1);
    rows.push(
      onceRow('deadlines_report', m, previousMonth, input.reviews.has(reviewKey(m.id, 'deadlines', previousMonth)), monthEnd, input.today),
    );
    // the previous quarter's complaints, gone through during this quarter.
    const quarter = quarterOfDate(range.from);
    const previousQuarter = quarterKey(shiftQuarter(quarter, -1));
    const quarterEnd = lastDay(quarterRange(quarter));
    rows.push(
      onceRow(
        'complaints_report',
        m,
        previousQuarter,
        input.reviews.has(reviewKey(m.id, 'complaints', previousQuarter)),
        quarterEnd,
        input.today,
      ),
    );
  }
  // Q-1b, Q-2b for officials no manager above covers (m10): under whoever
  // they report to (the director), or with nobody responsible, so the gap
  // shows instead of the official silently dropping out of the schedule.
  const covered = new Set(input.managers.map((m) => m.id));
  const others = new Map((input.otherManagers ?? []).map((p) => [p.id, p]));
  for (const o of input.officials.filter((x) => x.managerId === null || !covered.has(x.managerId))) {
    const responsible = o.managerId === null ? null : (others.get(o.managerId) ?? null);
    rows.push(dailyRow(input, 'observation', responsible, o, input.observations.get(o.id) ?? none));
  }
  // the institution's yearly campaign.
  const year = Number(input.month.slice(0, 4));
  const asOf = monthEnd < input.today ? monthEnd : input.today;
  const held = yearlyCampaignHeld(input.campaigns, year, asOf);
  const planned = !held && yearlyCampaignPlanned(input.campaigns, year, asOf);
  // Not held and none set to open later this year: missing now, not at the year's end.
  const survey = onceRow('yearly_survey', null, String(year), held, `${year}-12-31`, input.today);
  rows.push({ ...survey, status: held ? 'done' : planned ? 'pending' : 'missing' });
  return rows;
}
