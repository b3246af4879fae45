// The services the institution gives and their prices (S-4.5: published on
// the structure page): what the form accepts, the administrator's list and
// the save.
import { z } from 'zod';
import { asc, eq } from 'drizzle-orm';
import type { Database } from '#src/db/client.ts';
import { recordAudit } from '#src/audit/queries.ts';
import type { FieldProblem } from '#src/forms/errors.ts';
import { invalid, notFound, ok, type Outcome } from '#src/platform/outcome.ts';
import type { PostOf } from '#src/platform/post.ts';
import { changeAction, type Saved } from './changes.ts';
import { checkFields, LIMITS, optional, optionalWebsite, required, slug, whole } from './fields.ts';
import { services, units } from './schema.ts';

export const ServiceSchema = z.object({
  code: slug,
  nameLv: required(LIMITS.name),
  nameEn: required(LIMITS.name),
  descriptionLv: required(LIMITS.competence),
  descriptionEn: required(LIMITS.competence),
  priceLv: optional(LIMITS.price),
  priceEn: optional(LIMITS.price),
  unitId: z
    .string()
    .regex(/^\d{1,9}$/, 'choose')
    .transform(Number),
  website: optionalWebsite,
  sortOrder: whole('sortOrder'),
  active: z.boolean(),
});
export type ServicePost = PostOf<typeof ServiceSchema>;
export type ServiceInput = z.output<typeof ServiceSchema>;

/**
 * A service is free when it has no price; a price is given in both
 * languages, so the English page never says "free" where the Latvian one
 * names a fee (or the other way round).
 */
export function checkService(post: ServicePost): Outcome<ServiceInput> {
  const parsed = checkFields(ServiceSchema, post);
  const missing: FieldProblem[] = [];
  const lv = post.priceLv.trim() !== '';
  const en = post.priceEn.trim() !== '';
  if (lv && !en) missing.push({ field: 'priceEn', key: 'priceBoth' });
  if (en && !lv) missing.push({ field: 'priceLv', key: 'priceBoth' });
  if (parsed.ok) return missing.length > 0 ? invalid(missing) : parsed;
  if (parsed.reason !== 'invalid') return parsed;
  const shown = new Set(parsed.problems.map((p) => p.field));
  return invalid([...parsed.problems, ...missing.filter((p) => !shown.has(p.field))]);
}

export type ServiceRow = typeof services.$inferSelect;

export async function listServicesForAdmin(db: Database): Promise<ServiceRow[]> {
  return db.select().from(services).orderBy(asc(services.sortOrder), asc(services.id));
}

export async function getService(db: Database, id: number): Promise<ServiceRow | undefined> {
  if (!Number.isSafeInteger(id)) return undefined;
  const [row] = await db.select().from(services).where(eq(services.id, id));
  return row;
}

export function servicePost(row: ServiceRow): ServicePost {
  return {
    code: row.code,
    nameLv: row.nameLv,
    nameEn: row.nameEn,
    descriptionLv: row.descriptionLv,
    descriptionEn: row.descriptionEn,
    priceLv: row.priceLv ?? '',
    priceEn: row.priceEn ?? '',
    unitId: String(row.unitId),
    website: row.website ?? '',
    sortOrder: String(row.sortOrder),
    active: row.active,
  };
}

/** S-4.5: an active service is given by an active unit, whose contacts the page shows beside it. */
export async function saveService(db: Database, actorId: number, post: ServicePost, id?: number): Promise<Saved> {
  return db.transaction(async (tx): Promise<Saved> => {
    const before = id === undefined ? undefined : (await tx.select().from(services).where(eq(services.id, id)).for('update'))[0];
    if (id !== undefined && !before) throw notFound(`service ${id}`);
    const checked = checkService(before ? { ...post, code: before.code } : post);
    if (!checked.ok) return checked;
    const input = checked.value;
    const problems: FieldProblem[] = [];
    if (!before && (await tx.select({ id: services.id }).from(services).where(eq(services.code, input.code))).length > 0) {
      problems.push({ field: 'code', key: 'codeTaken' });
    }
    // Locked so the unit cannot be deactivated while this service joins it.
    const [unit] = await tx.select().from(units).where(eq(units.id, input.unitId)).for('update');
    if (!unit) problems.push({ field: 'unitId', key: 'choose' });
    else if (input.active && !unit.active) problems.push({ field: 'unitId', key: 'serviceUnitInactive' });
    if (problems.length > 0) return invalid(problems);
    const [after] = before
      ? await tx.update(services).set(input).where(eq(services.id, before.id)).returning()
      : await tx.insert(services).values(input).returning();
    await recordAudit(tx, {
      actorStaffId: actorId,
      action: changeAction('service', before, after!),
      entity: 'service',
      entityId: after!.id,
      before: before ?? null,
      after: after!,
    });
    return ok(after!.id);
  });
}
