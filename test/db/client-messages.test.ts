import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, desc, eq } from 'drizzle-orm';
import { createTestDatabase, engines, type TestDatabase } from '../support/database.ts';
import { actionContext, SEED_DAY, staffByName, submittedCase, TEST_BASE_URL as baseUrl, type StaffPerson } from '../support/factories.ts';
import { seed } from '#src/db/seed.ts';
import { caseAttachments, caseEvents, caseMessages, cases } from '#src/cases/schema.ts';
import { outboxMessages } from '#src/mail/schema.ts';
import { staffMembers } from '#src/staff/schema.ts';
import { answerCase } from '#src/cases/actions.ts';
import { caseForClient } from '#src/cases/client-view.ts';
import { addClientMessage, CLIENT_MESSAGE_MAX, listClientMessages, markClientMessagesSeen } from '#src/cases/client-messages.ts';
import { anonymiseCases } from '#src/privacy/queries.ts';
import { staffPaths } from '#src/paths.ts';

// Issue 16: a client adds a message or files to their case, from the
// status page or by replying to a letter; the holder is told and sees a
// mark until they open the case.

const LATER = new Date('2026-11-25T08:30:00Z');
const pdf = (name: string) => ({
  filename: name,
  contentType: 'application/pdf',
  size: 9,
  content: Buffer.from('%PDF-1.4\n'),
});

