// The quality reports (standard.md, annex 1: Q-2, Q-3, Q-4, Q-5b and the
// schedule). The database does the counting (GROUP BY, grouping sets, the
// monthly survey summary); rules.ts turns the counts into means, shares and
// medians. Nothing here loads the rows themselves into JavaScript.
import { and, asc, desc, eq, gte, ilike, inArray, isNotNull, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Database } from '#src/db/client.ts';
import { cases, CASE_KINDS, REPLY_CHANNELS, type CaseKind, type ReplyChannel } from '#src/cases/schema.ts';
import { topics, units } from '#src/settings/schema.ts';
import type { CalendarData } from '#src/calendar/working-days.ts';
import { addCalendarDays, type IsoDate } from '#src/calendar/dates.ts';
import { rigaDateOf } from '#src/calendar/riga-time.ts';
import {
  observations,
  satisfactionMonthly,
  surveyItems,
  surveyResponses,
  surveys,
  SURVEY_CRITERIA,
  type SurveyCriterion,
} from './schema.ts';
import {
  lastDay,
  monthRange,
  quarterKey,
  quarterRange,
  quartersEndingWith,
  yearRange,
  type Month,
  type Quarter,
} from '#src/calendar/periods.ts';
import { medianOf, share, summariseAnswers, type AnswerSummary, type ScaleCount } from './rules.ts';
import { COMMUNICATION_ITEMS, RECORD_SCALE } from './records.ts';
import { reviewKey, scheduleCompliance, type ScheduleRow } from './schedule.ts';
import { directReports, schedulePeople, scheduleRecords, type Viewer } from './record-queries.ts';

/** Which units a report covers: a manager their own unit, the director all (or one they pick). */
export type ReportScope = { kind: 'all' } | { kind: 'unit'; unitId: number };

export function reportScope(viewer: Viewer, requestedUnitId: number | null): ReportScope {
  if (viewer.role === 'director') return requestedUnitId ? { kind: 'unit', unitId: requestedUnitId } : { kind: 'all' };
  // A manager without a unit sees no unit's figures (-1 matches nothing).
  return { kind: 'unit', unitId: viewer.unitId ?? -1 };
}

/** Rows are read through their numbers: postgres.js and PGlite may return bigints and numerics as strings. */
const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));

// ---------------------------------------------------------------------------
// Q-3: client satisfaction by year.

export type SatisfactionGroup = { key: number | null; byCriterion: Map<SurveyCriterion, { year: AnswerSummary; before: AnswerSummary }> };
export type SatisfactionReport = {
  year: number;
  overall: Map<SurveyCriterion, { year: AnswerSummary; before: AnswerSummary }>;
  byUnit: SatisfactionGroup[];
  byTopic: SatisfactionGroup[];
};

function emptyPair(): { year: ScaleCount[]; before: ScaleCount[] } {
  return { year: [], before: [] };
}

/**
 * Per criterion (the items of every survey map to one), the year and the
 * year before, overall, by unit and by topic. Answers not tied to a unit
 * (the anonymous yearly campaign) belong to the whole institution and are
 * shown to every manager; a unit's case ratings only to its manager and the
 * director.
 */
