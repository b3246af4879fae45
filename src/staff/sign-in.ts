import { and, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import type { Database } from '#src/db/client.ts';
import { recordAudit } from '#src/audit/queries.ts';
import { auditLog } from '#src/audit/schema.ts';
import {
  clientKey,
  consumeRateLimit,
  consumeRateLimits,
  forgetRateLimit,
  refundRateLimit,
  windowStart,
  type RateDecision,
} from '#src/platform/rate-limit.ts';
import { staffMembers, staffRecoveryCodes, staffTokens } from './schema.ts';
import { createSession, endAllSessions, endSession, sessionPolicy } from './sessions.ts';
import { hashPassword, passwordProblem, verifyPassword, type PasswordProblem } from './passwords.ts';
import { contextWords } from './password-strength.ts';
import { getInstitution } from '#src/settings/queries.ts';
import { config } from '#src/config.ts';
import { openSeed, sealSeed } from './seed-box.ts';
import { hashSecret, newRecoveryCodes, newSecret, normaliseRecoveryCode } from './tokens.ts';
import { newTotpSecret, totpCodePeriod } from './totp.ts';

export type SignInResult =
  | { ok: true; token: string; next: 'second_factor' | 'setup_second_factor' }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number };

/** How long an address stays a person's usual one after they last signed in fully from it. */
export const USUAL_ADDRESS_DAYS = 90;

/**
 * How far into the failure window the n-th password check of an account
 * from addresses the person has not signed in from may happen: the first
 * `allowed` at once, then each one waits twice as long as the one before
 * (0, 2, 6, 14, 30 … seconds), so about ten fit in a quarter of an hour
 * however many addresses an attacker has. A growing delay instead of a hard
 * block, so that nobody can keep a named person out by failing on purpose
 * (ASVS 6.1.1, security review M7).
 */
export function accountCheckNotBeforeSeconds(n: number, allowed: number): number {
  if (n <= allowed) return 0;
  return 2 ** Math.min(n - allowed, 40) - 2;
}

type SignInAttempt = { email: string; password: string; address: string; now?: Date };

/**
 * Checks an e-mail and password. Every attempt is counted before the
 * password is (so parallel guesses cannot slip past a limit, security
 * review M1), in the database (so every instance sees it):
 * - per account and address together: past the limit that address waits
 *   for the window, whatever the password;
 * - per address, across accounts;
 * - per account from addresses it has not signed in from lately: growing
 *   waits (accountCheckNotBeforeSeconds). From the person's usual address only the
 *   first two apply, so an attacker elsewhere cannot lock them out.
 * A right password takes its attempt back. The answer never says whether
 * the e-mail exists; every refusal is audited (without the password).
 */
