import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { asc, eq, inArray, like } from 'drizzle-orm';
import { createTestDatabase, engines, type TestDatabase } from '../support/database.ts';
import { SEED_DAY, submittedCase, TEST_BASE_URL as baseUrl } from '../support/factories.ts';
import { openDatabase } from '#src/db/client.ts';
import { seed } from '#src/db/seed.ts';
import type { saveDraft } from '#src/intake/queries.ts';
import { answerDrafts, caseAttachments, caseEvents, cases, type CaseKind } from '#src/cases/schema.ts';
import { keepAnswerDraft } from '#src/cases/answer-drafts.ts';
import { outboxMessages } from '#src/mail/schema.ts';
import { inboundMail, inboundMailAttachments } from '#src/mail/inbox/schema.ts';
import { enqueueMail } from '#src/mail/queries.ts';
import { surveyAnswers, surveyResponses } from '#src/quality/schema.ts';
import { findSurveyByCode, recordSurveyResponse } from '#src/quality/surveys/queries.ts';
import { staffMembers } from '#src/staff/schema.ts';
import { auditLog } from '#src/audit/schema.ts';
import { retentionRules } from '#src/settings/schema.ts';
import { seedRetentionRules } from '#src/privacy/seed.ts';
import { getRetentionPeriods, updateRetentionPeriods } from '#src/privacy/queries.ts';
import { runRetention } from '#src/privacy/retention-job.ts';
import { eraseSubjectData, exportSubjectData, searchSubjectData } from '#src/privacy/data-requests.ts';
import { checkSubjectQuery, type SubjectQuery } from '#src/privacy/rules.ts';
import { runMaintenance } from '#src/server/maintenance.ts';

const TODAY = SEED_DAY;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

/** A query as the search form gives it. */
function query(raw: { email?: string; phone?: string }): SubjectQuery {
  const checked = checkSubjectQuery({ email: raw.email ?? '', phone: raw.phone ?? '' });
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
  return checked.query;
}

