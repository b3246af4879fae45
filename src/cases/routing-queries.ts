import { and, eq, inArray, sql } from 'drizzle-orm';
import { preparedOnce, type Database } from '#src/db/client.ts';
import { staffMembers } from '#src/staff/schema.ts';
import { routeInUnit, type RoutingChoice, type UnitPerson } from './routing.ts';

// The queries beside routing.ts's rules: who is in a unit to route to, and
// who hears about a case that nobody was found for (M4).

type Reader = Pick<Database, 'select'>;

/** S-10: the unit's active officials and managers with their open cases, for routing (in every Send: prepared once). */
export function unitPeople(reader: Reader, unitId: number): Promise<UnitPerson[]> {
  return preparedOnce(reader, 'unit_people', (name) => unitPeopleQuery(reader, name)).execute({ unitId });
}

function unitPeopleQuery(reader: Reader, name: string) {
  return reader
    .select({
      id: staffMembers.id,
      role: staffMembers.role,
      languages: staffMembers.languages,
      // From the counts the triggers keep (docs/0029), not by counting the
      // cases: a count grew with each official's open cases and ran in every
      // Send (issue 18). Written out with aliases: Drizzle leaves columns
      // unqualified in a one-table select, which would bind both sides to the
      // subquery's table.
      openCases: sql<number>`(select coalesce(sum(held.n), 0)::int from open_case_counts held where held.assignee_id = staff_members.id)`,
    })
    .from(staffMembers)
    .where(
      and(
        eq(staffMembers.unitId, sql.placeholder('unitId')),
        eq(staffMembers.active, true),
        inArray(staffMembers.role, ['official', 'manager']),
      ),
    )
    .prepare(name);
}

/** Routes a case into a unit (routing.ts), with the languages its people speak for the S-7 check. */
export async function routeToUnit(
  reader: Reader,
  unitId: number,
  replyLanguage: string,
): Promise<{ choice: RoutingChoice; spoken: Array<readonly string[]> }> {
  const people = await unitPeople(reader, unitId);
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
