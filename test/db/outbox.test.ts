import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { createTestDatabase, databaseNow, engines, type TestDatabase } from '../support/database.ts';
import { freePort, startSmtpServer } from '../support/smtp.ts';
import { enqueueMail, redactFinishedMail } from '#src/mail/queries.ts';
import { outboxMessages } from '#src/mail/schema.ts';
import { sendDueMail } from '#src/mail/worker.ts';
import { folderTransport, smtpTransport, type MailTransport } from '#src/mail/transport.ts';
import { retryDelayMs, shouldGiveUp, MAX_ATTEMPTS } from '#src/mail/rules.ts';
import { institution } from '#src/settings/schema.ts';
import { seedInstitution } from '#src/settings/seed-data.ts';

const options = { from: 'Klientu balss <noreply@test.local>', messageIdDomain: 'test.local' };
const mail = (n: number) => ({
  kind: 'test.message',
  to: `client${n}@example.lv`,
  locale: 'lv',
  subject: `Ziņa ${n}: jūsu iesniegums saņemts`,
  text: `Labdien! Ziņa ${n}.`,
  html: `<p>Labdien! Ziņa ${n}.</p>`,
});

/** Makes every pending message due now, as if the back-off had passed. */
async function backOffPassed(t: TestDatabase) {
  await t.db
    .update(outboxMessages)
    .set({ nextAttemptAt: sql`now() - interval '1 second'` })
    .where(eq(outboxMessages.status, 'pending'));
}

// Security review m13: a server that offers no TLS gets no mail, unless TLS
// is turned off on purpose (SMTP_REQUIRE_TLS=0).
describe('SMTP without TLS', () => {
  const letter = {
    messageId: '<tls-test@test.local>',
    from: 'noreply@test.local',
    to: 'client@example.lv',
    subject: 'Ziņa',
    text: 'Labdien!',
    html: '<p>Labdien!</p>',
    attachments: [],
  };

  it('is refused by default, even when the URL says ignoreTLS', async () => {
    const smtp = await startSmtpServer();
    const transport = smtpTransport(`smtp://127.0.0.1:${smtp.port}/?ignoreTLS=true`);
    try {
      await expect(transport.send(letter)).rejects.toThrow(/STARTTLS|TLS/i);
      expect(smtp.received).toHaveLength(0);
    } finally {
      transport.close();
      await smtp.stop();
    }
  });

  it('is used when TLS is turned off on purpose', async () => {
    const smtp = await startSmtpServer();
    const transport = smtpTransport(`smtp://127.0.0.1:${smtp.port}`, { requireTls: false });
    try {
      await transport.send(letter);
      expect(smtp.received.map((m) => m.to)).toEqual([['client@example.lv']]);
    } finally {
      transport.close();
      await smtp.stop();
    }
  });
});

describe('retry back-off', () => {
  it('waits 30 s, then doubles, and never more than an hour', () => {
    expect(retryDelayMs(1)).toBe(30_000);
    expect(retryDelayMs(2)).toBe(60_000);
    expect(retryDelayMs(3)).toBe(120_000);
    expect(retryDelayMs(12)).toBe(3_600_000);
  });
  it('gives up only after the last attempt', () => {
    expect(shouldGiveUp(MAX_ATTEMPTS - 1)).toBe(false);
    expect(shouldGiveUp(MAX_ATTEMPTS)).toBe(true);
  });
});

