import { aliasedTable, and, asc, desc, eq, gte, inArray, lt, lte, sql, type Column, type SQL } from 'drizzle-orm';
import type { Database } from '#src/db/client.ts';
import { topics, units } from '#src/settings/schema.ts';
import { staffMembers } from '#src/staff/schema.ts';
import { addWorkingDays, workingDaysBetween, type CalendarData } from '#src/calendar/working-days.ts';
import {
  CASE_CHANNELS,
  CASE_KINDS,
  CASE_STATUSES,
  cases,
  openCaseCounts,
  type CaseChannel,
  type CaseKind,
  type CaseStatus,
} from './schema.ts';
import { OPEN_STATUSES, snippet, SNIPPET_LENGTH, urgency, type Actor, type Urgency } from './rules.ts';
import { recordId } from '#src/platform/ids.ts';
import { heldByNobody } from './routing-queries.ts';

// The officials' workspace: "my cases", "my unit's cases", and all units for
// the director, filtered and sorted in the database, a page at a time.
// Issue 18 (docs/0029): at 1 000 000 cases a page starts after the last case
// of the one before (a cursor on an index, never OFFSET); a list of open
// cases says how many it holds from open_case_counts (kept by triggers) and
// the open cases due from today on (few: deadlines are weeks ahead); a list
// that takes in ended cases, years of them, does not count them: it pages on.

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
  /** Which page this is, as the links counted it; only shown. */
  page: number;
  /** The page after this case, or the one before it (a cursor from caseCursor); null for the first page. */
  after: string | null;
  before: string | null;
};

/** Reads filters from a query string, falling back to safe defaults. */
export function filtersFrom(params: URLSearchParams, actor: Actor): CaseFilters {
  const pick = <T extends string>(value: string | null, allowed: readonly T[], fallback: T): T =>
    value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
  const defaultScope = actor.role === 'director' ? 'all' : actor.role === 'manager' ? 'unit' : 'mine';
  const scopes = actor.role === 'director' ? (['mine', 'unit', 'all'] as const) : (['mine', 'unit'] as const);
  const topic = recordId(params.get('topic'));
  const sort = pick(params.get('sort'), ['due', 'received'] as const, 'due');
  const after = validCursor(params.get('after'), sort);
  const before = after ? null : validCursor(params.get('before'), sort);
  return {
    scope: pick(params.get('scope'), scopes, defaultScope),
    status: pick(params.get('status'), ['open', 'all', ...CASE_STATUSES] as const, 'open'),
    kind: pick(params.get('kind'), ['', ...CASE_KINDS] as const, ''),
    channel: pick(params.get('channel'), ['', ...CASE_CHANNELS] as const, ''),
    topicId: topic ?? null,
    due: pick(params.get('due'), ['', 'overdue', 'due_soon'] as const, ''),
    assigned: pick(params.get('assigned'), ['', 'none'] as const, ''),
    sort,
    // Without a cursor it is the first page, whatever the address says.
    page: after || before ? Math.min(1_000_000, Math.max(1, Math.floor(Number(params.get('page'))) || 1)) : 1,
    after,
    before,
  };
}

/**
 * A cursor: the sort key of a case and its id, "2026-11-24.123" (due date, or
 * "infinity" when it has none) or "1764668400123456.123" (received, in
 * microseconds, exact: a case received in the same millisecond is not
 * skipped). Anything else in an address is no cursor (the first page).
 */
