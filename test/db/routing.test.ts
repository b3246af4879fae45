import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, desc, eq } from 'drizzle-orm';
import { createTestDatabase, engines, type TestDatabase } from '../support/database.ts';
import {
  actionContext,
  CLIENT_FIELDS,
  referenceIds,
  SEED_DAY,
  staffByName,
  submittedCase,
  TEST_BASE_URL as baseUrl,
  type StaffPerson,
} from '../support/factories.ts';
import { seed } from '#src/db/seed.ts';
import { caseEvents, cases, deadlineAlerts, type CaseKind } from '#src/cases/schema.ts';
import { outboxMessages } from '#src/mail/schema.ts';
import { staffMembers } from '#src/staff/schema.ts';
import { reassignCase } from '#src/cases/actions.ts';
import { caseForClient } from '#src/cases/client-view.ts';
import { filtersFrom, listCases, unassignedCount } from '#src/cases/workspace.ts';
import { sendDeadlineAlerts } from '#src/cases/deadline-alerts.ts';
import { unitStaffing } from '#src/cases/routing-queries.ts';
import { unitCover } from '#src/cases/routing.ts';
import { loadCalendar } from '#src/settings/queries.ts';
import { findDraft, findDraftToSend, intakeContext, saveDraft } from '#src/intake/queries.ts';
import { submitDraft } from '#src/intake/submit.ts';

