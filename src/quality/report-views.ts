// Each report as a page shows it and a CSV carries it: the filters read from
// the address, the figures from reports.ts, and the tables and charts built
// from them in the page's language. A report page and its CSV endpoint call
// the same function, so they cannot disagree.
import type { Database } from '#src/db/client.ts';
import { formatDate, formatMonth, formatNumber, type Translate } from '#src/i18n/index.ts';
import type { StaffUser } from '#src/staff/sessions.ts';
import type { CalendarData } from '#src/calendar/working-days.ts';
import { rigaDateOf, todayInRiga } from '#src/calendar/riga-time.ts';
import { CASE_KINDS, REPLY_CHANNELS } from '#src/cases/schema.ts';
import { SURVEY_CRITERIA, type SurveyCriterion } from './schema.ts';
import { barChart } from './charts.ts';
import { COMMUNICATION_ITEMS } from './records.ts';
import {
  communicationReport,
  complaintRemedies,
  complaintsReport,
  COMMENTS_PAGE,
  deadlinesReport,
  REMEDIES_PAGE,
  reportNames,
  reportScope,
  reportSurveys,
  satisfactionComments,
  satisfactionReport,
  scheduleReport,
  type DeadlineCounts,
} from './reports.ts';
import { monthOfDate, parseMonth, parseQuarter, quarterKey, quarterOfDate, type Month, type Quarter } from '#src/calendar/periods.ts';
import type { ScheduleRow } from './schedule.ts';
import { count, day, decimal, percent, text, type Cell, type ReportTable } from './report-tables.ts';
import { recordId } from '#src/platform/ids.ts';

type Named = { nameLv: string; nameEn: string };
export const nameIn = (locale: string, x: Named | undefined, fallback: string) => (x ? (locale === 'lv' ? x.nameLv : x.nameEn) : fallback);

export type ViewContext = {
  db: Database;
  user: StaffUser;
  params: URLSearchParams;
  t: Translate;
  locale: string;
  today?: string;
  now?: Date;
};

function positiveInt(params: URLSearchParams, name: string): number | null {
  return recordId(params.get(name)) ?? null;
}

/** A year the reports can be asked for: 2000 to next year; otherwise this year. */
export function yearFrom(params: URLSearchParams, today: string): number {
  const thisYear = Number(today.slice(0, 4));
  const y = Number(params.get('year'));
  return Number.isInteger(y) && y >= 2000 && y <= thisYear + 1 ? y : thisYear;
}

function pageFrom(params: URLSearchParams): number {
  return Math.min(10_000, Math.max(1, Math.floor(Number(params.get('page'))) || 1));
}

/** The unit the director narrowed the report to (managers always see their own). */
function unitFilter(ctx: ViewContext): number | null {
  return ctx.user.role === 'director' ? positiveInt(ctx.params, 'unit') : null;
}

const pct = (locale: string) => (v: number) => formatNumber(locale, v, { style: 'percent', maximumFractionDigits: 1 });

// ---------------------------------------------------------------------------
// Q-3

