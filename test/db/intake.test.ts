import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asc, eq, inArray, sql } from 'drizzle-orm';
import { createTestDatabase, engines, type TestDatabase } from '../support/database.ts';
import { seed } from '#src/db/seed.ts';
import { caseAttachments, caseEvents, cases } from '#src/cases/schema.ts';
import { outboxMessages } from '#src/mail/schema.ts';
import { claimDueMail } from '#src/mail/queries.ts';
import { sendDueMail } from '#src/mail/worker.ts';
import { folderTransport } from '#src/mail/transport.ts';
import { numberPendingCases } from '#src/cases/reference.ts';
import { submissionDrafts } from '#src/intake/schema.ts';
import { countAndKeepDraft, forgetSubmittedTokens, intakeContext, purgeStaleDrafts, saveDraft } from '#src/intake/queries.ts';
import { receiveFirstPost } from '#src/intake/first-post.ts';
import { sendDraft, submitDraft } from '#src/intake/submit.ts';
import { caseForClient } from '#src/cases/client-view.ts';
import { hashStatusToken } from '#src/cases/status-link.ts';
import { consumeRateLimit, peekRateLimit } from '#src/platform/rate-limit.ts';
import { deadlineRules, units } from '#src/settings/schema.ts';
import type { CaseKind } from '#src/cases/schema.ts';
import { publicPaths } from '#src/paths.ts';
import { readConfig } from '#src/config.ts';

const question = {
  topic: 'eia',
  details: 'Kad tiks publicēts ietekmes uz vidi novērtējuma ziņojums?',
  name: 'Anna Kalniņa',
  replyChannel: 'email',
  email: 'anna@example.lv',
  replyLanguage: 'lv',
};

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

