// The reply templates officials start a letter from (S-14.6.2 refusals,
// S-14.1 referrals, S-11/12 out-of-proportion requests, plain answers):
// what the form accepts, the administrator's list and the save. The
// placeholders a body may name are in templates.ts.
import { z } from 'zod';
import { and, asc, eq, ne } from 'drizzle-orm';
import type { Database } from '#src/db/client.ts';
import { recordAudit } from '#src/audit/queries.ts';
import { invalid, notFound, ok, type Outcome } from '#src/platform/outcome.ts';
import { parsePost, type PostOf } from '#src/platform/post.ts';
import { auditRow, changeAction, type Saved } from './changes.ts';
import { LIMITS, refuse, required, slug, withRanges } from './fields.ts';
import { replyTemplates } from './schema.ts';
import { hasBrokenBraces, unknownPlaceholders } from './templates.ts';

export const TEMPLATE_PURPOSES = ['abusive', 'referral', 'disproportionate', 'answer'] as const;
export type TemplatePurpose = (typeof TEMPLATE_PURPOSES)[number];

/** A body may name only placeholders the portal fills, and no stray braces reach a client. */
const body = z
  .string()
  .trim()
  .min(1, 'required')
  .max(LIMITS.body, 'tooLong')
  // Browsers post line ends as CRLF; letters keep plain newlines.
  .transform((v) => v.replace(/\r\n?/g, '\n'))
  .superRefine((v, ctx) => {
    const unknown = unknownPlaceholders(v);
    if (unknown.length > 0) ctx.addIssue({ code: 'custom', message: 'unknownPlaceholder', params: { names: unknown } });
    else if (hasBrokenBraces(v)) ctx.addIssue({ code: 'custom', message: 'brokenBraces' });
  });

export const TemplateSchema = z.object({
  code: slug,
  purpose: z.enum(TEMPLATE_PURPOSES, 'choose'),
  nameLv: required(LIMITS.name),
  nameEn: required(LIMITS.name),
  bodyLv: body,
  bodyEn: body,
  active: z.boolean(),
});
export type TemplatePost = PostOf<typeof TemplateSchema>;
export type TemplateInput = z.output<typeof TemplateSchema>;

export function checkTemplate(post: TemplatePost): Outcome<TemplateInput> {
  const parsed = parsePost(TemplateSchema, post, withRanges);
  if (parsed.ok) return parsed;
  if (parsed.reason !== 'invalid') return parsed;
  // The message names the unknown placeholders, so the administrator sees which to fix.
  const problems = parsed.problems.map((p) => {
    if (p.key === 'brokenBraces') return { ...p, values: { example: '{{reference}}' } };
    if (p.key !== 'unknownPlaceholder') return p;
    const names = unknownPlaceholders(post[p.field as 'bodyLv' | 'bodyEn'] ?? '');
    return { ...p, values: { names: names.map((n) => `{{${n}}}`).join(', '), count: names.length } };
  });
  return invalid(problems);
}

export type TemplateRow = typeof replyTemplates.$inferSelect;

export async function listTemplatesForAdmin(db: Database): Promise<TemplateRow[]> {
  return db.select().from(replyTemplates).orderBy(asc(replyTemplates.purpose), asc(replyTemplates.code));
}

export async function getTemplate(db: Database, id: number): Promise<TemplateRow | undefined> {
  if (!Number.isSafeInteger(id)) return undefined;
  const [row] = await db.select().from(replyTemplates).where(eq(replyTemplates.id, id));
  return row;
}

export function templatePost(row: TemplateRow): TemplatePost {
  return {
    code: row.code,
    purpose: row.purpose,
    nameLv: row.nameLv,
    nameEn: row.nameEn,
    bodyLv: row.bodyLv,
    bodyEn: row.bodyEn,
    active: row.active,
  };
}

/**
 * S-14.6.2, S-14.1, S-11/12: the letters officials start from. The code
 * is fixed once given: the seed adds a template by its code when it is
 * missing, so a renamed seeded template would come back.
 */
export async function saveTemplate(db: Database, actorId: number, post: TemplatePost, id?: number): Promise<Saved> {
  return db.transaction(async (tx): Promise<Saved> => {
    const before =
      id === undefined ? undefined : (await tx.select().from(replyTemplates).where(eq(replyTemplates.id, id)).for('update'))[0];
    if (id !== undefined && !before) throw notFound(`template ${id}`);
    const checked = checkTemplate(before ? { ...post, code: before.code } : post);
    if (!checked.ok) return checked;
    const input = { ...checked.value, updatedAt: new Date() };
    const clash = await tx
      .select({ id: replyTemplates.id })
      .from(replyTemplates)
      .where(and(eq(replyTemplates.code, input.code), before ? ne(replyTemplates.id, before.id) : undefined));
    if (clash.length > 0) return refuse('code', 'codeTaken');
    const [after] = before
      ? await tx.update(replyTemplates).set(input).where(eq(replyTemplates.id, before.id)).returning()
      : await tx.insert(replyTemplates).values(input).returning();
    await recordAudit(tx, {
      actorStaffId: actorId,
      action: changeAction('reply_template', before, after!),
      entity: 'reply_template',
      entityId: after!.id,
      before: before ? auditRow(before) : null,
      after: auditRow(after!),
    });
    return ok(after!.id);
  });
}
