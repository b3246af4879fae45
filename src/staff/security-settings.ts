// The sign-in and session rules an administrator sets: how long a session
// lasts idle and at most, and how many failed sign-ins lock an account or
// an address. Staff's own table (securitySettings), edited on the settings
// pages; the session rules apply to every session at its next request.
import { z } from 'zod';
import { eq } from 'drizzle-orm';
import type { Database } from '#src/db/client.ts';
import { recordAudit } from '#src/audit/queries.ts';
import { ok, type Outcome } from '#src/platform/outcome.ts';
import type { PostOf } from '#src/platform/post.ts';
import { forgetReferenceData } from '#src/settings/cache.ts';
import { checkFields, refuse, whole } from '#src/settings/fields.ts';
import { securitySettings } from './schema.ts';
import { sessionPolicy } from './sessions.ts';

export const SecuritySchema = z.object({
  sessionIdleMinutes: whole('sessionIdleMinutes'),
  sessionAbsoluteHours: whole('sessionAbsoluteHours'),
  maxFailuresPerAccount: whole('maxFailuresPerAccount'),
  maxFailuresPerAddress: whole('maxFailuresPerAddress'),
  failureWindowMinutes: whole('failureWindowMinutes'),
});
export type SecurityPost = PostOf<typeof SecuritySchema>;
export type SecurityInput = z.output<typeof SecuritySchema>;

export function checkSecurity(post: SecurityPost): Outcome<SecurityInput> {
  const parsed = checkFields(SecuritySchema, post);
  if (!parsed.ok) return parsed;
  const s = parsed.value;
  // An idle limit longer than the session itself would never apply.
  if (s.sessionIdleMinutes > s.sessionAbsoluteHours * 60) {
    return refuse('sessionIdleMinutes', 'idleOverAbsolute', { hours: s.sessionAbsoluteHours });
  }
  return ok(s);
}

export async function getSecuritySettings(db: Database): Promise<SecurityInput> {
  // sessionPolicy holds the defaults that apply before anyone saved the settings.
  const p = await sessionPolicy(db);
  return {
    sessionIdleMinutes: p.idleMinutes,
    sessionAbsoluteHours: p.absoluteHours,
    maxFailuresPerAccount: p.maxFailuresPerAccount,
    maxFailuresPerAddress: p.maxFailuresPerAddress,
    failureWindowMinutes: p.failureWindowMinutes,
  };
}

export function securityPost(s: SecurityInput): SecurityPost {
  return {
    sessionIdleMinutes: String(s.sessionIdleMinutes),
    sessionAbsoluteHours: String(s.sessionAbsoluteHours),
    maxFailuresPerAccount: String(s.maxFailuresPerAccount),
    maxFailuresPerAddress: String(s.maxFailuresPerAddress),
    failureWindowMinutes: String(s.failureWindowMinutes),
  };
}

/** The sign-in rules; the session rules apply to every session at its next request. */
export async function saveSecuritySettings(db: Database, actorId: number, post: SecurityPost): Promise<Outcome> {
  const checked = checkSecurity(post);
  if (!checked.ok) return checked;
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(securitySettings).where(eq(securitySettings.id, 1)).for('update');
    const [after] = before
      ? await tx.update(securitySettings).set(checked.value).where(eq(securitySettings.id, 1)).returning()
      : await tx
          .insert(securitySettings)
          .values({ id: 1, ...checked.value })
          .returning();
    await recordAudit(tx, {
      actorStaffId: actorId,
      action: before ? 'security_settings.update' : 'security_settings.create',
      entity: 'security_settings',
      entityId: 1,
      before: before ?? null,
      after: after!,
    });
  });
  // Read through the reference cache on every staff request: in force at once here.
  forgetReferenceData();
  return ok();
}
