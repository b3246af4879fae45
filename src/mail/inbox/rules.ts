import { createHmac, timingSafeEqual } from 'node:crypto';

// Issue 16: what the portal decides about a mail in the institution's
// mailbox, as plain functions: is it automatic (never answered, so no mail
// loop is possible), is it a reply to one of our letters, and which part of
// its text is the client's own. The reader (reader.ts) does the I/O.

/** A mail's header fields, names in lower case, each field's values in order. */
export type MailHeaders = ReadonlyMap<string, readonly string[]>;

export type AutomaticReason = 'auto-submitted' | 'bounce' | 'out-of-office' | 'bulk' | 'list' | 'own';

export type AutomaticCheck = {
  headers: MailHeaders;
  from: string | undefined;
  subject: string;
  messageId: string | undefined;
  /** The domain of our outbox's Message-IDs (the worker's `messageIdDomain`). */
  ownMessageIdDomain: string;
  /** Addresses the portal sends from or reads (MAIL_FROM's, IMAP_ADDRESS): mail from them is ours. */
  ownAddresses: readonly string[];
};

const first = (headers: MailHeaders, name: string) => headers.get(name)?.[0]?.trim() ?? '';

/** Senders that are a mail system, not a person (RFC 3834 §3.1.8 and common practice). */
const SYSTEM_SENDER = /^(mailer-daemon|postmaster|mail-daemon|mailer|bounces?|no-?reply|do-?not-?reply)([+-].*)?@/i;

/** Subjects of vacation answers in the languages a Latvian mailbox meets; only their beginnings. */
const AUTO_REPLY_SUBJECT =
  /^(automatic reply|auto(matic)?[- ]?reply|autoreply|out of (the )?office|automātiskā atbilde|automātiska atbilde|prombūtnē|atvaļinājumā|автоматический ответ|undeliverable|undelivered mail|delivery status notification|mail delivery failed|returned mail|nepiegādāts)(?=[\s:]|$)/i;

/**
 * Why a mail is automatic, or undefined for a person's mail. Such mail is
 * kept but never answered and never a client's message: RFC 3834 §2 asks
 * responders not to answer automatic mail, and answering a bounce or an
 * out-of-office letter is how mail loops start.
 */
export function automaticReason(mail: AutomaticCheck): AutomaticReason | undefined {
  const { headers } = mail;
  const id = (mail.messageId ?? '').toLowerCase();
  // Our own letters (a copy, a forward back, a loop): outbox ids are <outbox-N.tag@domain>.
  if (id.startsWith('<outbox-') && id.endsWith(`@${mail.ownMessageIdDomain.toLowerCase()}>`)) return 'own';
  const from = (mail.from ?? '').toLowerCase();
  if (from && mail.ownAddresses.some((a) => a.toLowerCase() === from)) return 'own';
  // RFC 3834 §5: any value but "no" marks an automatic mail.
  const autoSubmitted = first(headers, 'auto-submitted').toLowerCase();
  if (autoSubmitted && autoSubmitted !== 'no') return 'auto-submitted';
  // RFC 3464 delivery status notifications and RFC 8098 read receipts.
  const contentType = first(headers, 'content-type').toLowerCase();
  if (contentType.startsWith('multipart/report')) return 'bounce';
  const returnPath = first(headers, 'return-path');
  if (returnPath === '<>' || SYSTEM_SENDER.test(from)) return 'bounce';
  // Responders that do not write Auto-Submitted (older Exchange, some webmail).
  if (['x-autoreply', 'x-autorespond', 'x-autoreply-from', 'x-mail-autoreply'].some((h) => headers.has(h))) return 'out-of-office';
  if (/^(oof|autoreply|all)$/i.test(first(headers, 'x-auto-response-suppress')) && AUTO_REPLY_SUBJECT.test(mail.subject.trim()))
    return 'out-of-office';
  const precedence = first(headers, 'precedence').toLowerCase();
  if (['bulk', 'list', 'junk', 'auto_reply'].includes(precedence)) return 'bulk';
  if (headers.has('list-id') || headers.has('list-unsubscribe')) return 'list';
  if (AUTO_REPLY_SUBJECT.test(mail.subject.trim())) return 'out-of-office';
  return undefined;
}

// A reply to one of our letters. Every letter about a case names its
// reference in the subject, and, when IMAP_ADDRESS is set, its Reply-To is
// a plus-address of the mailbox carrying the case's token: an HMAC of the
// case's id with a secret of the portal, so nobody can write into another
// client's case by guessing a number.

const TOKEN_BYTES = 10;

export function caseReplyToken(secret: Buffer, caseId: number): string {
  return createHmac('sha256', secret).update(`case-reply:${caseId}`).digest().subarray(0, TOKEN_BYTES).toString('hex');
}

/** The Reply-To of a letter about case `caseId`: `local+c<id>-<token>@domain` of the mailbox's address. */
export function caseReplyAddress(mailboxAddress: string, caseId: number, secret: Buffer): string {
  const at = mailboxAddress.lastIndexOf('@');
  return `${mailboxAddress.slice(0, at)}+c${caseId}-${caseReplyToken(secret, caseId)}${mailboxAddress.slice(at)}`;
}

