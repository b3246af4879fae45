import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type Mail from 'nodemailer/lib/mailer/index.js';

// Real mail as it reaches the institution's mailbox, in Latvian: composed
// by nodemailer's MIME composer (encoded words, quoted-printable, base64
// attachments), or written out by hand where a mail system writes its own
// (a delivery status notification).

export const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

/** A mail as a mail program would send it. */
export async function letter(options: Mail.Options): Promise<Buffer> {
  return new MailComposer({ date: new Date('2026-11-25T08:30:00Z'), ...options }).compile().build();
}

/** A new submission by e-mail: a complaint with a scanned page. */
export function complaintByMail(n = 1): Promise<Buffer> {
  return letter({
    from: 'Jānis Bērziņš <janis.berzins@example.lv>',
    to: 'kanceleja@iestade.lv',
    subject: `Sūdzība par atkritumu izvešanu ${n}`,
    messageId: `<sudziba-${n}@example.lv>`,
    text: 'Labdien!\n\nJau trešo nedēļu pie mūsu mājas Ūdens ielā 5 netiek izvesti atkritumi.\nLūdzu, atbildiet uz šo e-pastu.\n\nAr cieņu,\nJānis Bērziņš',
    attachments: [{ filename: 'fotogrāfija-rēķins.pdf', content: PDF, contentType: 'application/pdf' }],
  });
}

/** A client's reply to the portal's letter about case `reference`, quoting it. */
export function replyTo(reference: string, from: string, extra: Mail.Options = {}): Promise<Buffer> {
  return letter({
    from,
    to: 'kanceleja@iestade.lv',
    subject: `Re: Jūsu iesniegums ${reference} ir saņemts`,
    messageId: `<atbilde-${reference}@example.lv>`,
    inReplyTo: '<outbox-1.abc@atsauksmes.example.lv>',
    text: [
      'Labdien!',
      '',
      'Papildinu iesniegumu: pielikumā rēķina kopija.',
      '',
      `trešd., 2026. g. 25. nov., plkst. 10:15 — Klientu balss <noreply@atsauksmes.example.lv> rakstīja:`,
      '> Labdien!',
      `> Jūsu iesniegums ${reference} ir saņemts.`,
    ].join('\n'),
    attachments: [{ filename: 'rēķins.pdf', content: PDF, contentType: 'application/pdf' }],
    ...extra,
  });
}

/** A vacation answer of the kind Outlook writes. */
export function outOfOffice(): Promise<Buffer> {
  return letter({
    from: 'Anna Kalniņa <anna@example.lv>',
    to: 'kanceleja@iestade.lv',
    subject: 'Automātiskā atbilde: Jūsu iesniegums VPVB-2026-000001 ir saņemts',
    messageId: '<prombutne@example.lv>',
    headers: { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All' },
    text: 'Esmu atvaļinājumā līdz 5. janvārim. Steidzamos jautājumos rakstiet kolēģei.',
  });
}

/** A bounce (RFC 3464), as Postfix writes it, for a letter the portal sent. */
export function bounce(): Buffer {
  return Buffer.from(
    [
      'Return-Path: <>',
      'From: MAILER-DAEMON@mx.example.lv (Mail Delivery System)',
      'To: kanceleja@iestade.lv',
      'Subject: Undelivered Mail Returned to Sender',
      'Message-ID: <bounce-1@mx.example.lv>',
      'Date: Wed, 25 Nov 2026 10:20:00 +0200',
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="B"',
      '',
      '--B',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'This is the mail system at host mx.example.lv. Your message could not be delivered.',
      '--B',
      'Content-Type: message/delivery-status',
      '',
      'Final-Recipient: rfc822; nav@example.lv',
      'Action: failed',
      'Status: 5.1.1',
      '--B--',
      '',
    ].join('\r\n'),
  );
}