export async function satisfactionReport(
  db: Database,
  scope: ReportScope,
  year: number,
  options: { surveyId?: number | null } = {},
): Promise<SatisfactionReport> {
  const m = satisfactionMonthly;
  const where: SQL[] = [gte(m.month, `${year - 1}-01-01`), lt(m.month, `${year + 1}-01-01`)];
  if (scope.kind === 'unit') where.push(or(isNull(m.unitId), eq(m.unitId, scope.unitId))!);
  if (options.surveyId) where.push(eq(m.surveyId, options.surveyId));
  const y = sql<number>`extract(year from ${m.month})::int`;
  const rows = await db
    .select({
      year: y,
      criterion: surveyItems.criterion,
      unitId: m.unitId,
      topicId: m.topicId,
      byUnit: sql<number>`grouping(${m.unitId})`,
      byTopic: sql<number>`grouping(${m.topicId})`,
      scaleMin: m.scaleMin,
      scaleMax: m.scaleMax,
      value: m.value,
      answers: sql<number>`sum(${m.answers})::int`,
    })
    .from(m)
    .innerJoin(surveyItems, eq(surveyItems.id, m.itemId))
    .where(and(...where))
    .groupBy(
      sql`grouping sets ((${y}, ${surveyItems.criterion}, ${m.scaleMin}, ${m.scaleMax}, ${m.value}),
        (${y}, ${m.unitId}, ${surveyItems.criterion}, ${m.scaleMin}, ${m.scaleMax}, ${m.value}),
        (${y}, ${m.topicId}, ${surveyItems.criterion}, ${m.scaleMin}, ${m.scaleMax}, ${m.value}))`,
    );
  const overall = new Map<SurveyCriterion, ReturnType<typeof emptyPair>>();
  const units = new Map<number | null, Map<SurveyCriterion, ReturnType<typeof emptyPair>>>();
  const topicsByKey = new Map<number | null, Map<SurveyCriterion, ReturnType<typeof emptyPair>>>();
  const slot = (map: Map<SurveyCriterion, ReturnType<typeof emptyPair>>, c: SurveyCriterion) => {
    if (!map.has(c)) map.set(c, emptyPair());
    return map.get(c)!;
  };
  for (const r of rows) {
    const count: ScaleCount = { scaleMin: num(r.scaleMin), scaleMax: num(r.scaleMax), value: num(r.value), answers: num(r.answers) };
    const which = num(r.year) === year ? 'year' : 'before';
    const grouping = [num(r.byUnit), num(r.byTopic)].join('');
    if (grouping === '11') slot(overall, r.criterion)[which].push(count);
    else if (grouping === '01') {
      if (!units.has(r.unitId)) units.set(r.unitId, new Map());
      slot(units.get(r.unitId)!, r.criterion)[which].push(count);
    } else if (grouping === '10') {
      if (!topicsByKey.has(r.topicId)) topicsByKey.set(r.topicId, new Map());
      slot(topicsByKey.get(r.topicId)!, r.criterion)[which].push(count);
    }
  }
  const summarise = (map: Map<SurveyCriterion, ReturnType<typeof emptyPair>>) =>
    new Map(
      SURVEY_CRITERIA.map((c) => [
        c,
        { year: summariseAnswers(map.get(c)?.year ?? []), before: summariseAnswers(map.get(c)?.before ?? []) },
      ]),
    );
  const groups = (map: Map<number | null, Map<SurveyCriterion, ReturnType<typeof emptyPair>>>) =>
    [...map.entries()].map(([key, byCriterion]) => ({ key, byCriterion: summarise(byCriterion) }));
  return { year, overall: summarise(overall), byUnit: groups(units), byTopic: groups(topicsByKey) };
}

export const COMMENTS_PAGE = 25;

export type CommentFilters = { q: string; unitId: number | null; topicId: number | null; surveyId: number | null; page: number };