/** The case a recipient address speaks for, when it is the mailbox's plus-address with a valid token. */
export function caseOfReplyAddress(recipient: string, mailboxAddress: string, secret: Buffer): number | undefined {
  const at = mailboxAddress.lastIndexOf('@');
  const local = mailboxAddress.slice(0, at).toLowerCase();
  const domain = mailboxAddress.slice(at + 1).toLowerCase();
  const match = /^([^@+]+)\+c(\d{1,12})-([0-9a-f]+)@(.+)$/i.exec(recipient.trim());
  if (!match || match[1]!.toLowerCase() !== local || match[4]!.toLowerCase() !== domain) return undefined;
  const caseId = Number(match[2]);
  const given = Buffer.from(match[3]!.toLowerCase(), 'utf8');
  const expected = Buffer.from(caseReplyToken(secret, caseId), 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected) ? caseId : undefined;
}

/** Reference numbers in a subject (VPVB-2026-000123), in upper case; the database decides which exist. */
export function referencesIn(subject: string): string[] {
  const found = subject.toUpperCase().match(/\b[A-Z][A-Z0-9]{0,11}-\d{4}-\d{3,9}\b/g) ?? [];
  return [...new Set(found)];
}

export type ReplyCandidate = { id: number; contactEmail: string | null };
export type ReplyMatch = { caseId: number; by: 'token' | 'reference' };

/**
 * The case a mail answers. A valid token decides alone (only the letter's
 * receiver has it). Without one, a reference in the subject counts only
 * when the mail comes from the case's own e-mail address, and only when
 * exactly one such case is named: anyone can type a reference, so a mail
 * from a stranger naming one is registered as new mail instead.
 */
export function matchReply(input: {
  from: string | undefined;
  tokenCaseIds: readonly number[];
  referencedCases: readonly ReplyCandidate[];
}): ReplyMatch | undefined {
  const tokens = [...new Set(input.tokenCaseIds)];
  if (tokens.length === 1) return { caseId: tokens[0]!, by: 'token' };
  if (tokens.length > 1) return undefined;
  const from = input.from?.trim().toLowerCase();
  if (!from) return undefined;
  const own = input.referencedCases.filter((c) => c.contactEmail?.trim().toLowerCase() === from);
  return own.length === 1 ? { caseId: own[0]!.id, by: 'reference' } : undefined;
}

/** Where the quoted letter begins: the attribution lines mail programs write, in Latvian and English. */
const QUOTE_START = [
  /^On .{3,200} wrote:\s*$/i,
  /^.{3,200} (rakstīja|написал\(а\)|написал):\s*$/i,
  /^-{2,}\s*(Original Message|Sākotnējā (ziņa|vēstule)|Pārsūtītā ziņa|Forwarded message)\s*-{2,}\s*$/i,
  /^_{10,}\s*$/,
];
/** An Outlook header block: From:/No: then Sent:/Nosūtīts: within the next lines. */
const OUTLOOK_FROM = /^\*?(From|No|Sūtītājs):\*?\s/i;
const OUTLOOK_SENT = /^\*?(Sent|Date|Nosūtīts|Datums):\*?\s/i;

/**
 * The client's own words of a reply: the text above the quoted letter and
 * the signature. Conservative: when nothing would remain, the whole text is
 * kept, and the official always has the full text too.
 */
export function ownWords(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let end = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const quoteStart =
      QUOTE_START.some((p) => p.test(line.trim())) ||
      (OUTLOOK_FROM.test(line.trim()) && lines.slice(i + 1, i + 4).some((l) => OUTLOOK_SENT.test(l.trim())));
    // A signature's "-- " line (RFC 3676 §4.3), or a run of quoted lines to the end.
    const signature = line === '-- ';
    const quotedToEnd = line.startsWith('>') && lines.slice(i).every((l) => l.startsWith('>') || l.trim() === '');
    if (quoteStart || signature || quotedToEnd) {
      end = i;
      break;
    }
  }
  const own = lines.slice(0, end).join('\n').trim();
  return own === '' ? text.trim() : own;
}

/** What the register's form starts with for a mail (issue 16): how and when it came, who sent it, what it says. */
export function registrationFromMail(
  mail: { fromAddress: string | null; fromName: string | null; subject: string | null; textBody: string | null },
  received: { date: string; time: string },
  maxDetails: number,
): Record<string, string> {
  const subject = mail.subject?.trim() ?? '';
  const text = mail.textBody?.trim() ?? '';
  return {
    channel: 'email',
    // The mail's arrival in the mailbox, not the day someone registers it: the deadline runs from it.
    receivedOn: received.date,
    receivedTime: received.time,
    details: (subject && text ? `${subject}\n\n${text}` : subject || text).slice(0, maxDetails),
    name: mail.fromName?.trim() ?? '',
    email: mail.fromAddress ?? '',
    // A client who wrote by e-mail is answered by e-mail unless the form is changed.
    replyChannel: mail.fromAddress ? 'email' : '',
  };
}

/** How long a reason for dismissing a mail may be. */
export const DISMISS_REASON_MAX = 500;

/** A manager's reason for dismissing a mail: required (it is audited), within the limit. */
export function checkDismissReason(reason: string): 'required' | 'tooLong' | undefined {
  const trimmed = reason.trim();
  if (trimmed === '') return 'required';
  return [...trimmed].length > DISMISS_REASON_MAX ? 'tooLong' : undefined;
}