describe.each(engines)('public intake on %s', (engine) => {
  let t: TestDatabase;
  const baseUrl = 'https://atsauksmes.example.lv';
  beforeAll(async () => {
    t = await createTestDatabase(engine);
    await seed(t.db, { demo: true, today: new Date('2026-11-24T10:00:00Z') });
  });
  afterAll(async () => {
    await t?.drop();
  });

  const draft = (kind: CaseKind, fields: Record<string, string>, attachments: Parameters<typeof saveDraft>[1]['attachments'] = []) =>
    saveDraft(t.db, { kind, locale: 'lv', fields, removeAttachmentIds: [], attachments });

  it("stores a question as a case routed to the topic's unit, with its deadline, history and acknowledgement", async () => {
    const id = await draft('question', question);
    // Tuesday 24 Nov 2026, 12:00 in Riga: 10 working days (18 Nov is a holiday, already past).
    const result = await submitDraft(t.db, id, { baseUrl, now: new Date('2026-11-24T10:00:00Z') });
    expect(result).toMatchObject({ ok: true, reference: 'VPVB-2026-000001', repeated: false });
    if (!result.ok) return;
    const [stored] = await t.db.select().from(cases).where(eq(cases.id, result.caseId));
    const [unit] = await t.db.select().from(units).where(eq(units.code, 'IVN'));
    expect(stored).toMatchObject({
      kind: 'question',
      status: 'received',
      unitId: unit!.id,
      receivedOn: '2026-11-24',
      dueOn: '2026-12-08',
      contactName: 'Anna Kalniņa',
      contactEmail: 'anna@example.lv',
      replyChannel: 'email',
      replyLanguage: 'lv',
      locale: 'lv',
      anonymous: false,
    });
    // Only the hash of the private link's token is kept.
    expect(stored!.statusTokenHash).toBe(hashStatusToken(result.token));
    expect(stored!.statusTokenHash).not.toContain(result.token);
    const events = await t.db.select().from(caseEvents).where(eq(caseEvents.caseId, result.caseId)).orderBy(asc(caseEvents.id));
    expect(events.map((e) => e.type)).toEqual(['received', 'routed_to_unit', 'assigned']);
    expect(events[1]!.data).toMatchObject({ by: 'topic', topic: 'eia', unitId: unit!.id });
    const [mail] = await t.db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, 'anna@example.lv'));
    expect(mail!.subject).toBe('Esam saņēmuši Jūsu iesniegumu VPVB-2026-000001');
    expect(mail!.textBody).toContain(`${baseUrl}${publicPaths.status('lv', result.token)}`);
    expect(mail!.textBody).toContain('08.12.2026');
    expect(mail!.htmlBody).toContain(`<a href="${baseUrl}${publicPaths.complaint('lv', 'VPVB-2026-000001')}">`);
  });

  it('numbers references sequentially within a year and starts again the next year', async () => {
    const a = await submitDraft(t.db, await draft('question', question), { baseUrl, now: new Date('2026-12-01T09:00:00Z') });
    const b = await submitDraft(
      t.db,
      await draft('suggestion', { topic: 'unknown', details: 'Vairāk soliņu pie ieejas.', replyLanguage: 'lv' }),
      {
        baseUrl,
        now: new Date('2026-12-01T09:05:00Z'),
      },
    );
    // 23:30 on 31 Dec in Riga is still 2026; 22:30 UTC is already 1 Jan 2027 in Riga.
    const c = await submitDraft(t.db, await draft('question', question), { baseUrl, now: new Date('2026-12-31T21:30:00Z') });
    const d = await submitDraft(t.db, await draft('question', question), { baseUrl, now: new Date('2026-12-31T22:30:00Z') });
    expect([a, b, c, d].map((r) => (r.ok ? r.reference : r.reason))).toEqual([
      'VPVB-2026-000002',
      'VPVB-2026-000003',
      'VPVB-2026-000004',
      'VPVB-2027-000001',
    ]);
  });

  it('numbers simultaneous submissions without a gap or a double, each letter with its own number', async () => {
    const now = new Date('2028-03-01T09:00:00Z');
    const ids = await Promise.all(
      Array.from({ length: 12 }, (_, i) => draft('question', { ...question, email: `together${i}@example.lv` })),
    );
    const results = await Promise.all(ids.map((id) => submitDraft(t.db, id, { baseUrl, now })));
    const references = results.map((r) => (r.ok ? r.reference : r.reason)).sort();
    expect(references).toEqual(Array.from({ length: 12 }, (_, i) => `VPVB-2028-${String(i + 1).padStart(6, '0')}`));
    for (const r of results) {
      if (!r.ok) continue;
      const [stored] = await t.db.select({ reference: cases.reference }).from(cases).where(eq(cases.id, r.caseId));
      expect(stored!.reference).toBe(r.reference);
      const [letter] = await t.db
        .select()
        .from(outboxMessages)
        .where(
          eq(outboxMessages.toAddress, (await t.db.select({ e: cases.contactEmail }).from(cases).where(eq(cases.id, r.caseId)))[0]!.e!),
        );
      // The number took the placeholder's place everywhere: subject, text, the complaint link in the HTML.
      expect(letter!.subject).toContain(r.reference);
      expect(`${letter!.subject}${letter!.textBody}${letter!.htmlBody}`).not.toMatch(/REF[0-9A-F]{24}/);
      expect(letter!.htmlBody).toContain(`complaint?about=${r.reference}`);
    }
  });

  it('numbers Sends written on the connections for public posts on the main pool, each before its Send returns', async () => {
    // receiveSend: the case on `clientWrites`, its number from a numbering on the main pool shared with the Sends of the moment.
    const now = new Date('2030-03-04T09:00:00Z');
    const ids = await Promise.all(Array.from({ length: 10 }, (_, i) => draft('question', { ...question, email: `shared${i}@example.lv` })));
    const references = await Promise.all(
      ids.map(async (id) => {
        const sent = await sendDraft(t.clientWrites, id, { baseUrl, now, numberOn: t.db });
        if (!sent.ok) return sent.reason;
        // Read at once: numbered when the Send returns, not later.
        const [stored] = await t.db.select({ reference: cases.reference }).from(cases).where(eq(cases.id, sent.caseId));
        return stored!.reference;
      }),
    );
    expect(references.sort()).toEqual(Array.from({ length: 10 }, (_, i) => `VPVB-2030-${String(i + 1).padStart(6, '0')}`));
    expect(await numberPendingCases(t.db)).toBe(0);
  });

  it('sends through the connections kept for Sends as through the others, and only those keep generic plans', async () => {
    // The check page's Send runs on `clientWrites` (db/client.ts): the same case, the same number series.
    const id = await draft('question', { ...question, email: 'sends@example.lv' });
    const sent = await sendDraft(t.clientWrites, id, { baseUrl, now: new Date('2026-11-24T10:00:00Z') });
    expect(sent).toMatchObject({ ok: true, repeated: false });
    if (!sent.ok) return;
    const [stored] = await t.db.select().from(cases).where(eq(cases.id, sent.caseId));
    expect(stored!.reference).toMatch(/^VPVB-2026-\d{6}$/);
    expect(stored!.contactEmail).toBe('sends@example.lv');
    // Sent again from the other handle: the same case.
    expect(await sendDraft(t.db, id, { baseUrl })).toMatchObject({ ok: true, caseId: sent.caseId, repeated: true });
    if (engine !== 'postgres') return;
    const mode = async (db: typeof t.db) =>
      (await db.execute(sql`select current_setting('plan_cache_mode') as mode`)) as unknown as Array<{ mode: string }>;
    // The staff's lists and reports are planned for their values every time (a skewed status or date range).
    expect((await mode(t.db))[0]!.mode).toBe('force_custom_plan');
    expect((await mode(t.clientWrites))[0]!.mode).toBe('auto');
  });

  it('gives the number inside a transaction too, and a rolled-back submission gives it back', async () => {
    // Numbered in the caller's transaction (numberPendingCases), which has not committed yet.
    const now = new Date('2029-04-02T09:00:00Z');
    const [first, second, third] = [
      await draft('question', question),
      await draft('question', question),
      await draft('question', question),
    ];
    const kept = await t.db.transaction(async (tx) => {
      const r = await submitDraft(tx as unknown as typeof t.db, first, { baseUrl, now });
      const [stored] = await tx
        .select({ reference: cases.reference })
        .from(cases)
        .where(eq(cases.id, r.ok ? r.caseId : -1));
      return { reference: r.ok ? r.reference : r.reason, stored: stored?.reference };
    });
    expect(kept).toEqual({ reference: 'VPVB-2029-000001', stored: 'VPVB-2029-000001' });
    await expect(
      t.db.transaction(async (tx) => {
        const r = await submitDraft(tx as unknown as typeof t.db, second, { baseUrl, now });
        expect(r.ok && r.reference).toBe('VPVB-2029-000002');
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    const next = await submitDraft(t.db, third, { baseUrl, now });
    expect(next.ok && next.reference).toBe('VPVB-2029-000002');
    const [letter] = await t.db
      .select()
      .from(outboxMessages)
      .where(eq(outboxMessages.caseId, next.ok ? next.caseId : -1));
    expect(letter!.subject).toContain('VPVB-2029-000002');
  });

  it('writes a number past 999 999 in full, as formatReference does', async () => {
    await t.db.execute(sql`insert into reference_counters (year, last) values (2031, 999999)`);
    const r = await submitDraft(t.db, await draft('question', question), { baseUrl, now: new Date('2031-05-05T09:00:00Z') });
    expect(r.ok && r.reference).toBe('VPVB-2031-1000000');
  });

  it('sends an "I don\'t know" suggestion without contact to the triage unit and keeps no contact', async () => {
    const r = await submitDraft(
      t.db,
      await draft('suggestion', {
        topic: 'unknown',
        details: 'Ierīkojiet velostatīvu.',
        name: 'Pēteris',
        email: 'p@example.lv',
        replyLanguage: 'lv',
      }),
      { baseUrl },
    );
    if (!r.ok) throw new Error('not submitted');
    const [stored] = await t.db.select().from(cases).where(eq(cases.id, r.caseId));
    const [triage] = await t.db.select().from(units).where(eq(units.isTriage, true));
    expect(stored).toMatchObject({ unitId: triage!.id, anonymous: true, contactName: null, contactEmail: null, replyChannel: null });
    expect(await t.db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, 'p@example.lv'))).toHaveLength(0);
  });

  it('creates one case when the same draft is sent twice, and gives the same confirmation', async () => {
    const id = await draft('question', question);
    const first = await submitDraft(t.db, id, { baseUrl });
    const second = await submitDraft(t.db, id, { baseUrl });
    expect(first.ok && second.ok).toBe(true);
    if (!first.ok || !second.ok) return;
    expect(second).toMatchObject({ caseId: first.caseId, reference: first.reference, token: first.token, repeated: true });
    expect(await t.db.select().from(cases).where(eq(cases.draftId, id))).toHaveLength(1);
  });

  it('creates one case from many simultaneous sends of one draft (a double click)', async () => {
    const before = (await t.db.select({ n: sql<number>`count(*)::int` }).from(cases))[0]!.n;
    const mailsBefore = (await t.db.select({ n: sql<number>`count(*)::int` }).from(outboxMessages))[0]!.n;
    const id = await draft('question', question);
    const results = await Promise.all(Array.from({ length: 8 }, () => submitDraft(t.db, id, { baseUrl })));
    const references = new Set(results.map((r) => (r.ok ? r.reference : 'failed')));
    expect(references.size).toBe(1);
    expect(references.has('failed')).toBe(false);
    expect(results.filter((r) => r.ok && !r.repeated)).toHaveLength(1);
    expect((await t.db.select({ n: sql<number>`count(*)::int` }).from(cases))[0]!.n).toBe(before + 1);
    expect((await t.db.select({ n: sql<number>`count(*)::int` }).from(outboxMessages))[0]!.n).toBe(mailsBefore + 1);
  });

  it('moves attachments from the draft to the case and keeps the draft free of personal data afterwards', async () => {
    const id = await draft('complaint', { ...question, complaintAbout: 'decision' }, [
      { filename: 'lēmums.pdf', contentType: 'application/pdf', size: PDF.length, content: PDF },
    ]);
    const r = await submitDraft(t.db, id, { baseUrl });
    if (!r.ok) throw new Error('not submitted');
    const files = await t.db.select().from(caseAttachments).where(eq(caseAttachments.caseId, r.caseId));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatchObject({ filename: 'lēmums.pdf', contentType: 'application/pdf', size: PDF.length });
    expect(Buffer.compare(files[0]!.content, PDF)).toBe(0);
    const [kept] = await t.db.select().from(submissionDrafts).where(eq(submissionDrafts.id, id));
    expect(kept!.fields).toEqual({});
  });

  it('records that the reply will be in Latvian when nobody in the unit speaks the language (S-7)', async () => {
    // The pollution permits unit's only official speaks Latvian.
    const r = await submitDraft(t.db, await draft('question', { ...question, topic: 'pollution-permits', replyLanguage: 'de' }), {
      baseUrl,
    });
    if (!r.ok) throw new Error('not submitted');
    const [stored] = await t.db.select().from(cases).where(eq(cases.id, r.caseId));
    expect(stored).toMatchObject({ requestedLanguage: 'de', replyLanguage: 'lv' });
    const view = await caseForClient(t.db, r.token);
    expect(view?.history.map((h) => h.type)).toEqual(['received', 'reply_language_fallback']);
  });

  it('e-mails one address at most five confirmations a day, however many forms name it (review M4)', async () => {
    // The default of ACKNOWLEDGEMENTS_PER_ADDRESS (the db suite raises it for the other tests: vitest.config.ts).
    const ACKNOWLEDGEMENTS_PER_ADDRESS = readConfig({}).acknowledgementsPerAddress;
    expect(ACKNOWLEDGEMENTS_PER_ADDRESS).toBe(5);
    const victim = { ...question, email: 'Upuris@Example.lv' };
    const day = Date.parse('2026-11-26T08:00:00Z');
    const results = [];
    for (let i = 0; i < 7; i++) {
      const r = await submitDraft(t.db, await draft('question', { ...victim, email: i % 2 ? 'upuris@example.lv' : victim.email }), {
        baseUrl,
        now: new Date(day + i * 60_000),
        acknowledgementsPerAddress: ACKNOWLEDGEMENTS_PER_ADDRESS,
      });
      if (!r.ok) throw new Error('not submitted');
      results.push(r);
    }
    const letters = await t.db
      .select()
      .from(outboxMessages)
      .where(sql`lower(${outboxMessages.toAddress}) = 'upuris@example.lv' and ${outboxMessages.kind} = 'submission.acknowledged'`);
    expect(letters).toHaveLength(5);
    // Every case is there; the last two say why no confirmation came, to the client and to the official.
    const views = await Promise.all(results.map((r) => caseForClient(t.db, r.token)));
    expect(views.map((v) => v?.confirmation)).toEqual(['emailed', 'emailed', 'emailed', 'emailed', 'emailed', 'withheld', 'withheld']);
    expect(views[6]?.history.map((h) => h.type)).toEqual(['received', 'acknowledgement_withheld']);
    // The next day the address gets confirmations again.
    const next = await submitDraft(t.db, await draft('question', victim), {
      baseUrl,
      now: new Date(day + 86_400_000),
      acknowledgementsPerAddress: ACKNOWLEDGEMENTS_PER_ADDRESS,
    });
    if (!next.ok) throw new Error('not submitted');
    expect((await caseForClient(t.db, next.token))?.confirmation).toBe('emailed');
  });

  it('refuses to submit a draft that no longer passes the rules, and stores nothing', async () => {
    const id = await draft('question', { ...question, email: '' });
    const r = await submitDraft(t.db, id, { baseUrl });
    expect(r).toMatchObject({ ok: false, reason: 'invalid' });
    expect(await t.db.select().from(cases).where(eq(cases.draftId, id))).toHaveLength(0);
  });

  it('shows the client only their case through the private link', async () => {
    const r = await submitDraft(t.db, await draft('question', question), { baseUrl });
    if (!r.ok) throw new Error('not submitted');
    expect((await caseForClient(t.db, r.token))?.reference).toBe(r.reference);
    expect(await caseForClient(t.db, r.token.slice(0, -1) + (r.token.endsWith('A') ? 'B' : 'A'))).toBeUndefined();
    expect(await caseForClient(t.db, r.reference)).toBeUndefined();
  });

  it('purges drafts untouched for a day', async () => {
    const id = await draft('question', question);
    await t.db
      .update(submissionDrafts)
      .set({ updatedAt: sql`now() - interval '25 hours'` })
      .where(eq(submissionDrafts.id, id));
    expect(await purgeStaleDrafts(t.db)).toBeGreaterThanOrEqual(1);
    expect(await t.db.select().from(submissionDrafts).where(eq(submissionDrafts.id, id))).toHaveLength(0);
  });

  it("keeps a sent draft's status token only minutes, not in clear for the day (security review m3)", async () => {
    const id = await draft('question', { ...question, email: 'token-forget@example.lv' });
    const sent = await submitDraft(t.db, id, { baseUrl });
    expect(sent.ok).toBe(true);
    // Straight after sending, a double submit gets the same confirmation.
    expect(await submitDraft(t.db, id, { baseUrl })).toMatchObject({ ok: true, repeated: true });
    await forgetSubmittedTokens(t.db);
    expect((await t.db.select().from(submissionDrafts).where(eq(submissionDrafts.id, id)))[0]!.submittedToken).not.toBeNull();
    await t.db
      .update(submissionDrafts)
      .set({ updatedAt: sql`now() - interval '16 minutes'` })
      .where(eq(submissionDrafts.id, id));
    expect(await forgetSubmittedTokens(t.db)).toBeGreaterThanOrEqual(1);
    expect((await t.db.select().from(submissionDrafts).where(eq(submissionDrafts.id, id)))[0]!.submittedToken).toBeNull();
  });

  it('counts requests per client in the database and refuses past the limit', async () => {
    const rule = { limit: 3, windowSeconds: 3600 };
    const now = new Date('2026-11-24T10:15:00Z');
    const decisions = [];
    for (let i = 0; i < 4; i++) decisions.push(await consumeRateLimit(t.db, 'intake:client-a', rule, now));
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false]);
    expect(decisions[3]!.retryAfterSeconds).toBe(45 * 60);
    // Another client, and the next window, start afresh.
    expect((await consumeRateLimit(t.db, 'intake:client-b', rule, now)).allowed).toBe(true);
    expect((await consumeRateLimit(t.db, 'intake:client-a', rule, new Date('2026-11-24T11:00:00Z'))).allowed).toBe(true);
  });

  it('counts a first post and keeps its draft in one statement, keeping nothing past either limit', async () => {
    const now = new Date('2026-11-24T10:15:00Z');
    const windowStart = new Date('2026-11-24T10:00:00Z');
    const counts = [
      { key: 'intake:one-statement', rule: { limit: 2 }, windowStart },
      { key: 'intake-posts:one-statement', rule: { limit: 20 }, windowStart },
    ];
    const kept: Array<string | undefined> = [];
    for (let i = 0; i < 3; i++) {
      const { rows, draftId } = await countAndKeepDraft(t.db, counts, {
        kind: 'question',
        locale: 'lv',
        fields: { ...question, details: `Nr. ${i}` },
      });
      expect(rows.map((r) => [r.key, r.windowStart.getTime(), r.count])).toEqual(
        counts.map((c) => expect.arrayContaining([c.key, windowStart.getTime(), i + 1])),
      );
      kept.push(draftId);
    }
    // Two kept within the limit of two, each with what was typed; the third counted but not kept.
    expect(kept[2]).toBeUndefined();
    const drafts = await t.db
      .select()
      .from(submissionDrafts)
      .where(
        inArray(
          submissionDrafts.id,
          kept.filter((k) => k !== undefined),
        ),
      );
    expect(drafts.map((d) => d.fields.details).sort()).toEqual(['Nr. 0', 'Nr. 1']);
    expect((await peekRateLimit(t.db, 'intake:one-statement', { limit: 2, windowSeconds: 3600 }, now)).count).toBe(3);
    // The other count's limit stops it as well.
    const { draftId } = await countAndKeepDraft(
      t.db,
      [
        { key: 'intake:one-statement-b', rule: { limit: 2 }, windowStart },
        { key: 'intake-posts:one-statement', rule: { limit: 3 }, windowStart },
      ],
      { kind: 'question', locale: 'lv', fields: question },
    );
    expect(draftId).toBeUndefined();
  });

  it("counts a client's Send in the statement that writes the case, and writes nothing past either limit", async () => {
    const now = new Date('2026-11-24T10:20:00Z');
    const rule = { limit: 1, windowSeconds: 3600 };
    const intakeLimit = [
      { key: 'intake:send-in-statement', rule },
      { key: 'intake-posts:send-in-statement', rule: { limit: 10, windowSeconds: 3600 } },
    ];
    const first = await draft('question', question);
    const sent = await sendDraft(t.db, first, { baseUrl, now, intakeLimit });
    expect(sent).toMatchObject({ ok: true, repeated: false });
    expect((await peekRateLimit(t.db, 'intake:send-in-statement', rule, now)).count).toBe(1);
    // Sent before: the same case, not counted again.
    expect(await sendDraft(t.db, first, { baseUrl, now, intakeLimit })).toMatchObject({ ok: true, repeated: true });
    expect((await peekRateLimit(t.db, 'intake:send-in-statement', rule, now)).count).toBe(1);
    // Past the limit: counted, and nothing written; the draft waits unsent with what was typed.
    const second = await draft('question', { ...question, details: 'Otrais jautājums.' });
    const casesBefore = (await t.db.select({ id: cases.id }).from(cases)).length;
    expect(await sendDraft(t.db, second, { baseUrl, now, intakeLimit })).toEqual({
      ok: false,
      reason: 'over_limit',
      retryAfterSeconds: 40 * 60,
    });
    expect((await t.db.select({ id: cases.id }).from(cases)).length).toBe(casesBefore);
    const [waiting] = await t.db.select().from(submissionDrafts).where(eq(submissionDrafts.id, second));
    expect(waiting).toMatchObject({ submittedCaseId: null, fields: expect.objectContaining({ details: 'Otrais jautājums.' }) });
    expect((await peekRateLimit(t.db, 'intake:send-in-statement', rule, now)).count).toBe(2);
    // The other count's limit stops a Send as well; within both, the same draft goes.
    const other = [
      { key: 'intake:send-in-statement-b', rule: { limit: 5, windowSeconds: 3600 } },
      { key: 'intake-posts:send-in-statement', rule: { limit: 2, windowSeconds: 3600 } },
    ];
    expect(await sendDraft(t.db, second, { baseUrl, now, intakeLimit: other })).toMatchObject({ ok: false, reason: 'over_limit' });
    expect(await sendDraft(t.db, second, { baseUrl, now })).toMatchObject({ ok: true, repeated: false });
  });

  it('takes only a small, urlencoded first post that the rules accept the short way; any other goes the general way', async () => {
    const urlencoded = (body: string) => ({
      'content-type': 'application/x-www-form-urlencoded',
      'content-length': String(Buffer.byteLength(body)),
    });
    const post = (body: string | FormData, headers: Record<string, string> = urlencoded(body as string)) =>
      receiveFirstPost(
        t.db,
        'question',
        'lv',
        new Request('https://portal.example/lv/question', { method: 'POST', body, headers }),
        () => '198.51.100.60',
      );
    const accepted = await post(new URLSearchParams(question).toString());
    expect(accepted?.next).toBe('check');
    const draftId = accepted?.next === 'check' ? /\/check\/([A-Za-z0-9_-]{32})$/.exec(accepted.location)?.[1] : undefined;
    const [kept] = await t.db
      .select()
      .from(submissionDrafts)
      .where(eq(submissionDrafts.id, draftId ?? ''));
    expect(kept).toMatchObject({ kind: 'question', locale: 'lv', fields: expect.objectContaining(question) });
    expect(accepted?.next === 'check' && accepted.location).toBe(publicPaths.check('lv', 'question', kept!.id));
    // Errors to show, a draft being corrected, a robot's honeypot, files, a large body: the general way.
    expect(await post(new URLSearchParams({ ...question, email: '' }).toString())).toBeUndefined();
    expect(await post(new URLSearchParams({ ...question, draft: kept!.id }).toString())).toBeUndefined();
    expect(await post(new URLSearchParams({ ...question, website: 'http://spam.example' }).toString())).toBeUndefined();
    const multipart = new FormData();
    for (const [name, value] of Object.entries(question)) multipart.set(name, value);
    expect(await post(multipart, {})).toBeUndefined();
    const large = new URLSearchParams({ ...question, details: 'x'.repeat(70 * 1024) }).toString();
    expect(await post(large)).toBeUndefined();
  });

  it("knows which languages each unit's officials speak", async () => {
    const context = await intakeContext(t.db);
    const [ivn] = await t.db.select().from(units).where(eq(units.code, 'IVN'));
    expect(context.languagesByUnit.get(ivn!.id)?.flat()).toEqual(expect.arrayContaining(['lv', 'en', 'ru']));
    expect(context.attachmentLimits).toEqual({ maxFiles: 3, maxBytes: 4 * 1024 * 1024 });
  });

  it('gives an information request on an environmental topic one month, and one on another topic 15 days (m6)', async () => {
    const now = new Date('2026-11-24T10:00:00Z');
    const asked = (topic: string) =>
      draft('information_request', { ...question, topic, informationForm: 'electronic' }).then((id) =>
        submitDraft(t.db, id, { baseUrl, now }),
      );
    const onEia = await asked('eia');
    const onAccess = await asked('information-access');
    if (!onEia.ok || !onAccess.ok) throw new Error('refused');
    const [env] = await t.db.select().from(cases).where(eq(cases.id, onEia.caseId));
    const [plain] = await t.db.select().from(cases).where(eq(cases.id, onAccess.caseId));
    // One month from Tuesday 24 November 2026 is Thursday 24 December, Christmas Eve: Monday 28 December.
    expect(env!.dueOn).toBe('2026-12-28');
    expect(plain!.dueOn).toBe('2026-12-09');
    const [rule] = await t.db.select().from(deadlineRules).where(eq(deadlineRules.id, env!.deadlineRuleId!));
    expect(rule).toMatchObject({ requestKind: 'environmental_information', extendedAmount: 2, extendedUnit: 'months' });
  });

  it('shows an anonymous complaint no answer date, while the case keeps it for staff (m8)', async () => {
    const id = await draft('complaint', { ...question, complaintAbout: 'official', anonymous: 'yes' });
    const sent = await submitDraft(t.db, id, { baseUrl, now: new Date('2026-11-24T10:00:00Z') });
    if (!sent.ok) throw new Error('refused');
    const [stored] = await t.db.select().from(cases).where(eq(cases.id, sent.caseId));
    expect(stored).toMatchObject({ anonymous: true, dueOn: '2026-12-08' });
    expect(await caseForClient(t.db, sent.token)).toMatchObject({ anonymous: true, dueOn: null });
    const named = await submitDraft(t.db, await draft('question', question), { baseUrl, now: new Date('2026-11-24T10:00:00Z') });
    if (!named.ok) throw new Error('refused');
    expect(await caseForClient(t.db, named.token)).toMatchObject({ anonymous: false, dueOn: '2026-12-08' });
  });
});

