// client satisfaction by year, per criterion, with the year before
// beside it: overall, by unit and by topic.
import { and, eq, gte, isNull, lt, not, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '#src/db/client.ts';
import { todayInRiga } from '#src/calendar/riga-time.ts';
import { recordId } from '#src/platform/ids.ts';
import { satisfactionMonthly, surveyItems, surveys, SURVEY_CRITERIA, type SurveyCriterion } from '#src/quality/schema.ts';
import { summariseAnswers, type AnswerSummary, type ScaleCount } from './arithmetic.ts';
import { barChart } from './charts.ts';
import { count, decimal, pct, percent, text, type Cell, type ReportTable } from './tables.ts';
import {
  namesIn,
  num,
  reportNames,
  reportScope,
  reportSurveys,
  surveyChoices,
  unitFilter,
  yearFrom,
  type ReportScope,
  type ViewContext,
} from './scope.ts';

export type SatisfactionGroup = { key: number | null; byCriterion: Map<SurveyCriterion, { year: AnswerSummary; before: AnswerSummary }> };
export type SatisfactionReport = {
  year: number;
  overall: Map<SurveyCriterion, { year: AnswerSummary; before: AnswerSummary }>;
  byUnit: SatisfactionGroup[];
  byTopic: SatisfactionGroup[];
};

/**
 * Which answers a satisfaction report counts. Q-3 is the yearly client
 * satisfaction survey, so by default only the yearly campaigns count; case
 * ratings (Q-2c) and other "as needed" surveys are figures of their own
 * (mission m5): mixing them would change Q-3 with every rated case.
 */
export type SurveySource = { kind: 'yearly' } | { kind: 'ratings' } | { kind: 'other' } | { kind: 'survey'; id: number };

/** `survey=yearly|ratings|other|<id>` from the address; the yearly campaigns otherwise. */
export function surveySourceFrom(value: string | null): SurveySource {
  if (value === 'ratings' || value === 'other') return { kind: value };
  const id = recordId(value);
  if (id) return { kind: 'survey', id };
  return { kind: 'yearly' };
}

export function surveySourceParam(source: SurveySource): string {
  return source.kind === 'survey' ? String(source.id) : source.kind;
}

/**
 * The answers of the source: `year` for the report's year, `before` for the
 * year before. One yearly campaign is compared with the year before's yearly
 * campaign(s), which are other surveys (each year has its own).
 */
function sourceFilter(source: SurveySource, year: number, chosenIsYearly: boolean): SQL {
  const m = satisfactionMonthly;
  const yearly = eq(surveys.period, 'yearly');
  switch (source.kind) {
    case 'yearly':
      return yearly;
    case 'ratings':
      return eq(surveys.forCaseRatings, true);
    case 'other':
      return and(eq(surveys.period, 'as_needed'), not(surveys.forCaseRatings))!;
    case 'survey':
      return or(
        and(eq(m.surveyId, source.id), gte(m.month, `${year}-01-01`)),
        // The year before: this survey's own answers if it spans years, else
        // the yearly campaign(s) of the year before when this one is yearly.
        and(lt(m.month, `${year}-01-01`), chosenIsYearly ? or(eq(m.surveyId, source.id), yearly)! : eq(m.surveyId, source.id)),
      )!;
  }
}

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
  options: { source?: SurveySource } = {},
): Promise<SatisfactionReport> {
  const m = satisfactionMonthly;
  const where: SQL[] = [gte(m.month, `${year - 1}-01-01`), lt(m.month, `${year + 1}-01-01`)];
  if (scope.kind === 'unit') where.push(or(isNull(m.unitId), eq(m.unitId, scope.unitId))!);
  const source = options.source ?? { kind: 'yearly' };
  let chosenIsYearly = false;
  if (source.kind === 'survey') {
    const [chosen] = await db.select({ period: surveys.period }).from(surveys).where(eq(surveys.id, source.id));
    chosenIsYearly = chosen?.period === 'yearly';
  }
  where.push(sourceFilter(source, year, chosenIsYearly));
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
    .innerJoin(surveys, eq(surveys.id, m.surveyId))
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

// ---------------------------------------------------------------------------
// The view: what the page and its CSV show, in the page's language.

export async function satisfactionView(ctx: ViewContext) {
  const { t, locale } = ctx;
  const today = ctx.today ?? todayInRiga();
  const year = yearFrom(ctx.params, today);
  const source = surveySourceFrom(ctx.params.get('survey'));
  const unitId = unitFilter(ctx);
  const criterionParam = ctx.params.get('criterion') as SurveyCriterion | null;
  const criterion: SurveyCriterion = criterionParam && SURVEY_CRITERIA.includes(criterionParam) ? criterionParam : 'overall';
  const [report, names, surveyList] = await Promise.all([
    satisfactionReport(ctx.db, reportScope(ctx.user, unitId), year, { source }),
    reportNames(ctx.db),
    reportSurveys(ctx.db),
  ]);
  const named = namesIn(names, locale);
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
    (key) => (key === null ? t('quality:wholeInstitution') : named.unit(key)),
  );
  const byTopic = groupTable(
    'topics',
    t('quality:satisfaction.byTopic', { criterion: label(criterion), year }),
    t('quality:topic'),
    report.byTopic,
    (key) => (key === null ? t('quality:noTopicLink') : named.topic(key)),
  );
  return {
    title: t('quality:satisfaction.title'),
    year,
    source,
    unitId,
    criterion,
    surveys: surveyChoices(surveyList, locale),
    units: named.unitChoices,
    tables: [overall, ...(distribution ? [distribution] : []), byUnit, byTopic],
    query: { year: String(year), survey: surveySourceParam(source), unit: unitId ? String(unitId) : '', criterion },
  };
}
