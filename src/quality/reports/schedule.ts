// The schedule: who is overdue. For each method of the annex and each
// person responsible, what was due in a month, what was done and what is
// missing; the counting itself is schedule-rules.ts, pure.
import { and, asc, eq, gte, inArray, lt } from 'drizzle-orm';
import type { Database } from '#src/db/client.ts';
import { staffMembers } from '#src/staff/schema.ts';
import { formatDate, formatMonth, type Translate } from '#src/i18n/index.ts';
import type { CalendarData } from '#src/calendar/working-days.ts';
import { addCalendarDays, type IsoDate } from '#src/calendar/dates.ts';
import { todayInRiga } from '#src/calendar/riga-time.ts';
import { monthRange, parseQuarter, type Month } from '#src/calendar/periods.ts';
import { interviews, observations, reportReviews, selfChecks, surveys } from '#src/quality/schema.ts';
import type { Viewer } from '#src/quality/records/queries.ts';
import { reviewKey, scheduleCompliance, type ScheduleRow } from './schedule-rules.ts';
import { barChart } from './charts.ts';
import { count, day, pct, text, type ReportTable } from './tables.ts';
import { monthFrom, type ViewContext } from './scope.ts';

/** The records the schedule needs, from `from` (inclusive) to `until` (exclusive). */
export async function scheduleRecords(db: Database, from: IsoDate, until: IsoDate) {
  const [checks, observed, held, reviews, campaigns] = await Promise.all([
    db
      .select({ staffId: selfChecks.staffId, onDate: selfChecks.onDate })
      .from(selfChecks)
      .where(and(gte(selfChecks.onDate, from), lt(selfChecks.onDate, until))),
    // Only the direct manager's observations count for the schedule (Q-1b: "direct manager").
    db
      .select({ staffId: observations.staffId, onDate: observations.onDate })
      .from(observations)
      .innerJoin(staffMembers, eq(staffMembers.id, observations.staffId))
      .where(and(gte(observations.onDate, from), lt(observations.onDate, until), eq(staffMembers.managerId, observations.observerId))),
    db
      .select({ managerId: interviews.managerId, heldOn: interviews.heldOn })
      .from(interviews)
      .where(and(gte(interviews.heldOn, from), lt(interviews.heldOn, until))),
    db.select({ staffId: reportReviews.staffId, report: reportReviews.report, period: reportReviews.period }).from(reportReviews),
    db
      .select({ period: surveys.period, year: surveys.year, open: surveys.open, opensOn: surveys.opensOn, closesOn: surveys.closesOn })
      .from(surveys)
      .where(eq(surveys.period, 'yearly')),
  ]);
  return { checks, observed, held, reviews, campaigns };
}

/** The people the schedule is about: officials with their manager, managers, and the director (someone's manager, m10). */
export async function schedulePeople(db: Database) {
  return db
    .select({
      id: staffMembers.id,
      fullName: staffMembers.fullName,
      role: staffMembers.role,
      unitId: staffMembers.unitId,
      managerId: staffMembers.managerId,
    })
    .from(staffMembers)
    .where(and(eq(staffMembers.active, true), inArray(staffMembers.role, ['official', 'manager', 'director'])))
    .orderBy(asc(staffMembers.fullName));
}

/**
 * The schedule for a month, as the viewer may see it: a manager their own
 * duties and their direct reports' self-checks; the director everyone's.
 */
export async function scheduleReport(
  db: Database,
  viewer: Viewer,
  calendar: CalendarData,
  month: Month,
  today: IsoDate,
): Promise<ScheduleRow[]> {
  const range = monthRange(month);
  // A month and two before, so a gap that began earlier is counted whole.
  const [people, records] = await Promise.all([schedulePeople(db), scheduleRecords(db, addCalendarDays(range.from, -62), range.until)]);
  const officials = people.filter((p) => p.role === 'official' && (viewer.role === 'director' || p.managerId === viewer.id));
  const managers = people.filter((p) => p.role === 'manager' && (viewer.role === 'director' || p.id === viewer.id));
  // The director sees every official; one reporting to the director is theirs to observe.
  const directors = viewer.role === 'director' ? people.filter((p) => p.role === 'director') : [];
  const dates = (pairs: Array<{ id: number; date: IsoDate }>) => {
    const map = new Map<number, Set<IsoDate>>();
    for (const p of pairs) {
      if (!map.has(p.id)) map.set(p.id, new Set());
      map.get(p.id)!.add(p.date);
    }
    return map;
  };
  const interviewDates = new Map<number, IsoDate[]>();
  for (const h of records.held) interviewDates.set(h.managerId, [...(interviewDates.get(h.managerId) ?? []), h.heldOn]);
  return scheduleCompliance({
    calendar,
    today,
    month,
    officials: officials.map((p) => ({ id: p.id, name: p.fullName, managerId: p.managerId })),
    managers: managers.map((p) => ({ id: p.id, name: p.fullName })),
    otherManagers: directors.map((p) => ({ id: p.id, name: p.fullName })),
    selfChecks: dates(records.checks.map((c) => ({ id: c.staffId, date: c.onDate }))),
    observations: dates(records.observed.map((o) => ({ id: o.staffId, date: o.onDate }))),
    interviews: interviewDates,
    reviews: new Set(records.reviews.map((r) => reviewKey(r.staffId, r.report, r.period))),
    campaigns: records.campaigns,
  });
}

