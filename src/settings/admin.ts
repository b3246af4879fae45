import { and, asc, count, eq, ne } from 'drizzle-orm';
import type { Database } from '#src/db/client.ts';
import { recordAudit } from '#src/audit/queries.ts';
import { forgetReferenceData } from './cache.ts';
import type { FieldProblem } from '#src/forms/errors.ts';
import { securitySettings } from '#src/staff/schema.ts';
import { sessionPolicy } from '#src/staff/sessions.ts';
import { authorities, institution, replyTemplates, topics, units } from './schema.ts';
import {
  checkAuthority,
  checkInstitution,
  checkSecurity,
  checkTemplate,
  checkTopic,
  checkUnit,
  MIB,
  type AuthorityPost,
  type InstitutionPost,
  type SecurityInput,
  type SecurityPost,
  type TemplatePost,
  type TopicPost,
  type UnitPost,
} from './rules.ts';

// The administrator's edits of the institution's reference data. Each
// change is checked (rules.ts, plus what only the database knows), made in
// one transaction with its audit entry (before and after), and nothing is
// deleted: units, topics, authorities and templates are deactivated, so
// every case that names one still can.

export type Saved = { ok: true; id: number } | { ok: false; problems: FieldProblem[] };

/** Thrown when the row to change is gone (the page checked it a moment ago). */
export class NotFoundError extends Error {}

/** The audit log has its own time: a row's updatedAt would only repeat it as a change. */
function auditRow<T extends { updatedAt?: Date }>(row: T): Record<string, unknown> {
  const { updatedAt, ...rest } = row;
  void updatedAt;
  return rest;
}

function action(entity: string, before: { active: boolean } | undefined, after: { active: boolean }): string {
  if (!before) return `${entity}.create`;
  if (before.active && !after.active) return `${entity}.deactivate`;
  return `${entity}.update`;
}

// ------------------------------------------------------------ institution

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
    attachmentMaxFiles: String(row.attachmentMaxFiles),
    attachmentMaxMb: String(Math.round((row.attachmentMaxBytes / MIB) * 10) / 10),
  };
}

export async function saveInstitution(
  db: Database,
  actorId: number,
  post: InstitutionPost,
  options: { maxRequestBytes: number },
): Promise<{ ok: true } | { ok: false; problems: FieldProblem[] }> {
  const checked = checkInstitution(post, options);
  if (!checked.ok) return checked;
  const values = { ...checked.input, updatedAt: new Date() };
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
  return { ok: true };
}

// --------------------------------------------------------------- security

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
export async function saveSecuritySettings(
  db: Database,
  actorId: number,
  post: SecurityPost,
): Promise<{ ok: true } | { ok: false; problems: FieldProblem[] }> {
  const checked = checkSecurity(post);
  if (!checked.ok) return checked;
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(securitySettings).where(eq(securitySettings.id, 1)).for('update');
    const [after] = before
      ? await tx.update(securitySettings).set(checked.input).where(eq(securitySettings.id, 1)).returning()
      : await tx
          .insert(securitySettings)
          .values({ id: 1, ...checked.input })
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
  return { ok: true };
}

// ------------------------------------------------------------------ units

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
  return { code: row.code, nameLv: row.nameLv, nameEn: row.nameEn, email: row.email ?? '', isTriage: row.isTriage, active: row.active };
}

/**
 * Adds a unit (no id) or changes one. S-10: exactly one unit takes the
 * "I don't know" submissions, so making a unit the triage unit takes the
 * flag from the other in the same transaction, and the flag cannot simply
 * be taken away. A unit that still owns active topics cannot be
 * deactivated: clients could still choose them. The code is fixed once
 * given.
 */
export async function saveUnit(db: Database, actorId: number, post: UnitPost, id?: number): Promise<Saved> {
  return db.transaction(async (tx): Promise<Saved> => {
    // Taken first: two administrators moving the triage flag at once wait for each other.
    const triage = await tx.select().from(units).where(eq(units.isTriage, true)).for('update');
    const before = id === undefined ? undefined : (await tx.select().from(units).where(eq(units.id, id)).for('update'))[0];
    if (id !== undefined && !before) throw new NotFoundError(`unit ${id}`);
    const checked = checkUnit(before ? { ...post, code: before.code } : post);
    if (!checked.ok) return checked;
    const input = checked.input;
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
    if (problems.length > 0) return { ok: false, problems };
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
      action: action('unit', before, after!),
      entity: 'unit',
      entityId: after!.id,
      before: before ?? null,
      after: after!,
    });
    return { ok: true, id: after!.id };
  });
}