// Issue 13, M4 and m1: every case reaches someone, and nobody is promised a
// reply in a language that nobody handling the case speaks. The seeded units
// KRN (chemicals, industrial accidents) and JN (access to information) have
// no staff in the demo data.
describe.each(engines)('routing that always reaches someone on %s', (engine) => {
  let t: TestDatabase;
  let who: (name: string) => StaffPerson;
  let unit: (code: string) => number;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
    await seed(t.db, { demo: true, today: SEED_DAY });
    ({ who } = await staffByName(t.db));
    ({ unit } = await referenceIds(t.db));
  });
  afterAll(async () => {
    await t?.drop();
  });

  const submit = (kind: CaseKind, fields: Record<string, string> = {}, now = SEED_DAY) =>
    submittedCase(t.db, kind, fields, { now, baseUrl });
  const row = async (id: number) => (await t.db.select().from(cases).where(eq(cases.id, id)))[0]!;
  const events = (id: number) => t.db.select().from(caseEvents).where(eq(caseEvents.caseId, id)).orderBy(asc(caseEvents.id));
  const ctx = (caseId: number, name: string) => actionContext(t.db, who(name), caseId, { baseUrl });
  const mailsTo = (to: string) =>
    t.db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, to)).orderBy(desc(outboxMessages.id));
  async function addManager(unitCode: string, email: string) {
    const [m] = await t.db
      .insert(staffMembers)
      .values({ email, fullName: `Vadītājs ${unitCode}`, role: 'manager', unitId: unit(unitCode), languages: ['lv'] })
      .returning();
    return { id: m!.id, role: m!.role, unitId: m!.unitId, fullName: m!.fullName } satisfies StaffPerson;
  }

  it('leaves a suggestion for a unit with nobody unassigned, in the director’s queue and on the first screen', async () => {
    const s = await submit('suggestion', { topic: 'information-access' });
    const c = await row(s.caseId);
    expect(c.unitId).toBe(unit('JN'));
    expect(c.assigneeId).toBeNull();
    expect((await events(s.caseId)).find((e) => e.type === 'assigned')?.data).toEqual({ staffId: null, reason: 'no_official' });

    const director = who('direktors');
    expect(await unassignedCount(t.db, director)).toBeGreaterThanOrEqual(1);
    // A manager of another unit is not shown another unit's cases; an official gets no count.
    expect(await unassignedCount(t.db, who('vaditaja'))).toBe(0);
    expect(await unassignedCount(t.db, who('specialiste'))).toBe(0);
    const { calendar } = await loadCalendar(t.db);
    const queue = await listCases(t.db, director, filtersFrom(new URLSearchParams('assigned=none'), director), calendar, '2026-11-24');
    expect(queue.rows.map((r) => r.reference)).toContain(s.reference);
    expect(queue.rows.every((r) => r.assigneeName === null)).toBe(true);
  });

  it('gives the case to the unit’s manager when the unit has no official, and the manager sees the unassigned ones', async () => {
    const waiting = await submit('question', { topic: 'chemicals' });
    expect((await row(waiting.caseId)).assigneeId).toBeNull();
    const manager = await addManager('KRN', 'krn.vaditajs@demo.vpvb.lv');
    // The case that came before the manager is in the manager's count.
    expect(await unassignedCount(t.db, manager)).toBe(1);

    const s = await submit('question', { topic: 'industrial-accidents' });
    expect((await row(s.caseId)).assigneeId).toBe(manager.id);
    expect((await events(s.caseId)).find((e) => e.type === 'assigned')?.data).toEqual({ staffId: manager.id, reason: 'unit_manager' });
    expect(unitCover((await unitStaffing(t.db)).get(unit('KRN')))).toBe('manager_only');
    expect(unitCover((await unitStaffing(t.db)).get(unit('JN')))).toBe('nobody');
  });

  // The Send reads the people of the draft topic's unit with the draft
  // (findDraftToSend); where the rules read the topic otherwise (they trim
  // any white space, the database's guess only spaces), they still decide.
  it('routes by the rules’ unit when it is not the one read with the draft', async () => {
    const s = await submit('question', { topic: '\tpollution-permits\n' });
    const c = await row(s.caseId);
    expect([c.unitId, c.assigneeId]).toEqual([unit('PAN'), who('atlaujas').id]);
    const triage = await submit('question', { topic: 'unknown' });
    expect((await row(triage.caseId)).assigneeId).toBe(who('triaza').id);
  });

  it('reads a draft to send with its topic’s unit’s people, of its own form only, and no people once it is sent', async () => {
    const draftId = await saveDraft(t.db, {
      kind: 'question',
      locale: 'lv',
      fields: { ...CLIENT_FIELDS, topic: 'pollution-permits' },
      removeAttachmentIds: [],
      attachments: [],
    });
    const context = await intakeContext(t.db);
    expect((await findDraft(t.db, draftId))?.kind).toBe('question');
    expect((await findDraft(t.db, draftId, 'question'))?.id).toBe(draftId);
    expect(await findDraft(t.db, draftId, 'complaint')).toBeUndefined();
    expect(await findDraftToSend(t.db, draftId, 'complaint', context)).toBeUndefined();
    const toSend = await findDraftToSend(t.db, draftId, 'question', context);
    expect(toSend?.unit.id).toBe(unit('PAN'));
    expect(toSend?.unit.people.map((p) => p.id)).toContain(who('atlaujas').id);

    const sent = await submitDraft(t.db, draftId, { baseUrl, now: SEED_DAY });
    expect(sent.ok).toBe(true);
    const again = await findDraftToSend(t.db, draftId, undefined, context);
    expect(again?.draft.submittedCaseId).toBe(sent.ok ? sent.caseId : undefined);
    expect(again?.unit.people).toEqual([]);
    // The second Send answers with the case the first made, and makes none.
    expect(await submitDraft(t.db, draftId, { baseUrl, now: SEED_DAY })).toMatchObject({ ok: true, repeated: true });
  });

  it('routes a case reassigned to a unit as intake does: an official, else nobody (S-10)', async () => {
    const s = await submit('question');
    const first = (await row(s.caseId)).assigneeId!;
    const toPermits = await reassignCase(t.db, await ctx(s.caseId, 'specialiste'), {
      assignee: `unit:${unit('PAN')}`,
      reason: 'Atļauju jautājums.',
    });
    expect(toPermits).toEqual({ ok: true });
    let c = await row(s.caseId);
    expect([c.unitId, c.assigneeId]).toEqual([unit('PAN'), who('atlaujas').id]);
    expect((await events(s.caseId)).slice(-2).map((e) => [e.type, e.data])).toEqual([
      ['reassigned', { from: first, toUnit: unit('PAN'), reason: 'Atļauju jautājums.' }],
      ['assigned', { staffId: who('atlaujas').id, reason: 'fewest_open_cases' }],
    ]);

    expect(await reassignCase(t.db, await ctx(s.caseId, 'atlaujas'), { assignee: `unit:${unit('JN')}`, reason: 'Juridisks.' })).toEqual({
      ok: true,
    });
    c = await row(s.caseId);
    expect([c.unitId, c.assigneeId]).toEqual([unit('JN'), null]);
    expect((await events(s.caseId)).at(-1)?.data).toEqual({ staffId: null, reason: 'no_official' });
  });

  it('reminds the unit manager, else the director, of an unassigned case, overdue or not, once a day', async () => {
    const overdue = await submit('question', { topic: 'information-access', email: 'late@example.lv' }, new Date('2026-10-01T09:00:00Z'));
    const fresh = await submit('question', { topic: 'information-access', email: 'fresh@example.lv' });
    const krnWaiting = await submit('question', { topic: 'chemicals' });
    // Made unassigned as a case whose official has left would be handled the same way: by nobody.
    await t.db.update(cases).set({ assigneeId: null }).where(eq(cases.id, krnWaiting.caseId));
    const now = new Date('2026-11-26T07:00:00Z');

    expect(await sendDeadlineAlerts(t.db, { baseUrl, now })).toBeGreaterThanOrEqual(3);
    expect(await sendDeadlineAlerts(t.db, { baseUrl, now })).toBe(0);
    const kinds = await t.db
      .select({ caseId: deadlineAlerts.caseId, kind: deadlineAlerts.kind })
      .from(deadlineAlerts)
      .where(eq(deadlineAlerts.onDate, '2026-11-26'));
    expect(kinds).toEqual(
      expect.arrayContaining([
        { caseId: overdue.caseId, kind: 'overdue' },
        { caseId: fresh.caseId, kind: 'unassigned' },
        { caseId: krnWaiting.caseId, kind: 'unassigned' },
      ]),
    );

    const toDirector = await mailsTo('direktors@demo.vpvb.lv');
    const late = toDirector.find((m) => m.subject.includes(overdue.reference));
    expect(late?.kind).toBe('case.deadline_overdue');
    expect(late?.textBody).toContain('nokavēts');
    expect(late?.textBody).toContain('nav piešķirta nevienam darbiniekam');
    expect(toDirector.find((m) => m.subject.includes(fresh.reference))?.kind).toBe('case.unassigned');
    // KRN has a manager now: the manager is told, not the director.
    expect((await mailsTo('krn.vaditajs@demo.vpvb.lv')).map((m) => m.subject)).toContain(`Nepiešķirta lieta: ${krnWaiting.reference}`);
    expect(toDirector.map((m) => m.subject).join()).not.toContain(krnWaiting.reference);
  });

  it('warns before a reassignment loses the reply language, then switches to Latvian and tells the client (S-7, m1)', async () => {
    const s = await submit('question', { replyLanguage: 'ru', email: 'ivan@example.lv' });
    expect((await row(s.caseId)).assigneeId).toBe(who('ierednis').id);
    const santa = `staff:${who('atlaujas').id}`;

    const warned = await reassignCase(t.db, await ctx(s.caseId, 'ierednis'), { assignee: santa, reason: 'Atļaujas.' });
    expect(warned).toEqual({ ok: false, reason: 'invalid', problems: [{ field: 'confirmLanguage', key: 'languageLost' }] });
    expect((await row(s.caseId)).assigneeId).toBe(who('ierednis').id);
    expect(await mailsTo('ivan@example.lv')).toHaveLength(1); // the acknowledgement only

    // Māris speaks Russian: no question asked, the promise stands.
    const mCase = await submit('question', { replyLanguage: 'ru', email: 'ivan@example.lv' });
    expect(
      await reassignCase(t.db, await ctx(mCase.caseId, 'ierednis'), {
        assignee: `staff:${who('triaza').id}`,
        reason: 'Klientu jautājums.',
      }),
    ).toEqual({ ok: true });
    expect((await row(mCase.caseId)).replyLanguage).toBe('ru');

    const confirmed = await reassignCase(t.db, await ctx(s.caseId, 'ierednis'), {
      assignee: santa,
      reason: 'Atļaujas.',
      confirmLanguage: 'yes',
    });
    expect(confirmed).toEqual({ ok: true });
    const c = await row(s.caseId);
    expect([c.assigneeId, c.replyLanguage, c.requestedLanguage]).toEqual([who('atlaujas').id, 'lv', 'ru']);
    const changed = (await events(s.caseId)).find((e) => e.type === 'reply_language_changed');
    expect(changed).toMatchObject({ visibleToClient: true, data: { requested: 'ru', replyIn: 'lv' } });
    const [letter] = await mailsTo('ivan@example.lv');
    expect(letter?.kind).toBe('case.language_changed');
    expect(letter?.textBody).toContain(s.reference);
    expect(letter?.textBody).toContain('krievu valodā');
    expect(letter?.textBody).toContain('latviešu valodā');
    // The status page shows it too.
    const client = await caseForClient(t.db, s.token);
    expect(client?.history.map((h) => h.type)).toContain('reply_language_changed');
  });

  it('warns when reassigning a foreign-language case to a unit where nobody speaks it', async () => {
    const s = await submit('question', { replyLanguage: 'ru', email: 'ivan2@example.lv' });
    const refused = await reassignCase(t.db, await ctx(s.caseId, 'ierednis'), { assignee: `unit:${unit('PAN')}`, reason: 'Atļaujas.' });
    expect(refused).toMatchObject({ ok: false, problems: [{ field: 'confirmLanguage', key: 'languageLost' }] });
    const [c] = await t.db
      .select()
      .from(cases)
      .where(and(eq(cases.id, s.caseId), eq(cases.unitId, unit('IVN'))));
    expect(c?.replyLanguage).toBe('ru');
  });
});
