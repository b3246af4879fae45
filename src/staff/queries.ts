import { asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '#src/db/client.ts';
import { recordAudit } from '#src/audit/queries.ts';
import { problemsFromZod, type FieldProblem } from '#src/forms/errors.ts';
import { REPLY_LANGUAGES } from '#src/i18n/languages.ts';
import { enqueueMail } from '#src/mail/queries.ts';
import { composeMail } from '#src/mail/compose.ts';
import { translator } from '#src/i18n/index.ts';
import { units } from '#src/settings/schema.ts';
import { STAFF_ROLES, staffMembers, staffRecoveryCodes } from './schema.ts';
import { endAllSessions } from './sessions.ts';
import { issuePasswordLink } from './sign-in.ts';
import { absoluteUrl, staffPaths } from '#src/paths.ts';

// Accounts, as an administrator keeps them: nothing is deleted (an account
// is disabled, which ends its sessions at once), every change is audited.

export type StaffRow = typeof staffMembers.$inferSelect;
/** A staff row without its secrets, fit for pages and the audit log. */
export type StaffRecord = Omit<StaffRow, 'passwordHash' | 'totpSecret'> & { hasPassword: boolean };

function record(row: StaffRow): StaffRecord {
  const { passwordHash, totpSecret, ...rest } = row;
  void totpSecret;
  return { ...rest, hasPassword: passwordHash !== null };
}

export async function listStaff(db: Database): Promise<StaffRecord[]> {
  return (await db.select().from(staffMembers).orderBy(asc(staffMembers.fullName))).map(record);
}

export async function getStaff(db: Database, id: number): Promise<StaffRecord | undefined> {
  if (!Number.isSafeInteger(id)) return undefined;
  const [row] = await db.select().from(staffMembers).where(eq(staffMembers.id, id));
  return row ? record(row) : undefined;
}

const StaffInput = z.object({
  fullName: z.string().trim().min(1, 'required').max(200, 'tooLong'),
  email: z.string().trim().toLowerCase().max(254, 'tooLong').pipe(z.email('email')),
  role: z.enum(STAFF_ROLES, 'choose'),
  unitId: z.string().transform((v, ctx) => {
    if (v === '') return null;
    const n = Number(v);
    if (!Number.isSafeInteger(n)) ctx.addIssue({ code: 'custom', message: 'choose' });
    return n;
  }),
  managerId: z.string().transform((v, ctx) => {
    if (v === '') return null;
    const n = Number(v);
    if (!Number.isSafeInteger(n)) ctx.addIssue({ code: 'custom', message: 'choose' });
    return n;
  }),
  languages: z.array(z.enum(REPLY_LANGUAGES, 'choose')).transform((l) => [...new Set(['lv', ...l])]),
  active: z.boolean(),
});
export type StaffInput = z.output<typeof StaffInput>;

/** Checks an account form; ids must name existing units and people. */
export async function checkStaffInput(
  db: Database,
  raw: { fullName: string; email: string; role: string; unitId: string; managerId: string; languages: string[]; active: boolean },
  editingId?: number,
): Promise<{ ok: true; input: StaffInput } | { ok: false; problems: FieldProblem[] }> {
  const parsed = StaffInput.safeParse(raw);
  const problems = parsed.success ? [] : problemsFromZod(parsed.error);
  if (parsed.success) {
    const input = parsed.data;
    if (input.unitId !== null && !(await db.select({ id: units.id }).from(units).where(eq(units.id, input.unitId))).length) {
      problems.push({ field: 'unitId', key: 'choose' });
    }
    if (input.managerId !== null && (input.managerId === editingId || !(await getStaff(db, input.managerId)))) {
      problems.push({ field: 'managerId', key: 'choose' });
    }
    if ((input.role === 'official' || input.role === 'manager') && input.unitId === null) {
      problems.push({ field: 'unitId', key: 'unitRequired' });
    }
    const [clash] = await db
      .select({ id: staffMembers.id })
      .from(staffMembers)
      .where(sql`lower(${staffMembers.email}) = ${input.email}`);
    if (clash && clash.id !== editingId) problems.push({ field: 'email', key: 'emailTaken' });
    if (problems.length === 0) return { ok: true, input };
  }
  return { ok: false, problems };
}

async function queuePasswordLink(
  tx: Pick<Database, 'insert' | 'update'>,
  staff: { id: number; email: string; fullName: string },
  baseUrl: string,
  locale: string,
) {
  const token = await issuePasswordLink(tx, staff.id);
  const t = translator(locale);
  const mail = composeMail(
    {
      subject: t('staff:mail.setPassword.subject'),
      greeting: t('mail:greetingNamed', { name: staff.fullName }),
      paragraphs: [t('staff:mail.setPassword.text'), t('staff:mail.setPassword.expiry')],
      links: [{ label: t('staff:mail.setPassword.link'), url: absoluteUrl(baseUrl, staffPaths.setPassword(locale, token)) }],
      signature: t('staff:mail.signature'),
    },
    locale,
  );
  await enqueueMail(tx, { kind: 'staff.set_password', to: staff.email, locale, ...mail });
}

/** Creates an account; the person sets their own password through a one-time link. */
export async function createStaff(
  db: Database,
  actorId: number | null,
  input: StaffInput,
  options: { baseUrl: string; locale: string },
): Promise<number> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(staffMembers)
      .values({
        fullName: input.fullName,
        email: input.email,
        role: input.role,
        unitId: input.unitId,
        managerId: input.managerId,
        languages: input.languages,
        active: input.active,
      })
      .returning();
    await recordAudit(tx, { actorStaffId: actorId, action: 'staff.create', entity: 'staff', entityId: row!.id, after: record(row!) });
    await queuePasswordLink(tx, row!, options.baseUrl, options.locale);
    return row!.id;
  });
}

