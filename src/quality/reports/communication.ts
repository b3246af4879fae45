// communication skills per official, for their direct manager only:
// the observations (Q-2b) and the "as needed" surveys about them (Q-2c).
import { and, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import { rowsOf, type Database } from '#src/db/client.ts';
import { formatNumber } from '#src/i18n/index.ts';
import { todayInRiga } from '#src/calendar/riga-time.ts';
import { yearRange } from '#src/calendar/periods.ts';
import { observations, satisfactionMonthly, surveyItems, surveys } from '#src/quality/schema.ts';
import { COMMUNICATION_ITEMS, RECORD_SCALE } from '#src/quality/records/rules.ts';
import { directReports } from '#src/quality/records/queries.ts';
import { summariseAnswers, type AnswerSummary } from './arithmetic.ts';
import { barChart } from './charts.ts';
import { count, decimal, percent, text, type ReportTable } from './tables.ts';
import { num, yearFrom, type ViewContext } from './scope.ts';

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
// The view: what the page and its CSV show, in the page's language.

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
      // The report's own words, not the observer's first-person choice on the form (ux.md D24).
      noValue: t('quality:communication.notObserved'),
    }),
  };
  return { title: t('quality:communication.title'), year, tables: [table], query: { year: String(year) } };
}
