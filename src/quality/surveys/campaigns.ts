// Survey campaigns (Q-2c, Q-3): a manager opens and closes them, and starts
// new ones. Every change is audited in the transaction that makes it
// (recordAudit).
import { and, asc, desc, eq, gt, like, lte, sql } from 'drizzle-orm';
import type { Database } from '#src/db/client.ts';
import { recordAudit } from '#src/audit/queries.ts';
import { staffMembers } from '#src/staff/schema.ts';
import type { IsoDate } from '#src/calendar/dates.ts';
import { surveyItems, surveyResponses, surveys } from '#src/quality/schema.ts';
import { rateLimitCounters } from '#src/platform/schema.ts';
import { surveyRateLimit } from './form.ts';
import { seedItems, seedScale } from './seed-data.ts';

export type Campaign = typeof surveys.$inferSelect & { subjectName: string | null };

export async function listCampaigns(db: Database): Promise<Campaign[]> {
  const rows = await db
    .select({ s: surveys, subjectName: staffMembers.fullName })
    .from(surveys)
    .leftJoin(staffMembers, eq(staffMembers.id, surveys.subjectStaffId))
    .orderBy(desc(surveys.opensOn), asc(surveys.id));
  return rows.map((r) => ({ ...r.s, subjectName: r.subjectName }));
}

/**
 * Opens or closes a campaign. Closing ends it today (its closing date moves
 * to today unless it had ended already), so the schedule can tell it was
 * held; opening clears a closing date already past.
 */
export async function setCampaignOpen(db: Database, actorId: number, surveyId: number, open: boolean, today: IsoDate): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(surveys).where(eq(surveys.id, surveyId)).for('update');
    if (!before) return false;
    const closesOn = open
      ? before.closesOn !== null && before.closesOn <= today
        ? null
        : before.closesOn
      : before.closesOn === null || before.closesOn > today
        ? today
        : before.closesOn;
    await tx.update(surveys).set({ open, closesOn }).where(eq(surveys.id, surveyId));
    await recordAudit(tx, {
      actorStaffId: actorId,
      action: open ? 'quality.campaign.open' : 'quality.campaign.close',
      entity: 'survey',
      entityId: surveyId,
      before: { open: before.open, closesOn: before.closesOn },
      after: { open, closesOn },
    });
    return true;
  });
}

export type NewCampaign = {
  period: 'yearly' | 'as_needed';
  year: number | null;
  opensOn: IsoDate;
  closesOn: IsoDate | null;
  subjectStaffId: number | null;
  titleLv: string;
  titleEn: string;
};

/** A new campaign with the standard items and scale (seed-data.ts): a yearly one or one "as needed" (Q-2c). */
export async function createCampaign(db: Database, actorId: number, input: NewCampaign): Promise<number | 'exists'> {
  return db.transaction(async (tx) => {
    const code = input.period === 'yearly' ? `yearly-${input.year}` : `as-needed-${input.opensOn}-${Date.now().toString(36)}`;
    const [row] = await tx
      .insert(surveys)
      .values({
        code,
        period: input.period,
        titleLv: input.titleLv,
        titleEn: input.titleEn,
        year: input.year,
        opensOn: input.opensOn,
        closesOn: input.closesOn,
        open: true,
        subjectStaffId: input.subjectStaffId,
        scaleMin: seedScale.min,
        scaleMax: seedScale.max,
        scaleLabels: seedScale.labels,
      })
      .onConflictDoNothing()
      .returning({ id: surveys.id });
    if (!row) return 'exists' as const;
    await tx.insert(surveyItems).values(seedItems.map((item, i) => ({ ...item, surveyId: row.id, sortOrder: i + 1 })));
    await recordAudit(tx, {
      actorStaffId: actorId,
      action: 'quality.campaign.create',
      entity: 'survey',
      entityId: row.id,
      after: { ...input, code },
    });
    return row.id;
  });
}

/** How a campaign's answers arrived lately: enough for a manager to see a burst (M5). */
export type SurveyActivity = { lastDay: number; busiestHourLastWeek: number; refusedLastDay: number };

/**
 * Per survey: the answers of the last 24 hours, the most that came in one
 * clock hour over the last week, and the posts refused in the last 24 hours
 * as too many from one address (counted from the rate-limit windows, which
 * keep no address, only its hash).
 */
export async function surveyActivity(db: Database, now: Date): Promise<Map<number, SurveyActivity>> {
  const dayAgo = new Date(now.getTime() - 24 * 3600_000);
  const weekAgo = new Date(now.getTime() - 7 * 24 * 3600_000);
  const limit = surveyRateLimit().limit;
  const recent = db
    .select({
      surveyId: surveyResponses.surveyId,
      submittedAt: surveyResponses.submittedAt,
      perHour: sql<number>`count(*) over (partition by ${surveyResponses.surveyId}, date_trunc('hour', ${surveyResponses.submittedAt}))`.as(
        'per_hour',
      ),
    })
    .from(surveyResponses)
    .where(and(gt(surveyResponses.submittedAt, weekAgo), lte(surveyResponses.submittedAt, now)))
    .as('recent');
  const [answers, refused] = await Promise.all([
    db
      .select({
        surveyId: recent.surveyId,
        lastDay: sql<number>`count(*) filter (where ${recent.submittedAt} > ${dayAgo.toISOString()}::timestamptz)`.mapWith(Number),
        busiest: sql<number>`max(${recent.perHour})`.mapWith(Number),
      })
      .from(recent)
      .groupBy(recent.surveyId),
    db
      .select({
        key: rateLimitCounters.key,
        over: sql<number>`sum(greatest(${rateLimitCounters.count} - ${limit}, 0))`.mapWith(Number),
      })
      .from(rateLimitCounters)
      // The window that began within the hour before counts too: it ran into the last day.
      .where(and(like(rateLimitCounters.key, 'survey:%'), gt(rateLimitCounters.windowStart, new Date(dayAgo.getTime() - 3600_000))))
      .groupBy(rateLimitCounters.key),
  ]);
  const activity = new Map<number, SurveyActivity>();
  const of = (id: number) => activity.get(id) ?? activity.set(id, { lastDay: 0, busiestHourLastWeek: 0, refusedLastDay: 0 }).get(id)!;
  for (const a of answers) Object.assign(of(a.surveyId), { lastDay: a.lastDay, busiestHourLastWeek: a.busiest });
  for (const r of refused) {
    const id = Number(/^survey:(\d+):/.exec(r.key)?.[1]);
    if (Number.isInteger(id)) of(id).refusedLastDay += r.over;
  }
  return activity;
}