describe.each(engines)('personal data on %s', (engine) => {
  let t: TestDatabase;
  let adminId: number;

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    await seed(t.db, { demo: true, today: TODAY });
    const [admin] = await t.db.select({ id: staffMembers.id }).from(staffMembers).where(eq(staffMembers.role, 'administrator'));
    adminId = admin!.id;
  });
  afterAll(async () => {
    await t?.drop();
  });

  /** A real case, through the public intake (draft, then submit), received at `at`. */
  async function makeCase(
    kind: CaseKind,
    fields: Record<string, string>,
    at: Date,
    attachments: Parameters<typeof saveDraft>[1]['attachments'] = [],
  ) {
    return (await submittedCase(t.db, kind, fields, { now: at, baseUrl, attachments, replaceFields: true })).caseId;
  }

  async function close(caseId: number, at: Date) {
    await t.db.update(cases).set({ status: 'closed', closedAt: at }).where(eq(cases.id, caseId));
  }

  async function snapshot(ids: number[]) {
    const rows = await t.db.select().from(cases).where(inArray(cases.id, ids)).orderBy(asc(cases.id));
    const events = await t.db.select().from(caseEvents).where(inArray(caseEvents.caseId, ids)).orderBy(asc(caseEvents.id));
    const files = await t.db
      .select({ id: caseAttachments.id, caseId: caseAttachments.caseId })
      .from(caseAttachments)
      .where(inArray(caseAttachments.caseId, ids));
    return { rows, events, files };
  }

  async function auditCount(): Promise<number> {
    return (await t.db.select({ id: auditLog.id }).from(auditLog)).length;
  }

  const complaint = (email: string) => ({
    topic: 'eia',
    complaintAbout: 'official',
    officialName: 'Andris Ierēdnis',
    details: 'Ierēdnis nepieņēma manu iesniegumu. Mans personas kods ir 010180-12345.',
    desiredOutcome: 'Lūdzu atvainoties un pieņemt iesniegumu.',
    name: 'Kārlis Kalns',
    replyChannel: 'email',
    email,
    phone: '29 111 222',
    address: 'Meža iela 4, Cēsis',
    replyLanguage: 'lv',
  });

  it("seeds the retention periods once and never overwrites an administrator's change, which is audited", async () => {
    expect(await getRetentionPeriods(t.db)).toEqual({ closed_cases: 1826, survey_contacts: 365, sent_mail: 90 });
    expect(await seedRetentionRules(t.db)).toEqual([]);
    const before = await auditCount();
    expect(await updateRetentionPeriods(t.db, adminId, { closed_cases: 1826, survey_contacts: 400, sent_mail: 90 })).toBe(true);
    await seed(t.db, { demo: true, today: TODAY });
    expect(await getRetentionPeriods(t.db)).toEqual({ closed_cases: 1826, survey_contacts: 400, sent_mail: 90 });
    const [entry] = await t.db.select().from(auditLog).orderBy(asc(auditLog.id)).offset(before);
    expect(entry).toMatchObject({
      actorStaffId: adminId,
      action: 'retention.update',
      entity: 'retention_rules',
      before: { survey_contacts: 365 },
      after: { survey_contacts: 400 },
    });
    // Saving the same values again changes and records nothing.
    expect(await updateRetentionPeriods(t.db, adminId, { closed_cases: 1826, survey_contacts: 400, sent_mail: 90 })).toBe(false);
    expect(await auditCount()).toBe(before + 1);
    await updateRetentionPeriods(t.db, adminId, { closed_cases: 1826, survey_contacts: 365, sent_mail: 90 });
    // The database refuses a period of 0 whatever the form says.
    await expect(t.db.update(retentionRules).set({ days: 0 }).where(eq(retentionRules.recordKind, 'sent_mail'))).rejects.toThrow();
  });

  describe('the daily retention job', () => {
    let past: number;
    let recent: number;
    let open: number;
    // Five years and a little after the first case was closed.
    const jobDay = new Date('2031-06-01T08:00:00Z');

    beforeAll(async () => {
      past = await makeCase('complaint', complaint('karlis@example.lv'), new Date('2026-02-02T09:00:00Z'), [
        { filename: 'iesniegums.pdf', contentType: 'application/pdf', size: PDF.length, content: PDF },
      ]);
      await close(past, new Date('2026-03-02T10:00:00Z'));
      // A history entry with the client's words (e.g. added information) and a structural one.
      await t.db.insert(caseEvents).values({
        caseId: past,
        type: 'client_added_information',
        visibleToClient: true,
        data: { clientText: 'Vēl: zvaniet man uz 29111222', unitId: 1 },
      });
      recent = await makeCase('complaint', complaint('karlis@example.lv'), new Date('2026-11-02T09:00:00Z'));
      await close(recent, new Date('2026-11-20T10:00:00Z'));
      open = await makeCase(
        'question',
        {
          topic: 'eia',
          details: 'Kad būs ziņojums?',
          name: 'Kārlis Kalns',
          replyChannel: 'email',
          email: 'karlis@example.lv',
          replyLanguage: 'lv',
        },
        new Date('2026-01-05T09:00:00Z'),
      );
    });

    it('anonymises a closed case past its period and keeps what the reports count; leaves newer and open cases alone', async () => {
      const before = await snapshot([past, recent, open]);
      const auditBefore = await auditCount();
      const run = await runRetention(t.db, jobDay);
      expect(run.cases).toBe(1);
      expect(run.attachments).toBe(1);

      const after = await snapshot([past, recent, open]);
      const [was, now] = [before.rows[0]!, after.rows[0]!];
      expect(now).toMatchObject({
        contactName: null,
        contactEmail: null,
        contactPhone: null,
        postalAddress: null,
        details: '',
        anonymisedAt: jobDay,
      });
      expect(now.particulars).toEqual({ complaintAbout: 'official', relatedReference: null });
      // Everything the reports count is as it was.
      for (const key of [
        'reference',
        'kind',
        'status',
        'receivedAt',
        'receivedOn',
        'dueOn',
        'closedAt',
        'unitId',
        'topicId',
        'replyChannel',
        'replyLanguage',
        'requestedLanguage',
        'locale',
        'anonymous',
      ] as const) {
        expect(now[key], key).toEqual(was[key]);
      }
      expect(after.files.filter((f) => f.caseId === past)).toEqual([]);
      const events = after.events.filter((e) => e.caseId === past);
      expect(events.map((e) => e.type)).toEqual(before.events.filter((e) => e.caseId === past).map((e) => e.type));
      expect(events.find((e) => e.type === 'client_added_information')!.data).toEqual({ unitId: 1 });
      expect(events.find((e) => e.type === 'routed_to_unit')!.data).toMatchObject({ by: 'topic', topic: 'eia' });
      expect(JSON.stringify(now)).not.toMatch(/Kārlis|karlis|29111222|010180|Andris|Meža/);

      // The newer closed case and the open one are exactly as they were.
      expect(after.rows.slice(1)).toEqual(before.rows.slice(1));
      expect(after.events.filter((e) => e.caseId !== past)).toEqual(before.events.filter((e) => e.caseId !== past));

      // One audit entry for the batch, with counts and no personal data.
      const entries = await t.db.select().from(auditLog).orderBy(asc(auditLog.id)).offset(auditBefore);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        actorStaffId: null,
        action: 'retention.anonymise_cases',
        after: { days: 1826, cases: 1, attachments: 1, historyEntries: 1 },
      });
      expect(JSON.stringify(entries)).not.toMatch(/Kārlis|karlis|29111222/);
    });

    it('changes nothing more when run again, the same day or from the maintenance loop', async () => {
      const before = await snapshot([past, recent, open]);
      const auditBefore = await auditCount();
      expect(await runRetention(t.db, jobDay)).toEqual({ cases: 0, attachments: 0, surveyContacts: 0, mail: 0 });
      expect((await runMaintenance(t.db, new Date(jobDay.getTime() + 15 * 60_000))).retention.cases).toBe(0);
      expect(await snapshot([past, recent, open])).toEqual(before);
      expect(await auditCount()).toBe(auditBefore);
    });

    it('lets two jobs run at once without failing, each case anonymised once', async () => {
      const ids: number[] = [];
      for (let i = 0; i < 5; i++) {
        const id = await makeCase(
          'suggestion',
          {
            topic: 'unknown',
            details: `Ierosinājums ${i} no Kārļa`,
            wantsReply: 'yes',
            name: 'Kārlis Kalns',
            replyChannel: 'email',
            email: `k${i}@example.lv`,
            replyLanguage: 'lv',
          },
          new Date('2026-04-01T09:00:00Z'),
        );
        await close(id, new Date('2026-04-10T10:00:00Z'));
        ids.push(id);
      }
      // On PostgreSQL, a second connection pool stands for a second instance.
      const second = engine === 'postgres' ? await openDatabase({ url: t.url! }) : undefined;
      try {
        const auditBefore = await auditCount();
        const runs = await Promise.all([
          runRetention(t.db, jobDay, { batchSize: 2 }),
          runRetention(second?.db ?? t.db, jobDay, { batchSize: 2 }),
        ]);
        expect(runs[0].cases + runs[1].cases).toBe(5);
        const rows = await t.db
          .select({ anonymisedAt: cases.anonymisedAt, details: cases.details })
          .from(cases)
          .where(inArray(cases.id, ids));
        expect(rows.every((r) => r.anonymisedAt?.getTime() === jobDay.getTime() && r.details === '')).toBe(true);
        const entries = await t.db.select().from(auditLog).orderBy(asc(auditLog.id)).offset(auditBefore);
        expect(entries.reduce((sum, e) => sum + Number((e.after as { cases: number }).cases), 0)).toBe(5);
      } finally {
        await second?.close();
      }
    });

    it('clears survey contacts after their year, keeping the answers, and deletes sent mail after 90 days', async () => {
      const survey = (await findSurveyByCode(t.db, 'yearly-2026'))!;
      const recorded = await recordSurveyResponse(t.db, {
        survey,
        answers: survey.items.map((item) => ({ itemId: item.id, value: 4 })),
        comment: 'Laipni un ātri.',
        contact: { name: 'Zane Zariņa', email: 'zane@example.lv' },
        locale: 'lv',
        formKey: randomBytes(18).toString('base64url'),
      });
      if (recorded.kind !== 'recorded') throw new Error('not recorded');
      const responseId = recorded.responseId;
      await t.db
        .update(surveyResponses)
        .set({ submittedAt: new Date('2030-05-01T10:00:00Z') })
        .where(eq(surveyResponses.id, responseId));

      const mail = async (status: 'pending' | 'sent' | 'failed', at: string) => {
        const id = await enqueueMail(t.db, {
          kind: 'test.retention',
          to: 'zane@example.lv',
          locale: 'lv',
          subject: `${status} ${at}`,
          text: 'Labdien, Zane!',
          html: '<p>Labdien, Zane!</p>',
        });
        await t.db
          .update(outboxMessages)
          .set({ status, createdAt: new Date(at), sentAt: status === 'sent' ? new Date(at) : null })
          .where(eq(outboxMessages.id, id));
        return id;
      };
      const oldSent = await mail('sent', '2031-02-01T10:00:00Z');
      const oldFailed = await mail('failed', '2031-02-01T10:00:00Z');
      const oldPending = await mail('pending', '2031-02-01T10:00:00Z');
      const newSent = await mail('sent', '2031-05-01T10:00:00Z');

      // Mail that came in: a dismissed one goes (its row stays as the claim), one waiting to be registered stays whole.
      const inbound = async (uid: number, status: 'dismissed' | 'to_register') => {
        const [row] = await t.db
          .insert(inboundMail)
          .values({
            mailbox: 'kanceleja@example.lv/INBOX',
            uidValidity: 1,
            uid,
            status,
            receivedAt: new Date('2031-02-01T10:00:00Z'),
            decidedAt: status === 'dismissed' ? new Date('2031-02-02T10:00:00Z') : null,
            dismissReason: status === 'dismissed' ? 'Reklāma' : null,
            fromAddress: 'zane@example.lv',
            fromName: 'Zane Zariņa',
            subject: 'Jautājums',
            textBody: 'Labdien! Zane',
          })
          .returning({ id: inboundMail.id });
        await t.db
          .insert(inboundMailAttachments)
          .values({ inboundMailId: row!.id, filename: 'a.pdf', contentType: 'application/pdf', size: PDF.length, content: PDF });
        return row!.id;
      };
      const dismissed = await inbound(9001, 'dismissed');
      const waiting = await inbound(9002, 'to_register');

      // 2031-06-01 is more than 365 days after 2030-05-01 and 90 days after 2031-02-01, under 90 after 2031-05-01.
      const run = await runRetention(t.db, jobDay);
      expect(run.surveyContacts).toBe(1);
      expect(run.mail).toBe(3);
      const [cleared] = await t.db.select().from(inboundMail).where(eq(inboundMail.id, dismissed));
      expect(cleared).toMatchObject({
        status: 'dismissed',
        fromAddress: null,
        fromName: null,
        subject: null,
        textBody: null,
        dismissReason: null,
      });
      expect(await t.db.select().from(inboundMailAttachments).where(eq(inboundMailAttachments.inboundMailId, dismissed))).toEqual([]);
      const [kept] = await t.db.select().from(inboundMail).where(eq(inboundMail.id, waiting));
      expect(kept).toMatchObject({ fromAddress: 'zane@example.lv', subject: 'Jautājums', textBody: 'Labdien! Zane' });
      expect(await t.db.select().from(inboundMailAttachments).where(eq(inboundMailAttachments.inboundMailId, waiting))).toHaveLength(1);
      const [response] = await t.db.select().from(surveyResponses).where(eq(surveyResponses.id, responseId));
      expect(response).toMatchObject({ contactName: null, contactEmail: null, comment: 'Laipni un ātri.' });
      expect(await t.db.select().from(surveyAnswers).where(eq(surveyAnswers.responseId, responseId))).toHaveLength(survey.items.length);
      const left = await t.db.select({ id: outboxMessages.id }).from(outboxMessages).where(eq(outboxMessages.kind, 'test.retention'));
      expect(left.map((m) => m.id).sort()).toEqual([oldPending, newSent].sort());
      expect(left.map((m) => m.id)).not.toContain(oldSent);
      expect(left.map((m) => m.id)).not.toContain(oldFailed);
    });
  });

  describe("a data subject's request", () => {
    let closedCase: number;
    let openCallback: number;
    let reference: string;
    let responseId: number;

    beforeAll(async () => {
      closedCase = await makeCase(
        'question',
        {
          topic: 'eia',
          details: 'Vai mans ziņojums ir saņemts?',
          name: 'Līga Ozola',
          replyChannel: 'email',
          email: 'Liga.Ozola@Example.lv',
          replyLanguage: 'lv',
        },
        new Date('2026-06-01T09:00:00Z'),
        [{ filename: 'pielikums.pdf', contentType: 'application/pdf', size: PDF.length, content: PDF }],
      );
      await close(closedCase, new Date('2026-06-10T09:00:00Z'));
      [{ reference }] = (await t.db.select({ reference: cases.reference }).from(cases).where(eq(cases.id, closedCase))) as [
        { reference: string },
      ];
      openCallback = await makeCase(
        'callback',
        { topic: 'eia', details: 'Par atļauju.', phone: '+371 29 765 432', name: 'Līga Ozola', replyLanguage: 'lv' },
        new Date('2026-11-20T09:00:00Z'),
      );
      const survey = (await findSurveyByCode(t.db, 'yearly-2026'))!;
      const recorded = await recordSurveyResponse(t.db, {
        survey,
        answers: [{ itemId: survey.items[0]!.id, value: 5 }],
        comment: 'Paldies, Līga',
        contact: { name: 'Līga Ozola', email: 'liga.ozola@example.lv' },
        locale: 'lv',
        formKey: randomBytes(18).toString('base64url'),
      });
      if (recorded.kind !== 'recorded') throw new Error('not recorded');
      responseId = recorded.responseId;
    });

    it('finds the cases by e-mail in any case, and by phone in another format', async () => {
      const byEmail = await searchSubjectData(t.db, adminId, query({ email: 'LIGA.OZOLA@example.LV' }));
      expect(byEmail.cases.map((c) => c.id)).toEqual([closedCase]);
      expect(byEmail.surveyResponses.map((r) => r.id)).toEqual([responseId]);
      expect(byEmail.mail.map((m) => m.subject)).toEqual([expect.stringContaining(reference)]);
      const byPhone = await searchSubjectData(t.db, adminId, query({ phone: '29765432' }));
      expect(byPhone.cases.map((c) => c.id)).toEqual([openCallback]);
      expect(byPhone.surveyResponses).toEqual([]);
      const both = await searchSubjectData(t.db, adminId, query({ email: 'liga.ozola@example.lv', phone: '0037129765432' }));
      expect(both.cases.map((c) => c.id)).toEqual([closedCase, openCallback]);
      // Nobody else's data: another address finds nothing.
      expect((await searchSubjectData(t.db, adminId, query({ email: 'liga@example.lv' }))).cases).toEqual([]);
    });

    it('audits every search with digests of the terms, never the terms', async () => {
      const before = await auditCount();
      await searchSubjectData(t.db, adminId, query({ email: 'liga.ozola@example.lv', phone: '29 765 432' }));
      const [entry] = await t.db.select().from(auditLog).orderBy(asc(auditLog.id)).offset(before);
      expect(entry).toMatchObject({
        actorStaffId: adminId,
        action: 'data_request.search',
        entity: 'data_subject',
        after: { found: { cases: 2, surveyResponses: 1, mail: 1 } },
      });
      expect(entry!.after).toHaveProperty('emailDigest', expect.stringMatching(/^[A-Za-z0-9_-]{43}$/));
      // The same person searched by another format of the number gives the same digest.
      await searchSubjectData(t.db, adminId, query({ email: 'Liga.Ozola@example.lv', phone: '+37129765432' }));
      const [again] = await t.db
        .select()
        .from(auditLog)
        .orderBy(asc(auditLog.id))
        .offset(before + 1);
      expect((again!.after as Record<string, unknown>).phoneDigest).toBe((entry!.after as Record<string, unknown>).phoneDigest);
      expect((again!.after as Record<string, unknown>).emailDigest).toBe((entry!.after as Record<string, unknown>).emailDigest);
      const everything = JSON.stringify(await t.db.select().from(auditLog).where(like(auditLog.action, 'data_request.%')));
      expect(everything).not.toMatch(/liga|ozola|29765432/i);
    });

    it('exports the cases, the survey response and the mail, and audits the export', async () => {
      const before = await auditCount();
      const copy = await exportSubjectData(t.db, adminId, query({ email: 'liga.ozola@example.lv', phone: '29765432' }), {
        format: 'json',
        locale: 'en',
      });
      expect(copy.cases.map((c) => c.reference)).toEqual([reference, expect.stringMatching(/^VPVB-2026-/)]);
      const [first, callback] = copy.cases;
      expect(first).toMatchObject({
        kind: 'question',
        details: 'Vai mans ziņojums ir saņemts?',
        contact: { name: 'Līga Ozola', email: 'Liga.Ozola@Example.lv' },
        unit: expect.any(String),
      });
      expect(first!.attachments).toEqual([
        { filename: 'pielikums.pdf', contentType: 'application/pdf', size: PDF.length, contentBase64: PDF.toString('base64') },
      ]);
      // The client's own history entries with content, internal ones by kind and date only (Art. 15(4)).
      expect(first!.history.find((h) => h.type === 'received')).toHaveProperty('data');
      expect(first!.history.find((h) => h.type === 'routed_to_unit')).not.toHaveProperty('data');
      expect(callback).toMatchObject({ kind: 'callback', contact: { phone: '+37129765432' } });
      expect(copy.surveyResponses).toEqual([
        expect.objectContaining({
          comment: 'Paldies, Līga',
          contact: { name: 'Līga Ozola', email: 'liga.ozola@example.lv' },
          answers: [expect.objectContaining({ value: 5, scaleMin: 1, scaleMax: 5 })],
        }),
      ]);
      expect(copy.mail).toEqual([expect.objectContaining({ to: 'Liga.Ozola@Example.lv', subject: expect.stringContaining(reference) })]);
      const [entry] = await t.db.select().from(auditLog).orderBy(asc(auditLog.id)).offset(before);
      expect(entry).toMatchObject({
        action: 'data_request.export',
        after: { format: 'json', exported: { cases: 2, surveyResponses: 1, mail: 1 } },
      });
      expect(JSON.stringify(entry)).not.toMatch(/liga|ozola|29765432/i);
    });

    it('erases what the law allows, keeps an open case unless withdrawn, and audits the ground without the term', async () => {
      const before = await auditCount();
      const subject = query({ email: 'liga.ozola@example.lv', phone: '29765432' });
      const result = await eraseSubjectData(
        t.db,
        adminId,
        subject,
        { ground: 'objection', note: 'Iesniegums Nr. 1-7/42', includeOpen: false },
        TODAY,
      );
      expect(result).toEqual({ cases: 1, openCasesKept: 1, attachments: 1, surveyResponses: 1, mail: 1 });
      const [erased] = await t.db.select().from(cases).where(eq(cases.id, closedCase));
      expect(erased).toMatchObject({
        contactName: null,
        contactEmail: null,
        details: '',
        anonymisedAt: TODAY,
        kind: 'question',
        status: 'closed',
      });
      expect(await t.db.select().from(caseAttachments).where(eq(caseAttachments.caseId, closedCase))).toEqual([]);
      const [kept] = await t.db.select().from(cases).where(eq(cases.id, openCallback));
      expect(kept).toMatchObject({ contactPhone: '+37129765432', contactName: 'Līga Ozola', anonymisedAt: null });
      const [response] = await t.db.select().from(surveyResponses).where(eq(surveyResponses.id, responseId));
      expect(response).toMatchObject({ contactName: null, contactEmail: null, comment: null });
      expect(await t.db.select().from(surveyAnswers).where(eq(surveyAnswers.responseId, responseId))).toHaveLength(1);
      expect(await t.db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, 'Liga.Ozola@Example.lv'))).toEqual([]);

      const [entry] = await t.db.select().from(auditLog).orderBy(asc(auditLog.id)).offset(before);
      expect(entry).toMatchObject({
        actorStaffId: adminId,
        action: 'data_request.erase',
        entity: 'data_subject',
        after: { ground: 'objection', note: 'Iesniegums Nr. 1-7/42', includeOpen: false, cases: 1, openCasesKept: 1, mail: 1 },
      });
      expect(JSON.stringify(entry)).not.toMatch(/liga|ozola|29765432/i);

      // The client withdraws the open callback request: now it goes too, with an
      // official's unsent answer to it, and nothing is left to find.
      await keepAnswerDraft(t.db, { staffId: adminId, caseId: openCallback, text: 'Labdien, Līga Ozola! Atzvanīsim rīt.', now: TODAY });
      const withdrawn = await eraseSubjectData(t.db, adminId, subject, { ground: 'objection', note: null, includeOpen: true }, TODAY);
      expect(withdrawn).toMatchObject({ cases: 1, openCasesKept: 0 });
      expect(await t.db.select().from(answerDrafts).where(eq(answerDrafts.caseId, openCallback))).toEqual([]);
      const left = await searchSubjectData(t.db, adminId, subject);
      expect(left).toEqual({ cases: [], surveyResponses: [], mail: [] });
    });

    it('refuses a query without a term rather than matching every case', async () => {
      await expect(
        eraseSubjectData(t.db, adminId, { email: null, phone: null }, { ground: 'objection', note: null, includeOpen: true }),
      ).rejects.toThrow(/needs an e-mail address or a phone number/);
    });
  });
});
