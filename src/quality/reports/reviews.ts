// Q-4, Q-5b: a manager marks a periodic report as gone through for a period
// ('2026-Q3', '2026-10'); the schedule counts it (schedule.ts) and the audit
// log keeps who and when.
import { and, eq } from 'drizzle-orm';
import type { Database } from '#src/db/client.ts';
import { recordAudit } from '#src/audit/queries.ts';
import { reportReviews, type ReviewedReport } from '#src/quality/schema.ts';

/** Q-4, Q-5b: a manager has gone through a report for a period. Marking twice is harmless. */
export async function markReportReviewed(db: Database, staffId: number, report: ReviewedReport, period: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(reportReviews)
      .values({ staffId, report, period })
      .onConflictDoNothing()
      .returning({ id: reportReviews.id });
    if (row)
      await recordAudit(tx, {
        actorStaffId: staffId,
        action: 'quality.report.reviewed',
        entity: 'quality_report_review',
        entityId: row.id,
        after: { report, period },
      });
  });
}

export async function findReportReview(db: Database, staffId: number, report: ReviewedReport, period: string) {
  const [row] = await db
    .select()
    .from(reportReviews)
    .where(and(eq(reportReviews.staffId, staffId), eq(reportReviews.report, report), eq(reportReviews.period, period)));
  return row;
}
