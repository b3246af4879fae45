// The directory of other authorities a referral names (S-14.1): what the
// form accepts, the administrator's list and the save.
import { z } from 'zod';
import { asc, eq } from 'drizzle-orm';
import type { Database } from '#src/db/client.ts';
import { recordAudit } from '#src/audit/queries.ts';
import { notFound, ok, type Outcome } from '#src/platform/outcome.ts';
import type { PostOf } from '#src/platform/post.ts';
import { changeAction, type Saved } from './changes.ts';
import { checkFields, LIMITS, optional, optionalEmail, optionalPhone, optionalWebsite, refuse, required, slug } from './fields.ts';
import { authorities } from './schema.ts';

export const AuthoritySchema = z.object({
  code: slug,
  nameLv: required(LIMITS.name),
  nameEn: required(LIMITS.name),
  competenceLv: required(LIMITS.competence),
  competenceEn: required(LIMITS.competence),
  email: optionalEmail,
  phone: optionalPhone,
  website: optionalWebsite,
  address: optional(LIMITS.address),
  active: z.boolean(),
  /** Issue 16: offered on the public question page "who deals with your matter?". */
  onQuestionPage: z.boolean(),
});
export type AuthorityPost = PostOf<typeof AuthoritySchema>;
export type AuthorityInput = z.output<typeof AuthoritySchema>;

/**
 * S-14.1: a referral names the authority and, where possible, its public
 * contacts; so contacts are optional (a generic "municipality" entry has
 * none of its own), but each one given must be one a client can use.
 */
export function checkAuthority(post: AuthorityPost): Outcome<AuthorityInput> {
  return checkFields(AuthoritySchema, post);
}

export type AuthorityRow = typeof authorities.$inferSelect;

export async function listAuthoritiesForAdmin(db: Database): Promise<AuthorityRow[]> {
  return db.select().from(authorities).orderBy(asc(authorities.nameLv));
}

export async function getAuthority(db: Database, id: number): Promise<AuthorityRow | undefined> {
  if (!Number.isSafeInteger(id)) return undefined;
  const [row] = await db.select().from(authorities).where(eq(authorities.id, id));
  return row;
}

export function authorityPost(row: AuthorityRow): AuthorityPost {
  return {
    code: row.code,
    nameLv: row.nameLv,
    nameEn: row.nameEn,
    competenceLv: row.competenceLv,
    competenceEn: row.competenceEn,
    email: row.email ?? '',
    phone: row.phone ?? '',
    website: row.website ?? '',
    address: row.address ?? '',
    active: row.active,
    onQuestionPage: row.onQuestionPage,
  };
}

/** S-14.1: the directory referrals name, with each authority's public contacts. */
export async function saveAuthority(db: Database, actorId: number, post: AuthorityPost, id?: number): Promise<Saved> {
  return db.transaction(async (tx): Promise<Saved> => {
    const before = id === undefined ? undefined : (await tx.select().from(authorities).where(eq(authorities.id, id)).for('update'))[0];
    if (id !== undefined && !before) throw notFound(`authority ${id}`);
    const checked = checkAuthority(before ? { ...post, code: before.code } : post);
    if (!checked.ok) return checked;
    const input = checked.value;
    if (!before && (await tx.select({ id: authorities.id }).from(authorities).where(eq(authorities.code, input.code))).length > 0) {
      return refuse('code', 'codeTaken');
    }
    const [after] = before
      ? await tx.update(authorities).set(input).where(eq(authorities.id, before.id)).returning()
      : await tx.insert(authorities).values(input).returning();
    await recordAudit(tx, {
      actorStaffId: actorId,
      action: changeAction('authority', before, after!),
      entity: 'authority',
      entityId: after!.id,
      before: before ?? null,
      after: after!,
    });
    return ok(after!.id);
  });
}