describe.each(engines)('a client adds to their case, on %s', (engine) => {
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

  const row = async (id: number) => (await t.db.select().from(cases).where(eq(cases.id, id)))[0]!;
  const emailOf = async (staffId: number) =>
    (await t.db.select({ email: staffMembers.email }).from(staffMembers).where(eq(staffMembers.id, staffId)))[0]!.email;
  const lettersOfKind = (to: string) =>
    t.db
      .select()
      .from(outboxMessages)
      .where(and(eq(outboxMessages.toAddress, to), eq(outboxMessages.kind, 'case.client_message')))
      .orderBy(desc(outboxMessages.id));

  it('stores the message with its files, tells the holder and marks the case until the holder opens it', async () => {
    const r = await submittedCase(t.db, 'question');
    const c = await row(r.caseId);
    const holderEmail = await emailOf(c.assigneeId!);
    const added = await addClientMessage(
      t.db,
      {
        caseId: r.caseId,
        text: '  Pielikumā rēķins.  ',
        via: 'status_page',
        locale: 'en',
        attachments: [pdf('rekins.pdf')],
        receivedAt: LATER,
      },
      { baseUrl, now: LATER },
    );
    expect(added).toMatchObject({ ok: true, repeated: false, caseOpen: true });
    const [message] = await listClientMessages(t.db, r.caseId);
    expect(message).toMatchObject({ text: 'Pielikumā rēķins.', via: 'status_page', locale: 'en', receivedAt: LATER });
    expect(message!.files).toEqual([expect.objectContaining({ filename: 'rekins.pdf', contentType: 'application/pdf', size: 9 })]);
    expect(await row(r.caseId)).toMatchObject({ clientMessageUnreadSince: LATER, status: c.status, version: c.version });

    const [letter] = await lettersOfKind(holderEmail);
    expect(letter?.subject).toContain(r.reference);
    // The letter says that something came, never what.
    expect(letter?.textBody).not.toContain('rēķins');
    expect(letter?.textBody).toContain(staffPaths.case('lv', r.caseId));

    // The client sees it in their history.
    const client = await caseForClient(t.db, r.token);
    expect(client?.history.at(-1)).toMatchObject({ type: 'client_message', data: { via: 'status_page', files: 1 } });

    // A manager looking leaves the mark; the holder opening the case clears it, recorded.
    expect(await markClientMessagesSeen(t.db, c, who('vaditaja').id, LATER)).toBe(false);
    expect((await row(r.caseId)).clientMessageUnreadSince).toEqual(LATER);
    expect(await markClientMessagesSeen(t.db, c, c.assigneeId!, LATER)).toBe(true);
    expect((await row(r.caseId)).clientMessageUnreadSince).toBeNull();
    expect(await markClientMessagesSeen(t.db, c, c.assigneeId!, LATER)).toBe(false);
    const seen = await t.db
      .select()
      .from(caseEvents)
      .where(and(eq(caseEvents.caseId, r.caseId), eq(caseEvents.type, 'client_message_seen')));
    expect(seen).toEqual([expect.objectContaining({ actorStaffId: c.assigneeId, visibleToClient: false })]);
  });

  it('adds an e-mail reply once, however often the mailbox is read', async () => {
    const r = await submittedCase(t.db, 'question');
    const email = { from: 'anna@example.lv', subject: 'Re: Jūsu iesniegums', messageId: '<abc@mail.example.lv>' };
    const input = { caseId: r.caseId, text: 'Vēl viena lieta.', via: 'email' as const, attachments: [], receivedAt: LATER, email };
    const first = await addClientMessage(t.db, input, { baseUrl, now: LATER });
    const again = await addClientMessage(t.db, input, { baseUrl, now: LATER });
    expect(first).toMatchObject({ ok: true, repeated: false });
    expect(again).toEqual({ ok: true, repeated: true, caseOpen: true, messageId: first.ok ? first.messageId : -1 });
    const stored = await t.db.select().from(caseMessages).where(eq(caseMessages.caseId, r.caseId));
    expect(stored).toEqual([
      expect.objectContaining({
        via: 'email',
        locale: 'lv',
        emailFrom: email.from,
        emailSubject: email.subject,
        emailMessageId: email.messageId,
      }),
    ]);
    const holderEmail = await emailOf((await row(r.caseId)).assigneeId!);
    expect(await lettersOfKind(holderEmail)).toHaveLength(1 + (await lettersBefore(holderEmail, r.caseId)));
  });

  // Letters to the same holder from the other tests' cases.
  const lettersBefore = async (to: string, caseId: number) => {
    const all = await lettersOfKind(to);
    const { reference } = await row(caseId);
    return all.filter((l) => !l.subject.includes(reference)).length;
  };

  it('refuses an empty or too long message, storing nothing', async () => {
    const r = await submittedCase(t.db, 'question');
    const base = { caseId: r.caseId, via: 'status_page' as const, attachments: [], receivedAt: LATER };
    expect(await addClientMessage(t.db, { ...base, text: '   ' }, { baseUrl })).toEqual({
      ok: false,
      reason: 'invalid',
      problems: [{ field: 'message', key: 'required' }],
    });
    expect(await addClientMessage(t.db, { ...base, text: 'x'.repeat(CLIENT_MESSAGE_MAX + 1) }, { baseUrl })).toMatchObject({
      ok: false,
      problems: [{ field: 'message', key: 'tooLong' }],
    });
    // Files alone are a message.
    expect(await addClientMessage(t.db, { ...base, text: '', attachments: [pdf('a.pdf')] }, { baseUrl })).toMatchObject({ ok: true });
    expect(await addClientMessage(t.db, { ...base, caseId: 999_999, text: 'x' }, { baseUrl })).toEqual({ ok: false, reason: 'not_found' });
    expect(await t.db.select().from(caseMessages).where(eq(caseMessages.caseId, r.caseId))).toHaveLength(1);
  });

  it('keeps a message to an ended case without reopening it', async () => {
    const r = await submittedCase(t.db, 'question');
    const holder = (await row(r.caseId)).assigneeId!;
    const official = ['ierednis', 'specialiste'].map(who).find((s) => s.id === holder)!;
    expect(await answerCase(t.db, await actionContext(t.db, official, r.caseId), { text: 'Atbilde.', note: '' })).toEqual({ ok: true });
    const answered = await row(r.caseId);
    expect(answered.status).toBe('answered');
    const added = await addClientMessage(
      t.db,
      {
        caseId: r.caseId,
        text: 'Paldies, bet…',
        via: 'email',
        attachments: [],
        receivedAt: LATER,
        email: { from: 'a@b.lv', subject: 'Re', messageId: '<x@y>' },
      },
      { baseUrl },
    );
    expect(added).toMatchObject({ ok: true, caseOpen: false });
    expect(await row(r.caseId)).toMatchObject({ status: 'answered', version: answered.version, clientMessageUnreadSince: LATER });
    const [letter] = await lettersOfKind(await emailOf(holder));
    expect(letter?.textBody).toContain('netika atvērta no jauna');
  });

  it("tells the unit's managers when nobody holds the case", async () => {
    const r = await submittedCase(t.db, 'question');
    await t.db.update(cases).set({ assigneeId: null }).where(eq(cases.id, r.caseId));
    const { unitId } = await row(r.caseId);
    const manager = who('vaditaja');
    expect(manager.unitId).toBe(unitId);
    await addClientMessage(t.db, { caseId: r.caseId, text: 'Sveiki', via: 'status_page', attachments: [], receivedAt: LATER }, { baseUrl });
    const [letter] = await lettersOfKind(await emailOf(manager.id));
    expect(letter?.subject).toContain(r.reference);
  });

  it('forgets the messages and their files when the case is anonymised', async () => {
    const r = await submittedCase(t.db, 'question');
    await addClientMessage(
      t.db,
      { caseId: r.caseId, text: 'Mana adrese ir …', via: 'status_page', attachments: [pdf('x.pdf')], receivedAt: LATER },
      { baseUrl },
    );
    await t.db.transaction((tx) => anonymiseCases(tx, [r.caseId], LATER));
    expect(await t.db.select().from(caseMessages).where(eq(caseMessages.caseId, r.caseId))).toEqual([]);
    expect(await t.db.select().from(caseAttachments).where(eq(caseAttachments.caseId, r.caseId))).toEqual([]);
    expect(
      await addClientMessage(t.db, { caseId: r.caseId, text: 'x', via: 'status_page', attachments: [], receivedAt: LATER }, { baseUrl }),
    ).toEqual({
      ok: false,
      reason: 'not_found',
    });
  });
});
