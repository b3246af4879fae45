import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createTestDatabase, engines, type TestDatabase } from '../support/database.ts';
import { DEMO_PASSWORD, seed } from '#src/db/seed.ts';
import { staffMembers, staffSessions } from '#src/staff/schema.ts';
import { auditLog } from '#src/audit/schema.ts';
import { outboxMessages } from '#src/mail/schema.ts';
import { beginTotpSetup, completeSecondFactor, confirmTotpSetup, secondStep, setPasswordWithLink, signIn } from '#src/staff/sign-in.ts';
import { endAllSessions, purgeExpiredSessions, readSession, sessionPolicy } from '#src/staff/sessions.ts';
import { checkStaffInput, createStaff, getStaff, updateStaff } from '#src/staff/queries.ts';
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

  it('signs an official in with the right password and keeps no password in clear', async () => {
    const result = await signIn(t.db, { email: 'IERednis@demo.vpvb.lv ', password: DEMO_PASSWORD, address: '10.0.0.1' });
    expect(result).toMatchObject({ ok: true, next: 'done' });
    if (!result.ok) return;
    const session = await readSession(t.db, result.token, await policy());
    expect(session).toMatchObject({ user: { email: OFFICIAL, role: 'official' }, secondFactorDone: true });
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

  it('pauses an account after five failures, even with the right password, from any address', async () => {
    const email = 'specialiste@demo.vpvb.lv';
    for (let i = 0; i < 5; i++) {
      expect(await signIn(t.db, { email, password: `guess ${i}`, address: `10.1.0.${i}` })).toMatchObject({ ok: false, reason: 'invalid' });
    }
    const blocked = await signIn(t.db, { email, password: DEMO_PASSWORD, address: '10.1.0.99' });
    expect(blocked).toMatchObject({ ok: false, reason: 'throttled' });
    if (!blocked.ok && blocked.reason === 'throttled') expect(blocked.retryAfterSeconds).toBeGreaterThan(0);
  });

  it('pauses an address that guesses across many accounts', async () => {
    for (let i = 0; i < 20; i++) await signIn(t.db, { email: `guess${i}@demo.vpvb.lv`, password: 'x', address: '10.2.0.1' });
    expect(await signIn(t.db, { email: OFFICIAL, password: DEMO_PASSWORD, address: '10.2.0.1' })).toMatchObject({
      ok: false,
      reason: 'throttled',
    });
    expect(await signIn(t.db, { email: OFFICIAL, password: DEMO_PASSWORD, address: '10.2.0.2' })).toMatchObject({ ok: true });
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
    const first = await signIn(t.db, { email: ADMIN, password: DEMO_PASSWORD, address: '10.4.0.1' });
    expect(first).toMatchObject({ ok: true, next: 'setup_second_factor' });
    if (!first.ok) return;
    const staffId = await idOf(ADMIN);
    // Half signed in: the session does not count as signed in yet.
    expect(await readSession(t.db, first.token, await policy())).toMatchObject({ secondFactorDone: false });
    const secret = (await beginTotpSetup(t.db, staffId))!;
    expect(await confirmTotpSetup(t.db, { token: first.token, staffId, code: '000000' })).toEqual({ ok: false });
    const confirmed = await confirmTotpSetup(t.db, { token: first.token, staffId, code: currentTotp(secret) });
    expect(confirmed.ok).toBe(true);
    if (!confirmed.ok) return;
    expect(confirmed.recoveryCodes).toHaveLength(10);
    // The privilege changed: the half session is gone, a new one is whole.
    expect(await readSession(t.db, first.token, await policy())).toBeUndefined();
    expect(await readSession(t.db, confirmed.token, await policy())).toMatchObject({ secondFactorDone: true });

    const second = await signIn(t.db, { email: ADMIN, password: DEMO_PASSWORD, address: '10.4.0.1' });
    expect(second).toMatchObject({ ok: true, next: 'second_factor' });
    if (!second.ok) return;
    expect(await completeSecondFactor(t.db, { token: second.token, staffId, code: '123456' })).toEqual({ ok: false });
    const code = confirmed.recoveryCodes[0]!;
    const withRecovery = await completeSecondFactor(t.db, { token: second.token, staffId, code: code.toUpperCase().replaceAll('-', ' ') });
    expect(withRecovery.ok).toBe(true);
    const third = await signIn(t.db, { email: ADMIN, password: DEMO_PASSWORD, address: '10.4.0.1' });
    if (!third.ok) throw new Error('not signed in');
    expect(await completeSecondFactor(t.db, { token: third.token, staffId, code })).toEqual({ ok: false });
    // The code that confirmed the set-up is used; the next period's works.
    expect(await completeSecondFactor(t.db, { token: third.token, staffId, code: currentTotp(secret) })).toEqual({ ok: false });
    const later = new Date(Date.now() + 30_000);
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
    await purgeExpiredSessions(t.db, await policy(), new Date(start.getTime() + 60 * 60_000));
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
