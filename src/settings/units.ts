// The institution's units (S-10: each topic's cases go to one; one unit
// takes the "I don't know" submissions): what the form accepts, the
// administrator's list and the save.
import { z } from 'zod';
import { asc, and, count, eq } from 'drizzle-orm';
import type { Database } from '#src/db/client.ts';
import { recordAudit } from '#src/audit/queries.ts';
import type { FieldProblem } from '#src/forms/errors.ts';
import { invalid, notFound, ok, type Outcome } from '#src/platform/outcome.ts';
import type { PostOf } from '#src/platform/post.ts';
import { changeAction, type Saved } from './changes.ts';
import { checkFields, LIMITS, optionalEmail, optionalPhone, refuse, required, unitCode } from './fields.ts';
import { topics, units } from './schema.ts';

export const UnitSchema = z.object({
  code: unitCode,
  nameLv: required(LIMITS.name),
  nameEn: required(LIMITS.name),
  email: optionalEmail,
  // S-4.5: published on the structure page, so checked as the institution's own number is.
  phone: optionalPhone,
  isTriage: z.boolean(),
  active: z.boolean(),
});
export type UnitPost = PostOf<typeof UnitSchema>;
export type UnitInput = z.output<typeof UnitSchema>;

export function checkUnit(post: UnitPost): Outcome<UnitInput> {
  const parsed = checkFields(UnitSchema, post);
  if (!parsed.ok) return parsed;
  // S-10: "I don't know" submissions go to the triage unit, so it must take cases.
  if (parsed.value.isTriage && !parsed.value.active) return refuse('active', 'triageInactive');
  return parsed;
}

export type UnitRow = typeof units.$inferSelect;

/** Units with how many active topics each owns (a unit with any cannot be deactivated). */
export async function listUnitsForAdmin(db: Database): Promise<Array<UnitRow & { activeTopics: number }>> {
  const [rows, counts] = await Promise.all([
    db.select().from(units).orderBy(asc(units.code)),
    db.select({ unitId: topics.unitId, n: count() }).from(topics).where(eq(topics.active, true)).groupBy(topics.unitId),
  ]);
  const byUnit = new Map(counts.map((c) => [c.unitId, Number(c.n)]));
  return rows.map((u) => ({ ...u, activeTopics: byUnit.get(u.id) ?? 0 }));
}

export async function getUnit(db: Database, id: number): Promise<UnitRow | undefined> {
  if (!Number.isSafeInteger(id)) return undefined;
  const [row] = await db.select().from(units).where(eq(units.id, id));
  return row;
}

export function unitPost(row: UnitRow): UnitPost {
  return {
    code: row.code,
    nameLv: row.nameLv,
    nameEn: row.nameEn,
    email: row.email ?? '',
    phone: row.phone ?? '',
    isTriage: row.isTriage,
    active: row.active,
  };
}

/**
 * Adds a unit (no id) or changes one. S-10: exactly one unit takes the
 * "I don't know" submissions, so making a unit the triage unit takes the
 * flag from the other in the same transaction, and the flag cannot simply
 * be taken away. A unit that still owns active topics cannot be
 * deactivated: clients could still choose them. The code is fixed once
 * given. A unit removed meanwhile is refused as not found (the 404 page).
 */
export async function saveUnit(db: Database, actorId: number, post: UnitPost, id?: number): Promise<Saved> {
  return db.transaction(async (tx): Promise<Saved> => {
    // Taken first: two administrators moving the triage flag at once wait for each other.
    const triage = await tx.select().from(units).where(eq(units.isTriage, true)).for('update');
    const before = id === undefined ? undefined : (await tx.select().from(units).where(eq(units.id, id)).for('update'))[0];
    if (id !== undefined && !before) throw notFound(`unit ${id}`);
    const checked = checkUnit(before ? { ...post, code: before.code } : post);
    if (!checked.ok) return checked;
    const input = checked.value;
    const problems: FieldProblem[] = [];
    if (!before && (await tx.select({ id: units.id }).from(units).where(eq(units.code, input.code))).length > 0) {
      problems.push({ field: 'code', key: 'codeTaken' });
    }
    if (before?.isTriage && !input.isTriage) problems.push({ field: 'isTriage', key: 'triageNeeded' });
    if (before?.active && !input.active) {
      const [row] = await tx
        .select({ n: count() })
        .from(topics)
        .where(and(eq(topics.unitId, before.id), eq(topics.active, true)));
      const n = Number(row?.n ?? 0);
      if (n > 0) problems.push({ field: 'active', key: 'unitHasTopics', values: { count: n } });
    }
    if (problems.length > 0) return invalid(problems);
    if (input.isTriage) {
      for (const other of triage.filter((u) => u.id !== id)) {
        const [cleared] = await tx.update(units).set({ isTriage: false }).where(eq(units.id, other.id)).returning();
        await recordAudit(tx, {
          actorStaffId: actorId,
          action: 'unit.update',
          entity: 'unit',
          entityId: other.id,
          before: other,
          after: cleared!,
        });
      }
    }
    const [after] = before
      ? await tx.update(units).set(input).where(eq(units.id, before.id)).returning()
      : await tx.insert(units).values(input).returning();
    await recordAudit(tx, {
      actorStaffId: actorId,
      action: changeAction('unit', before, after!),
      entity: 'unit',
      entityId: after!.id,
      before: before ?? null,
      after: after!,
    });
    return ok(after!.id);
  });
}
