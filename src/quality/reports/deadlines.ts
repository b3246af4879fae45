// Q-5b: deadlines by month, by unit, topic, kind and reply channel; and
// Cabinet Regulation No. 399 point 23's figures per service.
import { sql } from 'drizzle-orm';
import { rowsOf, type Database } from '#src/db/client.ts';
import { CASE_KINDS, REPLY_CHANNELS, type CaseKind, type ReplyChannel } from '#src/cases/schema.ts';
import { formatMonth, formatNumber } from '#src/i18n/index.ts';
import { rigaDateOf, todayInRiga } from '#src/calendar/riga-time.ts';
import { monthRange, type Month } from '#src/calendar/periods.ts';
import { medianOf } from './arithmetic.ts';
import { barChart } from './charts.ts';
import { count, decimal, percent, text, type Cell, type ReportTable } from './tables.ts';
import { referralCounts, referralsTable } from './referrals.ts';
import { questionPageTable } from './question-page.ts';
import { matterChoiceCounts } from '#src/matter/queries.ts';
import { arrivalCounts, arrivalFilter, arrivalFrom, arrivalsTable } from './arrivals.ts';
import { readFromRollup } from './deadline-queries.ts';
import type { CaseChannel } from '#src/cases/schema.ts';
import { monthFrom, namesIn, num, reportNames, reportScope, unitFilter, type ReportScope, type ViewContext } from './scope.ts';

export type DeadlineCounts = {
  /** Answered or closed in the month. */
  done: number;
  onTime: number;
  late: number;
  /** Done, but the case had no deadline (none applied). */
  noDeadline: number;
  /** Working days from receipt to the answer, the median of the month's. */
  medianWorkingDays: number | null;
  /** Open at the month's end (or now, for the month under way) with the deadline passed. */
  overdueOpen: number;
};

export type DeadlinesReport = {
  month: Month;
  /** The moment the overdue count is taken: the month's end, or now. */
  asOf: Date;
  total: DeadlineCounts;
  byUnit: Array<{ key: number; counts: DeadlineCounts }>;
  byTopic: Array<{ key: number | null; counts: DeadlineCounts }>;
  byKind: Array<{ key: CaseKind; counts: DeadlineCounts }>;
  byChannel: Array<{ key: ReplyChannel | null; counts: DeadlineCounts }>;
  /** CR 399 p.23, per service (topic): cases received, by channel, delays, complaints. */
  services: Array<{
    key: number | null;
    received: number;
    byChannel: Map<ReplyChannel | null, number>;
    delays: number;
    complaints: number;
  }>;
};

type Dimension = 'unit' | 'topic' | 'kind' | 'channel' | 'all';

function dimensionOf(r: { gUnit: unknown; gTopic: unknown; gKind: unknown; gChannel: unknown }): Dimension {
  if (num(r.gUnit) === 0) return 'unit';
  if (num(r.gTopic) === 0) return 'topic';
  if (num(r.gKind) === 0) return 'kind';
  if (num(r.gChannel) === 0) return 'channel';
  return 'all';
}

/**
 * Q-5b for one month. A case is done when it was first answered, or closed
 * without an answer (referred, refused, not examined); on time when that
 * Riga date is not after its due date. Working days to answer count the
 * working days after the day of receipt up to the day of the answer, the
 * same count as calendar/workingDaysBetween; the calendar's exceptions
 * come from calendar_days, as everywhere else.
 *
 * The figures come from quality_deadline_monthly, which triggers on cases
 * keep in the transaction that changes a case (drizzle/0016, docs/0024): the
 * report reads a month's rows, not the years of cases. The month under way
 * takes its open and overdue count as of now from quality_open_due, the open
 * cases by due date (docs/0032); only cases a test clock can make (received
 * or done after now) are read from the table, each by its own index.
 */
