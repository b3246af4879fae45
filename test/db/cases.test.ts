import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, desc, eq } from 'drizzle-orm';
import { createTestDatabase, engines, type TestDatabase } from '../support/database.ts';
import { actionContext, SEED_DAY, staffByName, submittedCase, TEST_BASE_URL as baseUrl, type StaffPerson } from '../support/factories.ts';
import { seed } from '#src/db/seed.ts';
import { caseEvents, cases, deadlineAlerts } from '#src/cases/schema.ts';
import { outboxMessages } from '#src/mail/schema.ts';
import { staffMembers } from '#src/staff/schema.ts';
import { authorities } from '#src/settings/schema.ts';
import { closeComplaint } from '#src/cases/endings.ts';
import {
  answerCase,
  decideRefusal,
  extendDeadline,
  markAbusive,
  proposeRefusal,
  reassignCase,
  recordCall,
  referCase,
  type ActionContext,
} from '#src/cases/actions.ts';
import { caseForRating, caseForClient } from '#src/cases/client-view.ts';
import { caseForStaff, filtersFrom, listCases } from '#src/cases/workspace.ts';
import { sendDeadlineAlerts } from '#src/cases/deadline-alerts.ts';
import { loadCalendar } from '#src/settings/queries.ts';
import type { CaseKind } from '#src/cases/schema.ts';
import { publicPaths } from '#src/paths.ts';

