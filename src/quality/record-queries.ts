// Reading and writing the annex's records (self-checks, observations,
// interviews, report reviews, survey campaigns). Every change is audited in
// the transaction that makes it (recordAudit).
import { and, asc, desc, eq, gte, inArray, lt, ne, or, sql } from 'drizzle-orm';
import type { Database } from '#src/db/client.ts';
import { recordAudit } from '#src/audit/queries.ts';
import { staffMembers } from '#src/staff/schema.ts';
import type { IsoDate } from '#src/calendar/dates.ts';
import {
  interviewParticipants,
  interviews,
  observations,
  reportReviews,
  selfChecks,
  surveyItems,
  surveys,
  type ReviewedReport,
} from './schema.ts';
import type { InterviewInput, ObservationInput, SelfCheckInput } from './records.ts';
import { seedItems, seedScale } from './seed-data.ts';

export type Viewer = { id: number; role: string; unitId: number | null };

export type SelfCheck = typeof selfChecks.$inferSelect;

export async function findSelfCheck(db: Database, staffId: number, onDate: IsoDate): Promise<SelfCheck | undefined> {
  const [row] = await db
    .select()
    .from(selfChecks)
    .where(and(eq(selfChecks.staffId, staffId), eq(selfChecks.onDate, onDate)));
  return row;
}

/**
 * Q-1a, Q-2a, Q-5a: today's self-check, new or changed. Only today's: the
 * date is the caller's Riga today, never a posted one, so a past day cannot
 * be rewritten.
 */
export async function saveSelfCheck(
  db: Database,
  actorId: number,
  today: IsoDate,
  input: SelfCheckInput,
  now = new Date(),
): Promise<'created' | 'updated'> {
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(selfChecks)
      .where(and(eq(selfChecks.staffId, actorId), eq(selfChecks.onDate, today)))
      .for('update');
    const [after] = await tx
      .insert(selfChecks)
      .values({ staffId: actorId, onDate: today, answers: input.answers, note: input.note, createdAt: now, updatedAt: now })
      .onConflictDoUpdate({
        target: [selfChecks.staffId, selfChecks.onDate],
        set: { answers: input.answers, note: input.note, updatedAt: now },
      })
      .returning();
    await recordAudit(tx, {
      actorStaffId: actorId,
      action: before ? 'quality.self_check.update' : 'quality.self_check.create',
      entity: 'quality_self_check',
      entityId: after!.id,
      before: before ? { answers: before.answers, note: before.note } : null,
      after: { onDate: today, answers: input.answers, note: input.note },
    });
    return before ? 'updated' : 'created';
  });
}

/** An official's own self-checks, newest first: nobody else's (officials see only their own records). */
export async function listOwnSelfChecks(db: Database, staffId: number, limit = 20): Promise<SelfCheck[]> {
  return db.select().from(selfChecks).where(eq(selfChecks.staffId, staffId)).orderBy(desc(selfChecks.onDate)).limit(limit);
}

export type StaffRef = { id: number; fullName: string; unitId: number | null };

/** Q-1b, Q-2b: the officials whose direct manager this is. */
export async function directReports(db: Database, managerId: number): Promise<StaffRef[]> {
  return db
    .select({ id: staffMembers.id, fullName: staffMembers.fullName, unitId: staffMembers.unitId })
    .from(staffMembers)
    .where(and(eq(staffMembers.managerId, managerId), eq(staffMembers.active, true)))
    .orderBy(asc(staffMembers.fullName));
}

/** Q-1c: who may take part in a manager's interview or discussion: the staff of their unit and their direct reports. */
export async function unitColleagues(db: Database, viewer: Viewer): Promise<StaffRef[]> {
  return db
    .select({ id: staffMembers.id, fullName: staffMembers.fullName, unitId: staffMembers.unitId })
    .from(staffMembers)
    .where(
      and(
        eq(staffMembers.active, true),
        ne(staffMembers.id, viewer.id),
        inArray(staffMembers.role, ['official', 'manager']),
        or(viewer.unitId ? eq(staffMembers.unitId, viewer.unitId) : sql`false`, eq(staffMembers.managerId, viewer.id)),
      ),
    )
    .orderBy(asc(staffMembers.fullName));
}

export async function saveObservation(db: Database, observerId: number, input: ObservationInput): Promise<number> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(observations)
      .values({ staffId: input.staffId, observerId, onDate: input.onDate, scores: input.scores, note: input.note })
      .returning({ id: observations.id });
    await recordAudit(tx, {
      actorStaffId: observerId,
      action: 'quality.observation.create',
      entity: 'quality_observation',
      entityId: row!.id,
      after: { ...input },
    });
    return row!.id;
  });
}

export type ObservationView = typeof observations.$inferSelect & { staffName: string };

