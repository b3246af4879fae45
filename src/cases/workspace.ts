import { aliasedTable, and, asc, desc, eq, gte, inArray, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '#src/db/client.ts';
import { topics, units } from '#src/settings/schema.ts';
import { staffMembers } from '#src/staff/schema.ts';
import { addWorkingDays, workingDaysBetween, type CalendarData } from '#src/calendar/working-days.ts';
import {
  CASE_CHANNELS,
  CASE_KINDS,
  CASE_STATUSES,
  caseAttachments,
  caseEvents,
  cases,
  type CaseChannel,
  type CaseKind,
  type CaseStatus,
} from './schema.ts';
import { maySeeCase, OPEN_STATUSES, snippet, SNIPPET_LENGTH, urgency, type Actor, type Urgency } from './rules.ts';
import { recordId } from '#src/platform/ids.ts';
import { heldByNobody } from './routing-queries.ts';
import { listClientMessages } from './client-messages.ts';

// The officials' workspace: "my cases", "my unit's cases", and all units for
// the director, filtered and sorted in the database (indexed), a page at a
// time, so it stays fast at 100 000 cases.

export const PAGE_SIZE = 25;

export type CaseFilters = {
  scope: 'mine' | 'unit' | 'all';
  status: 'open' | 'all' | CaseStatus;
  kind: CaseKind | '';
  /** Issue 16: how the cases arrived (web, post, …); '' for every channel. */
  channel: CaseChannel | '';
  topicId: number | null;
  due: '' | 'overdue' | 'due_soon';
  /** 'none': only the open cases nobody holds (M4). */
  assigned: '' | 'none';
  sort: 'due' | 'received';
  page: number;
};

/** Reads filters from a query string, falling back to safe defaults. */
export function filtersFrom(params: URLSearchParams, actor: Actor): CaseFilters {
  const pick = <T extends string>(value: string | null, allowed: readonly T[], fallback: T): T =>
    value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
  const defaultScope = actor.role === 'director' ? 'all' : actor.role === 'manager' ? 'unit' : 'mine';
  const scopes = actor.role === 'director' ? (['mine', 'unit', 'all'] as const) : (['mine', 'unit'] as const);
  const topic = recordId(params.get('topic'));
  return {
    scope: pick(params.get('scope'), scopes, defaultScope),
    status: pick(params.get('status'), ['open', 'all', ...CASE_STATUSES] as const, 'open'),
    kind: pick(params.get('kind'), ['', ...CASE_KINDS] as const, ''),
    channel: pick(params.get('channel'), ['', ...CASE_CHANNELS] as const, ''),
    topicId: topic ?? null,
    due: pick(params.get('due'), ['', 'overdue', 'due_soon'] as const, ''),
    assigned: pick(params.get('assigned'), ['', 'none'] as const, ''),
    sort: pick(params.get('sort'), ['due', 'received'] as const, 'due'),
    page: Math.min(10_000, Math.max(1, Math.floor(Number(params.get('page'))) || 1)),
  };
}

export type CaseListRow = {
  id: number;
  reference: string;
  kind: CaseKind;
  status: CaseStatus;
  receivedAt: Date;
  /** S-14.1: a case in the triage unit shows by when it must be forwarded if it is not ours. */
  receivedOn: string;
  inTriage: boolean;
  dueOn: string | null;
  topicLv: string | null;
  topicEn: string | null;
  unitLv: string;
  unitEn: string;
  assigneeName: string | null;
  pendingDecision: string | null;
  workingDaysLeft: number | null;
  urgency: Urgency;
  /** D19: who wrote (null when anonymous or unnamed) and the first line of what. */
  anonymous: boolean;
  contactName: string | null;
  snippet: string;
  /** The language the client used the portal in: the snippet is marked with it (WCAG 3.1.2, D21). */
  locale: string;
  /** Issue 16: the client added something the holder has not yet opened. */
  newClientMessage: boolean;
};

export async function listCases(
  db: Database,
  actor: Actor,
  filters: CaseFilters,
  calendar: CalendarData,
  today: string,
): Promise<{ rows: CaseListRow[]; total: number }> {
  const where: Array<SQL | undefined> = [];
  // Who sees what: an official their own and their unit's, a manager the unit's, the director all.
  if (filters.scope === 'mine') where.push(eq(cases.assigneeId, actor.id));
  else if (filters.scope === 'unit' || actor.role !== 'director') where.push(actor.unitId ? eq(cases.unitId, actor.unitId) : sql`false`);
  if (filters.status === 'open') where.push(inArray(cases.status, [...OPEN_STATUSES]));
  else if (filters.status !== 'all') where.push(eq(cases.status, filters.status));
  if (filters.kind) where.push(eq(cases.kind, filters.kind));
  if (filters.channel) where.push(eq(cases.channel, filters.channel));
  if (filters.topicId) where.push(eq(cases.topicId, filters.topicId));
  if (filters.due) {
    where.push(inArray(cases.status, [...OPEN_STATUSES]));
    if (filters.due === 'overdue') where.push(lt(cases.dueOn, today));
    else where.push(and(gte(cases.dueOn, today), lte(cases.dueOn, dueSoonUntil(calendar, today))));
  }
  if (filters.assigned === 'none') where.push(inArray(cases.status, [...OPEN_STATUSES]), heldByNobody);
  const condition = and(...where);
  const assignee = aliasedTable(staffMembers, 'assignee');
  const [rows, [count]] = await Promise.all([
    db
      .select({
        id: cases.id,
        reference: cases.reference,
        kind: cases.kind,
        status: cases.status,
        receivedAt: cases.receivedAt,
        receivedOn: cases.receivedOn,
        inTriage: units.isTriage,
        dueOn: cases.dueOn,
        topicLv: topics.nameLv,
        topicEn: topics.nameEn,
        unitLv: units.nameLv,
        unitEn: units.nameEn,
        assigneeName: assignee.fullName,
        pendingDecision: cases.pendingDecision,
        anonymous: cases.anonymous,
        contactName: cases.contactName,
        locale: cases.locale,
        newClientMessage: sql<boolean>`${cases.clientMessageUnreadSince} is not null`,
        // D19: the start of the text only; a client's letter can be 20 000 characters.
        details: sql<string>`left(${cases.details}, ${SNIPPET_LENGTH * 2})`,
      })
      .from(cases)
      .innerJoin(units, eq(units.id, cases.unitId))
      .leftJoin(topics, eq(topics.id, cases.topicId))
      .leftJoin(assignee, eq(assignee.id, cases.assigneeId))
      .where(condition)
      .orderBy(...(filters.sort === 'due' ? [sql`${cases.dueOn} asc nulls last`, asc(cases.id)] : [desc(cases.receivedAt), desc(cases.id)]))
      .limit(PAGE_SIZE)
      .offset((filters.page - 1) * PAGE_SIZE),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(cases)
      .where(condition),
  ]);
  return {
    total: count?.n ?? 0,
    rows: rows.map(({ details, ...r }) => {
      const open = OPEN_STATUSES.includes(r.status);
      const left = open && r.dueOn ? workingDaysLeft(calendar, today, r.dueOn) : null;
      return { ...r, workingDaysLeft: left, urgency: urgency(left), snippet: snippet(details ?? '') };
    }),
  };
}

/**
 * S-4.8, S-10 (M4): the open cases nobody holds, for the first screen of
 * those who must hand them out: the director (every unit) and a manager
 * (their unit). Others: none to show.
 */
export async function unassignedCount(db: Database, actor: Actor): Promise<number> {
  if (actor.role !== 'director' && !(actor.role === 'manager' && actor.unitId)) return 0;
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(cases)
    .where(
      and(inArray(cases.status, [...OPEN_STATUSES]), heldByNobody, actor.role === 'director' ? undefined : eq(cases.unitId, actor.unitId!)),
    );
  return row?.n ?? 0;
}

/** The last day a case is "due soon" (urgency: 2 working days left at most): the workspace filter and the home's count agree. */
export function dueSoonUntil(calendar: CalendarData, today: string): string {
  return addWorkingDays(calendar, today, 2);
}

export type CaseCounts = { overdue: number; dueSoon: number; unassigned: number; decisions: number };

/**
 * D19: the staff home's counts, each the number of cases its link finds in
 * the workspace's default list for this person (filtersFrom: an official's
 * own cases, a manager's unit, the director's all): overdue, due soon
 * (today or the next 2 working days: "within 2 working days", the
 * urgency rule), held by nobody (managers and the
 * director), and the refusal proposals waiting for the director (S-11/12).
 * One pass over the open cases, on the indexes the lists use.
 */
export async function caseCounts(db: Database, actor: Actor, calendar: CalendarData, today: string): Promise<CaseCounts> {
  const scope = filtersFrom(new URLSearchParams(), actor).scope;
  const mine = scope === 'mine' ? eq(cases.assigneeId, actor.id) : undefined;
  const unit = scope === 'unit' ? (actor.unitId ? eq(cases.unitId, actor.unitId) : sql`false`) : undefined;
  const soon = dueSoonUntil(calendar, today);
  const [row] = await db
    .select({
      overdue: sql<number>`(count(*) filter (where ${cases.dueOn} < ${today}))::int`,
      dueSoon: sql<number>`(count(*) filter (where ${cases.dueOn} >= ${today} and ${cases.dueOn} <= ${soon}))::int`,
      unassigned: sql<number>`(count(*) filter (where ${heldByNobody}))::int`,
      decisions: sql<number>`(count(*) filter (where ${cases.pendingDecision} = 'refusal'))::int`,
    })
    .from(cases)
    .where(and(inArray(cases.status, [...OPEN_STATUSES]), mine, unit));
  const counts = {
    overdue: row?.overdue ?? 0,
    dueSoon: row?.dueSoon ?? 0,
    unassigned: row?.unassigned ?? 0,
    decisions: row?.decisions ?? 0,
  };
  return {
    ...counts,
    // Handing out cases is the managers' and the director's (M4); deciding a refusal is the director's alone.
    unassigned: actor.role === 'director' || actor.role === 'manager' ? counts.unassigned : 0,
    decisions: actor.role === 'director' ? counts.decisions : 0,
  };
}

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