describe.each(engines)('case handling on %s', (engine) => {
  let t: TestDatabase;
  let who: (name: string) => StaffPerson;
  let nameOf: (id: number) => string;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
    await seed(t.db, { demo: true, today: SEED_DAY });
    ({ who, nameOf } = await staffByName(t.db));
  });
  afterAll(async () => {
    await t?.drop();
  });

  const submit = (kind: CaseKind, fields: Record<string, string> = {}, now = SEED_DAY) =>
    submittedCase(t.db, kind, fields, { now, baseUrl });
  async function row(id: number) {
    return (await t.db.select().from(cases).where(eq(cases.id, id)))[0]!;
  }
  const ctx = (caseId: number, name: string): Promise<ActionContext> => actionContext(t.db, who(name), caseId, { baseUrl });
  async function lastMail(to = 'anna@example.lv') {
    return (await t.db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, to)).orderBy(desc(outboxMessages.id)).limit(1))[0]!;
  }

  it('routes a Russian reply to the official who speaks Russian, and a Latvian one fairly', async () => {
    const ru = await submit('question', { replyLanguage: 'ru' });
    expect((await row(ru.caseId)).assigneeId).toBe(who('ierednis').id);
    const a = await submit('question');
    const b = await submit('question');
    // Andris now has two open cases, Laura none: the Latvian ones go to Laura first.
    expect((await row(a.caseId)).assigneeId).toBe(who('specialiste').id);
    expect([who('ierednis').id, who('specialiste').id]).toContain((await row(b.caseId)).assigneeId);
    const events = await t.db
      .select()
      .from(caseEvents)
      .where(and(eq(caseEvents.caseId, ru.caseId), eq(caseEvents.type, 'assigned')));
    expect(events[0]!.data).toEqual({ staffId: who('ierednis').id, reason: 'speaks_language' });
  });

  it('answers by e-mail with the rating and complaint links, and shows the answer to the client', async () => {
    const r = await submit('question');
    expect(await answerCase(t.db, await ctx(r.caseId, 'specialiste'), { text: 'Lēmums būs 15. decembrī.', note: '' })).toEqual({
      ok: true,
    });
    const c = await row(r.caseId);
    expect(c).toMatchObject({ status: 'answered', version: 2 });
    expect(c.answeredAt).toBeInstanceOf(Date);
    const mail = await lastMail();
    expect(mail.subject).toBe(`Mūsu atbilde uz ${r.reference}`);
    expect(mail.textBody).toContain('Lēmums būs 15. decembrī.');
    expect(mail.textBody).toContain(`${baseUrl}${publicPaths.complaint('lv', r.reference)}`);
    const rateUrl = new RegExp(`${baseUrl}/lv/rate/([A-Za-z0-9_-]{43})`).exec(mail.textBody)!; // literal on purpose: parses the token out of the letter
    expect((await caseForRating(t.db, rateUrl[1]!))?.id).toBe(r.caseId);
    const view = await caseForClient(t.db, r.token);
    expect(view?.status).toBe('answered');
    expect(view?.history.find((h) => h.type === 'answered')?.data.text).toBe('Lēmums būs 15. decembrī.');
  });

  it('records a phone answer as done without e-mailing it', async () => {
    const r = await submit('question', { replyChannel: 'phone', phone: '29123456', email: 'phone.client@example.lv' });
    expect(
      await answerCase(t.db, await ctx(r.caseId, 'ierednis'), { text: 'Izskaidrots pa tālruni.', note: 'Zvanīts 25.11. 10:00' }),
    ).toEqual({ ok: true });
    const mails = await t.db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, 'phone.client@example.lv'));
    expect(mails.map((m) => m.kind)).toEqual(['submission.acknowledged']);
  });

  it('lets exactly one of two officials acting on the same version win; the other is told', async () => {
    const r = await submit('question');
    const version = (await row(r.caseId)).version;
    const [a, b] = await Promise.all([
      answerCase(t.db, { actor: who('ierednis'), caseId: r.caseId, version, baseUrl }, { text: 'Atbilde A', note: '' }),
      answerCase(t.db, { actor: who('specialiste'), caseId: r.caseId, version, baseUrl }, { text: 'Atbilde B', note: '' }),
    ]);
    expect([a, b].filter((x) => x.ok)).toHaveLength(1);
    expect([a, b].filter((x) => !x.ok)).toEqual([{ ok: false, reason: 'conflict' }]);
    const answers = await t.db
      .select()
      .from(caseEvents)
      .where(and(eq(caseEvents.caseId, r.caseId), eq(caseEvents.type, 'answered')));
    expect(answers).toHaveLength(1);
  });

  it("keeps another unit's case out of reach, by id or by action", async () => {
    const r = await submit('question');
    const outsider = who('atlaujas');
    expect(await caseForStaff(t.db, outsider, r.caseId)).toBeUndefined();
    expect(await answerCase(t.db, await ctx(r.caseId, 'atlaujas'), { text: 'x', note: '' })).toEqual({ ok: false, reason: 'not_found' });
    expect(await caseForStaff(t.db, who('direktors'), r.caseId)).toBeDefined();
    expect(await caseForStaff(t.db, who('administrators'), r.caseId)).toBeUndefined();
  });

  it('reassigns to another unit with the reason in the history (S-10)', async () => {
    const r = await submit('question');
    const target = who('atlaujas');
    expect(
      await reassignCase(t.db, await ctx(r.caseId, 'specialiste'), { assignee: `staff:${target.id}`, reason: 'Jautājums par atļauju.' }),
    ).toEqual({ ok: true });
    expect(await row(r.caseId)).toMatchObject({ assigneeId: target.id, unitId: target.unitId, status: 'in_progress' });
    expect(await reassignCase(t.db, await ctx(r.caseId, 'atlaujas'), { assignee: 'staff:999999', reason: 'x' })).toMatchObject({
      reason: 'invalid',
    });
  });

  it('refers a case wholly to an authority, tracks the forwarding deadline and sends its contacts (S-14.1)', async () => {
    const r = await submit('question');
    const [vvd] = await t.db.select().from(authorities).where(eq(authorities.code, 'vvd'));
    expect(
      await referCase(t.db, await ctx(r.caseId, 'specialiste'), {
        authority: String(vvd!.id),
        scope: 'whole',
        note: 'Par piesārņojumu upē.',
      }),
    ).toEqual({ ok: true });
    expect((await row(r.caseId)).status).toBe('referred');
    const [event] = await t.db
      .select()
      .from(caseEvents)
      .where(and(eq(caseEvents.caseId, r.caseId), eq(caseEvents.type, 'referred')));
    // Received Tuesday 24 Nov 2026: five working days → Tuesday 1 Dec.
    expect(event!.data).toMatchObject({
      authorityName: 'Valsts vides dienests',
      forwardBy: '2026-12-01',
      contacts: 'e-pasts: videssos@vvd.gov.lv; tālrunis: +371 26338800; tīmekļvietne: https://www.vvd.gov.lv',
      delivery: 'email',
    });
    expect((await lastMail()).textBody).toContain('videssos@vvd.gov.lv');
  });

  it('refers a part and keeps the rest open', async () => {
    const r = await submit('question');
    const [dap] = await t.db.select().from(authorities).where(eq(authorities.code, 'dap'));
    expect(
      await referCase(t.db, await ctx(r.caseId, 'specialiste'), {
        authority: String(dap!.id),
        scope: 'part',
        note: 'Daļa par mikroliegumu.',
      }),
    ).toEqual({ ok: true });
    expect((await row(r.caseId)).status).toBe('in_progress');
  });

  it('closes an abusive message as not examined and tells the client why (S-14.6.2)', async () => {
    const r = await submit('question');
    expect(await markAbusive(t.db, await ctx(r.caseId, 'specialiste'), { reason: 'Vēstule satur aizskarošus izteikumus.' })).toEqual({
      ok: true,
    });
    expect((await row(r.caseId)).status).toBe('not_examined');
    expect((await lastMail()).subject).toBe(`Jūsu iesniegums ${r.reference} netiks izskatīts`);
    expect(await answerCase(t.db, await ctx(r.caseId, 'specialiste'), { text: 'x', note: '' })).toEqual({ ok: false, reason: 'forbidden' });
  });

  it('only checks an action when asked to: good input says so, bad input its problems, nothing is written (D20)', async () => {
    const r = await submit('question');
    const c = { ...(await ctx(r.caseId, 'specialiste')), check: true };
    const before = await row(r.caseId);
    expect(await markAbusive(t.db, c, { reason: '' })).toMatchObject({ ok: false, reason: 'invalid' });
    expect(await markAbusive(t.db, c, { reason: 'Aizskaroši izteikumi.' })).toEqual({ ok: true, checked: true });
    expect(await row(r.caseId)).toEqual(before);
    const events = await t.db.select().from(caseEvents).where(eq(caseEvents.caseId, r.caseId));
    expect(events.map((e) => e.type)).not.toContain('not_examined');
    // A stale version is a conflict already at the check.
    expect(await markAbusive(t.db, { ...c, version: c.version - 1 }, { reason: 'x' })).toEqual({ ok: false, reason: 'conflict' });
  });

  it('extends a deadline only within the law, later than now, and tells the client', async () => {
    const r = await submit('question');
    const c = await ctx(r.caseId, 'specialiste');
    expect(await extendDeadline(t.db, c, { dueOn: '2026-12-01', reason: 'x' })).toMatchObject({
      reason: 'invalid',
      problems: [{ field: 'dueOn', key: 'notLater' }],
    });
    // Received 24 Nov 2026: at most a month, 24 Dec (a holiday) → 28 Dec.
    expect(await extendDeadline(t.db, c, { dueOn: '2027-01-15', reason: 'x' })).toMatchObject({
      reason: 'invalid',
      problems: [{ field: 'dueOn', key: 'beyondLaw', values: { latest: '2026-12-28' } }],
    });
    expect(await extendDeadline(t.db, c, { dueOn: '2026-12-28', reason: 'Jāsaņem cita iestāde viedoklis.' })).toEqual({ ok: true });
    expect((await row(r.caseId)).dueOn).toBe('2026-12-28');
    expect((await lastMail()).textBody).toContain('Atbildēsim līdz 2026. gada 28. decembrim.');
  });

  it('leaves a proposed refusal to the director, who refuses with a reason the client receives (S-11/12)', async () => {
    const r = await submit('information_request', { informationForm: 'electronic' });
    const holder = (await row(r.caseId)).assigneeId!;
    const name = nameOf(holder);
    expect(await proposeRefusal(t.db, await ctx(r.caseId, name), { reason: 'Pieprasīti 40 gadu arhīvi.' })).toEqual({ ok: true });
    expect(await decideRefusal(t.db, await ctx(r.caseId, name), { decision: 'refuse', reason: 'x' })).toEqual({
      ok: false,
      reason: 'forbidden',
    });
    expect(
      await decideRefusal(t.db, await ctx(r.caseId, 'direktors'), { decision: 'refuse', reason: 'Apjoms nav samērīgs ar resursiem.' }),
    ).toEqual({ ok: true });
    expect(await row(r.caseId)).toMatchObject({ status: 'refused', pendingDecision: null });
    expect((await lastMail()).textBody).toContain('Apjoms nav samērīgs ar resursiem.');
  });

  it('closes a complaint as justified only with the remedy (Q-4, S-5.3)', async () => {
    const r = await submit('complaint', { complaintAbout: 'official' });
    const c = await ctx(r.caseId, 'vaditaja');
    expect(await closeComplaint(t.db, c, { outcome: 'justified', remedy: '', text: 'Atbilde.' })).toMatchObject({
      reason: 'invalid',
      problems: [{ field: 'remedy', key: 'remedyRequired' }],
    });
    expect(
      await closeComplaint(t.db, c, {
        outcome: 'justified',
        remedy: 'Atvainojāmies un apmācījām darbinieku.',
        text: 'Sūdzība ir pamatota.',
      }),
    ).toEqual({ ok: true });
    expect(await row(r.caseId)).toMatchObject({
      status: 'closed',
      complaintOutcome: 'justified',
      complaintRemedy: 'Atvainojāmies un apmācījām darbinieku.',
    });
  });

  it('switches a callback that cannot be made to e-mail (S-14.3.1)', async () => {
    const r = await submit('callback', { phone: '29 123 456' });
    expect((await row(r.caseId)).replyChannel).toBe('phone');
    const holder = 'ierednis';
    const c = { ...(await ctx(r.caseId, holder)) };
    expect(await recordCall(t.db, c, { outcome: 'unreachable', note: 'Trīs reizes neatbild.' })).toEqual({ ok: true });
    const after = await row(r.caseId);
    expect(after).toMatchObject({ replyChannel: 'email', status: 'in_progress' });
    expect(after.particulars.callbackDecision).toBe('email_instead');
  });

  it("lists my, my unit's and all cases, and finds the overdue ones", async () => {
    const old = await submit('question', {}, new Date('2026-11-02T10:00:00Z'));
    const { calendar } = await loadCalendar(t.db);
    const laura = who('specialiste');
    const unit = await listCases(t.db, laura, filtersFrom(new URLSearchParams('scope=unit&due=overdue'), laura), calendar, '2026-11-25');
    expect(unit.rows.map((r) => r.reference)).toContain(old.reference);
    expect(unit.rows.every((r) => r.urgency === 'overdue')).toBe(true);
    const outsider = who('atlaujas');
    const theirs = await listCases(t.db, outsider, filtersFrom(new URLSearchParams('scope=unit'), outsider), calendar, '2026-11-25');
    expect(theirs.rows.map((r) => r.reference)).not.toContain(old.reference);
    // An official cannot widen the scope to all units by editing the address.
    expect(filtersFrom(new URLSearchParams('scope=all'), laura).scope).toBe('mine');
  });

  it('reminds the official and their manager of cases due soon or overdue, once per case per day', async () => {
    const due = await submit('question', {}, new Date('2026-11-10T10:00:00Z'));
    const now = new Date('2026-11-25T07:00:00Z');
    const first = await sendDeadlineAlerts(t.db, { baseUrl, now });
    expect(first).toBeGreaterThan(0);
    expect(await sendDeadlineAlerts(t.db, { baseUrl, now })).toBe(0);
    const alerts = await t.db.select().from(deadlineAlerts).where(eq(deadlineAlerts.caseId, due.caseId));
    expect(alerts).toEqual([{ caseId: due.caseId, onDate: '2026-11-25', kind: 'due_soon' }]);
    const assignee = (await row(due.caseId)).assigneeId!;
    const [official] = await t.db.select().from(staffMembers).where(eq(staffMembers.id, assignee));
    const mails = await t.db
      .select()
      .from(outboxMessages)
      .where(eq(outboxMessages.kind, 'case.deadline_due_soon'))
      .orderBy(asc(outboxMessages.id));
    expect(mails.map((m) => m.toAddress)).toEqual(expect.arrayContaining([official!.email, 'vaditaja@demo.vpvb.lv']));
  });
});