/** Observations by a manager, or of one official (their own records), newest first. */
export async function listObservations(
  db: Database,
  filter: { observerId: number } | { staffId: number },
  limit = 20,
): Promise<ObservationView[]> {
  const rows = await db
    .select({ o: observations, staffName: staffMembers.fullName })
    .from(observations)
    .innerJoin(staffMembers, eq(staffMembers.id, observations.staffId))
    .where('observerId' in filter ? eq(observations.observerId, filter.observerId) : eq(observations.staffId, filter.staffId))
    .orderBy(desc(observations.onDate), desc(observations.id))
    .limit(limit);
  return rows.map((r) => ({ ...r.o, staffName: r.staffName }));
}

export async function saveInterview(db: Database, manager: Viewer, input: InterviewInput): Promise<number> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(interviews)
      .values({
        managerId: manager.id,
        unitId: manager.unitId,
        kind: input.kind,
        heldOn: input.heldOn,
        topics: input.topics,
        agreedActions: input.agreedActions,
      })
      .returning({ id: interviews.id });
    await tx.insert(interviewParticipants).values(input.participantIds.map((staffId) => ({ interviewId: row!.id, staffId })));
    await recordAudit(tx, {
      actorStaffId: manager.id,
      action: 'quality.interview.create',
      entity: 'quality_interview',
      entityId: row!.id,
      after: { ...input },
    });
    return row!.id;
  });
}

export type InterviewView = typeof interviews.$inferSelect & { participants: string[] };

/** A manager's interviews, or the ones an official took part in (their own records), newest first. */
export async function listInterviews(
  db: Database,
  filter: { managerId: number } | { participantId: number },
  limit = 20,
): Promise<InterviewView[]> {
  const rows = await db
    .select()
    .from(interviews)
    .where(
      'managerId' in filter
        ? eq(interviews.managerId, filter.managerId)
        : inArray(
            interviews.id,
            db
              .select({ id: interviewParticipants.interviewId })
              .from(interviewParticipants)
              .where(eq(interviewParticipants.staffId, filter.participantId)),
          ),
    )
    .orderBy(desc(interviews.heldOn), desc(interviews.id))
    .limit(limit);
  if (rows.length === 0) return [];
  const people = await db
    .select({ interviewId: interviewParticipants.interviewId, name: staffMembers.fullName })
    .from(interviewParticipants)
    .innerJoin(staffMembers, eq(staffMembers.id, interviewParticipants.staffId))
    .where(
      inArray(
        interviewParticipants.interviewId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(asc(staffMembers.fullName));
  return rows.map((r) => ({ ...r, participants: people.filter((p) => p.interviewId === r.id).map((p) => p.name) }));
}

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

// Survey campaigns (Q-2c, Q-3): a manager opens and closes them.

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

/** The records the schedule needs, from `from` (inclusive) to `until` (exclusive). */
export async function scheduleRecords(db: Database, from: IsoDate, until: IsoDate) {
  const [checks, observed, held, reviews, campaigns] = await Promise.all([
    db
      .select({ staffId: selfChecks.staffId, onDate: selfChecks.onDate })
      .from(selfChecks)
      .where(and(gte(selfChecks.onDate, from), lt(selfChecks.onDate, until))),
    // Only the direct manager's observations count for the schedule (Q-1b: "direct manager").
    db
      .select({ staffId: observations.staffId, onDate: observations.onDate })
      .from(observations)
      .innerJoin(staffMembers, eq(staffMembers.id, observations.staffId))
      .where(and(gte(observations.onDate, from), lt(observations.onDate, until), eq(staffMembers.managerId, observations.observerId))),
    db
      .select({ managerId: interviews.managerId, heldOn: interviews.heldOn })
      .from(interviews)
      .where(and(gte(interviews.heldOn, from), lt(interviews.heldOn, until))),
    db.select({ staffId: reportReviews.staffId, report: reportReviews.report, period: reportReviews.period }).from(reportReviews),
    db
      .select({ period: surveys.period, year: surveys.year, open: surveys.open, opensOn: surveys.opensOn, closesOn: surveys.closesOn })
      .from(surveys)
      .where(eq(surveys.period, 'yearly')),
  ]);
  return { checks, observed, held, reviews, campaigns };
}

/** The people the schedule is about: officials with their manager, and managers. */
export async function schedulePeople(db: Database) {
  return db
    .select({
      id: staffMembers.id,
      fullName: staffMembers.fullName,
      role: staffMembers.role,
      unitId: staffMembers.unitId,
      managerId: staffMembers.managerId,
    })
    .from(staffMembers)
    .where(and(eq(staffMembers.active, true), inArray(staffMembers.role, ['official', 'manager'])))
    .orderBy(asc(staffMembers.fullName));
}