export async function signIn(db: Database, input: SignInAttempt): Promise<SignInResult> {
  const now = input.now ?? new Date();
  const policy = await sessionPolicy(db);
  const email = input.email.trim().toLowerCase();
  const windowSeconds = policy.failureWindowMinutes * 60;
  const address = clientKey('address', input.address);
  const pairRule = { limit: policy.maxFailuresPerAccount, windowSeconds };
  const addressRule = { limit: policy.maxFailuresPerAddress, windowSeconds };
  const pairKey = clientKey('sign-in-account-address', `${email} ${input.address}`);
  const addressKey = clientKey('sign-in-address', input.address);
  const [staff] = await db
    .select()
    .from(staffMembers)
    .where(and(sql`lower(${staffMembers.email}) = ${email}`, eq(staffMembers.active, true)));
  const audit = (action: string, after: Record<string, unknown>) =>
    recordAudit(db, {
      at: now,
      actorStaffId: null,
      action,
      entity: 'staff',
      entityId: staff?.id ?? null,
      // The e-mail only when it was no account's: a password typed into the e-mail field is not kept.
      after: { address, ...(staff ? {} : { email: /^[^@\s]{1,64}@[^@\s]+$/.test(email) ? email : null }), ...after },
    });

  // Both counts in one statement, the pair's row first: among attempts at one
  // account from one address the n-th counted for the pair is the n-th for the
  // address (counted apart, the five let through could find the address spent).
  const pairAndAddress = [
    { key: pairKey, rule: pairRule },
    { key: addressKey, rule: addressRule },
  ];
  const [pair, fromAddress] = (await consumeRateLimits(db, pairAndAddress, now)) as [RateDecision, RateDecision];
  const refused = [pair, fromAddress].filter((d) => !d.allowed);
  if (refused.length > 0) {
    await audit('session.sign_in_throttled', { limit: pair.allowed ? 'address' : 'account_address' });
    return { ok: false, reason: 'throttled', retryAfterSeconds: Math.max(...refused.map((d) => d.retryAfterSeconds)) };
  }
  const accountKey = clientKey('sign-in-account', email);
  const usual = staff ? await isUsualAddress(db, staff.id, address, now) : false;
  if (!usual) {
    const accountRule = { limit: Number.MAX_SAFE_INTEGER, windowSeconds };
    const account = await consumeRateLimit(db, accountKey, accountRule, now);
    const wait =
      windowStart(now, windowSeconds).getTime() / 1000 +
      accountCheckNotBeforeSeconds(account.count, policy.maxFailuresPerAccount) -
      now.getTime() / 1000;
    if (wait > 0) {
      // Not checked, so not counted: the next attempt has this one's place.
      await refundRateLimit(db, accountKey, accountRule, now);
      await audit('session.sign_in_throttled', { limit: 'account' });
      return { ok: false, reason: 'throttled', retryAfterSeconds: Math.ceil(Math.min(wait, account.retryAfterSeconds)) };
    }
  }
  const passwordOk = await verifyPassword(staff?.passwordHash ?? null, input.password.slice(0, 1024));
  if (!staff || !passwordOk) {
    await audit('session.sign_in_failed', staff ? {} : { account: 'unknown' });
    return { ok: false, reason: 'invalid' };
  }
  // Right: this attempt was no failure.
  await Promise.all([
    forgetRateLimit(db, pairKey),
    refundRateLimit(db, addressKey, addressRule, now),
    usual ? Promise.resolve() : refundRateLimit(db, accountKey, { limit: 0, windowSeconds }, now),
  ]);
  const hasTotp = staff.totpEnabledAt !== null;
  const token = await createSession(db, staff.id, { secondFactorDone: false, policy, now });
  await recordAudit(db, {
    at: now,
    actorStaffId: staff.id,
    action: 'session.sign_in',
    entity: 'staff',
    entityId: staff.id,
    after: { address },
  });
  // Every role reads citizens' cases or the accounts that do, so every
  // sign-in takes a second factor, set up at the first one (ASVS 6.3.3,
  // security review M2). The password alone never opens a session.
  return { ok: true, token, next: hasTotp ? 'second_factor' : 'setup_second_factor' };
}

/** A whole sign-in (password and, where there is one, the second factor) from an address: that address becomes a usual one. */
async function recordSignedIn(db: Pick<Database, 'insert'>, staffId: number, address: string, now: Date): Promise<void> {
  await recordAudit(db, {
    at: now,
    actorStaffId: staffId,
    action: 'session.signed_in',
    entity: 'staff',
    entityId: staffId,
    after: { address },
  });
}

/** Whether the person signed in fully from this address (kept as a hash) in the last USUAL_ADDRESS_DAYS days. */
async function isUsualAddress(db: Database, staffId: number, address: string, now: Date): Promise<boolean> {
  const since = new Date(now.getTime() - USUAL_ADDRESS_DAYS * 86_400_000);
  const rows = await db
    .select({ id: auditLog.id })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.entity, 'staff'),
        eq(auditLog.entityId, String(staffId)),
        eq(auditLog.action, 'session.signed_in'),
        sql`${auditLog.after}->>'address' = ${address}`,
        gt(auditLog.at, since),
      ),
    )
    .limit(1);
  return rows.length > 0;
}

/**
 * The second step: a code from the authenticator or an unused recovery
 * code. On success the session is replaced by a new one (new id at the
 * change of privilege).
 */
export async function completeSecondFactor(
  db: Database,
  input: { token: string; staffId: number; code: string; now?: Date },
): Promise<{ ok: true; token: string } | { ok: false }> {
  const now = input.now ?? new Date();
  const [staff] = await db.select().from(staffMembers).where(eq(staffMembers.id, input.staffId));
  if (!staff?.totpSecret || !staff.totpEnabledAt) return { ok: false };
  const period = totpCodePeriod(openSeed(staff.totpSecret, seedKey()), input.code, now.getTime());
  let ok = period !== null && (await claimTotpPeriod(db, staff.id, period));
  if (!ok) {
    const used = await db
      .update(staffRecoveryCodes)
      .set({ usedAt: now })
      .where(
        and(
          eq(staffRecoveryCodes.staffId, staff.id),
          eq(staffRecoveryCodes.codeHash, hashSecret(normaliseRecoveryCode(input.code))),
          isNull(staffRecoveryCodes.usedAt),
        ),
      )
      .returning({ id: staffRecoveryCodes.id });
    ok = used.length > 0;
    if (ok) await recordAudit(db, { actorStaffId: staff.id, action: 'session.recovery_code_used', entity: 'staff', entityId: staff.id });
  }
  if (!ok) return { ok: false };
  const policy = await sessionPolicy(db);
  await endSession(db, input.token);
  return { ok: true, token: await createSession(db, staff.id, { secondFactorDone: true, policy, now }) };
}

