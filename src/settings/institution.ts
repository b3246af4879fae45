// The institution's identity and contacts (S-4.5) and its attachment
// limits: what the form accepts, and the administrator's save.
import { z } from 'zod';
import { eq } from 'drizzle-orm';
import type { Database } from '#src/db/client.ts';
import { recordAudit } from '#src/audit/queries.ts';
import { ok, type Outcome } from '#src/platform/outcome.ts';
import type { PostOf } from '#src/platform/post.ts';
import { forgetReferenceData } from './cache.ts';
import { auditRow } from './changes.ts';
import { checkFields, email, LIMITS, MIB, optionalWebsite, phone, refuse, required, whole } from './fields.ts';
import { institution } from './schema.ts';

/** Case references are typed and read aloud: Latin capitals and digits only (VPVB-2026-000123). */
export const REFERENCE_PREFIX = /^[A-Z0-9]{1,12}$/;

export function isReferencePrefix(value: string): boolean {
  return REFERENCE_PREFIX.test(value);
}

export const InstitutionSchema = z.object({
  nameLv: required(LIMITS.name),
  nameEn: required(LIMITS.name),
  shortName: required(LIMITS.shortName),
  referencePrefix: z.string().trim().toUpperCase().min(1, 'required').regex(REFERENCE_PREFIX, 'referencePrefix'),
  address: required(LIMITS.address),
  email,
  phone,
  website: optionalWebsite,
  // Issue 17: a video in Latvian sign language, shown on the easy-to-read page when set.
  signLanguageVideoUrl: optionalWebsite,
  // Administratīvā procesa likums: where and by when a decision is contested, said in refusals.
  appealRouteLv: required(LIMITS.competence),
  appealRouteEn: required(LIMITS.competence),
  attachmentMaxFiles: whole('attachmentMaxFiles'),
  attachmentMaxMb: whole('attachmentMaxMb'),
});
export type InstitutionPost = PostOf<typeof InstitutionSchema>;
export type InstitutionInput = Omit<z.output<typeof InstitutionSchema>, 'attachmentMaxMb'> & { attachmentMaxBytes: number };

/**
 * The institution's identity and contacts (S-4.5) and its attachment
 * limits. All the files a client may attach must fit in one form post: a
 * larger post is refused before it is read (`maxRequestBytes`, 12 MiB).
 */
export function checkInstitution(post: InstitutionPost, options: { maxRequestBytes: number }): Outcome<InstitutionInput> {
  const parsed = checkFields(InstitutionSchema, post);
  if (!parsed.ok) return parsed;
  const { attachmentMaxMb, ...rest } = parsed.value;
  const attachmentMaxBytes = attachmentMaxMb * MIB;
  if (rest.attachmentMaxFiles * attachmentMaxBytes > options.maxRequestBytes) {
    return refuse('attachmentMaxMb', 'attachmentsOverRequest', {
      files: rest.attachmentMaxFiles,
      mb: attachmentMaxMb,
      limit: Math.floor(options.maxRequestBytes / MIB),
    });
  }
  return ok({ ...rest, attachmentMaxBytes });
}

export type InstitutionRow = typeof institution.$inferSelect;

/** The form's values for the institution as it stands. */
export function institutionPost(row: InstitutionRow): InstitutionPost {
  return {
    nameLv: row.nameLv,
    nameEn: row.nameEn,
    shortName: row.shortName,
    referencePrefix: row.referencePrefix,
    address: row.address,
    email: row.email,
    phone: row.phone,
    website: row.website ?? '',
    signLanguageVideoUrl: row.signLanguageVideoUrl ?? '',
    appealRouteLv: row.appealRouteLv,
    appealRouteEn: row.appealRouteEn,
    attachmentMaxFiles: String(row.attachmentMaxFiles),
    attachmentMaxMb: String(Math.round((row.attachmentMaxBytes / MIB) * 10) / 10),
  };
}

export async function saveInstitution(
  db: Database,
  actorId: number,
  post: InstitutionPost,
  options: { maxRequestBytes: number },
): Promise<Outcome> {
  const checked = checkInstitution(post, options);
  if (!checked.ok) return checked;
  const values = { ...checked.value, updatedAt: new Date() };
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(institution).where(eq(institution.id, 1)).for('update');
    const [after] = before
      ? await tx.update(institution).set(values).where(eq(institution.id, 1)).returning()
      : await tx
          .insert(institution)
          .values({ id: 1, ...values })
          .returning();
    await recordAudit(tx, {
      actorStaffId: actorId,
      action: before ? 'institution.update' : 'institution.create',
      entity: 'institution',
      entityId: 1,
      before: before ? auditRow(before) : null,
      after: auditRow(after!),
    });
  });
  // Every public page shows it through the reference cache: in force at once here.
  forgetReferenceData();
  return ok();
}
