// S-4.8: what became of the clients' suggestions, by quarter (Riga time):
// how many came, how many were decided, and how many of those will be
// implemented, were already in place or were not taken up; then the
// quarter's decisions one by one, so a manager sees what was promised and
// by when.
import { and, desc, eq, gte, isNotNull, lt, sql } from 'drizzle-orm';
import { rowsOf, type Database } from '#src/db/client.ts';
import { cases, SUGGESTION_DECISIONS, type SuggestionDecision } from '#src/cases/schema.ts';
import { rigaDateOf, todayInRiga } from '#src/calendar/riga-time.ts';
import { quarterKey, quarterRange, quartersEndingWith, type Quarter } from '#src/calendar/periods.ts';
import { count, day, text, type ReportTable } from './tables.ts';
import { namesIn, num, quarterFrom, reportNames, reportScope, unitFilter, type ReportScope, type ViewContext } from './scope.ts';

export type SuggestionCounts = { received: number; decided: number } & Record<SuggestionDecision, number>;

/**
 * Per quarter (oldest first): suggestions received in it, and suggestions
 * decided in it by decision. A decision is final (nothing reopens a closed
 * case: rules.ts), so a past quarter's figures cannot change.
 */
export async function suggestionsReport(db: Database, scope: ReportScope, quarter: Quarter, quarters = 4) {
  const periods = quartersEndingWith(quarter, quarters);
  const ranges = periods.map(quarterRange);
  const start = ranges[0]!.start.toISOString();
  const end = ranges.at(-1)!.end.toISOString();
  const bucketOf = (column: ReturnType<typeof sql>) =>
    sql`case ${sql.join(
      ranges.slice(1).map((r, i) => sql`when ${column} < ${r.start.toISOString()}::timestamptz then ${i}`),
      sql` `,
    )} else ${ranges.length - 1} end`;
  const inUnit = scope.kind === 'unit' ? sql`and c.unit_id = ${scope.unitId}` : sql``;
  const result = await db.execute(sql`
    select 'received' as what, ${bucketOf(sql`c.received_at`)} as bucket, null as decision, count(*)::int as n
    from cases c
    where c.kind = 'suggestion' and c.received_at >= ${start}::timestamptz and c.received_at < ${end}::timestamptz ${inUnit}
    group by 2
    union all
    select 'decided', ${bucketOf(sql`c.closed_at`)}, c.suggestion_decision, count(*)::int
    from cases c
    where c.kind = 'suggestion' and c.suggestion_decision is not null
      and c.closed_at >= ${start}::timestamptz and c.closed_at < ${end}::timestamptz ${inUnit}
    group by 2, 3`);
  const counts: SuggestionCounts[] = periods.map(() => ({ received: 0, decided: 0, implement: 0, in_place: 0, not_taken: 0 }));
  for (const r of rowsOf<{ what: string; bucket: number; decision: SuggestionDecision | null; n: number }>(result)) {
    const cell = counts[num(r.bucket)]!;
    if (r.what === 'received') cell.received += num(r.n);
    else if (r.decision && SUGGESTION_DECISIONS.includes(r.decision)) {
      cell[r.decision] += num(r.n);
      cell.decided += num(r.n);
    }
  }
  return { quarters: periods, counts };
}

/** The decisions of one quarter, newest first. */
export async function suggestionDecisions(db: Database, scope: ReportScope, quarter: Quarter, limit = 500) {
  const range = quarterRange(quarter);
  const c = cases;
  return db
    .select({
      reference: c.reference,
      closedAt: c.closedAt,
      unitId: c.unitId,
      decision: c.suggestionDecision,
      implementBy: c.suggestionImplementBy,
      note: c.suggestionDecisionNote,
    })
    .from(c)
    .where(
      and(
        eq(c.kind, 'suggestion'),
        isNotNull(c.suggestionDecision),
        gte(c.closedAt, range.start),
        lt(c.closedAt, range.end),
        scope.kind === 'unit' ? eq(c.unitId, scope.unitId) : undefined,
      ),
    )
    .orderBy(desc(c.closedAt), desc(c.id))
    .limit(limit);
}

export async function suggestionsView(ctx: ViewContext) {
  const { t, locale } = ctx;
  const quarter = quarterFrom(ctx.params, ctx.today ?? todayInRiga());
  const unitId = unitFilter(ctx);
  const scope = reportScope(ctx.user, unitId);
  const [report, decisions, names] = await Promise.all([
    suggestionsReport(ctx.db, scope, quarter),
    suggestionDecisions(ctx.db, scope, quarter),
    reportNames(ctx.db),
  ]);
  const named = namesIn(names, locale);
  const qLabel = (q: Quarter) => t('quality:quarter', { quarter: q.quarter, year: q.year });
  const byQuarter: ReportTable = {
    id: 'quarters',
    caption: t('quality:suggestions.byQuarter'),
    head: [
      t('quality:complaints.quarter'),
      t('quality:suggestions.received'),
      t('quality:suggestions.decided'),
      ...SUGGESTION_DECISIONS.map((d) => t(`quality:suggestions.${d}`)),
    ],
    rows: report.quarters.map((q, i) => {
      const c = report.counts[i]!;
      return [text(qLabel(q)), count(c.received), count(c.decided), ...SUGGESTION_DECISIONS.map((d) => count(c[d]))];
    }),
  };
  const list: ReportTable = {
    id: 'decisions',
    caption: t('quality:suggestions.decisions', { quarter: qLabel(quarter) }),
    head: [
      t('quality:complaints.reference'),
      t('quality:suggestions.decidedOn'),
      t('quality:unit'),
      t('quality:suggestions.decision'),
      t('quality:suggestions.implementBy'),
      t('quality:suggestions.note'),
    ],
    rows: decisions.map((d) => [
      text(d.reference),
      day(d.closedAt ? rigaDateOf(d.closedAt) : null),
      text(named.unit(d.unitId)),
      text(d.decision ? t(`quality:suggestions.one.${d.decision}`) : ''),
      day(d.implementBy),
      text(d.note ?? ''),
    ]),
  };
  return {
    title: t('quality:suggestions.title'),
    quarter,
    quarterKey: quarterKey(quarter),
    units: named.unitChoices,
    tables: [byQuarter, list],
    query: { quarter: quarterKey(quarter), unit: unitId ? String(unitId) : '' },
  };
}