// ----------------------------------------------------------------- topics

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
    active: row.active,
  };
}

/** S-10: an active topic belongs to an active unit, which its cases are routed to. */
export async function saveTopic(db: Database, actorId: number, post: TopicPost, id?: number): Promise<Saved> {
  return db.transaction(async (tx): Promise<Saved> => {
    const before = id === undefined ? undefined : (await tx.select().from(topics).where(eq(topics.id, id)).for('update'))[0];
    if (id !== undefined && !before) throw new NotFoundError(`topic ${id}`);
    const checked = checkTopic(before ? { ...post, code: before.code } : post);
    if (!checked.ok) return checked;
    const input = checked.input;
    const problems: FieldProblem[] = [];
    if (!before && (await tx.select({ id: topics.id }).from(topics).where(eq(topics.code, input.code))).length > 0) {
      problems.push({ field: 'code', key: 'codeTaken' });
    }
    // Locked so the unit cannot be deactivated while this topic joins it.
    const [unit] = await tx.select().from(units).where(eq(units.id, input.unitId)).for('update');
    if (!unit) problems.push({ field: 'unitId', key: 'choose' });
    else if (input.active && !unit.active) problems.push({ field: 'unitId', key: 'unitInactive' });
    if (problems.length > 0) return { ok: false, problems };
    const [after] = before
      ? await tx.update(topics).set(input).where(eq(topics.id, before.id)).returning()
      : await tx.insert(topics).values(input).returning();
    await recordAudit(tx, {
      actorStaffId: actorId,
      action: action('topic', before, after!),
      entity: 'topic',
      entityId: after!.id,
      before: before ?? null,
      after: after!,
    });
    return { ok: true, id: after!.id };
  });
}

// ------------------------------------------------------------ authorities

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
  };
}

/** S-14.1: the directory referrals name, with each authority's public contacts. */
export async function saveAuthority(db: Database, actorId: number, post: AuthorityPost, id?: number): Promise<Saved> {
  return db.transaction(async (tx): Promise<Saved> => {
    const before = id === undefined ? undefined : (await tx.select().from(authorities).where(eq(authorities.id, id)).for('update'))[0];
    if (id !== undefined && !before) throw new NotFoundError(`authority ${id}`);
    const checked = checkAuthority(before ? { ...post, code: before.code } : post);
    if (!checked.ok) return checked;
    const input = checked.input;
    if (!before && (await tx.select({ id: authorities.id }).from(authorities).where(eq(authorities.code, input.code))).length > 0) {
      return { ok: false, problems: [{ field: 'code', key: 'codeTaken' }] };
    }
    const [after] = before
      ? await tx.update(authorities).set(input).where(eq(authorities.id, before.id)).returning()
      : await tx.insert(authorities).values(input).returning();
    await recordAudit(tx, {
      actorStaffId: actorId,
      action: action('authority', before, after!),
      entity: 'authority',
      entityId: after!.id,
      before: before ?? null,
      after: after!,
    });
    return { ok: true, id: after!.id };
  });
}

// --------------------------------------------------------- reply templates

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
    if (id !== undefined && !before) throw new NotFoundError(`template ${id}`);
    const checked = checkTemplate(before ? { ...post, code: before.code } : post);
    if (!checked.ok) return checked;
    const input = { ...checked.input, updatedAt: new Date() };
    const clash = await tx
      .select({ id: replyTemplates.id })
      .from(replyTemplates)
      .where(and(eq(replyTemplates.code, input.code), before ? ne(replyTemplates.id, before.id) : undefined));
    if (clash.length > 0) return { ok: false, problems: [{ field: 'code', key: 'codeTaken' }] };
    const [after] = before
      ? await tx.update(replyTemplates).set(input).where(eq(replyTemplates.id, before.id)).returning()
      : await tx.insert(replyTemplates).values(input).returning();
    await recordAudit(tx, {
      actorStaffId: actorId,
      action: action('reply_template', before, after!),
      entity: 'reply_template',
      entityId: after!.id,
      before: before ? auditRow(before) : null,
      after: auditRow(after!),
    });
    return { ok: true, id: after!.id };
  });
}