/** Q-3: the free-text comments of a year, newest first, filtered by words, unit, topic or survey; a page at a time. */
export async function satisfactionComments(db: Database, scope: ReportScope, year: number, filters: CommentFilters, limit = COMMENTS_PAGE) {
  const r = surveyResponses;
  const period = yearRange(year);
  const where: Array<SQL | undefined> = [isNotNull(r.comment), gte(r.submittedAt, period.start), lt(r.submittedAt, period.end)];
  if (scope.kind === 'unit') where.push(or(isNull(r.unitId), eq(r.unitId, scope.unitId)));
  if (filters.unitId) where.push(eq(r.unitId, filters.unitId));
  if (filters.topicId) where.push(eq(r.topicId, filters.topicId));
  if (filters.surveyId) where.push(eq(r.surveyId, filters.surveyId));
  // The words are matched literally: % and _ in them mean themselves.
  if (filters.q) where.push(ilike(r.comment, `%${filters.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
  const condition = and(...where);
  const [rows, [count]] = await Promise.all([
    db
      .select({
        id: r.id,
        submittedAt: r.submittedAt,
        comment: r.comment,
        surveyLv: surveys.titleLv,
        surveyEn: surveys.titleEn,
        unitLv: units.nameLv,
        unitEn: units.nameEn,
        topicLv: topics.nameLv,
        topicEn: topics.nameEn,
      })
      .from(r)
      .innerJoin(surveys, eq(surveys.id, r.surveyId))
      .leftJoin(units, eq(units.id, r.unitId))
      .leftJoin(topics, eq(topics.id, r.topicId))
      .where(condition)
      .orderBy(desc(r.submittedAt), desc(r.id))
      .limit(limit)
      .offset((filters.page - 1) * limit),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(r)
      .where(condition),
  ]);
  return { rows: rows.map((x) => ({ ...x, comment: x.comment ?? '' })), total: num(count?.n) };
}

// ---------------------------------------------------------------------------
// Q-2: communication skills per official, for their direct manager only.

export type CommunicationRow = {
  staffId: number;
  name: string;
  /** Q-2b: each communication item of the observations. */
  observed: Map<string, AnswerSummary>;
  observations: number;
  /** Q-2c: the communication item of the "as needed" surveys about them (case ratings included). */
  surveyed: AnswerSummary;
};

export async function communicationReport(db: Database, managerId: number, year: number): Promise<CommunicationRow[]> {
  const people = await directReports(db, managerId);
  if (people.length === 0) return [];
  const ids = people.map((p) => p.id);
  const period = yearRange(year);
  const o = observations;
  const [scored, visits, rated] = await Promise.all([
    db.execute(sql`
      select ${o.staffId} as staff_id, s.key, s.value::int as value, count(*)::int as n
      from ${o}, jsonb_each_text(${o.scores}) as s(key, value)
      where ${o.staffId} in ${ids} and ${o.onDate} >= ${period.from} and ${o.onDate} < ${period.until}
      group by 1, 2, 3`),
    db
      .select({ staffId: o.staffId, n: sql<number>`count(*)::int` })
      .from(o)
      .where(and(inArray(o.staffId, ids), gte(o.onDate, period.from), lt(o.onDate, period.until)))
      .groupBy(o.staffId),
    db
      .select({
        staffId: satisfactionMonthly.staffId,
        scaleMin: satisfactionMonthly.scaleMin,
        scaleMax: satisfactionMonthly.scaleMax,
        value: satisfactionMonthly.value,
        answers: sql<number>`sum(${satisfactionMonthly.answers})::int`,
      })
      .from(satisfactionMonthly)
      .innerJoin(surveyItems, eq(surveyItems.id, satisfactionMonthly.itemId))
      .innerJoin(surveys, eq(surveys.id, satisfactionMonthly.surveyId))
      .where(
        and(
          inArray(satisfactionMonthly.staffId, ids),
          gte(satisfactionMonthly.month, period.from),
          lt(satisfactionMonthly.month, period.until),
          eq(surveyItems.criterion, 'communication'),
          eq(surveys.period, 'as_needed'),
        ),
      )
      .groupBy(satisfactionMonthly.staffId, satisfactionMonthly.scaleMin, satisfactionMonthly.scaleMax, satisfactionMonthly.value),
  ]);
  const scores = rowsOf<{ staff_id: number; key: string; value: number; n: number }>(scored);
  return people.map((p) => ({
    staffId: p.id,
    name: p.fullName,
    observations: num(visits.find((v) => v.staffId === p.id)?.n),
    observed: new Map(
      COMMUNICATION_ITEMS.map((key) => [
        key,
        summariseAnswers(
          scores
            .filter((s) => num(s.staff_id) === p.id && s.key === key)
            .map((s) => ({ scaleMin: RECORD_SCALE.min, scaleMax: RECORD_SCALE.max, value: num(s.value), answers: num(s.n) })),
        ),
      ]),
    ),
    surveyed: summariseAnswers(
      rated
        .filter((r) => r.staffId === p.id)
        .map((r) => ({ scaleMin: num(r.scaleMin), scaleMax: num(r.scaleMax), value: num(r.value), answers: num(r.answers) })),
    ),
  }));
}

// ---------------------------------------------------------------------------
// Q-4: justified complaints by quarter.

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
  const bounds = ranges.slice(1).map((r, i) => sql`when c.closed_at < ${r.start.toISOString()}::timestamptz then ${i}`);
  const unitFilter = scope.kind === 'unit' ? sql`and c.unit_id = ${scope.unitId}` : sql``;
  // The quarter is worked out once, in a subquery, so every grouping set groups by the same column.
  const result = await db.execute(sql`
    select bucket, unit_id, topic_id, grouping(unit_id) as g_unit, grouping(topic_id) as g_topic,
           (count(*) filter (where complaint_outcome = 'justified'))::int as justified, count(*)::int as closed
    from (
      select (case ${sql.join(bounds, sql` `)} else ${ranges.length - 1} end) as bucket, c.unit_id, c.topic_id, c.complaint_outcome
      from cases c
      where c.kind = 'complaint' and c.closed_at is not null and c.status = 'closed'
        and c.closed_at >= ${ranges[0]!.start.toISOString()}::timestamptz and c.closed_at < ${ranges.at(-1)!.end.toISOString()}::timestamptz ${unitFilter}
    ) closed
    group by grouping sets ((bucket), (bucket, unit_id), (bucket, topic_id))`);
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
  const where = and(
    eq(c.kind, 'complaint'),
    isNotNull(c.closedAt),
    eq(c.status, 'closed'),
    eq(c.complaintOutcome, 'justified'),
    gte(c.closedAt, range.start),
    lt(c.closedAt, range.end),
    scope.kind === 'unit' ? eq(c.unitId, scope.unitId) : undefined,
  );
  const [rows, [count]] = await Promise.all([
    db
      .select({ id: c.id, reference: c.reference, closedAt: c.closedAt, remedy: c.complaintRemedy, unitId: c.unitId, topicId: c.topicId })
      .from(c)
      .where(where)
      .orderBy(desc(c.closedAt), desc(c.id))
      .limit(limit)
      .offset((page - 1) * limit),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(c)
      .where(where),
  ]);
  return { rows: rows.map((r) => ({ ...r, closedAt: r.closedAt! })), total: num(count?.n), key: quarterKey(quarter) };
}

// ---------------------------------------------------------------------------
// Q-5b: deadlines by month; Cabinet Regulation No. 399 point 23.

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
 */
export async function deadlinesReport(db: Database, scope: ReportScope, month: Month, now = new Date()): Promise<DeadlinesReport> {
  const range = monthRange(month);
  const asOf = range.end < now ? range.end : now;
  const asOfDate = range.end < now ? range.until : rigaDateOf(now);
  const unitFilter = scope.kind === 'unit' ? sql`and c.unit_id = ${scope.unitId}` : sql``;
  const doneAt = sql`coalesce(c.answered_at, c.closed_at)`;
  const [histogram, overdue, received, delays] = await Promise.all([
    db.execute(sql`
      with done as (
        select c.unit_id, c.topic_id, c.kind, c.reply_channel, c.received_on, c.due_on,
               (${doneAt} at time zone 'Europe/Riga')::date as done_on
        from cases c
        where ${doneAt} >= ${range.start.toISOString()}::timestamptz and ${doneAt} < ${range.end.toISOString()}::timestamptz ${unitFilter}
      ),
      days as (
        select d::date as day,
               case when cd.kind is not null then cd.kind = 'working_day' else extract(isodow from d) < 6 end as working
        from generate_series((select min(received_on) from done), ${lastDay(range)}::date, interval '1 day') d
        left join calendar_days cd on cd.date = d::date
      ),
      ordinal as (select day, sum(case when working then 1 else 0 end) over (order by day) as n from days)
      select done.unit_id, done.topic_id, done.kind, done.reply_channel,
             grouping(done.unit_id) as g_unit, grouping(done.topic_id) as g_topic, grouping(done.kind) as g_kind, grouping(done.reply_channel) as g_channel,
             (b.n - a.n)::int as working_days,
             count(*)::int as done,
             (count(*) filter (where done.done_on <= done.due_on))::int as on_time,
             (count(*) filter (where done.done_on > done.due_on))::int as late,
             (count(*) filter (where done.due_on is null))::int as no_deadline
      from done
      join ordinal a on a.day = done.received_on
      join ordinal b on b.day = done.done_on
      group by grouping sets ((b.n - a.n), (done.unit_id, b.n - a.n), (done.topic_id, b.n - a.n), (done.kind, b.n - a.n), (done.reply_channel, b.n - a.n))`),
    // Open at the moment `asOf` with the deadline passed: done after it, or not
    // done at all. Two parts, so each can use its own index (done after a
    // moment; never done).
    db.execute(sql`
      select unit_id, topic_id, kind, reply_channel,
             grouping(unit_id) as g_unit, grouping(topic_id) as g_topic, grouping(kind) as g_kind, grouping(reply_channel) as g_channel,
             count(*)::int as n
      from (
        select c.unit_id, c.topic_id, c.kind, c.reply_channel from cases c
        where ${doneAt} >= ${asOf.toISOString()}::timestamptz and c.due_on < ${asOfDate}::date and c.received_at < ${asOf.toISOString()}::timestamptz ${unitFilter}
        union all
        select c.unit_id, c.topic_id, c.kind, c.reply_channel from cases c
        where ${doneAt} is null and c.due_on < ${asOfDate}::date and c.received_at < ${asOf.toISOString()}::timestamptz ${unitFilter}
      ) open_cases
      group by grouping sets ((), (unit_id), (topic_id), (kind), (reply_channel))`),
    db.execute(sql`
      select c.topic_id, c.reply_channel, grouping(c.reply_channel) as g_channel,
             count(*)::int as n, (count(*) filter (where c.kind = 'complaint'))::int as complaints
      from cases c
      where c.received_at >= ${range.start.toISOString()}::timestamptz and c.received_at < ${range.end.toISOString()}::timestamptz ${unitFilter}
      group by grouping sets ((c.topic_id), (c.topic_id, c.reply_channel))`),
    // A delay is counted once, in the month its deadline fell: done after it, or not done at all.
    db.execute(sql`
      select c.topic_id, count(*)::int as n
      from cases c
      where c.due_on >= ${range.from}::date and c.due_on < ${range.until}::date
        and (${doneAt} is null or (${doneAt} at time zone 'Europe/Riga')::date > c.due_on) ${unitFilter}
      group by c.topic_id`),
  ]);

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
// The schedule: who is overdue.

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
    selfChecks: dates(records.checks.map((c) => ({ id: c.staffId, date: c.onDate }))),
    observations: dates(records.observed.map((o) => ({ id: o.staffId, date: o.onDate }))),
    interviews: interviewDates,
    reviews: new Set(records.reviews.map((r) => reviewKey(r.staffId, r.report, r.period))),
    campaigns: records.campaigns,
  });
}

/** Names for the ids a report shows (units, topics, staff): small reference lists. */
export async function reportNames(db: Database) {
  const [unitRows, topicRows] = await Promise.all([
    db.select({ id: units.id, nameLv: units.nameLv, nameEn: units.nameEn }).from(units).orderBy(asc(units.id)),
    db
      .select({ id: topics.id, nameLv: topics.nameLv, nameEn: topics.nameEn, unitId: topics.unitId })
      .from(topics)
      .orderBy(asc(topics.sortOrder), asc(topics.id)),
  ]);
  return { units: unitRows, topics: topicRows };
}

/** The surveys a report can be narrowed to. */
export async function reportSurveys(db: Database) {
  return db
    .select({ id: surveys.id, titleLv: surveys.titleLv, titleEn: surveys.titleEn, period: surveys.period, year: surveys.year })
    .from(surveys)
    .orderBy(desc(surveys.opensOn), asc(surveys.id));
}
