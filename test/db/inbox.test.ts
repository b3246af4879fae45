import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asc, eq, gt, sql } from 'drizzle-orm';
import { createTestDatabase, engines, type TestDatabase } from '../support/database.ts';
import { SEED_DAY, staffByName, submittedCase, TEST_BASE_URL } from '../support/factories.ts';
import { closeUnreadableMail, decideToRegister, listToRegister, listUnreadableMail } from '#src/mail/inbox/queries.ts';
import { registrationFromQueue } from '#src/mail/inbox/register.ts';
import { receiveRegistration } from '#src/intake/register.ts';
import { formFrom } from '#src/forms/read.ts';
import { auditLog } from '#src/audit/schema.ts';
import { startDovecot, type RunningDovecot } from '../support/dovecot.ts';
import { bounce, complaintByMail, letter, outOfOffice, replyTo } from '../support/letters.ts';
import { seed } from '#src/db/seed.ts';
import { inboundMail, inboundMailAttachments } from '#src/mail/inbox/schema.ts';
import { parseImapUrl, type ImapMailbox } from '#src/mail/inbox/mailbox.ts';
import { readMailbox, type InboxOptions } from '#src/mail/inbox/reader.ts';
import { caseReplyAddress } from '#src/mail/inbox/rules.ts';
import { portalSecret } from '#src/platform/secrets.ts';
import { sendDueMail } from '#src/mail/worker.ts';
import { folderTransport } from '#src/mail/transport.ts';
import { listClientMessages } from '#src/cases/client-messages.ts';
import { outboxMessages } from '#src/mail/schema.ts';
import { cases } from '#src/cases/schema.ts';

// Issue 16: the institution's mailbox is a real Dovecot (test/support/dovecot.ts)
// holding real mail in Latvian: a new complaint with a file, a client's reply,
// a bounce and an out-of-office answer.

function optionsFor(dovecot: RunningDovecot, extra: Partial<InboxOptions> = {}): InboxOptions {
  return {
    mailbox: parseImapUrl(dovecot.url) as ImapMailbox,
    requireTls: false,
    messageIdDomain: 'atsauksmes.example.lv',
    ownAddresses: ['noreply@atsauksmes.example.lv', 'kanceleja@iestade.lv'],
    baseUrl: TEST_BASE_URL,
    ...extra,
  };
}

async function unread(dovecot: RunningDovecot): Promise<number[]> {
  const client = await dovecot.client();
  try {
    const lock = await client.getMailboxLock('INBOX');
    try {
      return (await client.search({ seen: false }, { uid: true })) || [];
    } finally {
      lock.release();
    }
  } finally {
    await client.logout();
  }
}