export async function satisfactionView(ctx: ViewContext) {
  const { t, locale } = ctx;
  const today = ctx.today ?? todayInRiga();
  const year = yearFrom(ctx.params, today);
  const surveyId = positiveInt(ctx.params, 'survey');
  const unitId = unitFilter(ctx);
  const criterionParam = ctx.params.get('criterion') as SurveyCriterion | null;
  const criterion: SurveyCriterion = criterionParam && SURVEY_CRITERIA.includes(criterionParam) ? criterionParam : 'overall';
  const [report, names, surveyList] = await Promise.all([
    satisfactionReport(ctx.db, reportScope(ctx.user, unitId), year, { surveyId }),
    reportNames(ctx.db),
    reportSurveys(ctx.db),
  ]);
  const label = (c: SurveyCriterion) => t(`quality:criteria.${c}`);
  const summaryCells = (s: { n: number; mean: number | null; topTwoBox: number | null }): Cell[] => [
    count(s.n),
    decimal(s.mean),
    percent(s.topTwoBox),
  ];
  const head = (first: string) => [
    first,
    t('quality:satisfaction.answers', { year }),
    t('quality:satisfaction.mean', { year }),
    t('quality:satisfaction.topTwo', { year }),
    t('quality:satisfaction.answers', { year: year - 1 }),
    t('quality:satisfaction.mean', { year: year - 1 }),
    t('quality:satisfaction.topTwo', { year: year - 1 }),
  ];
  const overall: ReportTable = {
    id: 'criteria',
    caption: t('quality:satisfaction.byCriterion', { year }),
    head: head(t('quality:satisfaction.criterion')),
    rows: SURVEY_CRITERIA.map((c) => {
      const s = report.overall.get(c)!;
      return [text(label(c)), ...summaryCells(s.year), ...summaryCells(s.before)];
    }),
    chart: barChart({
      title: t('quality:satisfaction.chartTitle', { year }),
      series: [String(year), String(year - 1)],
      categories: SURVEY_CRITERIA.map((c) => ({
        label: label(c),
        values: [report.overall.get(c)!.year.topTwoBox, report.overall.get(c)!.before.topTwoBox],
      })),
      format: pct(locale),
      max: 1,
      noValue: t('quality:noAnswers'),
    }),
  };
  // The distribution on the scale most answers of the year were given on.
  const scale = SURVEY_CRITERIA.map((c) => report.overall.get(c)!.year.scale).find((s) => s !== null) ?? null;
  const distribution: ReportTable | null = scale
    ? {
        id: 'distribution',
        caption: t('quality:satisfaction.distribution', { year, min: scale.min, max: scale.max }),
        head: [t('quality:satisfaction.criterion'), ...Array.from({ length: scale.max - scale.min + 1 }, (_, i) => String(scale.min + i))],
        rows: SURVEY_CRITERIA.map((c) => {
          const s = report.overall.get(c)!.year;
          const same = s.scale && s.scale.min === scale.min && s.scale.max === scale.max;
          return [
            text(label(c)),
            ...Array.from({ length: scale.max - scale.min + 1 }, (_, i) =>
              count(same ? (s.distribution[i]?.answers ?? 0) : s.n === 0 ? 0 : null),
            ),
          ];
        }),
      }
    : null;
  const groupTable = (
    id: string,
    caption: string,
    first: string,
    groups: typeof report.byUnit,
    nameOf: (key: number | null) => string,
  ): ReportTable => ({
    id,
    caption,
    head: head(first),
    rows: groups
      .map((g) => ({ name: nameOf(g.key), s: g.byCriterion.get(criterion)! }))
      .filter((g) => g.s.year.n + g.s.before.n > 0)
      .toSorted((a, b) => a.name.localeCompare(b.name, locale))
      .map((g) => [text(g.name), ...summaryCells(g.s.year), ...summaryCells(g.s.before)]),
  });
  const byUnit = groupTable(
    'units',
    t('quality:satisfaction.byUnit', { criterion: label(criterion), year }),
    t('quality:unit'),
    report.byUnit,
    (key) =>
      key === null
        ? t('quality:wholeInstitution')
        : nameIn(
            locale,
            names.units.find((u) => u.id === key),
            String(key),
          ),
  );
  const byTopic = groupTable(
    'topics',
    t('quality:satisfaction.byTopic', { criterion: label(criterion), year }),
    t('quality:topic'),
    report.byTopic,
    (key) =>
      key === null
        ? t('quality:noTopicLink')
        : nameIn(
            locale,
            names.topics.find((x) => x.id === key),
            String(key),
          ),
  );
  return {
    title: t('quality:satisfaction.title'),
    year,
    surveyId,
    unitId,
    criterion,
    surveys: surveyList.map((s) => ({ id: s.id, title: locale === 'lv' ? s.titleLv : s.titleEn })),
    units: names.units.map((u) => ({ id: u.id, name: nameIn(locale, u, '') })),
    tables: [overall, ...(distribution ? [distribution] : []), byUnit, byTopic],
    query: { year: String(year), survey: surveyId ? String(surveyId) : '', unit: unitId ? String(unitId) : '', criterion },
  };
}