describe.each(engines)('outbox on %s', (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
  });
  afterAll(async () => {
    await t?.drop();
  });

  /** How many of these letters the outbox has marked sent. */
  const sentAmong = async (ids: number[]) =>
    (
      await t.db
        .select({ id: outboxMessages.id })
        .from(outboxMessages)
        .where(and(inArray(outboxMessages.id, ids), eq(outboxMessages.status, 'sent')))
    ).length;

  it('keeps messages while SMTP is down and sends each exactly once when it is back', async () => {
    const port = await freePort();
    for (const n of [1, 2, 3]) await enqueueMail(t.db, mail(n));
    const transport = smtpTransport(`smtp://127.0.0.1:${port}/?ignoreTLS=true`, { requireTls: false });

    // Down: nothing listens on the port.
    const before = await databaseNow(t.db);
    const down = await sendDueMail(t.db, transport, options);
    expect(down).toEqual({ sent: 0, failed: 3 });
    const pending = await t.db.select().from(outboxMessages).where(eq(outboxMessages.status, 'pending'));
    expect(pending).toHaveLength(3);
    for (const m of pending) {
      expect(m.attempts).toBe(1);
      expect(m.lastError).toBeTruthy();
      expect(m.nextAttemptAt.getTime()).toBeGreaterThan(before.getTime());
    }
    // Not due again before the back-off.
    expect(await sendDueMail(t.db, transport, options)).toEqual({ sent: 0, failed: 0 });

    // Up.
    const smtp = await startSmtpServer(port);
    try {
      await backOffPassed(t);
      expect(await sendDueMail(t.db, transport, options)).toEqual({ sent: 3, failed: 0 });
      expect(await sendDueMail(t.db, transport, options)).toEqual({ sent: 0, failed: 0 });
      expect(smtp.received.map((m) => m.to[0]).sort()).toEqual(['client1@example.lv', 'client2@example.lv', 'client3@example.lv']);
      const first = smtp.received.find((m) => m.to[0] === 'client1@example.lv')!;
      expect(first.raw).toMatch(/Content-Type: multipart\/alternative/i);
      // The row's id and the database's own tag (referees.md §3: ids never repeat across databases).
      expect(first.raw).toMatch(/Message-ID: <outbox-\d+\.[0-9a-f]{12}@test\.local>/i);
      const sent = await t.db.select().from(outboxMessages).where(eq(outboxMessages.status, 'sent'));
      expect(sent).toHaveLength(3);
    } finally {
      transport.close();
      await smtp.stop();
    }
  });

  it('lets two workers share the outbox without sending a message twice', async () => {
    for (const n of [10, 11, 12, 13, 14, 15]) await enqueueMail(t.db, mail(n));
    const smtp = await startSmtpServer();
    const a = smtpTransport(`smtp://127.0.0.1:${smtp.port}/?ignoreTLS=true`, { requireTls: false });
    const b = smtpTransport(`smtp://127.0.0.1:${smtp.port}/?ignoreTLS=true`, { requireTls: false });
    try {
      const [ra, rb] = await Promise.all([
        sendDueMail(t.db, a, { ...options, batchSize: 3 }),
        sendDueMail(t.db, b, { ...options, batchSize: 3 }),
      ]);
      const rest = await sendDueMail(t.db, a, options);
      expect(ra.sent + rb.sent + rest.sent).toBe(6);
      const addresses = smtp.received.map((m) => m.to[0]);
      expect(new Set(addresses).size).toBe(addresses.length);
      expect(addresses).toHaveLength(6);
    } finally {
      a.close();
      b.close();
      await smtp.stop();
    }
  });

  it('keeps a sent letter without the tokens of its private links (security review m3)', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'kb-mail-'));
    const token = 'Tok3n_with-256-bits-of-randomness-abcdefgh';
    const links = `https://portal.example/lv/staff/set-password/${token} https://portal.example/en/case/${token}/reading https://portal.example/lv/rate/${token}`;
    try {
      const id = await enqueueMail(t.db, {
        ...mail(30),
        to: 'links@example.lv',
        text: `Saite: ${links}`,
        html: `<a href="https://portal.example/en/case/${token}">x</a>`,
      });
      expect((await sendDueMail(t.db, folderTransport(folder), options)).sent).toBeGreaterThanOrEqual(1);
      // The client got the links…
      const raw = readFileSync(
        join(
          folder,
          readdirSync(folder).find((f) => f.startsWith(`outbox-${id}.`))!,
        ),
        'utf8',
      );
      expect(raw.replace(/=\r?\n/g, '')).toContain(token); // quoted-printable lines joined
      // …the outbox keeps the letter without them.
      const [kept] = await t.db.select().from(outboxMessages).where(eq(outboxMessages.id, id));
      expect(kept!.status).toBe('sent');
      expect(kept!.textBody).not.toContain(token);
      expect(kept!.htmlBody).not.toContain(token);
      expect(kept!.textBody).toContain('/lv/staff/set-password/[removed]'); // literal on purpose: what redaction leaves of a letter's link
      expect(kept!.htmlBody).toContain('href="https://portal.example/en/case/[removed]"');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('keeps a letter it gave up on without the tokens of its private links', async () => {
    const token = 'Giv3n_up-with-256-bits-of-randomness-abcd';
    const id = await enqueueMail(t.db, {
      ...mail(31),
      to: 'given-up@example.lv',
      text: `Saite: https://portal.example/lv/submitted/${token}`,
      html: `<a href="https://portal.example/lv/case/${token}">x</a>`,
    });
    // Its earlier attempts failed; this one is its last.
    await t.db
      .update(outboxMessages)
      .set({ attempts: MAX_ATTEMPTS - 1 })
      .where(eq(outboxMessages.id, id));
    const refusing: MailTransport = {
      describe: 'test',
      send: async () => {
        throw new Error('550 mailbox unavailable');
      },
      close: () => {},
    };
    await sendDueMail(t.db, refusing, options);
    const [kept] = await t.db.select().from(outboxMessages).where(eq(outboxMessages.id, id));
    expect(kept!.status).toBe('failed');
    expect(kept!.lastError).toBe('550 mailbox unavailable');
    expect(kept!.textBody).toBe('Saite: https://portal.example/lv/submitted/[removed]');
    expect(kept!.htmlBody).toBe('<a href="https://portal.example/lv/case/[removed]">x</a>');
  });

  // Referees.md E1, E2: marked automatic (RFC 3834), answers to the
  // institution's address as it is when the letter goes out.
  it('sends every letter as auto-generated, replying to the institution’s current address', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'kb-mail-'));
    const raw = (id: number) =>
      readFileSync(
        join(
          folder,
          readdirSync(folder).find((f) => f.startsWith(`outbox-${id}.`))!,
        ),
        'utf8',
      );
    try {
      await t.db
        .insert(institution)
        .values({ ...seedInstitution, email: 'old@vpvb.gov.lv' })
        .onConflictDoNothing();
      await t.db.update(institution).set({ email: 'old@vpvb.gov.lv' });
      const id = await enqueueMail(t.db, { ...mail(40), to: 'headers@example.lv' });
      // The address changes in the settings while the letter waits.
      await t.db.update(institution).set({ email: 'pasts@vpvb.gov.lv' });
      await sendDueMail(t.db, folderTransport(folder), options);
      expect(raw(id)).toMatch(/^Auto-Submitted: auto-generated\r?$/m);
      expect(raw(id)).toMatch(/^Reply-To: pasts@vpvb\.gov\.lv\r?$/m);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('redacts letters sent before redaction at sending, once', async () => {
    const token = 'Older_letter_token-0123456789abcdefghijklm';
    const id = await enqueueMail(t.db, { ...mail(31), text: `https://portal.example/lv/submitted/${token}`, html: `<p>${token}</p>` });
    await t.db
      .update(outboxMessages)
      .set({ status: 'sent', sentAt: sql`now()` })
      .where(eq(outboxMessages.id, id));
    expect(await redactFinishedMail(t.db)).toBeGreaterThanOrEqual(1);
    const [kept] = await t.db.select().from(outboxMessages).where(eq(outboxMessages.id, id));
    expect(kept!.textBody).toBe('https://portal.example/lv/submitted/[removed]');
    expect(await redactFinishedMail(t.db)).toBe(0);
  });

  it('writes mail to a folder when no SMTP server is configured', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'kb-mail-'));
    try {
      const id = await enqueueMail(t.db, { ...mail(20), to: 'folder@example.lv' });
      const transport = folderTransport(folder);
      const result = await sendDueMail(t.db, transport, options);
      expect(result.sent).toBe(1);
      const files = readdirSync(folder);
      expect(files).toEqual([expect.stringMatching(new RegExp(`^outbox-${id}\\.[0-9a-f]{12}_test\\.local\\.eml$`))]);
      const raw = readFileSync(join(folder, files[0]!), 'utf8');
      expect(raw).toContain('To: folder@example.lv');
      expect(raw).toMatch(/Subject: =\?UTF-8\?/); // Latvian letters, encoded
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('marks the letters of a pass sent together, and the one that failed as failed only', async () => {
    const ids: number[] = [];
    for (const n of [40, 41, 42, 43]) ids.push(await enqueueMail(t.db, mail(n)));
    const delivered: string[] = [];
    const sentBeforeEach: number[] = [];
    // The third letter's server says no; the others go.
    const transport: MailTransport = {
      describe: 'test',
      send: async (letter) => {
        sentBeforeEach.push(await sentAmong(ids));
        if (letter.to === 'client42@example.lv') throw new Error('550 mailbox unavailable');
        delivered.push(letter.to);
      },
      close: () => {},
    };
    // However slow this machine, the pass is within its time (markSentWithinMs).
    expect(await sendDueMail(t.db, transport, { ...options, markSentWithinMs: 60_000 })).toEqual({ sent: 3, failed: 1 });
    expect(delivered.sort()).toEqual(['client40@example.lv', 'client41@example.lv', 'client43@example.lv']);
    // Marked together when the pass ended, not one by one.
    expect(sentBeforeEach).toEqual([0, 0, 0, 0]);
    const rows = await t.db.select().from(outboxMessages).where(inArray(outboxMessages.id, ids)).orderBy(outboxMessages.id);
    expect(rows.map((r) => [r.toAddress, r.status, r.sentAt !== null, r.lockedUntil === null, r.lastError])).toEqual([
      ['client40@example.lv', 'sent', true, true, null],
      ['client41@example.lv', 'sent', true, true, null],
      ['client42@example.lv', 'pending', false, true, '550 mailbox unavailable'],
      ['client43@example.lv', 'sent', true, true, null],
    ]);
    // Nothing is sent twice: the next pass finds only the failed one, and not before its back-off.
    expect(await sendDueMail(t.db, transport, options)).toEqual({ sent: 0, failed: 0 });
  });

  it('marks the letters sent so far before the next when a pass runs long, so no other sender claims one that went', async () => {
    const ids: number[] = [];
    for (const n of [60, 61, 62]) ids.push(await enqueueMail(t.db, mail(n)));
    const sentBeforeEach: number[] = [];
    const transport: MailTransport = {
      describe: 'test',
      send: async () => {
        sentBeforeEach.push(await sentAmong(ids));
      },
      close: () => {},
    };
    // A pass past its time from the start: each letter is marked before the next goes.
    expect(await sendDueMail(t.db, transport, { ...options, markSentWithinMs: 0 })).toEqual({ sent: 3, failed: 0 });
    expect(sentBeforeEach).toEqual([0, 1, 2]);
    expect(await sentAmong(ids)).toBe(3);
  });

  it('makes the mail folder when it is missing, also after someone removed it', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'kb-mail-'));
    const folder = join(parent, 'not', 'yet');
    try {
      const transport = folderTransport(folder);
      await enqueueMail(t.db, { ...mail(50), to: 'first@example.lv' });
      expect((await sendDueMail(t.db, transport, options)).sent).toBe(1);
      expect(readdirSync(folder)).toHaveLength(1);
      rmSync(folder, { recursive: true });
      await enqueueMail(t.db, { ...mail(51), to: 'second@example.lv' });
      expect((await sendDueMail(t.db, transport, options)).sent).toBe(1);
      const files = readdirSync(folder);
      expect(files).toHaveLength(1);
      expect(readFileSync(join(folder, files[0]!), 'utf8')).toContain('To: second@example.lv');
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });
});
