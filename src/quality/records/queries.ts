// Reading and writing the annex's records (self-checks, observations,
// interviews), and who a manager's people are. Every change is audited in
// the transaction that makes it (recordAudit).
import { and, asc, desc, eq, inArray, ne, or, sql } from 'drizzle-orm';
import type { Database } from '#src/db/client.ts';
import { recordAudit } from '#src/audit/queries.ts';
import { staffMembers } from '#src/staff/schema.ts';
import type { IsoDate } from '#src/calendar/dates.ts';
import { interviewParticipants, interviews, observations, selfChecks } from '#src/quality/schema.ts';
import type { InterviewInput, ObservationInput, SelfCheckInput } from './rules.ts';

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

/**
 * Q-1c: who may take part in a manager's interview or discussion: the staff
 * of their unit and their direct reports. The director has no unit and
 * usually no direct reports, yet holds interviews and group discussions
 * with managers and officials of any unit: for them, everyone.
 */
export async function unitColleagues(db: Database, viewer: Viewer): Promise<StaffRef[]> {
  const whole = viewer.role === 'director';
  return db
    .select({ id: staffMembers.id, fullName: staffMembers.fullName, unitId: staffMembers.unitId })
    .from(staffMembers)
    .where(
      and(
        eq(staffMembers.active, true),
        ne(staffMembers.id, viewer.id),
        inArray(staffMembers.role, ['official', 'manager']),
        whole ? undefined : or(viewer.unitId ? eq(staffMembers.unitId, viewer.unitId) : sql`false`, eq(staffMembers.managerId, viewer.id)),
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
