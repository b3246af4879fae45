import { describe, expect, it } from 'vitest';
import {
  automaticReason,
  caseOfReplyAddress,
  caseReplyAddress,
  checkDismissReason,
  DISMISS_REASON_MAX,
  matchReply,
  ownWords,
  referencesIn,
  registrationFromMail,
  type AutomaticCheck,
} from '#src/mail/inbox/rules.ts';
import { parseImapUrl } from '#src/mail/inbox/mailbox.ts';

function mail(headers: Record<string, string>, over: Partial<AutomaticCheck> = {}): AutomaticCheck {
  return {
    headers: new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), [v]])),
    from: 'janis.berzins@example.lv',
    subject: 'Par iesniegumu',
    messageId: '<CAF123@mail.example.lv>',
    ownMessageIdDomain: 'iestade.lv',
    ownAddresses: ['noreply@iestade.lv', 'kanceleja@iestade.lv'],
    ...over,
  };
}

describe('automatic mail', () => {
  it('lets a person’s letter through', () => {
    expect(automaticReason(mail({ 'Content-Type': 'text/plain; charset=utf-8' }))).toBeUndefined();
    expect(automaticReason(mail({ 'Auto-Submitted': 'no' }))).toBeUndefined();
  });

  it('recognises Auto-Submitted (RFC 3834) in any form but "no"', () => {
    expect(automaticReason(mail({ 'Auto-Submitted': 'auto-replied' }))).toBe('auto-submitted');
    expect(automaticReason(mail({ 'Auto-Submitted': 'auto-generated; owner-email="x@y.lv"' }))).toBe('auto-submitted');
  });

  it('recognises bounces: delivery reports, the null sender and the mailer daemon', () => {
    expect(automaticReason(mail({ 'Content-Type': 'multipart/report; report-type=delivery-status; boundary="b"' }))).toBe('bounce');
    expect(automaticReason(mail({ 'Return-Path': '<>' }))).toBe('bounce');
    expect(automaticReason(mail({}, { from: 'MAILER-DAEMON@mx.example.lv' }))).toBe('bounce');
    expect(automaticReason(mail({}, { from: 'postmaster@example.lv' }))).toBe('bounce');
  });

  it('recognises out-of-office answers without Auto-Submitted, by header or subject', () => {
    expect(automaticReason(mail({ 'X-Autoreply': 'yes' }))).toBe('out-of-office');
    expect(automaticReason(mail({}, { subject: 'Automātiskā atbilde: Jūsu iesniegums VPVB-2026-000012' }))).toBe('out-of-office');
    expect(automaticReason(mail({}, { subject: 'Out of Office: Re: Jūsu jautājums' }))).toBe('out-of-office');
    expect(automaticReason(mail({}, { subject: 'Prombūtnē līdz 5. janvārim' }))).toBe('out-of-office');
  });

  it('does not take a letter that only mentions an absence for an automatic one', () => {
    expect(automaticReason(mail({}, { subject: 'Sūdzība: biju prombūtnē, bet rēķins atnāca' }))).toBeUndefined();
  });

  it('recognises bulk and list mail', () => {
    expect(automaticReason(mail({ Precedence: 'bulk' }))).toBe('bulk');
    expect(automaticReason(mail({ Precedence: 'list' }))).toBe('bulk');
    expect(automaticReason(mail({ 'List-Id': '<jaunumi.example.lv>' }))).toBe('list');
    expect(automaticReason(mail({ 'List-Unsubscribe': '<mailto:unsub@example.lv>' }))).toBe('list');
  });

  it('recognises our own letters by Message-ID and by sender: no loop', () => {
    expect(automaticReason(mail({}, { messageId: '<outbox-42.a1b2c3@iestade.lv>' }))).toBe('own');
    expect(automaticReason(mail({}, { messageId: '<outbox-42.a1b2c3@cits.lv>' }))).toBeUndefined();
    expect(automaticReason(mail({}, { from: 'NoReply@iestade.lv' }))).toBe('own');
  });
});

describe('reply addresses', () => {
  const secret = Buffer.alloc(32, 7);

  it('carries the case in a plus-address that only the portal can make', () => {
    const address = caseReplyAddress('kanceleja@iestade.lv', 12, secret);
    expect(address).toMatch(/^kanceleja\+c12-[0-9a-f]{20}@iestade\.lv$/);
    expect(caseOfReplyAddress(address, 'kanceleja@iestade.lv', secret)).toBe(12);
    expect(caseOfReplyAddress(address.toUpperCase(), 'kanceleja@iestade.lv', secret)).toBe(12);
  });

  it('refuses a guessed case number, another secret or another mailbox', () => {
    const address = caseReplyAddress('kanceleja@iestade.lv', 12, secret);
    expect(caseOfReplyAddress(address.replace('+c12-', '+c13-'), 'kanceleja@iestade.lv', secret)).toBeUndefined();
    expect(caseOfReplyAddress(address, 'kanceleja@iestade.lv', Buffer.alloc(32, 8))).toBeUndefined();
    expect(caseOfReplyAddress(address, 'kanceleja@cita.lv', secret)).toBeUndefined();
    expect(caseOfReplyAddress('kanceleja@iestade.lv', 'kanceleja@iestade.lv', secret)).toBeUndefined();
  });
});

