// The topics a client chooses on a form, each routed to a unit (S-10):
// what the form accepts, the administrator's list and the save.
import { z } from 'zod';
import { asc, eq } from 'drizzle-orm';
import type { Database } from '#src/db/client.ts';
import { recordAudit } from '#src/audit/queries.ts';
import type { FieldProblem } from '#src/forms/errors.ts';
import { invalid, notFound, ok, type Outcome } from '#src/platform/outcome.ts';
import type { PostOf } from '#src/platform/post.ts';
import { changeAction, type Saved } from './changes.ts';
import { checkFields, LIMITS, required, slug, whole } from './fields.ts';
import { topics, units } from './schema.ts';

export const TopicSchema = z.object({
  code: slug,
  nameLv: required(LIMITS.name),
  nameEn: required(LIMITS.name),
  unitId: z
    .string()
    .regex(/^\d{1,9}$/, 'choose')
    .transform(Number),
  sortOrder: whole('sortOrder'),
  // m6: information requests on this topic follow the environmental-information deadline rule.
  environmentalInformation: z.boolean(),
  active: z.boolean(),
});
export type TopicPost = PostOf<typeof TopicSchema>;
export type TopicInput = z.output<typeof TopicSchema>;

export function checkTopic(post: TopicPost): Outcome<TopicInput> {
  return checkFields(TopicSchema, post);
}

export type TopicRow = typeof topics.$inferSelect;

export async function listTopicsForAdmin(db: Database): Promise<TopicRow[]> {
  return db.select().from(topics).orderBy(asc(topics.sortOrder), asc(topics.id));
}

export async function getTopic(db: Database, id: number): Promise<TopicRow | undefined> {
  if (!Number.isSafeInteger(id)) return undefined;
  const [row] = await db.select().from(topics).where(eq(topics.id, id));
  return row;
}

export function topicPost(row: TopicRow): TopicPost {
  return {
    code: row.code,
    nameLv: row.nameLv,
    nameEn: row.nameEn,
    unitId: String(row.unitId),
    sortOrder: String(row.sortOrder),
    environmentalInformation: row.environmentalInformation,
    active: row.active,
  };
}

/** S-10: an active topic belongs to an active unit, which its cases are routed to. */
export async function saveTopic(db: Database, actorId: number, post: TopicPost, id?: number): Promise<Saved> {
  return db.transaction(async (tx): Promise<Saved> => {
    const before = id === undefined ? undefined : (await tx.select().from(topics).where(eq(topics.id, id)).for('update'))[0];
    if (id !== undefined && !before) throw notFound(`topic ${id}`);
    const checked = checkTopic(before ? { ...post, code: before.code } : post);
    if (!checked.ok) return checked;
    const input = checked.value;
    const problems: FieldProblem[] = [];
    if (!before && (await tx.select({ id: topics.id }).from(topics).where(eq(topics.code, input.code))).length > 0) {
      problems.push({ field: 'code', key: 'codeTaken' });
    }
    // Locked so the unit cannot be deactivated while this topic joins it.
    const [unit] = await tx.select().from(units).where(eq(units.id, input.unitId)).for('update');
    if (!unit) problems.push({ field: 'unitId', key: 'choose' });
    else if (input.active && !unit.active) problems.push({ field: 'unitId', key: 'unitInactive' });
    if (problems.length > 0) return invalid(problems);
    const [after] = before
      ? await tx.update(topics).set(input).where(eq(topics.id, before.id)).returning()
      : await tx.insert(topics).values(input).returning();
    await recordAudit(tx, {
      actorStaffId: actorId,
      action: changeAction('topic', before, after!),
      entity: 'topic',
      entityId: after!.id,
      before: before ?? null,
      after: after!,
    });
    return ok(after!.id);
  });
}
