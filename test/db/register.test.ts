import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { createTestDatabase, engines, type TestDatabase } from '../support/database.ts';
import { actionContext, SEED_DAY, staffByName, submittedCase, TEST_BASE_URL as baseUrl } from '../support/factories.ts';
import { seed } from '#src/db/seed.ts';
import { caseAttachments, caseEvents, cases } from '#src/cases/schema.ts';
import { outboxMessages } from '#src/mail/schema.ts';
import { answerCase } from '#src/cases/actions.ts';
import { formFrom } from '#src/forms/read.ts';
import { receiveRegistration } from '#src/intake/register.ts';
import { caseForPrinting, postalAcknowledgement, proofOfReceipt } from '#src/intake/receipt.ts';
import { getInstitution } from '#src/settings/queries.ts';
import { deadlinesReport } from '#src/quality/reports/deadlines.ts';
import { arrivalCounts } from '#src/quality/reports/arrivals.ts';
import { reportScope } from '#src/quality/reports/scope.ts';
import { filtersFrom, listCases } from '#src/cases/workspace.ts';
import { loadCalendar } from '#src/settings/queries.ts';

// Issue 16: a letter that came by post on Friday 20 November 2026 is
// registered on Wednesday 25 November; it goes from the register to the
// answer to the deadline report, counted under "post".
const REGISTERED = new Date('2026-11-25T09:00:00Z');
const letter = {
  channel: 'post',
  receivedOn: '20.11.2026.',
  receivedTime: '',
  topic: 'eia',
  complaintAbout: 'service',
  details: 'Iesniedzu iesniegumu 1. oktobrī,\nbet atbildi neesmu saņēmis.',
  name: 'Jānis Bērziņš',
  replyChannel: 'post',
  address: 'Brīvības iela 1, Rīga, LV-1010',
  replyLanguage: 'lv',
};
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

function posted(fields: Record<string, string>, files: File[] = []) {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  for (const f of files) data.append('attachments', f);
  return formFrom(data);
}