/** Edits an account; disabling it ends its sessions at once. */
export async function updateStaff(db: Database, actorId: number, id: number, input: StaffInput): Promise<void> {
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(staffMembers).where(eq(staffMembers.id, id)).for('update');
    if (!before) throw new Error('no such staff member');
    const [after] = await tx
      .update(staffMembers)
      .set({
        fullName: input.fullName,
        email: input.email,
        role: input.role,
        unitId: input.unitId,
        managerId: input.managerId,
        languages: input.languages,
        active: input.active,
      })
      .where(eq(staffMembers.id, id))
      .returning();
    // A change of role or a disabled account: every session of it ends.
    if (!input.active || before.role !== input.role) await endAllSessions(tx, id);
    await recordAudit(tx, {
      actorStaffId: actorId,
      action: 'staff.update',
      entity: 'staff',
      entityId: id,
      before: record(before),
      after: record(after!),
    });
  });
}

export async function resendPasswordLink(
  db: Database,
  actorId: number,
  id: number,
  options: { baseUrl: string; locale: string },
): Promise<boolean> {
  const staff = await getStaff(db, id);
  if (!staff || !staff.active) return false;
  await db.transaction(async (tx) => {
    await queuePasswordLink(tx, staff, options.baseUrl, options.locale);
    await recordAudit(tx, { actorStaffId: actorId, action: 'staff.password_link_sent', entity: 'staff', entityId: id });
  });
  return true;
}

/**
 * A lost authenticator (security review m4, ASVS 6.4.4): an administrator,
 * having checked the person's identity outside the portal, removes their
 * second factor and recovery codes and ends their sessions; the person sets
 * up a new authenticator at the next sign-in. Never one's own: a second
 * administrator must do it, so a stolen administrator password alone cannot
 * take the factor away.
 */
export async function resetSecondFactor(
  db: Database,
  actorId: number,
  id: number,
  input: { identityChecked: boolean },
): Promise<'done' | 'own' | 'unchecked' | 'none'> {
  if (id === actorId) return 'own';
  if (!input.identityChecked) return 'unchecked';
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select({ enabledAt: staffMembers.totpEnabledAt, secret: staffMembers.totpSecret })
      .from(staffMembers)
      .where(eq(staffMembers.id, id));
    if (!before || (!before.enabledAt && !before.secret)) return 'none';
    await tx.update(staffMembers).set({ totpSecret: null, totpEnabledAt: null, totpLastPeriod: null }).where(eq(staffMembers.id, id));
    await tx.delete(staffRecoveryCodes).where(eq(staffRecoveryCodes.staffId, id));
    await endAllSessions(tx, id);
    await recordAudit(tx, { actorStaffId: actorId, action: 'staff.second_factor_reset', entity: 'staff', entityId: id });
    return 'done';
  });
}
