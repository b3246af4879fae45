import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createTestDatabase, engines, type TestDatabase } from '../support/database.ts';
import { DEMO_PASSWORD, seed } from '#src/db/seed.ts';
import { staffMembers, staffRecoveryCodes, staffSessions } from '#src/staff/schema.ts';
import { auditLog } from '#src/audit/schema.ts';
import { outboxMessages } from '#src/mail/schema.ts';
import {
  accountCheckNotBeforeSeconds,
  beginTotpSetup,
  completeSecondFactor,
  confirmTotpSetup,
  issuePasswordLink,
  secondStep,
  setPasswordWithLink,
  signIn,
} from '#src/staff/sign-in.ts';
import {
  ENDED_SESSION_GRACE_HOURS,
  endAllSessions,
  endOtherSessions,
  listSessions,
  purgeExpiredSessions,
  readSession,
  sessionPolicy,
} from '#src/staff/sessions.ts';
import { checkStaffInput, createStaff, getStaff, resetSecondFactor, updateStaff } from '#src/staff/queries.ts';
import { currentTotp } from '#src/staff/totp.ts';
import { hashSecret } from '#src/staff/tokens.ts';
import { verifyPassword } from '#src/staff/passwords.ts';

const OFFICIAL = 'ierednis@demo.vpvb.lv';
const ADMIN = 'administrators@demo.vpvb.lv';

