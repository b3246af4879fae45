import { and, eq, inArray, sql, type Placeholder, type SQL } from 'drizzle-orm';
import { preparedSql, type Database } from '#src/db/client.ts';
import { staffMembers } from '#src/staff/schema.ts';
import { routeInUnit, type RoutingChoice, type UnitPerson } from './routing.ts';

// The queries beside routing.ts's rules: who is in a unit to route to, and
// who hears about a case that nobody was found for (M4).

type Reader = Pick<Database, 'select'>;

/**
 * S-10: the active officials and managers of the unit `unitId` with their
 * open cases, as a JSON array of UnitPerson: for routing, read on its own
 * (unitPeople) or in the statement that reads a Send's draft
 * (intake/queries.ts, findDraftToSend). The open cases come from the counts
 * the triggers keep (docs/0029), not by counting the cases: a count grew
 * with each official's open cases and ran in every Send (issue 18).
 */
export function unitPeopleJson(unitId: SQL | SQL.Aliased | Placeholder): SQL {
  return sql`coalesce((select json_agg(json_build_object(
      'id', staff_members.id, 'role', staff_members.role, 'languages', staff_members.languages,
      'openCases', (select coalesce(sum(held.n), 0)::int from open_case_counts held where held.assignee_id = staff_members.id)))
    from staff_members
    where staff_members.unit_id = ${unitId} and staff_members.active and staff_members.role in ('official', 'manager')), '[]'::json)`;
}

/** The people unitPeopleJson names, read on their own (prepared once per handle). */
export async function unitPeople(db: Database, unitId: number): Promise<UnitPerson[]> {
  const [row] = await preparedSql<{ people: UnitPerson[] }>(
    db,
    'unit_people',
    () => sql`select ${unitPeopleJson(sql.placeholder('unitId'))} as people`,
  )({ unitId });
  return row?.people ?? [];
}

/** Routes a case into a unit (routing.ts), with the languages its people speak for the S-7 check. */
export async function routeToUnit(
  db: Database,
  unitId: number,
  replyLanguage: string,
): Promise<{ choice: RoutingChoice; spoken: Array<readonly string[]> }> {
  const people = await unitPeople(db, unitId);
  return { choice: routeInUnit(people, replyLanguage), spoken: people.map((p) => p.languages) };
}

/**
 * Who is told of a case that nobody in its unit holds (S-4.8, M4): the
 * unit's active managers, else the active directors, whose queue it is in.
 */
export async function unassignedCaseRecipients(reader: Reader, unitId: number): Promise<string[]> {
  const managers = await reader
    .select({ email: staffMembers.email })
    .from(staffMembers)
    .where(and(eq(staffMembers.unitId, unitId), eq(staffMembers.role, 'manager'), eq(staffMembers.active, true)));
  if (managers.length > 0) return managers.map((m) => m.email);
  const directors = await reader
    .select({ email: staffMembers.email })
    .from(staffMembers)
    .where(and(eq(staffMembers.role, 'director'), eq(staffMembers.active, true)));
  return directors.map((d) => d.email);
}

/**
 * A case nobody holds (M4): no assignee, or one who has left (inactive).
 * Plain SQL over `cases`, for queries whose main table it is.
 */
export const heldByNobody = sql`(cases.assignee_id is null or not exists (select 1 from staff_members holder where holder.id = cases.assignee_id and holder.active))`;

/** Each unit's active officials and managers, counted (for unitCover). */
export async function unitStaffing(reader: Reader): Promise<Map<number, { officials: number; managers: number }>> {
  const rows = await reader
    .select({ unitId: staffMembers.unitId, role: staffMembers.role, n: sql<number>`count(*)::int` })
    .from(staffMembers)
    .where(and(eq(staffMembers.active, true), inArray(staffMembers.role, ['official', 'manager'])))
    .groupBy(staffMembers.unitId, staffMembers.role);
  const byUnit = new Map<number, { officials: number; managers: number }>();
  for (const r of rows) {
    if (r.unitId === null) continue;
    const entry = byUnit.get(r.unitId) ?? { officials: 0, managers: 0 };
    if (r.role === 'official') entry.officials += r.n;
    else entry.managers += r.n;
    byUnit.set(r.unitId, entry);
  }
  return byUnit;
}
