import { aliasedTable, and, asc, eq, inArray, or } from 'drizzle-orm';
import type { Database } from '#src/db/client.ts';
import { topics, units } from '#src/settings/schema.ts';
import { staffMembers } from '#src/staff/schema.ts';
import { workingDaysBetween, type CalendarData } from '#src/calendar/working-days.ts';
import { caseAttachments, caseEvents, cases } from './schema.ts';
import { maySeeCase, type Actor } from './rules.ts';
import { listClientMessages } from './client-messages.ts';

// The workspace's lists and counts are in workspace-list.ts (issue 18); here
// one case for a member of staff.
export {
  caseCounts,
  dueSoonUntil,
  filtersFrom,
  listCases,
  PAGE_SIZE,
  unassignedCount,
  type CaseCounts,
  type CaseFilters,
  type CaseList,
  type CaseListRow,
} from './workspace-list.ts';

/** Working days from today to the due date; negative when it has passed. */
export function workingDaysLeft(calendar: CalendarData, today: string, dueOn: string): number {
  return workingDaysBetween(calendar, today, dueOn);
}

export type StaffCaseView = Awaited<ReturnType<typeof loadCase>>;

/** One case with its unit, topic, holder, history and files, for whoever may see it (callers check). */
export async function loadCase(db: Database, id: number) {
  const assignee = aliasedTable(staffMembers, 'assignee');
  const [row] = await db
    .select({
      c: cases,
      unitLv: units.nameLv,
      unitEn: units.nameEn,
      topicLv: topics.nameLv,
      topicEn: topics.nameEn,
      assigneeName: assignee.fullName,
    })
    .from(cases)
    .innerJoin(units, eq(units.id, cases.unitId))
    .leftJoin(topics, eq(topics.id, cases.topicId))
    .leftJoin(assignee, eq(assignee.id, cases.assigneeId))
    .where(eq(cases.id, id));
  if (!row) return undefined;
  const [history, files, messages] = await Promise.all([
    db
      .select({
        id: caseEvents.id,
        at: caseEvents.at,
        type: caseEvents.type,
        data: caseEvents.data,
        visibleToClient: caseEvents.visibleToClient,
        actorName: staffMembers.fullName,
      })
      .from(caseEvents)
      .leftJoin(staffMembers, eq(staffMembers.id, caseEvents.actorStaffId))
      .where(eq(caseEvents.caseId, id))
      .orderBy(asc(caseEvents.id)),
    db
      .select({
        id: caseAttachments.id,
        filename: caseAttachments.filename,
        contentType: caseAttachments.contentType,
        size: caseAttachments.size,
        messageId: caseAttachments.messageId,
      })
      .from(caseAttachments)
      .where(eq(caseAttachments.caseId, id))
      .orderBy(asc(caseAttachments.id)),
    listClientMessages(db, id),
  ]);
  return { ...row, history, files: files.filter((f) => f.messageId === null), messages };
}

/** A case for a member of staff, or undefined when it does not exist or is not theirs to see. */
export async function caseForStaff(db: Database, actor: Actor, id: number) {
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  const view = await loadCase(db, id);
  return view && maySeeCase(actor, view.c) ? view : undefined;
}

export async function attachmentForStaff(db: Database, actor: Actor, caseId: number, attachmentId: number) {
  const view = await caseForStaff(db, actor, caseId);
  if (!view || !Number.isSafeInteger(attachmentId)) return undefined;
  const [file] = await db
    .select()
    .from(caseAttachments)
    .where(and(eq(caseAttachments.id, attachmentId), eq(caseAttachments.caseId, caseId)));
  return file;
}

/** Who a case can be handed to: active officials and managers, and units. */
export async function reassignTargets(db: Database) {
  const [people, unitRows] = await Promise.all([
    db
      .select({ id: staffMembers.id, fullName: staffMembers.fullName, unitId: staffMembers.unitId })
      .from(staffMembers)
      .where(and(eq(staffMembers.active, true), inArray(staffMembers.role, ['official', 'manager'])))
      .orderBy(asc(staffMembers.fullName)),
    db.select().from(units).where(eq(units.active, true)).orderBy(asc(units.id)),
  ]);
  return { people, units: unitRows };
}

/** S-11/12: the proposals waiting for the director. */
export async function pendingRefusals(db: Database) {
  return db
    .select({ id: cases.id, reference: cases.reference, receivedAt: cases.receivedAt, dueOn: cases.dueOn })
    .from(cases)
    .where(and(eq(cases.pendingDecision, 'refusal'), or(eq(cases.status, 'received'), eq(cases.status, 'in_progress'))))
    .orderBy(asc(cases.dueOn));
}
