import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, desc, eq } from 'drizzle-orm';
import { createTestDatabase, engines, type TestDatabase } from '../support/database.ts';
import { actionContext, SEED_DAY, staffByName, submittedCase, TEST_BASE_URL as baseUrl, type StaffPerson } from '../support/factories.ts';
import { seed } from '#src/db/seed.ts';
import { caseEvents, cases, type CaseKind } from '#src/cases/schema.ts';
import { outboxMessages } from '#src/mail/schema.ts';
import { answerCase, extendDeadline, markAbusive, proposeRefusal, decideRefusal } from '#src/cases/actions.ts';
import { closeComplaint, closeUnexamined, decideSuggestion } from '#src/cases/endings.ts';
import { caseForClient } from '#src/cases/client-view.ts';
import { seedAppealRoute } from '#src/settings/seed-data.ts';
import { suggestionsReport, suggestionDecisions } from '#src/quality/reports/suggestions.ts';

// Issue 13, "cases that must be able to end" and "letters that must be
// true": each ending stored, each letter saying only what happened.

describe.each(engines)('how cases end, on %s', (engine) => {
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
  const row = async (id: number) => (await t.db.select().from(cases).where(eq(cases.id, id)))[0]!;
  const holder = async (id: number) => nameOf((await row(id)).assigneeId!);
  const ctx = async (caseId: number, name?: string, now?: Date) =>
    actionContext(t.db, who(name ?? (await holder(caseId))), caseId, { baseUrl, ...(now ? { now } : {}) });
  const mailsTo = (to: string) =>
    t.db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, to)).orderBy(desc(outboxMessages.id));
  const eventsOf = (caseId: number, type: string) =>
    t.db
      .select()
      .from(caseEvents)
      .where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.type, type)));

  it('closes an anonymous suggestion with its decision and no letter (S-4.8, M1)', async () => {
    const r = await submit('suggestion', { anonymous: 'yes' });
    expect((await row(r.caseId)).anonymous).toBe(true);
    const c = await ctx(r.caseId);
    expect(await answerCase(t.db, c, { text: 'x', note: '' })).toEqual({ ok: false, reason: 'forbidden' });
    expect(
      await decideSuggestion(t.db, c, { decision: 'implement', note: 'Pieņemšanas laiku pagarināsim.', implementBy: '' }),
    ).toMatchObject({
      problems: [{ field: 'implementBy', key: 'implementByRequired' }],
    });
    expect(await decideSuggestion(t.db, c, { decision: 'implement', note: 'x', implementBy: '2026-11-01' })).toMatchObject({
      problems: [{ field: 'implementBy', key: 'notPast' }],
    });
    const closedAt = new Date('2026-11-26T12:00:00Z');
    expect(
      await decideSuggestion(t.db, await ctx(r.caseId, undefined, closedAt), {
        decision: 'implement',
        note: 'Pieņemšanas laiku ceturtdienās pagarināsim līdz 18.00.',
        implementBy: '2027-01-31',
      }),
    ).toEqual({ ok: true });
    expect(await row(r.caseId)).toMatchObject({
      status: 'closed',
      suggestionDecision: 'implement',
      suggestionImplementBy: '2027-01-31',
      closedAt,
      answeredAt: null,
    });
    const client = await caseForClient(t.db, r.token);
    expect(client?.history.at(-1)).toMatchObject({
      type: 'suggestion_decided',
      data: { decision: 'implement', implementBy: '2027-01-31' },
    });
  });

  it('writes to a named client with the decision on their suggestion', async () => {
    const r = await submit('suggestion', { email: 'ieteicejs@example.lv', wantsReply: 'yes' });
    expect(
      await decideSuggestion(t.db, await ctx(r.caseId), { decision: 'not_taken', note: 'Likums šādu kārtību neparedz.', implementBy: '' }),
    ).toEqual({ ok: true });
    expect(await row(r.caseId)).toMatchObject({ status: 'closed', suggestionDecision: 'not_taken', suggestionImplementBy: null });
    const [letter] = await mailsTo('ieteicejs@example.lv');
    expect(letter!.subject).toBe(`Jūsu priekšlikums ${r.reference}: mūsu lēmums`);
    expect(letter!.textBody).toContain('neieviesīsim šāda iemesla dēļ');
    expect(letter!.textBody).toContain('Likums šādu kārtību neparedz.');
  });

  it('closes an anonymous complaint as justified with the remedy, and writes to nobody', async () => {
    const r = await submit('complaint', { anonymous: 'yes', complaintAbout: 'service' });
    const before = (await t.db.select().from(outboxMessages)).length;
    expect(await closeComplaint(t.db, await ctx(r.caseId), { outcome: 'justified', remedy: 'Labojām rindas kārtību.', text: '' })).toEqual({
      ok: true,
    });
    expect(await row(r.caseId)).toMatchObject({ status: 'closed', complaintOutcome: 'justified', answeredAt: null });
    expect((await t.db.select().from(outboxMessages)).length).toBe(before);
  });

  it('leaves an anonymous submission unexamined with the reason the status link shows', async () => {
    const r = await submit('complaint', { anonymous: 'yes', complaintAbout: 'service' });
    expect(await closeUnexamined(t.db, await ctx(r.caseId), { reason: 'Nav norādīts, par kuru apmeklējumu ir sūdzība.' })).toEqual({
      ok: true,
    });
    expect((await row(r.caseId)).status).toBe('not_examined');
    const client = await caseForClient(t.db, r.token);
    expect(client?.history.at(-1)).toMatchObject({
      type: 'left_unexamined',
      data: { reason: 'Nav norādīts, par kuru apmeklējumu ir sūdzība.' },
    });
    const named = await submit('complaint', { complaintAbout: 'service' });
    expect(await closeUnexamined(t.db, await ctx(named.caseId), { reason: 'x' })).toEqual({ ok: false, reason: 'forbidden' });
  });

  it('sends the outcome, the remedy, the answer and where to turn next when a complaint closes (D3)', async () => {
    const r = await submit('complaint', { complaintAbout: 'official', email: 'sudzetajs@example.lv' });
    const c = await ctx(r.caseId, 'vaditaja');
    expect(await closeComplaint(t.db, c, { outcome: 'unjustified', remedy: '', text: '' })).toMatchObject({
      problems: [{ field: 'text', key: 'answerRequired' }],
    });
    expect(
      await closeComplaint(t.db, c, { outcome: 'justified', remedy: 'Darbinieks atvainojās.', text: 'Pārbaudījām sarunas ierakstu.' }),
    ).toEqual({ ok: true });
    const [letter] = await mailsTo('sudzetajs@example.lv');
    expect(letter!.kind).toBe('case.complaint_closed');
    expect(letter!.textBody).toContain('atzinuši to par pamatotu');
    expect(letter!.textBody).toContain('Ko esam izdarījuši: Darbinieks atvainojās.');
    expect(letter!.textBody).toContain('Pārbaudījām sarunas ierakstu.');
    expect(letter!.textBody).toContain('tiesībsarga');
    expect(letter!.textBody).toMatch(/\/lv\/rate\//); // literal on purpose: the rating link is in the letter
    const client = await caseForClient(t.db, r.token);
    expect(client?.history.at(-1)).toMatchObject({
      type: 'complaint_closed',
      data: { outcome: 'justified', remedy: 'Darbinieks atvainojās.' },
    });
  });

  it('tells the official to inform a client without e-mail by their channel', async () => {
    const r = await submit('complaint', {
      complaintAbout: 'service',
      replyChannel: 'post',
      address: 'Brīvības iela 1, Rīga, LV-1010',
      email: '',
    });
    expect((await row(r.caseId)).contactEmail).toBeNull();
    expect(await closeComplaint(t.db, await ctx(r.caseId, 'vaditaja'), { outcome: 'unjustified', remedy: '', text: 'Atbilde.' })).toEqual({
      ok: true,
      tellClient: 'post',
    });
  });

  it('refuses an extension once the due date has passed, keeping the delay (M2)', async () => {
    const r = await submit('question', {}, new Date('2026-11-13T10:00:00Z'));
    // Received Friday 13 Nov 2026: ten working days, 18 Nov a holiday → Monday 30 Nov (mission.md M2's case).
    expect((await row(r.caseId)).dueOn).toBe('2026-11-30');
    const late = await ctx(r.caseId, undefined, new Date('2026-12-01T09:00:00Z'));
    expect(await extendDeadline(t.db, late, { dueOn: '2026-12-10', reason: 'Vajag vairāk laika.' })).toEqual({
      ok: false,
      reason: 'forbidden',
    });
    expect((await row(r.caseId)).dueOn).toBe('2026-11-30');
    const inTime = await ctx(r.caseId, undefined, new Date('2026-11-30T09:00:00Z'));
    expect(await extendDeadline(t.db, inTime, { dueOn: '2026-12-10', reason: 'Vajag citas iestādes viedokli.' })).toEqual({ ok: true });
  });

  it('stops a text that still holds a placeholder, in an answer and in a refusal to examine (m2)', async () => {
    const r = await submit('question');
    const c = await ctx(r.caseId);
    expect(await answerCase(t.db, c, { text: 'Labdien! Pamatojums: {{reason}}', note: '' })).toMatchObject({
      problems: [{ field: 'text', key: 'unfilledPlaceholder', values: { names: '{{reason}}' } }],
    });
    expect(await markAbusive(t.db, c, { reason: 'Iemesls: {{ reason }' })).toMatchObject({
      problems: [{ field: 'reason', key: 'unfilledPlaceholder' }],
    });
    expect((await row(r.caseId)).status).toBe('received');
  });

  it('writes one greeting and one signature, whatever the official typed (D8)', async () => {
    const r = await submit('question', { email: 'viens@example.lv' });
    const text = 'Labdien, Anna!\n\nAtbilde ir šāda.\n\nAr cieņu\nLaura';
    expect(await answerCase(t.db, await ctx(r.caseId), { text, note: '' })).toEqual({ ok: true });
    const [letter] = await mailsTo('viens@example.lv');
    expect(letter!.textBody.match(/Labdien/g)).toHaveLength(1);
    expect(letter!.textBody.match(/Ar cieņu/g)).toHaveLength(1);
  });

  it('tells the directors of a proposed refusal, and the refusal names how to contest it (m12)', async () => {
    const r = await submit('information_request', { informationForm: 'electronic', email: 'pieprasitajs@example.lv' });
    expect(await proposeRefusal(t.db, await ctx(r.caseId), { reason: 'Pieprasīti 40 gadu arhīvi.' })).toEqual({ ok: true });
    const [toDirector] = await mailsTo('direktors@demo.vpvb.lv');
    expect(toDirector!.kind).toBe('case.refusal_proposed');
    expect(toDirector!.textBody).toContain('Pieprasīti 40 gadu arhīvi.');
    expect(await decideRefusal(t.db, await ctx(r.caseId, 'direktors'), { decision: 'refuse', reason: 'Nesamērīgs apjoms.' })).toEqual({
      ok: true,
    });
    const [refusal] = await mailsTo('pieprasitajs@example.lv');
    expect(refusal!.textBody).toContain(seedAppealRoute.appealRouteLv);
    expect((await eventsOf(r.caseId, 'refused')).length).toBe(1);
  });

  it('counts the suggestions and their decisions in the report, by quarter and unit (S-4.8)', async () => {
    const q4 = { year: 2026, quarter: 4 } as const;
    const all = await suggestionsReport(t.db, { kind: 'all' }, q4);
    // The two suggestions above: received in Q4 2026, one to be implemented, one not taken up.
    expect(all.counts.at(-1)).toEqual({ received: 2, decided: 2, implement: 1, in_place: 0, not_taken: 1 });
    expect(all.counts.slice(0, -1).every((c) => c.received === 0 && c.decided === 0)).toBe(true);
    const decisions = await suggestionDecisions(t.db, { kind: 'all' }, q4);
    expect(decisions.map((d) => [d.decision, d.implementBy])).toEqual(
      expect.arrayContaining([
        ['implement', '2027-01-31'],
        ['not_taken', null],
      ]),
    );
    const otherUnit = await suggestionsReport(t.db, { kind: 'unit', unitId: who('atlaujas').unitId! }, q4);
    expect(otherUnit.counts.at(-1)).toEqual({ received: 0, decided: 0, implement: 0, in_place: 0, not_taken: 0 });
  });
});