describe.each(engines)('registering what came by other channels on %s', (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
    await seed(t.db, { demo: true, today: SEED_DAY });
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('keeps what was typed and the scanned pages when the date is wrong, then registers the letter with its deadline from the day received', async () => {
    const { who } = await staffByName(t.db);
    const official = who('ierednis');
    const scan = new File([PDF], 'vestule.pdf', { type: 'application/pdf' });
    const first = await receiveRegistration(t.db, {
      kind: 'complaint',
      locale: 'lv',
      form: posted({ ...letter, receivedOn: '26.11.2026' }, [scan]),
      staffId: official.id,
      baseUrl,
      now: REGISTERED,
    });
    expect(first).toMatchObject({ next: 'form', status: 400, problems: [{ field: 'receivedOn', key: 'receivedInFuture' }] });
    if (first.next !== 'form') return;
    expect(first.values.details).toBe(letter.details);
    expect(first.attachments.map((a) => a.filename)).toEqual(['vestule.pdf']);

    const corrected = () =>
      receiveRegistration(t.db, {
        kind: 'complaint',
        locale: 'lv',
        form: posted({ ...letter, draft: first.draftId! }),
        staffId: official.id,
        baseUrl,
        now: REGISTERED,
      });
    const second = await corrected();
    expect(second).toMatchObject({ next: 'registered', reference: 'VPVB-2026-000001' });
    if (second.next !== 'registered') return;
    // Sent again (a double click, or the page sent once more): the same case, not a second one.
    const again = await corrected();
    expect(again).toMatchObject({ next: 'registered', caseId: second.caseId, reference: 'VPVB-2026-000001', repeated: true });
    expect(await t.db.select({ id: cases.id }).from(cases).where(eq(cases.details, letter.details))).toHaveLength(1);
    const [stored] = await t.db.select().from(cases).where(eq(cases.id, second.caseId));
    // Ten working days from Friday 20 November: Friday 4 December (from the day registered it would be 9 December).
    expect(stored).toMatchObject({
      channel: 'post',
      kind: 'complaint',
      receivedOn: '2026-11-20',
      dueOn: '2026-12-04',
      replyChannel: 'post',
    });
    expect(stored!.particulars.receivedTimeUnknown).toBe(true);
    const files = await t.db.select().from(caseAttachments).where(eq(caseAttachments.caseId, second.caseId));
    expect(files.map((f) => f.filename)).toEqual(['vestule.pdf']);
    const events = await t.db.select().from(caseEvents).where(eq(caseEvents.caseId, second.caseId)).orderBy(asc(caseEvents.id));
    expect(events.map((e) => e.type)).toEqual(['received', 'registered', 'routed_to_unit', 'assigned']);
    expect(events[1]).toMatchObject({ actorStaffId: official.id, data: { channel: 'post' } });
    // No e-mail address: no letter in the outbox; the official prints one.
    const mail = await t.db.select().from(outboxMessages);
    expect(mail.filter((m) => m.subject.includes('VPVB-2026-000001'))).toEqual([]);

    const view = await caseForPrinting(t.db, { ...official, email: '', managerId: null, languages: [], totpEnabled: true }, second.caseId);
    const institution = (await getInstitution(t.db))!;
    const proof = proofOfReceipt(view!.c, view!.files, institution, '2026-11-25');
    expect(proof.facts).toEqual([
      ['Reģistrācijas numurs', 'VPVB-2026-000001'],
      ['Saņemts', '20.11.2026'],
      ['Saņemšanas veids', 'Pasts'],
      ['Atbildes termiņš', '04.12.2026'],
    ]);
    expect(proof.text).toBe(letter.details);
    expect(proof.files).toEqual(['vestule.pdf']);
    const ack = postalAcknowledgement(view!.c, institution, '2026-11-25');
    expect(ack.recipient).toEqual(['Jānis Bērziņš', 'Brīvības iela 1, Rīga, LV-1010']);
    expect(ack.paragraphs.join(' ')).toContain('līdz 2026. gada 4. decembrim');
  });

  it('answers the registered letter and counts it under post in the deadline report and the workspace', async () => {
    const { who } = await staffByName(t.db);
    // A web question the same month, for the other channel.
    await submittedCase(t.db, 'question', {}, { now: new Date('2026-11-24T10:00:00Z') });
    const [registered] = await t.db.select().from(cases).where(eq(cases.channel, 'post'));
    const holder = (await staffByName(t.db)).nameOf(registered!.assigneeId!);
    const answered = await answerCase(
      t.db,
      await actionContext(t.db, who(holder), registered!.id, { now: new Date('2026-11-26T09:00:00Z') }),
      {
        text: 'Labdien! Atbilde uz jūsu sūdzību.',
        note: '',
      },
    );
    expect(answered).toEqual({ ok: true });

    const director = who('direktors');
    const now = new Date('2026-11-30T10:00:00Z');
    const post = await deadlinesReport(t.db, reportScope(director, null), '2026-11', now, 'post');
    expect(post.total).toMatchObject({ done: 1, onTime: 1, late: 0 });
    const email = await deadlinesReport(t.db, reportScope(director, null), '2026-11', now, 'email');
    expect(email.total.done).toBe(0);
    const all = await deadlinesReport(t.db, reportScope(director, null), '2026-11', now);
    expect(all.total.done).toBe(1);

    const byChannel = await arrivalCounts(t.db, reportScope(director, null), '2026-11');
    expect(byChannel.find((c) => c.channel === 'post')).toEqual({ channel: 'post', received: 1, done: 1, onTime: 1, late: 0 });
    expect(byChannel.find((c) => c.channel === 'web')).toMatchObject({ received: 1, done: 0 });
    expect(byChannel.find((c) => c.channel === 'phone')).toMatchObject({ received: 0, done: 0 });

    const { calendar } = await loadCalendar(t.db);
    const list = await listCases(
      t.db,
      director,
      filtersFrom(new URLSearchParams('status=all&channel=post'), director),
      calendar,
      '2026-11-30',
    );
    expect(list.rows.map((r) => r.reference)).toEqual(['VPVB-2026-000001']);
  });
});