export async function commentsView(ctx: ViewContext) {
  const { t, locale } = ctx;
  const today = ctx.today ?? todayInRiga();
  const year = yearFrom(ctx.params, today);
  const q = (ctx.params.get('q') ?? '').trim().slice(0, 200);
  // A CSV (all=1) carries every matching comment, up to ten thousand; the page a page of them.
  const all = ctx.params.get('all') === '1';
  const filters = {
    q,
    unitId: positiveInt(ctx.params, 'unit'),
    topicId: positiveInt(ctx.params, 'topic'),
    surveyId: positiveInt(ctx.params, 'survey'),
    page: all ? 1 : pageFrom(ctx.params),
  };
  const [found, names, surveyList] = await Promise.all([
    satisfactionComments(ctx.db, reportScope(ctx.user, null), year, filters, all ? 10_000 : COMMENTS_PAGE),
    reportNames(ctx.db),
    reportSurveys(ctx.db),
  ]);
  const table: ReportTable = {
    id: 'comments',
    caption: t('quality:comments.caption', { year }),
    head: [t('quality:comments.date'), t('quality:comments.survey'), t('quality:unit'), t('quality:topic'), t('quality:comments.comment')],
    rows: found.rows.map((r) => [
      day(rigaDateOf(r.submittedAt)),
      text(locale === 'lv' ? r.surveyLv : r.surveyEn),
      text(r.unitLv ? (locale === 'lv' ? r.unitLv : r.unitEn!) : t('quality:wholeInstitution')),
      text(r.topicLv ? (locale === 'lv' ? r.topicLv : r.topicEn!) : t('quality:noTopicLink')),
      text(r.comment),
    ]),
  };
  return {
    title: t('quality:comments.title'),
    year,
    filters,
    total: found.total,
    pages: Math.max(1, Math.ceil(found.total / COMMENTS_PAGE)),
    table,
    units: names.units.map((u) => ({ id: u.id, name: nameIn(locale, u, '') })),
    topics: names.topics.map((x) => ({ id: x.id, name: nameIn(locale, x, '') })),
    surveys: surveyList.map((s) => ({ id: s.id, title: locale === 'lv' ? s.titleLv : s.titleEn })),
  };
}

// ---------------------------------------------------------------------------
// Q-2

export async function communicationView(ctx: ViewContext) {
  const { t, locale } = ctx;
  const today = ctx.today ?? todayInRiga();
  const year = yearFrom(ctx.params, today);
  const rows = await communicationReport(ctx.db, ctx.user.id, year);
  const table: ReportTable = {
    id: 'officials',
    caption: t('quality:communication.caption', { year }),
    head: [
      t('quality:communication.official'),
      t('quality:communication.observations'),
      ...COMMUNICATION_ITEMS.map((k) => t('quality:communication.observedMean', { item: t(`quality:observation.items.${k}`) })),
      t('quality:communication.surveyAnswers'),
      t('quality:communication.surveyMean'),
      t('quality:communication.surveyTopTwo'),
    ],
    rows: rows.map((r) => [
      text(r.name),
      count(r.observations),
      ...COMMUNICATION_ITEMS.map((k) => decimal(r.observed.get(k)!.mean)),
      count(r.surveyed.n),
      decimal(r.surveyed.mean),
      percent(r.surveyed.topTwoBox),
    ]),
    chart: barChart({
      title: t('quality:communication.chartTitle', { year }),
      series: COMMUNICATION_ITEMS.map((k) => t(`quality:observation.items.${k}`)),
      categories: rows.map((r) => ({ label: r.name, values: COMMUNICATION_ITEMS.map((k) => r.observed.get(k)!.mean) })),
      format: (v) => formatNumber(locale, v, { maximumFractionDigits: 1, minimumFractionDigits: 1 }),
      max: 5,
      noValue: t('quality:notObserved'),
    }),
  };
  return { title: t('quality:communication.title'), year, tables: [table], query: { year: String(year) } };
}

// ---------------------------------------------------------------------------
// Q-4

export function quarterFrom(params: URLSearchParams, today: string): Quarter {
  return parseQuarter(params.get('quarter')) ?? quarterOfDate(today);
}