export async function deadlinesReport(
  db: Database,
  scope: ReportScope,
  month: Month,
  now = new Date(),
  /** Issue 16: one arrival channel only (arrivals.ts); every channel when null. */
  arrival: CaseChannel | null = null,
): Promise<DeadlinesReport> {
  const range = monthRange(month);
  const asOf = range.end < now ? range.end : now;
  const asOfDate = range.end < now ? range.until : rigaDateOf(now);
  const unitFilter = scope.kind === 'unit' ? sql`and c.unit_id = ${scope.unitId}` : sql``;
  // One arrival channel (issue 16) is a key of the rollup too (docs/0032).
  const [histogram, overdue, received, delays] = await readFromRollup(
    db,
    range,
    asOf,
    asOfDate,
    scope,
    arrival,
    sql`${unitFilter} ${arrivalFilter(arrival)}`,
  );

  type Hist = {
    unit_id: number | null;
    topic_id: number | null;
    kind: CaseKind | null;
    reply_channel: ReplyChannel | null;
    g_unit: number;
    g_topic: number;
    g_kind: number;
    g_channel: number;
    working_days: number;
    done: number;
    on_time: number;
    late: number;
    no_deadline: number;
  };
  type Overdue = Omit<Hist, 'working_days' | 'done' | 'on_time' | 'late' | 'no_deadline'> & { n: number };
  const blank = (): DeadlineCounts & { histogram: Array<{ value: number; count: number }> } => ({
    done: 0,
    onTime: 0,
    late: 0,
    noDeadline: 0,
    medianWorkingDays: null,
    overdueOpen: 0,
    histogram: [],
  });
  const groups = new Map<string, ReturnType<typeof blank>>();
  const at = (dimension: Dimension, key: unknown) => {
    const id = `${dimension}:${key ?? ''}`;
    if (!groups.has(id)) groups.set(id, blank());
    return groups.get(id)!;
  };
  const keyOf = (dimension: Dimension, r: Pick<Hist, 'unit_id' | 'topic_id' | 'kind' | 'reply_channel'>) =>
    dimension === 'unit'
      ? r.unit_id
      : dimension === 'topic'
        ? r.topic_id
        : dimension === 'kind'
          ? r.kind
          : dimension === 'channel'
            ? r.reply_channel
            : null;
  for (const r of rowsOf<Hist>(histogram)) {
    const dimension = dimensionOf({ gUnit: r.g_unit, gTopic: r.g_topic, gKind: r.g_kind, gChannel: r.g_channel });
    const g = at(dimension, keyOf(dimension, r));
    g.done += num(r.done);
    g.onTime += num(r.on_time);
    g.late += num(r.late);
    g.noDeadline += num(r.no_deadline);
    g.histogram.push({ value: num(r.working_days), count: num(r.done) });
  }
  for (const r of rowsOf<Overdue>(overdue)) {
    const dimension = dimensionOf({ gUnit: r.g_unit, gTopic: r.g_topic, gKind: r.g_kind, gChannel: r.g_channel });
    at(dimension, keyOf(dimension, r)).overdueOpen += num(r.n);
  }
  const finish = (g: ReturnType<typeof blank>): DeadlineCounts => {
    const { histogram: h, ...counts } = g;
    return { ...counts, medianWorkingDays: medianOf(h) };
  };
  const list = <K>(dimension: Dimension, parse: (id: string) => K) =>
    [...groups.entries()]
      .filter(([id]) => id.startsWith(`${dimension}:`))
      .map(([id, g]) => ({ key: parse(id.slice(dimension.length + 1)), counts: finish(g) }));
  const nullable = (s: string) => (s === '' ? null : Number(s));

  const services = new Map<
    number | null,
    { key: number | null; received: number; byChannel: Map<ReplyChannel | null, number>; delays: number; complaints: number }
  >();
  const service = (key: number | null) => {
    if (!services.has(key)) services.set(key, { key, received: 0, byChannel: new Map(), delays: 0, complaints: 0 });
    return services.get(key)!;
  };
  for (const r of rowsOf<{ topic_id: number | null; reply_channel: ReplyChannel | null; g_channel: number; n: number; complaints: number }>(
    received,
  )) {
    const s = service(r.topic_id === null ? null : num(r.topic_id));
    if (num(r.g_channel) === 1) {
      s.received = num(r.n);
      s.complaints = num(r.complaints);
    } else s.byChannel.set(r.reply_channel, num(r.n));
  }
  for (const r of rowsOf<{ topic_id: number | null; n: number }>(delays))
    service(r.topic_id === null ? null : num(r.topic_id)).delays = num(r.n);

  return {
    month,
    asOf,
    total: finish(groups.get('all:') ?? blank()),
    byUnit: list('unit', Number),
    byTopic: list('topic', nullable),
    byKind: list('kind', (s) => s as CaseKind).toSorted((a, b) => CASE_KINDS.indexOf(a.key) - CASE_KINDS.indexOf(b.key)),
    byChannel: list('channel', (s) => (s === '' ? null : (s as ReplyChannel))).toSorted(
      (a, b) => (a.key === null ? 99 : REPLY_CHANNELS.indexOf(a.key)) - (b.key === null ? 99 : REPLY_CHANNELS.indexOf(b.key)),
    ),
    services: [...services.values()],
  };
}

// ---------------------------------------------------------------------------
// The view: what the page and its CSV show, in the page's language.

export async function deadlinesView(ctx: ViewContext) {
  const { t, locale } = ctx;
  const today = ctx.today ?? todayInRiga();
  const month = monthFrom(ctx.params, today);
  const unitId = unitFilter(ctx);
  const scope = reportScope(ctx.user, unitId);
  const arrival = arrivalFrom(ctx.params);
  const [report, names, referrals, arrivals, choices] = await Promise.all([
    deadlinesReport(ctx.db, scope, month, ctx.now, arrival),
    reportNames(ctx.db),
    // S-14.1: referrals forwarded on time and late (src/quality/reports/referrals.ts).
    referralCounts(ctx.db, scope, month),
    arrivalCounts(ctx.db, scope, month, arrival),
    // Issue 16: who the question page sent elsewhere (src/quality/reports/question-page.ts).
    matterChoiceCounts(ctx.db, monthRange(month)),
  ]);
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
  const named = namesIn(names, locale);
  const unitName = named.unit;
  const topicName = (k: number | null) => (k === null ? t('quality:noTopic') : named.topic(k));
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
    units: named.unitChoices,
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
      referralsTable(t, referrals, monthLabel),
      questionPageTable(t, locale, choices, monthLabel),
      arrivalsTable(t, arrivals, monthLabel),
    ],
    arrival,
    query: { month, unit: unitId ? String(unitId) : '', arrival: arrival ?? '' },
  };
}