export function validCursor(value: string | null, sort: CaseFilters['sort']): string | null {
  if (!value) return null;
  const match = /^([0-9-]{10}|infinity|\d{1,17})\.([1-9]\d{0,9})$/.exec(value);
  if (!match || !recordId(match[2])) return null;
  const key = match[1]!;
  if (sort === 'received') return /^\d+$/.test(key) && Number(key) <= Number.MAX_SAFE_INTEGER ? value : null;
  if (key === 'infinity') return value;
  const day = new Date(`${key}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(key) && !Number.isNaN(day.getTime()) && day.toISOString().startsWith(key) ? value : null;
}

function splitCursor(cursor: string): [string, number] {
  const at = cursor.lastIndexOf('.');
  return [cursor.slice(0, at), Number(cursor.slice(at + 1))];
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

export type CaseList = {
  rows: CaseListRow[];
  /** How many cases the list holds; null for a list that takes in ended cases (not counted, issue 18). */
  total: number | null;
  /** Cursors for the next and the previous page; null when there is none. */
  next: string | null;
  previous: string | null;
};

/** The statuses a list can hold when it holds only open cases (then it is counted); null when it takes in ended ones. */
function openStatusesOf(filters: CaseFilters): CaseStatus[] | null {
  const asked = filters.status === 'open' || filters.status === 'all' ? [...OPEN_STATUSES] : [filters.status];
  const onlyOpen = filters.due !== '' || filters.assigned === 'none' || filters.status !== 'all';
  if (!onlyOpen) return null;
  const open = asked.filter((s) => OPEN_STATUSES.includes(s));
  // An ended status asked for by itself, without a due or holder filter: ended cases, not counted.
  return open.length === 0 && filters.due === '' && filters.assigned === '' ? null : open;
}

/**
 * The cases in these statuses, the statuses written into the query, not
 * bound: a prepared statement's generic plan cannot tell that a bound list
 * names only open statuses, and would not use the partial indexes. Each is
 * one of CASE_STATUSES (checked), never text from a request.
 */
function statusIn(statuses: readonly CaseStatus[]): SQL {
  if (statuses.length === 0) return sql`false`;
  if (!statuses.every((s) => CASE_STATUSES.includes(s))) throw new Error('not a case status');
  return sql.raw(`"cases"."status" in (${statuses.map((s) => `'${s}'`).join(', ')})`);
}

/** The deadline order's key (caseDueKey), on the cases of a query that joins other tables. */
const caseDueKeyOf = sql`coalesce(${cases.dueOn}, 'infinity'::date)`;

/** Who sees what: an official their own and their unit's, a manager the unit's, the director all. */
function scopeOf(actor: Actor, scope: CaseFilters['scope'], on: { unitId: Column; assigneeId: Column }) {
  if (scope === 'mine') return eq(on.assigneeId, actor.id);
  if (scope === 'unit' || actor.role !== 'director') return actor.unitId ? eq(on.unitId, actor.unitId) : sql`false`;
  return undefined;
}

export async function listCases(
  db: Database,
  actor: Actor,
  filters: CaseFilters,
  calendar: CalendarData,
  today: string,
): Promise<CaseList> {
  const counted = openStatusesOf(filters);
  const where: Array<SQL | undefined> = [scopeOf(actor, filters.scope, cases)];
  if (counted) where.push(statusIn(counted));
  else if (filters.status !== 'all' && filters.status !== 'open') where.push(eq(cases.status, filters.status));
  if (filters.kind) where.push(eq(cases.kind, filters.kind));
  if (filters.channel) where.push(eq(cases.channel, filters.channel));
  if (filters.topicId) where.push(eq(cases.topicId, filters.topicId));
  // On the deadline key (no deadline: never overdue, never due soon), the partial indexes' first column after the scope.
  if (filters.due === 'overdue') where.push(lt(caseDueKeyOf, today));
  else if (filters.due === 'due_soon') where.push(gte(caseDueKeyOf, today), lte(caseDueKeyOf, dueSoonUntil(calendar, today)));
  if (filters.assigned === 'none') where.push(heldByNobody);
  const byDue = filters.sort === 'due';
  const key = byDue ? caseDueKeyOf : cases.receivedAt;
  const cursor = filters.after ?? filters.before;
  const backwards = filters.before !== null;
  if (cursor) {
    const [k, id] = splitCursor(cursor);
    const at = byDue ? sql`${k}::date` : sql`timestamptz 'epoch' + ${k}::bigint * interval '1 microsecond'`;
    // Deadlines run up, receipts down: "after" is greater by deadline, smaller by receipt.
    where.push(byDue !== backwards ? sql`(${key}, ${cases.id}) > (${at}, ${id})` : sql`(${key}, ${cases.id}) < (${at}, ${id})`);
  }
  const ascending = byDue !== backwards;
  const assignee = aliasedTable(staffMembers, 'assignee');
  const [found, total] = await Promise.all([
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
        key: byDue ? sql<string>`${caseDueKeyOf}::text` : sql<string>`(extract(epoch from ${cases.receivedAt}) * 1000000)::bigint::text`,
      })
      .from(cases)
      .innerJoin(units, eq(units.id, cases.unitId))
      .leftJoin(topics, eq(topics.id, cases.topicId))
      .leftJoin(assignee, eq(assignee.id, cases.assigneeId))
      .where(and(...where))
      .orderBy(...(ascending ? [asc(key), asc(cases.id)] : [desc(key), desc(cases.id)]))
      // One more than a page: whether there is another page, without counting.
      .limit(PAGE_SIZE + 1),
    counted ? countOpen(db, actor, filters, counted, calendar, today) : null,
  ]);
  const more = found.length > PAGE_SIZE;
  const page = backwards ? found.slice(0, PAGE_SIZE).reverse() : found.slice(0, PAGE_SIZE);
  const cursorOf = (r: (typeof page)[number] | undefined) => (r ? `${r.key}.${r.id}` : null);
  return {
    total,
    // Back from a later page there is always a next one; forward, one more row says so.
    next: backwards || more ? cursorOf(page.at(-1)) : null,
    previous: (backwards ? more : cursor !== null) ? cursorOf(page[0]) : null,
    rows: page.map(({ details, key: _key, ...r }) => {
      const open = OPEN_STATUSES.includes(r.status);
      const left = open && r.dueOn ? workingDaysBetween(calendar, today, r.dueOn) : null;
      return { ...r, workingDaysLeft: left, urgency: urgency(left), snippet: snippet(details ?? '') };
    }),
  };
}

/**
 * How many open cases a list holds, without counting them one by one: the
 * sum of open_case_counts for the unit, holder, status, kind, channel and
 * topic asked for; overdue ones are those less the ones due today or later
 * (or without a deadline), which the deadlines keep few; due soon ones are
 * few, counted on the index.
 */
async function countOpen(
  db: Database,
  actor: Actor,
  filters: CaseFilters,
  statuses: CaseStatus[],
  calendar: CalendarData,
  today: string,
): Promise<number> {
  if (statuses.length === 0) return 0;
  const o = openCaseCounts;
  const fromCounts = () =>
    db
      .select({ n: sql<number>`coalesce(sum(${o.n}), 0)::int` })
      .from(o)
      .where(
        and(
          scopeOf(actor, filters.scope, o),
          inArray(o.status, statuses),
          filters.kind ? eq(o.kind, filters.kind) : undefined,
          filters.channel ? eq(o.channel, filters.channel) : undefined,
          filters.topicId ? eq(o.topicId, filters.topicId) : undefined,
          filters.assigned === 'none' ? heldByNobodyCounted : undefined,
        ),
      );
  const fromCases = (due: SQL) =>
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(cases)
      .where(
        and(
          scopeOf(actor, filters.scope, cases),
          statusIn(statuses),
          filters.kind ? eq(cases.kind, filters.kind) : undefined,
          filters.channel ? eq(cases.channel, filters.channel) : undefined,
          filters.topicId ? eq(cases.topicId, filters.topicId) : undefined,
          filters.assigned === 'none' ? heldByNobody : undefined,
          due,
        ),
      );
  const notYetDue = sql`${caseDueKeyOf} >= ${today}::date`;
  if (filters.due === 'due_soon') {
    const [row] = await fromCases(sql`${caseDueKeyOf} between ${today}::date and ${dueSoonUntil(calendar, today)}::date`);
    return row?.n ?? 0;
  }
  const [[all], [later]] = await Promise.all([fromCounts(), filters.due === 'overdue' ? fromCases(notYetDue) : [{ n: 0 }]]);
  return (all?.n ?? 0) - (later?.n ?? 0);
}

/** heldByNobody, for open_case_counts: no holder, or one who has left. */
const heldByNobodyCounted = sql`(${openCaseCounts.assigneeId} is null or not exists (select 1 from staff_members holder where holder.id = ${openCaseCounts.assigneeId} and holder.active))`;

/**
 * S-4.8, S-10 (M4): the open cases nobody holds, for the first screen of
 * those who must hand them out: the director (every unit) and a manager
 * (their unit). Others: none to show.
 */
export async function unassignedCount(db: Database, actor: Actor): Promise<number> {
  if (actor.role !== 'director' && !(actor.role === 'manager' && actor.unitId)) return 0;
  const [row] = await db
    .select({ n: sql<number>`coalesce(sum(${openCaseCounts.n}), 0)::int` })
    .from(openCaseCounts)
    .where(and(heldByNobodyCounted, actor.role === 'director' ? undefined : eq(openCaseCounts.unitId, actor.unitId!)));
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
 * urgency rule), held by nobody (managers and the director), and the
 * refusal proposals waiting for the director (S-11/12). The same counts as
 * the lists' totals (countOpen).
 */
export async function caseCounts(db: Database, actor: Actor, calendar: CalendarData, today: string): Promise<CaseCounts> {
  const base = filtersFrom(new URLSearchParams(), actor);
  const count = async (change: Partial<CaseFilters>) => countOpen(db, actor, { ...base, ...change }, [...OPEN_STATUSES], calendar, today);
  const handsOut = actor.role === 'director' || actor.role === 'manager';
  const decides = actor.role === 'director';
  const [overdue, dueSoon, unassigned, [decisions]] = await Promise.all([
    count({ due: 'overdue' }),
    count({ due: 'due_soon' }),
    // Handing out cases is the managers' and the director's (M4); deciding a refusal is the director's alone.
    handsOut ? count({ assigned: 'none' }) : 0,
    decides
      ? db
          .select({ n: sql<number>`count(*)::int` })
          .from(cases)
          .where(and(eq(cases.pendingDecision, 'refusal'), statusIn(OPEN_STATUSES), scopeOf(actor, base.scope, cases)))
      : [{ n: 0 }],
  ]);
  return { overdue, dueSoon, unassigned, decisions: decisions?.n ?? 0 };
}