// ---------------------------------------------------------------------------
// The view: what the page and its CSV show, in the page's language.

/** One sentence per gap: "No self-check by Andris Ierēdnis for 3 working days". */
export function scheduleFinding(t: Translate, locale: string, row: ScheduleRow): string | null {
  if (row.status !== 'missing') return null;
  const who = row.responsible?.name ?? '';
  switch (row.method) {
    case 'self_check':
      return t('quality:schedule.findings.self_check', { name: who, count: row.gap > 0 ? row.gap : row.missingDates.length });
    case 'observation':
      if (!row.responsible) return t('quality:schedule.findings.observationNoManager', { name: row.subject?.name ?? '' });
      return t('quality:schedule.findings.observation', {
        name: row.subject?.name ?? '',
        count: row.gap > 0 ? row.gap : row.missingDates.length,
      });
    case 'interview':
      return t('quality:schedule.findings.interview', { name: who, month: formatMonth(locale, row.period) });
    case 'deadlines_report':
      return t('quality:schedule.findings.deadlines_report', { name: who, month: formatMonth(locale, row.period) });
    case 'complaints_report': {
      const q = parseQuarter(row.period)!;
      return t('quality:schedule.findings.complaints_report', {
        name: who,
        quarter: t('quality:quarter', { quarter: q.quarter, year: q.year }),
      });
    }
    case 'yearly_survey':
      return t('quality:schedule.findings.yearly_survey', { year: row.period });
  }
}

export async function scheduleView(ctx: ViewContext & { calendar: CalendarData }) {
  const { t, locale } = ctx;
  const today = ctx.today ?? todayInRiga();
  const month = monthFrom(ctx.params, today);
  const rows = await scheduleReport(ctx.db, ctx.user, ctx.calendar, month, today);
  const period = (r: ScheduleRow) => {
    if (r.frequency === 'quarterly') {
      const q = parseQuarter(r.period)!;
      return t('quality:quarter', { quarter: q.quarter, year: q.year });
    }
    return r.frequency === 'yearly' ? r.period : formatMonth(locale, r.period);
  };
  const missing = (r: ScheduleRow) =>
    r.missingRuns
      .map((run) => (run.from === run.to ? formatDate(locale, run.from) : `${formatDate(locale, run.from)}–${formatDate(locale, run.to)}`))
      .join(', ');
  const table: ReportTable = {
    id: 'schedule',
    caption: t('quality:schedule.caption', { month: formatMonth(locale, month) }),
    head: [
      t('quality:schedule.method'),
      t('quality:schedule.responsible'),
      t('quality:schedule.subject'),
      t('quality:schedule.frequency'),
      t('quality:schedule.period'),
      t('quality:schedule.due'),
      t('quality:schedule.doneCount'),
      t('quality:schedule.status'),
      t('quality:schedule.last'),
      t('quality:schedule.missingDates'),
    ],
    rows: rows.map((r) => [
      text(t(`quality:schedule.methods.${r.method}`)),
      text(r.responsible?.name ?? (r.method === 'observation' ? t('quality:schedule.noManager') : t('quality:schedule.anyManager'))),
      text(r.subject?.name ?? ''),
      text(t(`quality:schedule.frequencies.${r.frequency}`)),
      text(period(r)),
      count(r.due),
      count(r.done),
      text(t(`quality:schedule.statuses.${r.status}`)),
      day(r.last),
      text(missing(r)),
    ]),
    chart: barChart({
      title: t('quality:schedule.chartTitle', { month: formatMonth(locale, month) }),
      series: [t('quality:schedule.doneShare')],
      categories: rows
        .filter((r) => r.frequency === 'working_day')
        .map((r) => ({
          label: `${t(`quality:schedule.methods.${r.method}`)}: ${r.subject?.name ?? r.responsible?.name ?? ''}`,
          values: [r.due > 0 ? r.done / r.due : null],
        })),
      format: pct(locale),
      max: 1,
      noValue: t('quality:none'),
    }),
  };
  return {
    title: t('quality:schedule.title'),
    month,
    monthLabel: formatMonth(locale, month),
    findings: rows.map((r) => scheduleFinding(t, locale, r)).filter((f): f is string => f !== null),
    tables: [table],
    query: { month },
  };
}