/** Wrong codes one person may give in a quarter of an hour before the second step waits. */
export const SECOND_STEP_ATTEMPTS = { limit: 10, windowSeconds: 900 };

/**
 * The second step as the page takes it: attempts are limited per person
 * like passwords are. Every attempt counts (so parallel guesses cannot slip
 * past the limit), and a right code clears the count, so signing in often
 * never locks anybody out.
 */
export async function secondStep(
  db: Database,
  input: { token: string; staffId: number; code: string; address?: string; now?: Date },
): Promise<{ ok: true; token: string } | { ok: false; reason: 'wrong' } | { ok: false; reason: 'throttled'; retryAfterSeconds: number }> {
  const now = input.now ?? new Date();
  const key = clientKey('second-factor', String(input.staffId));
  const address = input.address === undefined ? null : clientKey('address', input.address);
  const audit = (action: string) =>
    recordAudit(db, { at: now, actorStaffId: input.staffId, action, entity: 'staff', entityId: input.staffId, after: { address } });
  const limit = await consumeRateLimit(db, key, SECOND_STEP_ATTEMPTS, now);
  if (!limit.allowed) {
    await audit('session.second_factor_throttled');
    return { ok: false, reason: 'throttled', retryAfterSeconds: limit.retryAfterSeconds };
  }
  const result = await completeSecondFactor(db, { ...input, now });
  if (!result.ok) {
    // The code itself is never kept.
    await audit('session.second_factor_failed');
    return { ok: false, reason: 'wrong' };
  }
  await forgetRateLimit(db, key);
  if (address) await recordSignedIn(db, input.staffId, address, now);
  return result;
}

/**
 * Takes a code's period for this person, once: a code already used (seen
 * over a shoulder, or replayed from a stolen form post) is refused even
 * while it is still current (RFC 6238 §5.2). One statement, so two sign-ins
 * racing with one code cannot both win.
 */
async function claimTotpPeriod(db: Database, staffId: number, period: number): Promise<boolean> {
  const claimed = await db
    .update(staffMembers)
    .set({ totpLastPeriod: period })
    .where(and(eq(staffMembers.id, staffId), or(isNull(staffMembers.totpLastPeriod), lt(staffMembers.totpLastPeriod, period))))
    .returning({ id: staffMembers.id });
  return claimed.length > 0;
}

/** The key that seals TOTP seeds at rest (m4), if the deployment gave one. */
const seedKey = () => config().totpSeedKey;

/** Starts TOTP setup: a secret, not in use until a first code confirms it. Undefined when already on. */
export async function beginTotpSetup(db: Database, staffId: number): Promise<string | undefined> {
  const [staff] = await db.select().from(staffMembers).where(eq(staffMembers.id, staffId));
  if (!staff || staff.totpEnabledAt) return undefined;
  if (staff.totpSecret) return openSeed(staff.totpSecret, seedKey()); // set-up under way: keep the secret the app may have scanned
  const secret = newTotpSecret();
  await db
    .update(staffMembers)
    .set({ totpSecret: sealSeed(secret, seedKey()) })
    .where(eq(staffMembers.id, staffId));
  return secret;
}

/**
 * Confirms setup with a first code: the factor is on, recovery codes are
 * issued (shown once), and the session becomes a fully signed-in one.
 */
export async function confirmTotpSetup(
  db: Database,
  input: { token: string; staffId: number; code: string; address?: string; now?: Date },
): Promise<{ ok: true; token: string; recoveryCodes: string[] } | { ok: false }> {
  const now = input.now ?? new Date();
  const [staff] = await db.select().from(staffMembers).where(eq(staffMembers.id, input.staffId));
  const period =
    staff?.totpSecret && !staff.totpEnabledAt ? totpCodePeriod(openSeed(staff.totpSecret, seedKey()), input.code, now.getTime()) : null;
  if (!staff || period === null) return { ok: false };
  const codes = newRecoveryCodes();
  const policy = await sessionPolicy(db);
  const token = await db.transaction(async (tx) => {
    await tx.update(staffMembers).set({ totpEnabledAt: now, totpLastPeriod: period }).where(eq(staffMembers.id, staff.id));
    await tx.delete(staffRecoveryCodes).where(eq(staffRecoveryCodes.staffId, staff.id));
    await tx.insert(staffRecoveryCodes).values(codes.map((c) => ({ staffId: staff.id, codeHash: hashSecret(c) })));
    await recordAudit(tx, { actorStaffId: staff.id, action: 'staff.totp_enabled', entity: 'staff', entityId: staff.id });
    // The first whole sign-in: its address becomes a usual one.
    if (input.address !== undefined) await recordSignedIn(tx, staff.id, clientKey('address', input.address), now);
    // Privilege changed: every older session of this person ends, a new one starts.
    await endAllSessions(tx, staff.id);
    return createSession(tx, staff.id, { secondFactorDone: true, policy, now });
  });
  return { ok: true, token, recoveryCodes: codes };
}

