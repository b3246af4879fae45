// The public results (issue 17): today's figures of a year, computed by the
// internal reports (src/quality/reports/) for the whole institution; the
// director's publish step, which stores them as a snapshot with an audit
// entry; and the snapshots the public page reads.
import { and, desc, eq, max } from 'drizzle-orm';
import type { Database } from '#src/db/client.ts';
import { recordAudit } from '#src/audit/queries.ts';
import { quarterKey, quarterRange, quartersEndingWith, monthRange, type Quarter } from '#src/calendar/periods.ts';
import { SURVEY_CRITERIA } from '#src/quality/schema.ts';
import { satisfactionReport, type SatisfactionGroup } from '#src/quality/reports/satisfaction.ts';
import { complaintsReport } from '#src/quality/reports/complaints.ts';
import { deadlinesReport } from '#src/quality/reports/deadlines.ts';
import { suggestionsReport } from '#src/quality/reports/suggestions.ts';
import { reportNames } from '#src/quality/reports/scope.ts';
import { forgetPages } from '#src/server/page-cache.ts';
import { staffMembers } from '#src/staff/schema.ts';
import {
  answerFigures,
  complaintFigures,
  deadlineFigures,
  FIGURES_VERSION,
  MINIMUM_CELL,
  suggestionFigures,
  type GroupFigures,
  type YearFigures,
} from './figures.ts';
import { publishedResults } from './schema.ts';

const ALL = { kind: 'all' } as const;

/** The years the results can be computed for: the portal's first year to this one. */
export function resultYears(today: string, first = 2020): number[] {
  const thisYear = Number(today.slice(0, 4));
  return Array.from({ length: Math.max(1, thisYear - first + 1) }, (_, i) => thisYear - i);
}

/**
 * The figures of `year` as of `now`, for the whole institution. Periods not
 * yet begun are left out (a year under way has fewer months); each figure
 * goes through the small-cell rule before it leaves this function.
 */
export async function computeYearFigures(db: Database, year: number, now: Date): Promise<YearFigures> {
  const q4: Quarter = { year, quarter: 4 };
  const quarters = quartersEndingWith(q4, 4).filter((q) => quarterRange(q).start < now);
  const months = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`).filter((m) => monthRange(m).start < now);
  const [satisfaction, complaints, suggestions, names] = await Promise.all([
    satisfactionReport(db, ALL, year),
    complaintsReport(db, ALL, q4, 4),
    suggestionsReport(db, ALL, q4, 4),
    reportNames(db),
  ]);
  // One month at a time: each is a few grouped queries, and the database is shared with the clients.
  const deadlines = [];
  for (const month of months) deadlines.push(await deadlinesReport(db, ALL, month, now));

  const named = (list: Array<{ id: number; nameLv: string; nameEn: string }>, key: number | null) => {
    const found = list.find((x) => x.id === key);
    return found ? { lv: found.nameLv, en: found.nameEn } : null;
  };
  const groups = (list: SatisfactionGroup[], nameList: Array<{ id: number; nameLv: string; nameEn: string }>): GroupFigures[] =>
    list
      .map((g) => ({ key: g.key, name: named(nameList, g.key), ...answerFigures(g.byCriterion.get('overall')!.year) }))
      .filter((g) => g.answers !== 0)
      .toSorted((a, b) => (a.key ?? 0) - (b.key ?? 0));
  const inYear = (q: Quarter) => quarters.some((x) => quarterKey(x) === quarterKey(q));
  return {
    version: FIGURES_VERSION,
    year,
    computedAt: now.toISOString(),
    minimumCell: MINIMUM_CELL,
    satisfaction: {
      year: SURVEY_CRITERIA.map((criterion) => ({ criterion, ...answerFigures(satisfaction.overall.get(criterion)!.year) })),
      before: SURVEY_CRITERIA.map((criterion) => ({ criterion, ...answerFigures(satisfaction.overall.get(criterion)!.before) })),
      byUnit: groups(satisfaction.byUnit, names.units),
      byTopic: groups(satisfaction.byTopic, names.topics),
    },
    complaints: complaints.quarters.flatMap((q, i) => (inYear(q) ? [complaintFigures(quarterKey(q), complaints.total[i]!)] : [])),
    deadlines: deadlines.map((d) =>
      deadlineFigures(d.month, {
        received: d.services.reduce((s, x) => s + x.received, 0),
        done: d.total.done,
        onTime: d.total.onTime,
        late: d.total.late,
        overdueOpen: d.total.overdueOpen,
        medianWorkingDays: d.total.medianWorkingDays,
      }),
    ),
    suggestions: suggestions.quarters.flatMap((q, i) => (inYear(q) ? [suggestionFigures(quarterKey(q), suggestions.counts[i]!)] : [])),
  };
}

/**
 * The director approves the year's figures: they are computed afresh and
 * stored as they are now, with an audit entry, in one transaction; the
 * public pages kept in the page cache are dropped so the next visitor sees
 * them.
 */
export async function publishYear(db: Database, directorId: number, year: number, now: Date) {
  const figures = await computeYearFigures(db, year, now);
  const row = await db.transaction(async (tx) => {
    const [saved] = await tx.insert(publishedResults).values({ year, figures, approvedBy: directorId, approvedAt: now }).returning();
    await recordAudit(tx, {
      actorStaffId: directorId,
      action: 'results.publish',
      entity: 'published_results',
      entityId: saved!.id,
      after: { year, computedAt: figures.computedAt },
      at: now,
    });
    return saved!;
  });
  forgetPages();
  return row;
}

/** The newest snapshot of a year, with who approved it. */
export async function latestPublished(db: Database, year: number) {
  const [row] = await db
    .select({
      id: publishedResults.id,
      year: publishedResults.year,
      figures: publishedResults.figures,
      approvedAt: publishedResults.approvedAt,
      approvedBy: staffMembers.fullName,
    })
    .from(publishedResults)
    .innerJoin(staffMembers, eq(staffMembers.id, publishedResults.approvedBy))
    .where(eq(publishedResults.year, year))
    .orderBy(desc(publishedResults.approvedAt), desc(publishedResults.id))
    .limit(1);
  return row;
}

/** The years with a published snapshot, newest first, each with the time of its newest approval. */
export async function publishedYears(db: Database): Promise<Array<{ year: number; approvedAt: Date }>> {
  const rows = await db
    .select({ year: publishedResults.year, approvedAt: max(publishedResults.approvedAt) })
    .from(publishedResults)
    .groupBy(publishedResults.year)
    .orderBy(desc(publishedResults.year));
  return rows.map((r) => ({ year: r.year, approvedAt: new Date(r.approvedAt!) }));
}

/** The newest snapshot of a year, only its figures (what the public sees). */
export async function publishedFigures(db: Database, year: number): Promise<YearFigures | undefined> {
  const [row] = await db
    .select({ figures: publishedResults.figures })
    .from(publishedResults)
    .where(and(eq(publishedResults.year, year)))
    .orderBy(desc(publishedResults.approvedAt), desc(publishedResults.id))
    .limit(1);
  return row?.figures;
}