export async function complaintsView(ctx: ViewContext) {
  const { t, locale } = ctx;
  const today = ctx.today ?? todayInRiga();
  const quarter = quarterFrom(ctx.params, today);
  const unitId = unitFilter(ctx);
  const scope = reportScope(ctx.user, unitId);
  const csvAll = ctx.params.get('all') === '1';
  const page = pageFrom(ctx.params);
  const [report, remedies, names] = await Promise.all([
    complaintsReport(ctx.db, scope, quarter),
    complaintRemedies(ctx.db, scope, quarter, page, csvAll ? 10_000 : REMEDIES_PAGE),
    reportNames(ctx.db),
  ]);
  const qLabel = (q: Quarter) => t('quality:quarter', { quarter: q.quarter, year: q.year });
  const quarters: ReportTable = {
    id: 'quarters',
    caption: t('quality:complaints.byQuarter'),
    head: [
      t('quality:complaints.quarter'),
      t('quality:complaints.justified'),
      t('quality:complaints.closed'),
      t('quality:complaints.share'),
    ],
    rows: report.quarters.map((q, i) => [
      text(qLabel(q)),
      count(report.total[i]!.justified),
      count(report.total[i]!.closed),
      percent(report.total[i]!.share),
    ]),
    chart: barChart({
      title: t('quality:complaints.chartTitle'),
      series: [t('quality:complaints.justified')],
      categories: report.quarters.map((q, i) => ({ label: qLabel(q), values: [report.total[i]!.justified] })),
      format: (v) => formatNumber(locale, v),
      noValue: t('quality:none'),
    }),
  };
  const grouped = (
    id: string,
    caption: string,
    first: string,
    groups: typeof report.byUnit,
    nameOf: (k: number | null) => string,
  ): ReportTable => ({
    id,
    caption,
    head: [first, ...report.quarters.map(qLabel)],
    rows: groups
      .map((g) => ({ name: nameOf(g.key), counts: g.counts }))
      .filter((g) => g.counts.some((c) => c.justified > 0))
      .toSorted((a, b) => a.name.localeCompare(b.name, locale))
      .map((g) => [text(g.name), ...g.counts.map((c) => count(c.justified))]),
  });
  const unitName = (k: number | null) =>
    nameIn(
      locale,
      names.units.find((u) => u.id === k),
      String(k),
    );
  const topicName = (k: number | null) =>
    k === null
      ? t('quality:noTopic')
      : nameIn(
          locale,
          names.topics.find((x) => x.id === k),
          String(k),
        );
  const remediesTable: ReportTable = {
    id: 'remedies',
    caption: t('quality:complaints.remedies', { quarter: qLabel(quarter) }),
    head: [
      t('quality:complaints.reference'),
      t('quality:complaints.closedOn'),
      t('quality:unit'),
      t('quality:topic'),
      t('quality:complaints.remedy'),
    ],
    rows: remedies.rows.map((r) => [
      text(r.reference),
      day(rigaDateOf(r.closedAt)),
      text(unitName(r.unitId)),
      text(topicName(r.topicId)),
      text(r.remedy ?? ''),
    ]),
  };
  return {
    title: t('quality:complaints.title'),
    quarter,
    quarterKey: quarterKey(quarter),
    unitId,
    page,
    pages: Math.max(1, Math.ceil(remedies.total / REMEDIES_PAGE)),
    remediesTotal: remedies.total,
    units: names.units.map((u) => ({ id: u.id, name: nameIn(locale, u, '') })),
    tables: [
      quarters,
      grouped('units', t('quality:complaints.byUnit'), t('quality:unit'), report.byUnit, unitName),
      grouped('topics', t('quality:complaints.byTopic'), t('quality:topic'), report.byTopic, topicName),
      remediesTable,
    ],
    query: { quarter: quarterKey(quarter), unit: unitId ? String(unitId) : '' },
  };
}

// ---------------------------------------------------------------------------
// Q-5b

export function monthFrom(params: URLSearchParams, today: string): Month {
  return parseMonth(params.get('month')) ?? monthOfDate(today);
}