/**
 * A one-time link to set a password (new accounts, resets); 72 hours. A new
 * link revokes the person's earlier unused ones (security review m7): only
 * the latest letter works.
 */
export async function issuePasswordLink(db: Pick<Database, 'insert' | 'update'>, staffId: number, now = new Date()): Promise<string> {
  const token = newSecret();
  await db
    .update(staffTokens)
    .set({ usedAt: now })
    .where(and(eq(staffTokens.staffId, staffId), eq(staffTokens.purpose, 'set_password'), isNull(staffTokens.usedAt)));
  await db.insert(staffTokens).values({
    tokenHash: hashSecret(token),
    staffId,
    purpose: 'set_password',
    createdAt: now,
    expiresAt: new Date(now.getTime() + 72 * 3600_000),
  });
  return token;
}

export async function passwordLinkHolder(db: Database, token: string, now = new Date()) {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
  const [row] = await db
    .select({ id: staffMembers.id, email: staffMembers.email, fullName: staffMembers.fullName })
    .from(staffTokens)
    .innerJoin(staffMembers, eq(staffMembers.id, staffTokens.staffId))
    .where(
      and(
        eq(staffTokens.tokenHash, hashSecret(token)),
        isNull(staffTokens.usedAt),
        gt(staffTokens.expiresAt, now),
        eq(staffMembers.active, true),
      ),
    );
  return row;
}

/** M2: what a person's password must not lean on: the institution's and the portal's names, their own name and e-mail. */
async function passwordContext(db: Database, person: { email: string; fullName: string }): Promise<string[]> {
  const institution = await getInstitution(db);
  return contextWords([
    institution?.nameLv,
    institution?.nameEn,
    institution?.shortName,
    institution?.website,
    'Klientu balss',
    person.email,
    person.fullName,
  ]);
}

/** Sets a password through a one-time link; the link is spent and every session ends. */
export async function setPasswordWithLink(
  db: Database,
  input: { token: string; password: string; now?: Date },
): Promise<{ ok: true; staffId: number } | ({ ok: false } & ({ reason: 'link' } | PasswordProblem))> {
  const now = input.now ?? new Date();
  const holder = await passwordLinkHolder(db, input.token, now);
  if (!holder) return { ok: false, reason: 'link' };
  const problem = passwordProblem(input.password, await passwordContext(db, holder));
  if (problem) return { ok: false, ...problem };
  const hash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const [spent] = await tx
      .update(staffTokens)
      .set({ usedAt: now })
      .where(and(eq(staffTokens.tokenHash, hashSecret(input.token)), isNull(staffTokens.usedAt), gt(staffTokens.expiresAt, now)))
      .returning({ staffId: staffTokens.staffId });
    if (!spent) return { ok: false, reason: 'link' } as const;
    await tx.update(staffMembers).set({ passwordHash: hash, passwordChangedAt: now }).where(eq(staffMembers.id, spent.staffId));
    await endAllSessions(tx, spent.staffId);
    await recordAudit(tx, { actorStaffId: spent.staffId, action: 'staff.password_set', entity: 'staff', entityId: spent.staffId });
    return { ok: true, staffId: spent.staffId } as const;
  });
}

/** Changes one's own password (the current one is asked for); other sessions end. */
export async function changePassword(
  db: Database,
  input: { staffId: number; current: string; next: string; token: string; now?: Date },
): Promise<{ ok: true; token: string } | ({ ok: false } & ({ reason: 'currentWrong' } | PasswordProblem))> {
  const [staff] = await db.select().from(staffMembers).where(eq(staffMembers.id, input.staffId));
  if (!staff || !(await verifyPassword(staff.passwordHash, input.current))) return { ok: false, reason: 'currentWrong' };
  const problem = passwordProblem(input.next, await passwordContext(db, staff));
  if (problem) return { ok: false, ...problem };
  const hash = await hashPassword(input.next);
  const policy = await sessionPolicy(db);
  const now = input.now ?? new Date();
  const token = await db.transaction(async (tx) => {
    await tx.update(staffMembers).set({ passwordHash: hash, passwordChangedAt: now }).where(eq(staffMembers.id, staff.id));
    await endAllSessions(tx, staff.id);
    await recordAudit(tx, { actorStaffId: staff.id, action: 'staff.password_changed', entity: 'staff', entityId: staff.id });
    return createSession(tx, staff.id, { secondFactorDone: true, policy, now });
  });
  return { ok: true, token };
}
