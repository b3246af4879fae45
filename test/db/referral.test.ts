import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, desc, eq } from 'drizzle-orm';
import { createTestDatabase, engines, type TestDatabase } from '../support/database.ts';
import { actionContext, SEED_DAY, staffByName, submittedCase, TEST_BASE_URL as baseUrl, type StaffPerson } from '../support/factories.ts';
import { seed, seedReplyTemplates } from '#src/db/seed.ts';
import { seedTemplates, supersededReferralTemplates, supersededWordingTemplates } from '#src/settings/templates-seed.ts';
import { caseEvents, caseReferrals, cases, deadlineAlerts } from '#src/cases/schema.ts';
import { outboxMessages } from '#src/mail/schema.ts';
import { authorities, replyTemplates } from '#src/settings/schema.ts';
import { referCase } from '#src/cases/actions.ts';
import { sendDeadlineAlerts } from '#src/cases/deadline-alerts.ts';
import { filtersFrom, listCases } from '#src/cases/workspace.ts';
import { forwardingFor } from '#src/cases/referral-rules.ts';
import { listDeadlineRules, loadCalendar } from '#src/settings/queries.ts';
import { deadlinesView } from '#src/quality/reports/deadlines.ts';
import { formatCell } from '#src/quality/reports/tables.ts';
import { staffMembers } from '#src/staff/schema.ts';
import { translator } from '#src/i18n/index.ts';

// S-14.1 and latvia.md "outside competence" (issue 13, M3): a referral
// forwards the submission, the client's letter says truly how, and the
// 5-working-day limit is kept, reminded and reported.
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

