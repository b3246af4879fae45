import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeMail } from '#src/mail/compose.ts';
import type { ClaimedMail } from '#src/mail/queries.ts';
import { folderTransport } from '#src/mail/transport.ts';
import { outgoingMail } from '#src/mail/worker.ts';
import { acknowledgementMail } from '#src/intake/acknowledgement.ts';
import { addToCaseLine, clientMail, repliesReachCase } from '#src/cases/messages.ts';
import { readConfig } from '#src/config.ts';
import { translator } from '#src/i18n/index.ts';
import type { Institution } from '#src/settings/queries.ts';

// Referees.md E1, E2: every letter is marked automatic (RFC 3834) and
// tells the client where an answer reaches someone.

const row = {
  id: 41,
  kind: 'submission.acknowledged',
  toAddress: 'anna@example.lv',
  locale: 'lv',
  subject: 'Esam saņēmuši jūsu iesniegumu VPVB-2026-000042',
  textBody: 'Labdien!',
  htmlBody: '<p>Labdien!</p>',
  attachments: [],
} as unknown as ClaimedMail;
const options = { from: 'Klientu balss <noreply@klientu-balss.local>', messageIdDomain: 'klientu-balss.local' };

describe('the message the mail worker sends', () => {
  it('is auto-generated and answers go to the institution', () => {
    const mail = outgoingMail(row, options, 'pasts@vpvb.gov.lv');
    expect(mail.headers).toEqual({ 'Auto-Submitted': 'auto-generated' });
    expect(mail.replyTo).toBe('pasts@vpvb.gov.lv');
    expect(mail.from).toBe(options.from);
  });

  it('keeps one id on every attempt, and ids of two databases apart though their rows count alike (referees.md §3)', () => {
    const id = (tag: string) => outgoingMail(row, options, null, tag).messageId;
    expect(id('0a1b2c3d4e5f')).toBe(id('0a1b2c3d4e5f'));
    expect(id('0a1b2c3d4e5f')).toMatch(/^<outbox-\d+\.0a1b2c3d4e5f@klientu-balss\.local>$/);
    expect(id('0a1b2c3d4e5f')).not.toBe(id('ffeeddccbbaa'));
  });

  it('is still auto-generated when the institution has no address', () => {
    for (const none of [undefined, null, '', '  ']) {
      const mail = outgoingMail(row, options, none);
      expect(mail.headers).toEqual({ 'Auto-Submitted': 'auto-generated' });
      expect(mail).not.toHaveProperty('replyTo');
    }
  });

  it('carries both header fields in the written message', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'kb-letters-'));
    const transport = folderTransport(folder);
    try {
      await transport.send(outgoingMail(row, options, 'pasts@vpvb.gov.lv'));
      const raw = readFileSync(join(folder, readdirSync(folder)[0]!), 'utf8');
      expect(raw).toMatch(/^Auto-Submitted: auto-generated$/m);
      expect(raw).toMatch(/^Reply-To: pasts@vpvb\.gov\.lv$/m);
    } finally {
      transport.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('the closing line of a letter', () => {
  const letter = {
    subject: 'Mūsu atbilde uz VPVB-2026-000042',
    greeting: 'Labdien!',
    paragraphs: ['Sniedzam atbildi.'],
    signature: 'Ar cieņu\nVides pārraudzības valsts birojs',
    reply: { address: 'pasts@vpvb.gov.lv', reference: 'VPVB-2026-000042' },
  };

  it('says the letter is automatic and where to write, in Latvian', () => {
    const { text, html } = composeMail(letter, 'lv');
    expect(
      text.endsWith(
        'Vides pārraudzības valsts birojs\n\nŠī vēstule ir nosūtīta automātiski. Lai mums atbildētu, rakstiet uz pasts@vpvb.gov.lv, norādot lietas numuru VPVB-2026-000042.',
      ),
    ).toBe(true);
    expect(html).toContain('<p><small>Šī vēstule ir nosūtīta automātiski. Lai mums atbildētu, rakstiet uz pasts@vpvb.gov.lv');
  });

  it('says it in English, and without a case number when there is none', () => {
    expect(composeMail(letter, 'en').text).toContain(
      'This message was sent automatically. To reply, write to pasts@vpvb.gov.lv, giving the case number VPVB-2026-000042.',
    );
    expect(composeMail({ ...letter, reply: { address: 'pasts@vpvb.gov.lv' } }, 'en').text).toContain(
      'This message was sent automatically. To reply, write to pasts@vpvb.gov.lv.',
    );
  });

  it('is left out when there is no address to give', () => {
    expect(composeMail({ ...letter, reply: { address: '' } }, 'lv').text).not.toContain('automātiski');
    expect(composeMail({ ...letter, reply: undefined }, 'lv').text).not.toContain('automātiski');
  });
});

// Issue 16: letters say where the client can add to an open case, and do
// not promise that a reply reaches it until a mailbox is read.
describe('where a client can add to their case', () => {
  const institution = { nameLv: 'Birojs', nameEn: 'The Bureau', shortName: 'VPVB', email: 'pasts@vpvb.gov.lv' } as Institution;
  const values = {
    locale: 'en',
    reference: 'VPVB-2026-000123',
    name: null,
    institution,
    official: 'Laura',
    complaintUrl: 'https://x.example/c',
  };

  it('points from the acknowledgement to its status link, and never to a reply', () => {
    const mail = acknowledgementMail({
      locale: 'en',
      reference: 'VPVB-2026-000123',
      kind: 'question',
      dueOn: null,
      statusUrl: 'https://portal.example/en/case/token',
      complaintUrl: 'https://portal.example/en/complaint',
      institution,
      notices: [],
      requestedLanguage: 'en',
      replyLanguage: 'en',
    });
    expect(mail.text).toContain('To add something to your case or send more documents, use the link below.');
    expect(mail.text).not.toContain('reply to this email');
  });

  it('points from a letter that leaves the case open to the confirmation, and says nothing in a closing one', () => {
    expect(clientMail('extension', { ...values, dueOn: '2026-12-30', reason: 'x' }).text).toContain(
      'use the private link in our confirmation email.',
    );
    expect(clientMail('answer', { ...values, answer: 'Yes.' }).text).not.toContain('add something to your case');
    // The letters offer a reply only where the mailbox is read and its address known.
    expect(repliesReachCase()).toBe(false);
    expect(repliesReachCase(readConfig({ IMAP_URL: 'imaps://kb:secret@mail.example.lv/INBOX' }))).toBe(false);
    expect(repliesReachCase(readConfig({ IMAP_URL: 'imaps://kb:secret@mail.example.lv/INBOX', IMAP_ADDRESS: 'pasts@example.lv' }))).toBe(
      true,
    );
    expect(addToCaseLine(translator('lv'), 'link', true)).toContain('atbildiet uz šo e-pastu');
  });
});