export async function deadlinesView(ctx: ViewContext) {
  const { t, locale } = ctx;
  const today = ctx.today ?? todayInRiga();
  const month = monthFrom(ctx.params, today);
  const unitId = unitFilter(ctx);
  const [report, names] = await Promise.all([deadlinesReport(ctx.db, reportScope(ctx.user, unitId), month, ctx.now), reportNames(ctx.db)]);
  const head = (first: string) => [
    first,
    t('quality:deadlines.done'),
    t('quality:deadlines.onTime'),
    t('quality:deadlines.late'),
    t('quality:deadlines.noDeadline'),
    t('quality:deadlines.onTimeShare'),
    t('quality:deadlines.median'),
    t('quality:deadlines.overdueOpen'),
  ];
  const cells = (c: DeadlineCounts): Cell[] => [
    count(c.done),
    count(c.onTime),
    count(c.late),
    count(c.noDeadline),
    percent(c.onTime + c.late > 0 ? c.onTime / (c.onTime + c.late) : null),
    decimal(c.medianWorkingDays),
    count(c.overdueOpen),
  ];
  const total = [text(t('quality:total')), ...cells(report.total)];
  const table = (id: string, caption: string, first: string, rows: Array<{ name: string; counts: DeadlineCounts }>): ReportTable => ({
    id,
    caption,
    head: head(first),
    rows: [total, ...rows.map((r) => [text(r.name), ...cells(r.counts)])],
  });
  const unitName = (k: number | null) =>
    nameIn(
      locale,
      names.units.find((u) => u.id === k),
      String(k),
    );
  const topicName = (k: number | null) =>
    k === null
      ? t('quality:noTopic')
      : nameIn(
          locale,
          names.topics.find((x) => x.id === k),
          String(k),
        );
  const channelName = (k: string | null) => (k === null ? t('quality:noChannel') : t(`intake:channels.${k}`));
  const monthLabel = formatMonth(locale, month);
  const byKind = table(
    'kinds',
    t('quality:deadlines.byKind', { month: monthLabel }),
    t('quality:deadlines.kind'),
    report.byKind.map((k) => ({ name: t(`case:kinds.${k.key}`), counts: k.counts })),
  );
  byKind.chart = barChart({
    title: t('quality:deadlines.chartTitle', { month: monthLabel }),
    series: [t('quality:deadlines.onTime'), t('quality:deadlines.late')],
    categories: CASE_KINDS.map((k) => {
      const c = report.byKind.find((x) => x.key === k)?.counts;
      return { label: t(`case:kinds.${k}`), values: [c?.onTime ?? 0, c?.late ?? 0] };
    }),
    format: (v) => formatNumber(locale, v),
    noValue: t('quality:none'),
  });
  const channels = [...REPLY_CHANNELS, null] as const;
  const services: ReportTable = {
    id: 'services',
    caption: t('quality:deadlines.services', { month: monthLabel }),
    head: [
      t('quality:deadlines.service'),
      t('quality:deadlines.received'),
      ...channels.map((c) => channelName(c)),
      t('quality:deadlines.delays'),
      t('quality:deadlines.complaints'),
    ],
    rows: report.services
      .map((s) => ({ name: topicName(s.key), s }))
      .toSorted((a, b) => a.name.localeCompare(b.name, locale))
      .map(({ name, s }) => [
        text(name),
        count(s.received),
        ...channels.map((c) => count(s.byChannel.get(c) ?? 0)),
        count(s.delays),
        count(s.complaints),
      ]),
  };
  return {
    title: t('quality:deadlines.title'),
    month,
    monthLabel,
    unitId,
    asOf: report.asOf,
    units: names.units.map((u) => ({ id: u.id, name: nameIn(locale, u, '') })),
    tables: [
      byKind,
      table(
        'units',
        t('quality:deadlines.byUnit', { month: monthLabel }),
        t('quality:unit'),
        report.byUnit.map((u) => ({ name: unitName(u.key), counts: u.counts })).toSorted((a, b) => a.name.localeCompare(b.name, locale)),
      ),
      table(
        'topics',
        t('quality:deadlines.byTopic', { month: monthLabel }),
        t('quality:topic'),
        report.byTopic.map((u) => ({ name: topicName(u.key), counts: u.counts })).toSorted((a, b) => a.name.localeCompare(b.name, locale)),
      ),
      table(
        'channels',
        t('quality:deadlines.byChannel', { month: monthLabel }),
        t('quality:deadlines.channel'),
        report.byChannel.map((u) => ({ name: channelName(u.key), counts: u.counts })),
      ),
      services,
    ],
    query: { month, unit: unitId ? String(unitId) : '' },
  };
}

// ---------------------------------------------------------------------------
// The schedule

/** One sentence per gap: "No self-check by Andris Ierēdnis for 3 working days". */
export function scheduleFinding(t: Translate, locale: string, row: ScheduleRow): string | null {
  if (row.status !== 'missing') return null;
  const who = row.responsible?.name ?? '';
  switch (row.method) {
    case 'self_check':
      return t('quality:schedule.findings.self_check', { name: who, count: row.gap > 0 ? row.gap : row.missingDates.length });
    case 'observation':
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
      text(`${t(`quality:schedule.methods.${r.method}`)} (${r.criteria})`),
      text(r.responsible?.name ?? t('quality:schedule.anyManager')),
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