describe('matching a reply to its case', () => {
  it('finds references in a subject, whatever the Re: and the case', () => {
    expect(referencesIn('Re: AW: Jūsu iesniegums vpvb-2026-000012 saņemts')).toEqual(['VPVB-2026-000012']);
    expect(referencesIn('Par rēķinu 2026. gada 12. martā')).toEqual([]);
  });

  it('trusts a valid token alone', () => {
    expect(matchReply({ from: 'cits@example.lv', tokenCaseIds: [5], referencedCases: [] })).toEqual({ caseId: 5, by: 'token' });
  });

  it('takes a reference only from the case’s own address', () => {
    const referencedCases = [{ id: 7, contactEmail: 'Janis@Example.lv' }];
    expect(matchReply({ from: 'janis@example.lv', tokenCaseIds: [], referencedCases })).toEqual({ caseId: 7, by: 'reference' });
    expect(matchReply({ from: 'svesais@example.lv', tokenCaseIds: [], referencedCases })).toBeUndefined();
    expect(matchReply({ from: undefined, tokenCaseIds: [], referencedCases })).toBeUndefined();
  });

  it('decides nothing when a mail names two cases', () => {
    expect(matchReply({ from: 'a@b.lv', tokenCaseIds: [1, 2], referencedCases: [] })).toBeUndefined();
    const two = [
      { id: 1, contactEmail: 'a@b.lv' },
      { id: 2, contactEmail: 'a@b.lv' },
    ];
    expect(matchReply({ from: 'a@b.lv', tokenCaseIds: [], referencedCases: two })).toBeUndefined();
  });
});

describe('the client’s own words of a reply', () => {
  it('cuts the quoted letter under a Latvian attribution line', () => {
    const text = [
      'Labdien!',
      '',
      'Pielikumā nosūtu rēķina kopiju.',
      '',
      'otrd., 2026. g. 1. dec., plkst. 10:15 — Klientu balss <noreply@iestade.lv> rakstīja:',
      '> Labdien, Jāni!',
      '> Jūsu iesniegums VPVB-2026-000012 ir saņemts.',
    ].join('\n');
    expect(ownWords(text)).toBe('Labdien!\n\nPielikumā nosūtu rēķina kopiju.');
  });

  it('cuts an Outlook header block and a signature', () => {
    const outlook = [
      'Paldies, skaidrs.',
      '',
      'No: Klientu balss <noreply@iestade.lv>',
      'Nosūtīts: otrdiena, 2026. gada 1. decembris 10:15',
      'Temats: …',
    ];
    expect(ownWords(outlook.join('\r\n'))).toBe('Paldies, skaidrs.');
    expect(ownWords('Jā, piekrītu.\n-- \nJānis Bērziņš\ntālr. 20000000')).toBe('Jā, piekrītu.');
  });

  it('keeps everything when nothing but a quote would remain, and a quote in the middle', () => {
    expect(ownWords('> tikai citāts\n> vēl')).toBe('> tikai citāts\n> vēl');
    const interleaved = '> Kad saņēmāt rēķinu?\n12. martā.\n> Kāda summa?\n45 eiro.';
    expect(ownWords(interleaved)).toBe(interleaved);
  });
});

describe('the mailbox’s address', () => {
  it('reads imaps:// and imap:// with the folder, the user’s @ encoded', () => {
    expect(parseImapUrl('imaps://kanceleja%40iestade.lv:p%C4%81role@imap.iestade.lv/Iesniegumi')).toEqual({
      host: 'imap.iestade.lv',
      port: 993,
      secure: true,
      user: 'kanceleja@iestade.lv',
      password: 'pārole',
      folder: 'Iesniegumi',
    });
    expect(parseImapUrl('imap://u:p@127.0.0.1:1143')).toMatchObject({ port: 1143, secure: false, folder: 'INBOX' });
  });

  it('refuses what is not an IMAP address with a user and a password', () => {
    expect(parseImapUrl('pop3://u:p@host')).toMatch(/imap/);
    expect(parseImapUrl('imaps://imap.iestade.lv')).toMatch(/user/);
    expect(parseImapUrl('imaps://u:p@host/?x=1')).toMatch(/query/);
    expect(parseImapUrl('kanceleja')).toMatch(/not an address/);
  });
});

describe('the register filled in from a mail', () => {
  it('takes the sender, the subject and text, and the arrival, as an e-mail received', () => {
    const mail = { fromAddress: 'janis@example.lv', fromName: 'Jānis Bērziņš', subject: 'Sūdzība', textBody: 'Labdien!\nTeksts.' };
    expect(registrationFromMail(mail, { date: '25.11.2026.', time: '09:00' }, 5000)).toEqual({
      channel: 'email',
      receivedOn: '25.11.2026.',
      receivedTime: '09:00',
      details: 'Sūdzība\n\nLabdien!\nTeksts.',
      name: 'Jānis Bērziņš',
      email: 'janis@example.lv',
      replyChannel: 'email',
    });
    expect(registrationFromMail({ ...mail, textBody: 'x'.repeat(6000) }, { date: '', time: '' }, 5000).details).toHaveLength(5000);
  });

  it('wants a reason to dismiss a mail, within the limit', () => {
    expect(checkDismissReason('  ')).toBe('required');
    expect(checkDismissReason('Reklāma')).toBeUndefined();
    expect(checkDismissReason('ā'.repeat(DISMISS_REASON_MAX + 1))).toBe('tooLong');
  });
});