// A Send commits its case without the number, then numbers it with the
// Sends committed meanwhile (cases/reference.ts, drizzle/0031). Should it
// fail in between, its letter must not go out with the placeholder, and the
// number must still come.
describe.each(engines)('a case committed without its number on %s', (engine) => {
  let t: TestDatabase;
  let folder: string;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
    await seed(t.db, { demo: true, today: new Date('2026-11-24T10:00:00Z') });
    folder = mkdtempSync(join(tmpdir(), 'kb-unnumbered-'));
  });
  afterAll(async () => {
    await t?.drop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('keeps its letter back until the sender numbers the case, and the letter then goes with the number', async () => {
    const id = await saveDraft(t.db, { kind: 'question', locale: 'lv', fields: question, removeAttachmentIds: [], attachments: [] });
    const sent = await submitDraft(t.db, id, { baseUrl: 'https://atsauksmes.example.lv', now: new Date('2026-11-24T10:00:00Z') });
    if (!sent.ok) throw new Error(sent.reason);
    expect(sent.reference).toBe('VPVB-2026-000001');
    // As the Send's statement left them, had its numbering failed: the case pending, the letter with the placeholder, the number not taken.
    const placeholder = 'REF0123456789ABCDEF012345';
    await t.db.execute(sql`update cases set reference = ${`pending:VPVB:${placeholder}`} where id = ${sent.caseId}`);
    await t.db.execute(sql`update outbox_messages set subject = replace(subject, ${sent.reference}, ${placeholder}),
      text_body = replace(text_body, ${sent.reference}, ${placeholder}), html_body = replace(html_body, ${sent.reference}, ${placeholder})
      where case_id = ${sent.caseId}`);
    await t.db.execute(sql`update reference_counters set last = 0 where year = 2026`);

    expect(await claimDueMail(t.db, 10)).toEqual([]);
    const options = { from: 'Klientu balss <noreply@test.local>', messageIdDomain: 'test.local' };
    expect(await sendDueMail(t.db, folderTransport(folder), options)).toEqual({ sent: 1, failed: 0 });
    const [stored] = await t.db.select({ reference: cases.reference }).from(cases).where(eq(cases.id, sent.caseId));
    expect(stored!.reference).toBe('VPVB-2026-000001');
    const [letter] = await t.db.select().from(outboxMessages).where(eq(outboxMessages.caseId, sent.caseId));
    expect(letter).toMatchObject({ status: 'sent', subject: expect.stringContaining('VPVB-2026-000001') });
    expect(`${letter!.subject}${letter!.textBody}${letter!.htmlBody}`).not.toContain(placeholder);
    expect(readdirSync(folder)).toHaveLength(1);
    // Nothing pending: the next pass numbers nothing and waits for no lock.
    expect(await numberPendingCases(t.db)).toBe(0);
  });
});