describe.each(engines)('referrals on %s', (engine) => {
  let t: TestDatabase;
  let who: (name: string) => StaffPerson;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
    await seed(t.db, { demo: true, today: SEED_DAY });
    ({ who } = await staffByName(t.db));
  });
  afterAll(async () => {
    await t?.drop();
  });

  const authority = async (code: string) => (await t.db.select().from(authorities).where(eq(authorities.code, code)))[0]!;
  const mailsTo = (to: string) =>
    t.db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, to)).orderBy(desc(outboxMessages.id));
  const referralsOf = (caseId: number) => t.db.select().from(caseReferrals).where(eq(caseReferrals.caseId, caseId));

  it('forwards the submission with its files to an authority with e-mail, and the client reads that it was forwarded', async () => {
    const r = await submittedCase(
      t.db,
      'complaint',
      {
        topic: 'unknown',
        complaintAbout: 'other',
        details: 'Mežā izgāzti atkritumi <script>alert(1)</script>',
        email: 'referral-1@example.lv',
      },
      { now: SEED_DAY, baseUrl, attachments: [{ filename: 'foto.pdf', contentType: 'application/pdf', size: PDF.length, content: PDF }] },
    );
    const vvd = await authority('vvd');
    // Referred on Thursday 26 November; received Tuesday 24 November: limit Tuesday 1 December.
    const now = new Date('2026-11-26T09:00:00Z');
    expect(
      await referCase(t.db, await actionContext(t.db, who('triaza'), r.caseId, { now }), {
        authority: String(vvd.id),
        scope: 'whole',
        note: 'Atkritumi mežā: VVD kompetence.',
      }),
    ).toEqual({ ok: true });

    expect(await referralsOf(r.caseId)).toMatchObject([
      {
        authorityId: vvd.id,
        scope: 'whole',
        referredOn: '2026-11-26',
        forwardBy: '2026-12-01',
        delivery: 'email',
        staffId: who('triaza').id,
      },
    ]);
    const [toAuthority] = await mailsTo('videssos@vvd.gov.lv');
    expect(toAuthority).toMatchObject({ kind: 'case.referral_to_authority', locale: 'lv' });
    expect(toAuthority!.subject).toBe(`Pārsūtām iesniegumu ${r.reference} pēc kompetences`);
    expect(toAuthority!.textBody).toContain('Mežā izgāzti atkritumi <script>alert(1)</script>');
    expect(toAuthority!.htmlBody).toContain('Mežā izgāzti atkritumi &lt;script&gt;');
    expect(toAuthority!.htmlBody).not.toContain('<script>');
    expect(toAuthority!.textBody).toContain('Mūsu piezīme: Atkritumi mežā: VVD kompetence.');
    expect(toAuthority!.textBody).toContain('Iesniedzējs: Anna Kalniņa');
    expect(toAuthority!.textBody).toContain('Atbildi vēlas saņemt: Pa e-pastu: referral-1@example.lv');
    expect(toAuthority!.textBody).toContain('Pievienotās datnes: foto.pdf');
    expect(toAuthority!.attachments).toEqual([
      { filename: 'foto.pdf', contentType: 'application/pdf', contentBase64: PDF.toString('base64') },
    ]);

    const [toClient] = await mailsTo('referral-1@example.lv');
    expect(toClient!.subject).toBe(`Jūsu iesniegums ${r.reference} attiecas uz citu iestādi`);
    expect(toClient!.textBody).toContain('Tas ir iestādes “Valsts vides dienests” kompetencē.');
    expect(toClient!.textBody).toContain('Esam pārsūtījuši Jūsu iesniegumu šai iestādei pa e-pastu.');
    expect(toClient!.textBody).toContain(
      'Ar šo iestādi varat sazināties arī tieši: e-pasts: videssos@vvd.gov.lv; tālrunis: +371 26338800; tīmekļvietne: https://www.vvd.gov.lv',
    );
    expect((await t.db.select().from(cases).where(eq(cases.id, r.caseId)))[0]).toMatchObject({ status: 'referred', closedAt: now });
  });

  it('records a referral to an authority without e-mail as by post, sends it nowhere, and the letter says it will be posted', async () => {
    const r = await submittedCase(t.db, 'question', { topic: 'unknown', email: 'referral-2@example.lv' });
    const municipality = await authority('municipality');
    const outboxBefore = (await t.db.select().from(outboxMessages)).length;
    expect(
      await referCase(t.db, await actionContext(t.db, who('triaza'), r.caseId, { now: new Date('2026-12-02T09:00:00Z') }), {
        authority: String(municipality.id),
        scope: 'part',
        note: 'Par ceļa tīrīšanu lems pašvaldība.',
      }),
    ).toEqual({ ok: true });
    expect(await referralsOf(r.caseId)).toMatchObject([
      { delivery: 'post', scope: 'part', forwardBy: '2026-12-01', referredOn: '2026-12-02' },
    ]);
    // Only the client's letter: nothing went to any authority.
    expect((await t.db.select().from(outboxMessages)).length).toBe(outboxBefore + 1);
    const [toClient] = await mailsTo('referral-2@example.lv');
    expect(toClient!.textBody).toContain('Jūsu iesniegumu nosūtīsim šai iestādei pa pastu, lai tā izskatītu minēto daļu.');
    // The municipality entry has no contacts: no line that ends with a colon.
    expect(toClient!.textBody).not.toContain('sazināties arī tieši');
    expect(toClient!.textBody).not.toMatch(/:[ \t]*\n[ \t]*\n/);
    const [event] = await t.db
      .select()
      .from(caseEvents)
      .where(and(eq(caseEvents.caseId, r.caseId), eq(caseEvents.type, 'referred_in_part')));
    expect(event!.data).toMatchObject({ delivery: 'post', contacts: '', forwardBy: '2026-12-01' });
  });

  it('refuses a note that still has a template gap in it', async () => {
    const r = await submittedCase(t.db, 'question', { topic: 'unknown', email: 'referral-3@example.lv' });
    const vvd = await authority('vvd');
    expect(
      await referCase(t.db, await actionContext(t.db, who('triaza'), r.caseId), {
        authority: String(vvd.id),
        scope: 'whole',
        note: 'Jo {{reason}}',
      }),
    ).toEqual({ ok: false, reason: 'invalid', problems: [{ field: 'note', key: 'unfilledPlaceholder', values: { names: '{{reason}}' } }] });
    expect(await referralsOf(r.caseId)).toEqual([]);
  });

  it('reminds the triage official of a case whose forward-by day has passed, once a day, and not of one still in time', async () => {
    // Received Tuesday 24 November: limit Tuesday 1 December. Received Monday 30 November: limit Monday 7 December.
    const late = await submittedCase(t.db, 'question', { topic: 'unknown', email: 'referral-4@example.lv' });
    const inTime = await submittedCase(
      t.db,
      'question',
      { topic: 'unknown', email: 'referral-5@example.lv' },
      { now: new Date('2026-11-30T10:00:00Z') },
    );
    const now = new Date('2026-12-02T07:00:00Z');
    await sendDeadlineAlerts(t.db, { baseUrl, now });
    expect(await sendDeadlineAlerts(t.db, { baseUrl, now })).toBe(0);
    const alerted = await t.db.select().from(deadlineAlerts).where(eq(deadlineAlerts.onDate, '2026-12-02'));
    expect(alerted.map((a) => a.caseId)).toContain(late.caseId);
    expect(alerted.map((a) => a.caseId)).not.toContain(inTime.caseId);
    const assignee = (await t.db.select().from(cases).where(eq(cases.id, late.caseId)))[0]!.assigneeId!;
    const [official] = await t.db.select().from(staffMembers).where(eq(staffMembers.id, assignee));
    const reminders = await t.db.select().from(outboxMessages).where(eq(outboxMessages.kind, 'case.forward_by'));
    const mine = reminders.filter((m) => m.subject === `Pārsūtīšanas termiņš: ${late.reference}`);
    expect(mine.map((m) => m.toAddress)).toContain(official!.email);
    expect(mine[0]!.textBody).toContain(`tas bija jāpārsūta līdz 01.12.2026`);
    expect(reminders.some((m) => m.subject.includes(inTime.reference))).toBe(false);
  });

  it('lists triage cases with what the workspace needs to show their forward-by day', async () => {
    const r = await submittedCase(t.db, 'question', { topic: 'unknown', email: 'referral-6@example.lv' });
    const triaza = who('triaza');
    const { calendar } = await loadCalendar(t.db);
    const { rows } = await listCases(t.db, triaza, filtersFrom(new URLSearchParams('scope=unit'), triaza), calendar, '2026-12-02');
    const row = rows.find((x) => x.id === r.caseId)!;
    expect(row).toMatchObject({ inTriage: true, receivedOn: '2026-11-24' });
    expect(forwardingFor(calendar, await listDeadlineRules(t.db), row, '2026-12-02')).toEqual({
      forwardBy: '2026-12-01',
      workingDaysLeft: -1,
      overdue: true,
    });
    const laura = who('specialiste');
    const theirs = await listCases(t.db, laura, filtersFrom(new URLSearchParams('scope=unit'), laura), calendar, '2026-12-02');
    expect(theirs.rows.every((x) => !x.inTriage)).toBe(true);
  });

  it('counts the month’s referrals in the deadlines report and its CSV: forwarded on time and late', async () => {
    const director = (await t.db.select().from(staffMembers).where(eq(staffMembers.role, 'director')))[0]!;
    const view = (month: string) =>
      deadlinesView({
        db: t.db,
        user: { ...director, totpEnabled: false } as Parameters<typeof deadlinesView>[0]['user'],
        params: new URLSearchParams({ month }),
        t: translator('en'),
        locale: 'en',
        today: '2026-12-02',
        now: new Date('2026-12-02T12:00:00Z'),
      });
    const row = async (month: string) => {
      const table = (await view(month)).tables.find((x) => x.id === 'referrals')!;
      return table.rows[0]!.map((c) => formatCell('en', c, 'csv'));
    };
    // November: the referral of 26 November, by e-mail, on time. December: the one of 2 December, by post, a day late.
    // Columns: total, referred, on time, late, no limit, share on time, by e-mail, by post.
    expect(await row('2026-11')).toEqual(['Total', '1', '1', '0', '0', '100%', '1', '0']);
    expect(await row('2026-12')).toEqual(['Total', '1', '0', '1', '0', '0%', '0', '1']);
  });

  it('rewords a template still as seeded before the language review, whichever field an earlier seed already changed (ux.md §3)', async () => {
    for (const old of supersededWordingTemplates) {
      await t.db
        .update(replyTemplates)
        .set({ nameLv: old.nameLv, nameEn: old.nameEn, bodyLv: old.bodyLv, bodyEn: old.bodyEn })
        .where(eq(replyTemplates.code, old.code));
    }
    const [edited] = supersededWordingTemplates;
    await t.db
      .update(replyTemplates)
      .set({ bodyEn: `${edited!.bodyEn} Edited.` })
      .where(eq(replyTemplates.code, edited!.code));
    await seedReplyTemplates(t.db);
    for (const old of supersededWordingTemplates.slice(1)) {
      const [row] = await t.db.select().from(replyTemplates).where(eq(replyTemplates.code, old.code));
      const now = seedTemplates.find((x) => x.code === old.code)!;
      expect([row!.nameLv, row!.nameEn, row!.bodyLv, row!.bodyEn], old.code).toEqual([now.nameLv, now.nameEn, now.bodyLv, now.bodyEn]);
    }
    const [kept] = await t.db.select().from(replyTemplates).where(eq(replyTemplates.code, edited!.code));
    expect(kept!.bodyEn).toBe(`${edited!.bodyEn} Edited.`);
    // Back as seeded, for the tests after this one.
    const now = seedTemplates.find((x) => x.code === edited!.code)!;
    await t.db.update(replyTemplates).set(now).where(eq(replyTemplates.code, edited!.code));
  });

  it('rewrites a referral template still as first seeded, and leaves one an administrator edited', async () => {
    const [first, second] = supersededReferralTemplates;
    await t.db.update(replyTemplates).set({ bodyLv: first!.bodyLv, bodyEn: first!.bodyEn }).where(eq(replyTemplates.code, first!.code));
    await t.db
      .update(replyTemplates)
      .set({ bodyLv: `${second!.bodyLv} (labots)`, bodyEn: second!.bodyEn })
      .where(eq(replyTemplates.code, second!.code));
    await seedReplyTemplates(t.db);
    const [rewritten] = await t.db.select().from(replyTemplates).where(eq(replyTemplates.code, first!.code));
    expect(rewritten!.bodyLv).toBe(seedTemplates.find((x) => x.code === first!.code)!.bodyLv);
    const [edited] = await t.db.select().from(replyTemplates).where(eq(replyTemplates.code, second!.code));
    expect(edited!.bodyLv).toBe(`${second!.bodyLv} (labots)`);
  });
});