describe.each(engines)('staff accounts on %s', (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
    await seed(t.db, { demo: true, today: new Date('2026-11-24T10:00:00Z') });
  });
  afterAll(async () => {
    await t?.drop();
  });
  const policy = () => sessionPolicy(t.db);
  const idOf = async (email: string) => (await t.db.select().from(staffMembers).where(eq(staffMembers.email, email)))[0]!.id;

  it('takes an official’s right password only as the first of two steps, and keeps no password in clear (review M2)', async () => {
    const result = await signIn(t.db, { email: 'IERednis@demo.vpvb.lv ', password: DEMO_PASSWORD, address: '10.0.0.1' });
    // Officials read citizens' cases: the password alone opens nothing, the authenticator is set up first (ASVS 6.3.3).
    expect(result).toMatchObject({ ok: true, next: 'setup_second_factor' });
    if (!result.ok) return;
    const session = await readSession(t.db, result.token, await policy());
    expect(session).toMatchObject({ user: { email: OFFICIAL, role: 'official' }, secondFactorDone: false });
    const [row] = await t.db.select().from(staffMembers).where(eq(staffMembers.email, OFFICIAL));
    expect(row!.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    // Only the hash of the cookie's value is stored.
    expect(await t.db.select().from(staffSessions).where(eq(staffSessions.idHash, result.token))).toHaveLength(0);
    expect(
      await t.db
        .select()
        .from(staffSessions)
        .where(eq(staffSessions.idHash, hashSecret(result.token))),
    ).toHaveLength(1);
  });

  it('gives the same answer for a wrong password and an unknown e-mail', async () => {
    expect(await signIn(t.db, { email: OFFICIAL, password: 'wrong password', address: '10.0.0.2' })).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(await signIn(t.db, { email: 'nobody@demo.vpvb.lv', password: 'wrong password', address: '10.0.0.2' })).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  // A colleague of the official with the demo password, for tests that must not share counters.
  const newOfficial = async (email: string) => {
    const [official] = await t.db.select().from(staffMembers).where(eq(staffMembers.email, OFFICIAL));
    const [row] = await t.db
      .insert(staffMembers)
      .values({
        email,
        fullName: email,
        role: 'official',
        unitId: official!.unitId,
        languages: ['lv'],
        passwordHash: official!.passwordHash,
      })
      .returning();
    return row!.id;
  };
  const signInAt = (email: string, password: string, address: string, now: Date) => signIn(t.db, { email, password, address, now });
  // Both steps, as the person does: the authenticator is set up the first time, its code given after.
  const secrets = new Map<string, string>();
  const wholeSignIn = async (email: string, address: string, now: Date) => {
    const first = await signInAt(email, DEMO_PASSWORD, address, now);
    if (!first.ok) throw new Error(`${email} not signed in: ${first.reason}`);
    const staffId = await idOf(email);
    const known = secrets.get(email);
    const secret = known ?? (await beginTotpSetup(t.db, staffId))!;
    secrets.set(email, secret);
    const code = currentTotp(secret, now.getTime());
    const done = known
      ? await secondStep(t.db, { token: first.token, staffId, code, address, now })
      : await confirmTotpSetup(t.db, { token: first.token, staffId, code, address, now });
    if (!done.ok) throw new Error(`${email}: second step refused`);
    return done.token;
  };

  it('checks at most the configured number of passwords when 60 wrong ones arrive at once (review M1)', async () => {
    const email = 'paralele@demo.vpvb.lv';
    const staffId = await newOfficial(email);
    const now = new Date('2026-11-24T10:01:00Z');
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => signInAt(email, `guess ${i}`, '10.9.0.1', now)));
    const checked = results.filter((r) => !r.ok && r.reason === 'invalid');
    // maxFailuresPerAccount (5) per account and address: every attempt is counted before its password is.
    expect(checked).toHaveLength((await policy()).maxFailuresPerAccount);
    expect(results.filter((r) => !r.ok && r.reason === 'throttled')).toHaveLength(55);
    const failures = await t.db
      .select()
      .from(auditLog)
      .where(sql`${auditLog.entityId} = ${String(staffId)} and ${auditLog.action} = 'session.sign_in_failed'`);
    expect(failures).toHaveLength(5);
  });

  it('clears the count for the right password, so a person who mistypes now and then is never paused', async () => {
    const email = 'parasta@demo.vpvb.lv';
    await newOfficial(email);
    for (let round = 0; round < 3; round++) {
      const now = new Date(Date.parse('2026-11-24T10:02:00Z') + round * 60_000);
      for (let i = 0; i < 4; i++) expect(await signInAt(email, 'typo', '10.9.1.1', now)).toMatchObject({ reason: 'invalid' });
      expect(await wholeSignIn(email, '10.9.1.1', now)).toEqual(expect.any(String));
    }
  });

  it('cannot be used to keep a named person out: they still sign in from their usual address (review M7)', async () => {
    const email = 'merkis@demo.vpvb.lv';
    const staffId = await newOfficial(email);
    const start = new Date('2026-11-24T09:00:00Z');
    // The person signed in from the office yesterday, both steps.
    await wholeSignIn(email, '10.9.2.1', new Date(start.getTime() - 86_400_000));
    // Every quarter of an hour for two hours an attacker sends wrong passwords, from one address and from many.
    for (let q = 0; q < 8; q++) {
      const now = new Date(start.getTime() + q * 900_000);
      const attempts = [];
      for (let i = 0; i < 6; i++) attempts.push(await signInAt(email, `guess ${i}`, '192.0.2.66', now));
      expect(attempts.at(-1)).toMatchObject({ ok: false, reason: 'throttled' });
      for (let i = 0; i < 6; i++) await signInAt(email, `spread ${i}`, `198.51.100.${q * 10 + i}`, now);
      // ...and the person, from the office, gets in right away with the right password.
      expect(await signInAt(email, DEMO_PASSWORD, '10.9.2.1', new Date(now.getTime() + 1000))).toMatchObject({
        ok: true,
        next: 'second_factor',
      });
    }
    // The attacker's own address stays paused, even with the right password.
    const end = new Date(start.getTime() + 7 * 900_000 + 2000);
    expect(await signInAt(email, DEMO_PASSWORD, '192.0.2.66', end)).toMatchObject({ ok: false, reason: 'throttled' });
    // The administrator sees the attempts: the failures and the pauses, with the address they came from.
    const seen = await t.db
      .select({ action: auditLog.action, after: auditLog.after })
      .from(auditLog)
      .where(sql`${auditLog.entityId} = ${String(staffId)}`);
    expect(seen.filter((e) => e.action === 'session.sign_in_failed').length).toBeGreaterThan(8);
    expect(seen.filter((e) => e.action === 'session.sign_in_throttled').length).toBeGreaterThanOrEqual(8);
    expect(
      seen
        .filter((e) => e.action.startsWith('session.'))
        .every((e) => typeof e.after?.address === 'string' && !JSON.stringify(e.after).includes('guess')),
    ).toBe(true);
  });

  it('spreads guesses from many addresses out with growing pauses, and audits each', async () => {
    const email = 'izkliedets@demo.vpvb.lv';
    await newOfficial(email);
    const now = new Date('2026-11-24T11:00:00Z');
    const results = [];
    // Fifty addresses at the same instant, one guess each.
    for (let i = 0; i < 50; i++) results.push(await signInAt(email, `guess ${i}`, `203.0.113.${i}`, now));
    // Six checked at once (five, and the first of the growing pauses), the rest wait.
    expect(results.filter((r) => !r.ok && r.reason === 'invalid')).toHaveLength(6);
    // Two seconds on, one more; six seconds on, one more.
    expect(await signInAt(email, 'later', '203.0.113.100', new Date(now.getTime() + 2000))).toMatchObject({ reason: 'invalid' });
    expect(await signInAt(email, 'later', '203.0.113.101', new Date(now.getTime() + 3000))).toMatchObject({ reason: 'throttled' });
    expect(await signInAt(email, 'later', '203.0.113.102', new Date(now.getTime() + 6000))).toMatchObject({ reason: 'invalid' });
    // Even the right password from a new address waits while the account is under attack.
    expect(await signInAt(email, DEMO_PASSWORD, '203.0.113.200', now)).toMatchObject({ ok: false, reason: 'throttled' });
  });

  it('doubles the wait before each further check of an account past the limit', () => {
    expect([1, 5, 6, 7, 8, 9, 14, 15].map((n) => accountCheckNotBeforeSeconds(n, 5))).toEqual([0, 0, 0, 2, 6, 14, 510, 1022]);
  });

  it('audits an attempt for an unknown account with its e-mail, but never a password typed as the e-mail', async () => {
    const now = new Date('2026-11-24T12:00:00Z');
    await signInAt('neviens@demo.vpvb.lv', 'secret one', '10.9.3.1', now);
    await signInAt('my password 123', 'secret two', '10.9.3.1', now);
    const rows = await t.db
      .select({ after: auditLog.after })
      .from(auditLog)
      .where(sql`${auditLog.action} = 'session.sign_in_failed' and ${auditLog.after}->>'account' = 'unknown'`);
    expect(rows.map((r) => r.after?.email)).toEqual(expect.arrayContaining(['neviens@demo.vpvb.lv', null]));
    expect(JSON.stringify(rows)).not.toMatch(/secret|my password/);
  });

  it('pauses an address that guesses across many accounts', async () => {
    // A fixed instant in the middle of a 15-minute window: on the real clock
    // the guesses could straddle two windows and never reach the limit.
    const now = new Date('2026-11-24T10:05:00Z');
    for (let i = 0; i < 20; i++) await signIn(t.db, { email: `guess${i}@demo.vpvb.lv`, password: 'x', address: '10.2.0.1', now });
    expect(await signIn(t.db, { email: OFFICIAL, password: DEMO_PASSWORD, address: '10.2.0.1', now })).toMatchObject({
      ok: false,
      reason: 'throttled',
    });
    expect(await signIn(t.db, { email: OFFICIAL, password: DEMO_PASSWORD, address: '10.2.0.2', now })).toMatchObject({ ok: true });
  });

  it('ends a session after the idle timeout and after its absolute lifetime', async () => {
    const p = await policy();
    const start = new Date('2026-11-24T08:00:00Z');
    const result = await signIn(t.db, { email: OFFICIAL, password: DEMO_PASSWORD, address: '10.3.0.1', now: start });
    if (!result.ok) throw new Error('not signed in');
    const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);
    expect(await readSession(t.db, result.token, p, at(29))).toBeDefined();
    expect(await readSession(t.db, result.token, p, at(29 + 31))).toBeUndefined();
    // Kept busy, it still ends at the absolute limit.
    const busy = await signIn(t.db, { email: OFFICIAL, password: DEMO_PASSWORD, address: '10.3.0.1', now: start });
    if (!busy.ok) throw new Error('not signed in');
    for (let m = 20; m < p.absoluteHours * 60; m += 20) expect(await readSession(t.db, busy.token, p, at(m))).toBeDefined();
    expect(await readSession(t.db, busy.token, p, at(p.absoluteHours * 60 + 1))).toBeUndefined();
  });

  it('makes an administrator set up TOTP, then asks for a code, and accepts each recovery code once', async () => {
    // A fixed instant: the codes and sessions follow it, not the machine's clock.
    const now = new Date('2026-11-24T09:00:00Z');
    const first = await signIn(t.db, { email: ADMIN, password: DEMO_PASSWORD, address: '10.4.0.1', now });
    expect(first).toMatchObject({ ok: true, next: 'setup_second_factor' });
    if (!first.ok) return;
    const staffId = await idOf(ADMIN);
    // Half signed in: the session does not count as signed in yet.
    expect(await readSession(t.db, first.token, await policy(), now)).toMatchObject({ secondFactorDone: false });
    const secret = (await beginTotpSetup(t.db, staffId))!;
    expect(await confirmTotpSetup(t.db, { token: first.token, staffId, code: '000000', now })).toEqual({ ok: false });
    const confirmed = await confirmTotpSetup(t.db, { token: first.token, staffId, code: currentTotp(secret, now.getTime()), now });
    expect(confirmed.ok).toBe(true);
    if (!confirmed.ok) return;
    expect(confirmed.recoveryCodes).toHaveLength(10);
    // The privilege changed: the half session is gone, a new one is whole.
    expect(await readSession(t.db, first.token, await policy(), now)).toBeUndefined();
    expect(await readSession(t.db, confirmed.token, await policy(), now)).toMatchObject({ secondFactorDone: true });

    const second = await signIn(t.db, { email: ADMIN, password: DEMO_PASSWORD, address: '10.4.0.1', now });
    expect(second).toMatchObject({ ok: true, next: 'second_factor' });
    if (!second.ok) return;
    expect(await completeSecondFactor(t.db, { token: second.token, staffId, code: '123456', now })).toEqual({ ok: false });
    const code = confirmed.recoveryCodes[0]!;
    const withRecovery = await completeSecondFactor(t.db, {
      token: second.token,
      staffId,
      code: code.toUpperCase().replaceAll('-', ' '),
      now,
    });
    expect(withRecovery.ok).toBe(true);
    const third = await signIn(t.db, { email: ADMIN, password: DEMO_PASSWORD, address: '10.4.0.1', now });
    if (!third.ok) throw new Error('not signed in');
    expect(await completeSecondFactor(t.db, { token: third.token, staffId, code, now })).toEqual({ ok: false });
    // The code that confirmed the set-up is used; the next period's works.
    expect(await completeSecondFactor(t.db, { token: third.token, staffId, code: currentTotp(secret, now.getTime()), now })).toEqual({
      ok: false,
    });
    const later = new Date(now.getTime() + 30_000);
    expect(
      (await completeSecondFactor(t.db, { token: third.token, staffId, code: currentTotp(secret, later.getTime()), now: later })).ok,
    ).toBe(true);
  });

  describe('the second step, once the authenticator is set up', () => {
    const DIRECTOR = 'direktors@demo.vpvb.lv';
    let staffId: number;
    let secret: string;
    const start = new Date('2026-12-01T08:00:00Z').getTime();
    const at = (periods: number) => new Date(start + periods * 30_000);
    beforeAll(async () => {
      staffId = await idOf(DIRECTOR);
      const first = await signIn(t.db, { email: DIRECTOR, password: DEMO_PASSWORD, address: '10.5.0.1', now: at(0) });
      if (!first.ok) throw new Error('not signed in');
      secret = (await beginTotpSetup(t.db, staffId))!;
      const confirmed = await confirmTotpSetup(t.db, {
        token: first.token,
        staffId,
        code: currentTotp(secret, at(0).getTime()),
        now: at(0),
      });
      expect(confirmed.ok).toBe(true);
    });
    const halfSignedIn = async (now: Date) => {
      const r = await signIn(t.db, { email: DIRECTOR, password: DEMO_PASSWORD, address: '10.5.0.1', now });
      if (!r.ok || r.next !== 'second_factor') throw new Error('no second step');
      return r.token;
    };

    it('takes each code once: the same code again, or an older one still in its window, is refused (RFC 6238 §5.2)', async () => {
      const now = at(10);
      const code = currentTotp(secret, now.getTime());
      expect((await secondStep(t.db, { token: await halfSignedIn(now), staffId, code, now })).ok).toBe(true);
      // Seen over a shoulder and typed again within the same 30 seconds.
      expect(await secondStep(t.db, { token: await halfSignedIn(now), staffId, code, now })).toEqual({ ok: false, reason: 'wrong' });
      // The previous period's code is still inside the clock-drift window, but older than the one used.
      expect(await secondStep(t.db, { token: await halfSignedIn(now), staffId, code: currentTotp(secret, at(9).getTime()), now })).toEqual({
        ok: false,
        reason: 'wrong',
      });
      // Two sign-ins racing with one fresh code: one wins.
      const next = at(11);
      const fresh = currentTotp(secret, next.getTime());
      const tokens = await Promise.all([halfSignedIn(next), halfSignedIn(next)]);
      const raced = await Promise.all(tokens.map((token) => secondStep(t.db, { token, staffId, code: fresh, now: next })));
      expect(raced.filter((r) => r.ok)).toHaveLength(1);
    });

    it('never locks out a person who keeps giving right codes, and stops the eleventh wrong one', async () => {
      // Eleven sign-ins in five minutes, each with its own period's code: more than the limit of ten attempts.
      for (let i = 0; i < 11; i++) {
        const now = at(20 + i);
        expect(
          (await secondStep(t.db, { token: await halfSignedIn(now), staffId, code: currentTotp(secret, now.getTime()), now })).ok,
        ).toBe(true);
      }
      const now = at(40);
      const token = await halfSignedIn(now);
      // A code right in no period near now.
      const near = [39, 40, 41].map((p) => currentTotp(secret, at(p).getTime()));
      let n = 0;
      while (near.includes(String(n).padStart(6, '0'))) n++;
      const wrong = [];
      for (let i = 0; i < 11; i++) wrong.push(await secondStep(t.db, { token, staffId, code: String(n).padStart(6, '0'), now }));
      expect(wrong.slice(0, 10).every((r) => !r.ok && r.reason === 'wrong')).toBe(true);
      expect(wrong[10]).toMatchObject({ ok: false, reason: 'throttled' });
      // Past the limit even the right code waits for the window to pass.
      expect(await secondStep(t.db, { token, staffId, code: currentTotp(secret, now.getTime()), now })).toMatchObject({
        ok: false,
        reason: 'throttled',
      });
    });
  });

  it('creates an account with a one-time link sent through the outbox, and the link works once', async () => {
    const admin = await idOf(ADMIN);
    const checked = await checkStaffInput(t.db, {
      fullName: 'Jauna Darbiniece',
      email: 'Jauna@Demo.vpvb.lv',
      role: 'official',
      unitId: String((await getStaff(t.db, await idOf(OFFICIAL)))!.unitId),
      managerId: '',
      languages: ['de', 'en'],
      active: true,
    });
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(checked.input.languages).toEqual(['lv', 'de', 'en']);
    const id = await createStaff(t.db, admin, checked.input, { baseUrl: 'https://example.lv', locale: 'lv' });
    const [mail] = await t.db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, 'jauna@demo.vpvb.lv'));
    const token = /set-password\/([A-Za-z0-9_-]{43})/.exec(mail!.textBody)![1]!;
    expect(await setPasswordWithLink(t.db, { token, password: 'short' })).toEqual({ ok: false, reason: 'passwordTooShort' });
    // M2: a common password, or one built of the person's own name or the institution's, is refused with the reason.
    expect(await setPasswordWithLink(t.db, { token, password: 'password1234' })).toEqual({
      ok: false,
      reason: 'passwordGuessable',
      why: 'similarToCommon',
    });
    expect(await setPasswordWithLink(t.db, { token, password: 'Jauna Darbiniece' })).toEqual({
      ok: false,
      reason: 'passwordGuessable',
      why: 'userInputs',
    });
    expect(await setPasswordWithLink(t.db, { token, password: 'Klientu balss 2026' })).toMatchObject({
      ok: false,
      reason: 'passwordGuessable',
    });
    expect(await setPasswordWithLink(t.db, { token, password: 'a long enough passphrase' })).toEqual({ ok: true, staffId: id });
    expect(await setPasswordWithLink(t.db, { token, password: 'another long passphrase' })).toEqual({ ok: false, reason: 'link' });
    const [row] = await t.db.select().from(staffMembers).where(eq(staffMembers.id, id));
    expect(await verifyPassword(row!.passwordHash, 'a long enough passphrase')).toBe(true);
    const entries = await t.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityId, String(id)));
    expect(entries.map((e) => e.action)).toEqual(expect.arrayContaining(['staff.create', 'staff.password_set']));
    expect(JSON.stringify(entries)).not.toContain('argon2');
  });

  it('refuses a taken e-mail, an unknown unit and an official without a unit', async () => {
    const base = { fullName: 'X', role: 'official', managerId: '', languages: [], active: true };
    const r = await checkStaffInput(t.db, { ...base, email: OFFICIAL.toUpperCase(), unitId: '999999' });
    expect(r.ok ? [] : r.problems.map((p) => `${p.field}:${p.key}`)).toEqual(['unitId:choose', 'email:emailTaken']);
    const noUnit = await checkStaffInput(t.db, { ...base, email: 'x@demo.vpvb.lv', unitId: '' });
    expect(noUnit.ok ? [] : noUnit.problems.map((p) => p.key)).toEqual(['unitRequired']);
  });

  it('ends every session of an account the moment it is disabled, and audits before and after', async () => {
    const admin = await idOf(ADMIN);
    const official = await idOf('atlaujas@demo.vpvb.lv');
    const session = await signIn(t.db, { email: 'atlaujas@demo.vpvb.lv', password: DEMO_PASSWORD, address: '10.5.0.1' });
    if (!session.ok) throw new Error('not signed in');
    const before = (await getStaff(t.db, official))!;
    const checked = await checkStaffInput(
      t.db,
      {
        fullName: before.fullName,
        email: before.email,
        role: 'official',
        unitId: String(before.unitId),
        managerId: '',
        languages: before.languages,
        active: false,
      },
      official,
    );
    if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
    await updateStaff(t.db, admin, official, checked.input);
    expect(await readSession(t.db, session.token, await policy())).toBeUndefined();
    expect(await signIn(t.db, { email: 'atlaujas@demo.vpvb.lv', password: DEMO_PASSWORD, address: '10.5.0.1' })).toMatchObject({
      ok: false,
      reason: 'invalid',
    });
    const [entry] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'staff.update'));
    expect(entry).toMatchObject({ actorStaffId: admin, entityId: String(official), before: { active: true }, after: { active: false } });
  });

  it('keeps the audit log append-only: the database refuses to change or delete an entry', async () => {
    const [entry] = await t.db.select().from(auditLog).limit(1);
    await expect(t.db.update(auditLog).set({ action: 'forged' }).where(eq(auditLog.id, entry!.id))).rejects.toThrow();
    await expect(t.db.delete(auditLog).where(eq(auditLog.id, entry!.id))).rejects.toThrow();
    await expect(t.db.execute(sql`truncate audit_log`)).rejects.toThrow();
    expect(await t.db.select().from(auditLog).where(eq(auditLog.id, entry!.id))).toEqual([entry]);
  });

  it('signs out everywhere', async () => {
    const a = await signIn(t.db, { email: 'triaza@demo.vpvb.lv', password: DEMO_PASSWORD, address: '10.6.0.1' });
    const b = await signIn(t.db, { email: 'triaza@demo.vpvb.lv', password: DEMO_PASSWORD, address: '10.6.0.2' });
    if (!a.ok || !b.ok) throw new Error('not signed in');
    await endAllSessions(t.db, await idOf('triaza@demo.vpvb.lv'));
    expect(await readSession(t.db, a.token, await policy())).toBeUndefined();
    expect(await readSession(t.db, b.token, await policy())).toBeUndefined();
  });

  it('lists one’s sessions and ends all but the one asking (ASVS 7.5.2)', async () => {
    const signedIn = [];
    for (const address of ['10.7.0.1', '10.7.0.2', '10.7.0.3']) {
      const r = await signIn(t.db, { email: 'specialiste@demo.vpvb.lv', password: DEMO_PASSWORD, address });
      if (!r.ok) throw new Error('not signed in');
      signedIn.push(r.token);
    }
    const id = await idOf('specialiste@demo.vpvb.lv');
    const listed = await listSessions(t.db, id, signedIn[1], await policy());
    expect(listed).toHaveLength(3);
    expect(listed.filter((x) => x.current)).toHaveLength(1);
    expect(await endOtherSessions(t.db, id, signedIn[1]!)).toBe(2);
    expect(await readSession(t.db, signedIn[0]!, await policy())).toBeUndefined();
    expect(await readSession(t.db, signedIn[1]!, await policy())).toBeDefined();
    expect((await listSessions(t.db, id, signedIn[1], await policy())).map((x) => x.current)).toEqual([true]);
  });

  it('revokes an earlier unused password link when a new one is issued (review m7)', async () => {
    const id = await idOf('specialiste@demo.vpvb.lv');
    const first = await issuePasswordLink(t.db, id);
    const second = await issuePasswordLink(t.db, id);
    expect(await setPasswordWithLink(t.db, { token: first, password: 'pieci zaļi ezeri aiz kalna' })).toEqual({
      ok: false,
      reason: 'link',
    });
    expect(await setPasswordWithLink(t.db, { token: second, password: 'pieci zaļi ezeri aiz kalna' })).toEqual({ ok: true, staffId: id });
  });

  it('lets another administrator remove a lost second factor, after checking identity, and never one’s own (review m4)', async () => {
    const admin = await idOf('administrators@demo.vpvb.lv');
    const official = await idOf('ierednis@demo.vpvb.lv');
    await t.db
      .update(staffMembers)
      .set({ totpSecret: 'JBSWY3DPEHPK3PXP', totpEnabledAt: new Date('2026-11-20T08:00:00Z') })
      .where(eq(staffMembers.id, official));
    await t.db.insert(staffRecoveryCodes).values({ staffId: official, codeHash: hashSecret('aaaa-bbbb-cccc') });
    const session = await signIn(t.db, { email: 'ierednis@demo.vpvb.lv', password: DEMO_PASSWORD, address: '10.8.0.1' });
    if (!session.ok) throw new Error('not signed in');
    expect(await resetSecondFactor(t.db, admin, admin, { identityChecked: true })).toBe('own');
    expect(await resetSecondFactor(t.db, admin, official, { identityChecked: false })).toBe('unchecked');
    expect(await resetSecondFactor(t.db, admin, official, { identityChecked: true })).toBe('done');
    const [row] = await t.db.select().from(staffMembers).where(eq(staffMembers.id, official));
    expect(row).toMatchObject({ totpSecret: null, totpEnabledAt: null });
    expect(await t.db.select().from(staffRecoveryCodes).where(eq(staffRecoveryCodes.staffId, official))).toEqual([]);
    expect(await readSession(t.db, session.token, await policy())).toBeUndefined();
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.action, 'staff.second_factor_reset'));
    expect(audit.map((a) => [a.actorStaffId, a.entityId])).toEqual([[admin, String(official)]]);
    expect(await resetSecondFactor(t.db, admin, official, { identityChecked: true })).toBe('none');
  });

  it('purges the rows of ended sessions and keeps live ones', async () => {
    const start = new Date('2026-11-24T08:00:00Z');
    const old = await signIn(t.db, { email: 'triaza@demo.vpvb.lv', password: DEMO_PASSWORD, address: '10.7.0.1', now: start });
    const fresh = await signIn(t.db, {
      email: 'triaza@demo.vpvb.lv',
      password: DEMO_PASSWORD,
      address: '10.7.0.1',
      now: new Date(start.getTime() + 50 * 60_000),
    });
    if (!old.ok || !fresh.ok) throw new Error('not signed in');
    // Idle for an hour, the old one has ended but is kept for its grace (docs/0019): it names the official of an answer posted late.
    await purgeExpiredSessions(t.db, await policy(), new Date(start.getTime() + 60 * 60_000));
    expect(
      await t.db
        .select()
        .from(staffSessions)
        .where(eq(staffSessions.idHash, hashSecret(old.token))),
    ).toHaveLength(1);
    expect(await readSession(t.db, old.token, await policy(), new Date(start.getTime() + 60 * 60_000))).toBeUndefined();
    await purgeExpiredSessions(t.db, await policy(), new Date(start.getTime() + (ENDED_SESSION_GRACE_HOURS * 60 + 60) * 60_000));
    expect(
      await t.db
        .select()
        .from(staffSessions)
        .where(eq(staffSessions.idHash, hashSecret(old.token))),
    ).toHaveLength(0);
    expect(
      await t.db
        .select()
        .from(staffSessions)
        .where(eq(staffSessions.idHash, hashSecret(fresh.token))),
    ).toHaveLength(1);
  });
});
