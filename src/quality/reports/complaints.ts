// Q-4: justified complaints by quarter (Riga time), the quarters before
// beside it, by unit and topic, with the remedies taken (S-5.3).
import { and, desc, eq, gte, isNotNull, lt, sql } from 'drizzle-orm';
import { rowsOf, type Database } from '#src/db/client.ts';
import { cases } from '#src/cases/schema.ts';
import { complaintMonthly } from '#src/quality/schema.ts';
import { formatNumber } from '#src/i18n/index.ts';
import { rigaDateOf, todayInRiga } from '#src/calendar/riga-time.ts';
import { quarterKey, quarterRange, quartersEndingWith, type Quarter } from '#src/calendar/periods.ts';
import { share } from './arithmetic.ts';
import { barChart } from './charts.ts';
import { count, day, percent, text, type ReportTable } from './tables.ts';
import { namesIn, num, pageFrom, quarterFrom, reportNames, reportScope, unitFilter, type ReportScope, type ViewContext } from './scope.ts';

export type ComplaintCounts = { justified: number; closed: number; share: number | null };
export type ComplaintsReport = {
  quarters: Quarter[];
  /** Per quarter (oldest first), for the whole scope. */
  total: ComplaintCounts[];
  byUnit: Array<{ key: number | null; counts: ComplaintCounts[] }>;
  byTopic: Array<{ key: number | null; counts: ComplaintCounts[] }>;
};

/**
 * Q-4, S-5.3: complaints closed in each quarter (Riga time), and how many of
 * them were justified. A complaint counts where it stands now: one reopened
 * and closed again counts once, in the quarter of its last closing; one
 * reopened and still open does not count until it is closed again.
 */
export async function complaintsReport(db: Database, scope: ReportScope, quarter: Quarter, count = 4): Promise<ComplaintsReport> {
  const quarters = quartersEndingWith(quarter, count);
  const ranges = quarters.map(quarterRange);
  // Quarters begin on the first of a Riga month: a month of the rollup lies in one quarter.
  const bounds = ranges.slice(1).map((r, i) => sql`when m.month < ${r.from}::date then ${i}`);
  const unitFilter = scope.kind === 'unit' ? sql`and m.unit_id = ${scope.unitId}` : sql``;
  // Read from quality_complaint_monthly, which the case triggers keep (docs/0032);
  // the quarter is worked out once, in a subquery, so every grouping set groups by the same column.
  const result = await db.execute(sql`
    select bucket, unit_id, topic_id, grouping(unit_id) as g_unit, grouping(topic_id) as g_topic,
           sum(justified)::int as justified, sum(closed)::int as closed
    from (
      select (case ${sql.join(bounds, sql` `)} else ${ranges.length - 1} end) as bucket, m.unit_id, m.topic_id, m.justified, m.closed
      from quality_complaint_monthly m
      where m.month >= ${ranges[0]!.from}::date and m.month < ${ranges.at(-1)!.until}::date ${unitFilter}
    ) closed
    group by grouping sets ((bucket), (bucket, unit_id), (bucket, topic_id))
    having sum(closed) > 0`);
  const rows = rowsOf<{
    bucket: number;
    unit_id: number | null;
    topic_id: number | null;
    g_unit: number;
    g_topic: number;
    justified: number;
    closed: number;
  }>(result).map((r) => ({
    bucket: r.bucket,
    unitId: r.unit_id === null ? null : num(r.unit_id),
    topicId: r.topic_id === null ? null : num(r.topic_id),
    byUnit: r.g_unit,
    byTopic: r.g_topic,
    justified: r.justified,
    closed: r.closed,
  }));
  const blank = () => quarters.map(() => ({ justified: 0, closed: 0, share: null as number | null }));
  const total = blank();
  const unitMap = new Map<number | null, ComplaintCounts[]>();
  const topicMap = new Map<number | null, ComplaintCounts[]>();
  for (const r of rows) {
    const i = num(r.bucket);
    const cell = { justified: num(r.justified), closed: num(r.closed), share: share(num(r.justified), num(r.closed)) };
    const g = `${num(r.byUnit)}${num(r.byTopic)}`;
    if (g === '11') total[i] = cell;
    else if (g === '01') {
      if (!unitMap.has(r.unitId)) unitMap.set(r.unitId, blank());
      unitMap.get(r.unitId)![i] = cell;
    } else if (g === '10') {
      if (!topicMap.has(r.topicId)) topicMap.set(r.topicId, blank());
      topicMap.get(r.topicId)![i] = cell;
    }
  }
  return {
    quarters,
    total,
    byUnit: [...unitMap.entries()].map(([key, counts]) => ({ key, counts })),
    byTopic: [...topicMap.entries()].map(([key, counts]) => ({ key, counts })),
  };
}

export const REMEDIES_PAGE = 50;

/** Q-4, S-5.3: the justified complaints of a quarter with the remedy taken, newest first. */
export async function complaintRemedies(db: Database, scope: ReportScope, quarter: Quarter, page = 1, limit = REMEDIES_PAGE) {
  const range = quarterRange(quarter);
  const c = cases;
  const m = complaintMonthly;
  const where = and(
    eq(c.kind, 'complaint'),
    isNotNull(c.closedAt),
    eq(c.status, 'closed'),
    eq(c.complaintOutcome, 'justified'),
    gte(c.closedAt, range.start),
    lt(c.closedAt, range.end),
    scope.kind === 'unit' ? eq(c.unitId, scope.unitId) : undefined,
  );
  // The page walks cases_justified_complaints; the count comes from the rollup (docs/0032).
  const [rows, [count]] = await Promise.all([
    db
      .select({ id: c.id, reference: c.reference, closedAt: c.closedAt, remedy: c.complaintRemedy, unitId: c.unitId, topicId: c.topicId })
      .from(c)
      .where(where)
      .orderBy(desc(c.closedAt), desc(c.id))
      .limit(limit)
      .offset((page - 1) * limit),
    db
      .select({ n: sql<number>`coalesce(sum(${m.justified}), 0)::int` })
      .from(m)
      .where(and(gte(m.month, range.from), lt(m.month, range.until), scope.kind === 'unit' ? eq(m.unitId, scope.unitId) : undefined)),
  ]);
  return { rows: rows.map((r) => ({ ...r, closedAt: r.closedAt! })), total: num(count?.n), key: quarterKey(quarter) };
}

// ---------------------------------------------------------------------------
// The view: what the page and its CSV show, in the page's language.

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
  const named = namesIn(names, locale);
  const unitName = named.unit;
  const topicName = (k: number | null) => (k === null ? t('quality:noTopic') : named.topic(k));
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
    units: named.unitChoices,
    tables: [
      quarters,
      grouped('units', t('quality:complaints.byUnit'), t('quality:unit'), report.byUnit, unitName),
      grouped('topics', t('quality:complaints.byTopic'), t('quality:topic'), report.byTopic, topicName),
      remediesTable,
    ],
    query: { quarter: quarterKey(quarter), unit: unitId ? String(unitId) : '' },
  };
}