describe.each(engines)('the institution’s mailbox on %s', (engine) => {
  let t: TestDatabase;
  let dovecot: RunningDovecot;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
    await seed(t.db, { demo: true, today: SEED_DAY });
  });
  afterAll(async () => {
    await t.drop();
  });
  beforeEach(async () => {
    dovecot = await startDovecot();
    await t.db.delete(inboundMail);
  });
  afterEach(async () => {
    await dovecot.stop();
  });

  it('sorts new mail, a client’s reply, a bounce and an out-of-office answer, each once', async () => {
    const sent = await submittedCase(t.db, 'question', { email: 'anna@example.lv' });
    await dovecot.deliver(await complaintByMail());
    await dovecot.deliver(await replyTo(sent.reference, 'Anna Kalniņa <Anna@example.lv>'));
    await dovecot.deliver(bounce());
    await dovecot.deliver(await outOfOffice());
    // Our own letter coming back (a forward, a loop) is never new mail.
    await dovecot.deliver(
      await letter({ from: 'noreply@atsauksmes.example.lv', to: 'kanceleja@iestade.lv', subject: 'Jūsu iesniegums', text: 'x' }),
    );

    expect(await readMailbox(t.db, optionsFor(dovecot))).toEqual({ handled: 5, failed: 0 });
    const rows = await t.db.select().from(inboundMail).orderBy(asc(inboundMail.uid));
    expect(rows.map((r) => [r.status, r.automaticReason])).toEqual([
      ['to_register', null],
      ['reply', null],
      ['automatic', 'bounce'],
      ['automatic', 'auto-submitted'],
      ['automatic', 'own'],
    ]);
    const [complaint, reply] = rows;
    expect(complaint).toMatchObject({
      fromAddress: 'janis.berzins@example.lv',
      fromName: 'Jānis Bērziņš',
      subject: 'Sūdzība par atkritumu izvešanu 1',
      messageId: '<sudziba-1@example.lv>',
    });
    expect(complaint!.textBody).toContain('Ūdens ielā 5');
    expect(complaint!.receivedAt).toBeInstanceOf(Date);
    const files = await t.db.select().from(inboundMailAttachments).where(eq(inboundMailAttachments.inboundMailId, complaint!.id));
    expect(files.map((f) => [f.filename, f.contentType])).toEqual([['fotogrāfija-rēķins.pdf', 'application/pdf']]);
    expect(reply).toMatchObject({ caseId: sent.caseId, fromAddress: 'anna@example.lv' });
    // The reply is the client's message on the case, their own words without the quoted letter, with its file.
    const [message] = await listClientMessages(t.db, sent.caseId);
    expect(message).toMatchObject({
      via: 'email',
      text: 'Labdien!\n\nPapildinu iesniegumu: pielikumā rēķina kopija.',
      emailFrom: 'anna@example.lv',
    });
    expect(message!.files.map((f) => f.filename)).toEqual(['rēķins.pdf']);
    expect(reply!.textBody).toContain('> Jūsu iesniegums');
    // Whoever holds the case is told.
    const told = await t.db.select().from(outboxMessages).where(eq(outboxMessages.kind, 'case.client_message'));
    expect(told.length).toBeGreaterThan(0);
    // Everything is read in the mailbox; a second pass finds nothing to do.
    expect(await unread(dovecot)).toEqual([]);
    expect(await readMailbox(t.db, optionsFor(dovecot))).toEqual({ handled: 0, failed: 0 });
    expect(await t.db.$count(inboundMail)).toBe(5);
  });

  it('adds a reply to an answered case without reopening it', async () => {
    const sent = await submittedCase(t.db, 'question', { email: 'anna@example.lv' });
    // Fixture: the case was answered meanwhile.
    await t.db.update(cases).set({ status: 'answered' }).where(eq(cases.id, sent.caseId));
    await dovecot.deliver(await replyTo(sent.reference, 'anna@example.lv'));
    await readMailbox(t.db, optionsFor(dovecot));
    const [c] = await t.db.select().from(cases).where(eq(cases.id, sent.caseId));
    expect(c!.status).toBe('answered');
    expect(c!.clientMessageUnreadSince).not.toBeNull();
    expect(await listClientMessages(t.db, sent.caseId)).toHaveLength(1);
  });

  it('registers new mail through the register filled in from it, or dismisses it with a reason', async () => {
    const arrivedAt = new Date(SEED_DAY.getTime() - 60 * 60_000);
    await dovecot.deliver(await complaintByMail(1), { arrivedAt });
    await dovecot.deliver(await complaintByMail(2), { arrivedAt });
    await readMailbox(t.db, optionsFor(dovecot));
    const [one, two] = await listToRegister(t.db);
    const { who } = await staffByName(t.db);
    const manager = who('vaditaja');
    const state = await registrationFromQueue(t.db, { mailId: one!.id, kind: 'question', locale: 'lv' });
    expect(state!.values).toMatchObject({
      channel: 'email',
      receivedOn: '24.11.2026',
      receivedTime: '11:00',
      email: 'janis.berzins@example.lv',
    });
    expect(state!.attachments.map((a) => a.filename)).toEqual(['fotogrāfija-rēķins.pdf']);
    const form = new FormData();
    for (const [k, v] of Object.entries({ ...state!.values, topic: 'eia', replyLanguage: 'lv', draft: state!.draftId! })) form.set(k, v);
    const outcome = await receiveRegistration(
      t.db,
      { kind: 'question', locale: 'lv', form: formFrom(form), staffId: manager.id, baseUrl: TEST_BASE_URL, now: SEED_DAY },
      undefined,
    );
    expect(outcome.next).toBe('registered');
    const caseId = outcome.next === 'registered' ? outcome.caseId : 0;
    expect(await decideToRegister(t.db, { id: one!.id, staffId: manager.id, caseId })).toBe(true);
    expect(await decideToRegister(t.db, { id: two!.id, staffId: manager.id, dismissReason: 'Dublikāts' })).toBe(true);
    // Decided once: a colleague's second decision changes nothing.
    expect(await decideToRegister(t.db, { id: two!.id, staffId: manager.id, dismissReason: 'Cits' })).toBe(false);
    expect(await listToRegister(t.db)).toEqual([]);
    const [c] = await t.db.select().from(cases).where(eq(cases.id, caseId));
    expect(c).toMatchObject({ channel: 'email', contactEmail: 'janis.berzins@example.lv' });
    expect(c!.receivedAt.toISOString()).toBe(arrivedAt.toISOString().replace(/:\d\d\.\d+Z$/, ':00.000Z'));
    const audited = await t.db.select().from(auditLog).where(eq(auditLog.entity, 'inbound_mail'));
    expect(audited.map((a) => [a.action, a.after])).toEqual([
      ['inbound_mail.registered', { caseId }],
      ['inbound_mail.dismissed', { reason: 'Dublikāts' }],
    ]);
  });

  it('makes one case of a mail two managers register at the same time, and keeps what the second typed', async () => {
    await dovecot.deliver(await complaintByMail(1), { arrivedAt: new Date(SEED_DAY.getTime() - 60 * 60_000) });
    await readMailbox(t.db, optionsFor(dovecot));
    const [mail] = await listToRegister(t.db);
    const { who } = await staffByName(t.db);
    const managers = [who('vaditaja'), who('direktors')];
    // Both open the register from the same mail, each gets a draft of their own, both send.
    const forms = await Promise.all(
      managers.map(async (_, i) => {
        const state = await registrationFromQueue(t.db, { mailId: mail!.id, kind: 'question', locale: 'lv' });
        const form = new FormData();
        const details = `${state!.values.details} (${i === 0 ? 'pirmais' : 'otrais'})`;
        for (const [k, v] of Object.entries({ ...state!.values, details, topic: 'eia', replyLanguage: 'lv', draft: state!.draftId! }))
          form.set(k, v);
        return form;
      }),
    );
    const send = (i: number) =>
      receiveRegistration(
        t.db,
        {
          kind: 'question',
          locale: 'lv',
          form: formFrom(forms[i]!),
          staffId: managers[i]!.id,
          baseUrl: TEST_BASE_URL,
          now: SEED_DAY,
          mailId: mail!.id,
        },
        undefined,
      );
    const [before] = await t.db.select({ last: sql<number>`coalesce(max(${cases.id}), 0)::int` }).from(cases);
    const outcomes = await Promise.all([send(0), send(1)]);
    const registered = outcomes.filter((o) => o.next === 'registered');
    const refused = outcomes.filter((o) => o.next === 'form');
    expect(registered).toHaveLength(1);
    expect(refused).toHaveLength(1);
    const caseId = registered[0]!.next === 'registered' ? registered[0]!.caseId : 0;
    const second = refused[0]!;
    expect(second.next === 'form' && second.problems).toEqual([{ field: 'form', key: 'mailDecided' }]);
    // Nothing the second manager typed is lost: the form comes back with it, from their draft.
    expect(second.next === 'form' && second.values.details).toMatch(/\((pirmais|otrais)\)$/);
    const made = await t.db.select({ id: cases.id }).from(cases).where(gt(cases.id, before!.last));
    expect(made.map((c) => c.id)).toEqual([caseId]);
    const [decided] = await t.db.select().from(inboundMail).where(eq(inboundMail.id, mail!.id));
    expect(decided).toMatchObject({ status: 'registered', caseId });
    const audited = await t.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityId, String(mail!.id)));
    expect(audited.filter((a) => a.entity === 'inbound_mail').map((a) => a.action)).toEqual(['inbound_mail.registered']);
    // The winner's registration sent again (a double click) gives the same case, not a refusal.
    const winner = outcomes.indexOf(registered[0]!);
    const again = await send(winner);
    expect(again.next === 'registered' && again.caseId).toBe(caseId);
  });

  it('takes a reference in the subject only from the case’s own address', async () => {
    const sent = await submittedCase(t.db, 'question', { email: 'anna@example.lv' });
    await dovecot.deliver(await replyTo(sent.reference, 'svesais@example.lv'));
    await readMailbox(t.db, optionsFor(dovecot));
    const [row] = await t.db.select().from(inboundMail);
    expect(row).toMatchObject({ status: 'to_register', caseId: null });
  });

  it('matches a reply by the token in its plus-address, whoever sends it', async () => {
    const sent = await submittedCase(t.db, 'question', { email: 'anna@example.lv' });
    // The acknowledgement goes out with the case's plus-address as its Reply-To.
    const folder = mkdtempSync(join(tmpdir(), 'kb-inbox-mail-'));
    await sendDueMail(t.db, folderTransport(folder), {
      from: 'noreply@atsauksmes.example.lv',
      messageIdDomain: 'atsauksmes.example.lv',
      caseReplyAddress: 'kanceleja@iestade.lv',
    });
    const letters = readdirSync(folder).map((f) => readFileSync(join(folder, f), 'utf8'));
    rmSync(folder, { recursive: true, force: true });
    const address = caseReplyAddress('kanceleja@iestade.lv', sent.caseId, await portalSecret(t.db, 'case_reply'));
    expect(letters.find((l) => l.includes(sent.reference))).toContain(`Reply-To: ${address}`);
    await dovecot.deliver(await replyTo('bez numura', 'anna.darba@example.lv', { to: address, subject: 'Re: Jūsu iesniegums' }));
    // A guessed token for another case is new mail, not a message on that case.
    const forged = address.replace(`+c${sent.caseId}-`, `+c${sent.caseId + 1}-`);
    await dovecot.deliver(
      await replyTo('bez numura', 'cits@example.lv', { to: forged, subject: 'Re: Jūsu iesniegums', messageId: '<viltots@example.lv>' }),
    );
    await readMailbox(t.db, optionsFor(dovecot, { replyAddress: 'kanceleja@iestade.lv' }));
    const rows = await t.db.select().from(inboundMail).orderBy(asc(inboundMail.uid));
    expect(rows.map((r) => [r.status, r.caseId])).toEqual([
      ['reply', sent.caseId],
      ['to_register', null],
    ]);
  });

  it('handles each message once when two readers run at the same time', async () => {
    for (let n = 1; n <= 6; n++) await dovecot.deliver(await complaintByMail(n));
    const [a, b] = await Promise.all([readMailbox(t.db, optionsFor(dovecot)), readMailbox(t.db, optionsFor(dovecot))]);
    expect(a.handled + b.handled).toBe(6);
    expect(a.failed + b.failed).toBe(0);
    const rows = await t.db.select().from(inboundMail);
    expect(rows).toHaveLength(6);
    expect(new Set(rows.map((r) => r.subject)).size).toBe(6);
    expect(await t.db.$count(inboundMailAttachments)).toBe(6);
    expect(await unread(dovecot)).toEqual([]);
  });

  it('loses and doubles nothing while the mailbox is down, then up', async () => {
    await dovecot.deliver(await complaintByMail(1));
    await dovecot.stopServer();
    await expect(readMailbox(t.db, optionsFor(dovecot))).rejects.toThrow();
    expect(await t.db.$count(inboundMail)).toBe(0);
    await dovecot.start();
    await dovecot.deliver(await complaintByMail(2));
    expect(await readMailbox(t.db, optionsFor(dovecot))).toEqual({ handled: 2, failed: 0 });
    expect(await readMailbox(t.db, optionsFor(dovecot))).toEqual({ handled: 0, failed: 0 });
    const rows = await t.db.select().from(inboundMail).orderBy(asc(inboundMail.uid));
    expect(rows.map((r) => r.subject)).toEqual(['Sūdzība par atkritumu izvešanu 1', 'Sūdzība par atkritumu izvešanu 2']);
  });

  it('gives up mail too large to download at once, lists it for the managers, leaves it unread and reads the mail after it', async () => {
    const arrivedAt = new Date(SEED_DAY.getTime() - 2 * 60 * 60_000);
    const large = await letter({
      from: 'Ilze Liepa <ilze.liepa@example.lv>',
      to: 'kanceleja@iestade.lv',
      subject: 'Skenēti dokumenti',
      text: 'Pielikumā visi dokumenti.',
      attachments: [{ filename: 'skenējums.pdf', content: Buffer.alloc(300_000, 7), contentType: 'application/pdf' }],
    });
    await dovecot.deliver(large, { arrivedAt });
    await dovecot.deliver(await complaintByMail(1));
    // One message a pass: the large one is given up in the first; the next reads the complaint after it, though the large one stays unread.
    const small = optionsFor(dovecot, { maxMessageBytes: 100_000, batchSize: 1 });
    expect(await readMailbox(t.db, small)).toEqual({ handled: 0, failed: 1 });
    expect(await readMailbox(t.db, small)).toEqual({ handled: 1, failed: 0 });
    expect(await readMailbox(t.db, small)).toEqual({ handled: 0, failed: 0 });
    expect((await listToRegister(t.db)).map((m) => m.subject)).toEqual(['Sūdzība par atkritumu izvešanu 1']);
    const [given] = await listUnreadableMail(t.db);
    expect(given).toMatchObject({ tooLarge: true, mailbox: expect.stringContaining('INBOX') });
    expect(given!.receivedAt?.toISOString()).toBe(arrivedAt.toISOString());
    expect(given!.bytes).toBeGreaterThan(300_000);
    // Downloaded never: the mailbox still holds it unread, for a manager to read there.
    expect(await unread(dovecot)).toHaveLength(1);
    expect(await t.db.$count(inboundMailAttachments)).toBe(1);
    const { who } = await staffByName(t.db);
    const manager = who('vaditaja');
    expect(await closeUnreadableMail(t.db, { id: given!.id, staffId: manager.id })).toBe(true);
    expect(await closeUnreadableMail(t.db, { id: given!.id, staffId: manager.id })).toBe(false);
    expect(await listUnreadableMail(t.db)).toEqual([]);
    const audited = await t.db.select().from(auditLog).where(eq(auditLog.action, 'inbound_mail.read_in_mailbox'));
    expect(audited.map((a) => [a.entityId, a.actorStaffId])).toEqual([[String(given!.id), manager.id]]);
  });

  it('does not send the password to a server that offers no TLS, unless told to', async () => {
    await dovecot.deliver(await complaintByMail());
    await expect(readMailbox(t.db, optionsFor(dovecot, { requireTls: true }))).rejects.toThrow(/TLS/i);
    expect(await t.db.$count(inboundMail)).toBe(0);
    expect(await unread(dovecot)).toHaveLength(1);
  });
});
