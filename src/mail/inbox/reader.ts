import { inArray } from 'drizzle-orm';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import type { Database } from '#src/db/client.ts';
import { cases } from '#src/cases/schema.ts';
import { addClientMessage, CLIENT_MESSAGE_MAX } from '#src/cases/client-messages.ts';
import { checkAttachments, safeFilename } from '#src/intake/attachments.ts';
import type { MalwareScanner } from '#src/intake/malware-scan.ts';
import { intakeContext } from '#src/intake/queries.ts';
import { log, loggableError, maskSecrets } from '#src/platform/log.ts';
import { portalSecret } from '#src/platform/secrets.ts';
import { repeatPasses } from '#src/platform/repeat.ts';
import { connectMailbox, mailboxName, type ImapMailbox } from './mailbox.ts';
import { claimInboundMail, markInboundAttemptFailed, MESSAGE_TOO_LARGE, settleInboundMail, type InboundClaim } from './queries.ts';
import { automaticReason, caseOfReplyAddress, matchReply, ownWords, referencesIn, type MailHeaders } from './rules.ts';

// Issue 16: reads the institution's mailbox. Each unread message is claimed
// in PostgreSQL first (queries.ts), so several instances polling the same
// mailbox handle it once; it is flagged \Seen only after what it became is
// committed, so a crash or a mailbox that goes away mid-way loses nothing:
// the message is still unread and its claim is retried after a back-off.
// Nothing here ever answers a mail, so no mail loop is possible.

/**
 * Larger messages are not downloaded (IMAP_MAX_MESSAGE_MB): each is given
 * up at once and listed for the managers, to read in the mailbox, where it
 * stays unread (listUnreadableMail).
 */
export const MAX_MESSAGE_BYTES = 40 * 1024 * 1024;
/** The text kept of a mail (a long thread quoted in full is cut). */
const MAX_TEXT_CHARS = 100_000;

export type InboxOptions = {
  mailbox: ImapMailbox;
  requireTls: boolean;
  /** The outbox's Message-ID domain: our own letters coming back are recognised. */
  messageIdDomain: string;
  /** Addresses the portal sends from and reads: mail from them is ours. */
  ownAddresses: string[];
  /** IMAP_ADDRESS: replies come to its plus-addresses with the case's token. */
  replyAddress?: string | undefined;
  scan?: MalwareScanner | undefined;
  batchSize?: number;
  /** MAX_MESSAGE_BYTES unless set. */
  maxMessageBytes?: number;
  /** The portal's address, for the link in the letter to the official. */
  baseUrl: string;
};

function headerMap(parsed: ParsedMail): MailHeaders {
  const map = new Map<string, string[]>();
  for (const { key, line } of parsed.headerLines) {
    const value = line
      .slice(line.indexOf(':') + 1)
      .replace(/\r?\n[ \t]+/g, ' ')
      .trim();
    map.set(key.toLowerCase(), [...(map.get(key.toLowerCase()) ?? []), value]);
  }
  return map;
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const objects = Array.isArray(field) ? field : field ? [field] : [];
  return objects
    .flatMap((o) => o.value.flatMap((a) => [a.address, ...(a.group ?? []).map((g) => g.address)]))
    .filter((a): a is string => !!a);
}

/** The case a mail answers, if any (rules.ts matchReply), the database confirming the case exists. */
async function replyCase(db: Database, parsed: ParsedMail, headers: MailHeaders, from: string | undefined, options: InboxOptions) {
  let tokenCaseIds: number[] = [];
  if (options.replyAddress) {
    const secret = await portalSecret(db, 'case_reply');
    const recipients = [
      ...addresses(parsed.to),
      ...addresses(parsed.cc),
      ...(headers.get('delivered-to') ?? []),
      ...(headers.get('x-original-to') ?? []),
    ];
    tokenCaseIds = recipients
      .map((r) => caseOfReplyAddress(r, options.replyAddress!, secret))
      .filter((id): id is number => id !== undefined);
    if (tokenCaseIds.length) {
      const found = await db.select({ id: cases.id }).from(cases).where(inArray(cases.id, tokenCaseIds));
      tokenCaseIds = found.map((c) => c.id);
    }
  }
  const references = referencesIn(parsed.subject ?? '');
  const referencedCases = references.length
    ? await db.select({ id: cases.id, contactEmail: cases.contactEmail }).from(cases).where(inArray(cases.reference, references))
    : [];
  return matchReply({ from, tokenCaseIds, referencedCases });
}

/** A mail's files through the upload rules (count, size, type, malware): the accepted ones, and the names of the others. */
async function checkedFiles(db: Database, parsed: ParsedMail, scan: MalwareScanner | undefined) {
  // Images inside an HTML letter (a signature's logo) are part of the text, not files the client sent.
  const sent = parsed.attachments.filter((a) => !a.related);
  const files = sent.map((a) => new File([new Uint8Array(a.content)], a.filename || 'pielikums', { type: a.contentType }));
  const { attachmentLimits } = await intakeContext(db);
  const { accepted, problem } = await checkAttachments(files, 0, attachmentLimits, scan);
  // clamd did not answer: the message is tried again later rather than its files lost.
  if (problem?.key === 'fileNotScanned') throw new Error('the malware scanner did not answer');
  const refused = files.filter((f) => !accepted.some((a) => a.filename === safeFilename(f.name) && a.size === f.size)).map((f) => f.name);
  return { accepted, refused };
}

/** Reads, decides and records one claimed message, in one transaction with the claim's settling. */
async function handleMessage(db: Database, claim: InboundClaim, source: Buffer, receivedAt: Date, options: InboxOptions): Promise<void> {
  const parsed = await simpleParser(source, { skipImageLinks: true });
  const headers = headerMap(parsed);
  const sender = parsed.from?.value[0];
  const from = sender?.address?.toLowerCase();
  const subject = (parsed.subject ?? '').slice(0, 500);
  const messageId = parsed.messageId?.slice(0, 500);
  const base = { messageId, receivedAt, fromAddress: from, fromName: sender?.name || undefined, subject };
  const reason = automaticReason({
    headers,
    from,
    subject,
    messageId,
    ownMessageIdDomain: options.messageIdDomain,
    ownAddresses: options.ownAddresses,
  });
  // An automatic mail keeps who and what, not its text: it is never acted on.
  if (reason) {
    await db.transaction((tx) => settleInboundMail(tx, claim, { ...base, status: 'automatic', automaticReason: reason, textBody: '' }));
    return;
  }
  const fullText = (parsed.text ?? '').slice(0, MAX_TEXT_CHARS);
  const files = await checkedFiles(db, parsed, options.scan);
  const reply = await replyCase(db, parsed, headers, from, options);
  await db.transaction(async (tx) => {
    // The client-messages core stores the reply on its case, tells the
    // official, and adds nothing twice for one Message-ID. A closed case
    // takes it too, reopening nothing; a case gone (anonymised) makes the
    // mail new mail to register.
    const added = reply
      ? await addClientMessage(
          tx as unknown as Database,
          {
            caseId: reply.caseId,
            text: ownWords(fullText).slice(0, CLIENT_MESSAGE_MAX),
            via: 'email',
            attachments: files.accepted,
            receivedAt,
            email: { from: from ?? '', subject, messageId: messageId ?? `<inbound-${claim.id}>` },
          },
          { baseUrl: options.baseUrl },
        )
      : undefined;
    const onCase = added?.ok === true;
    await settleInboundMail(tx, claim, {
      ...base,
      status: onCase ? 'reply' : 'to_register',
      caseId: onCase ? reply!.caseId : undefined,
      // The whole text stays here for the official; the case has the client's own words.
      textBody: fullText,
      refusedFiles: files.refused,
      // A reply's files are the case's now.
      attachments: onCase ? [] : files.accepted,
    });
  });
}

/**
 * One pass over the mailbox: every unread message is claimed, handled and
 * flagged \Seen. Throws when the mailbox cannot be reached (nothing was
 * claimed then); a message that fails is retried by a later pass.
 */
export async function readMailbox(db: Database, options: InboxOptions): Promise<{ handled: number; failed: number }> {
  const client = await connectMailbox(options.mailbox, options.requireTls);
  let handled = 0;
  let failed = 0;
  try {
    const lock = await client.getMailboxLock(options.mailbox.folder);
    try {
      const uidValidity = client.mailbox ? Number(client.mailbox.uidValidity) : 0;
      const unread = (await client.search({ seen: false }, { uid: true })) || [];
      const place = { mailbox: mailboxName(options.mailbox), uidValidity };
      const maxBytes = options.maxMessageBytes ?? MAX_MESSAGE_BYTES;
      // A batch counts the messages claimed: those given up stay unread in
      // the mailbox, and taking them first would starve newer mail.
      let claimed = 0;
      for (const uid of unread) {
        if (claimed >= (options.batchSize ?? 50)) break;
        const claim = await claimInboundMail(db, { ...place, uid });
        // Handled before, but the \Seen flag did not reach the mailbox then.
        if (claim === 'done') await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
        if (typeof claim === 'string') continue;
        claimed++;
        // When the mailbox received it, once known: a message given up is listed by it.
        let arrived: Date | undefined;
        try {
          const head = await client.fetchOne(String(uid), { size: true, internalDate: true }, { uid: true });
          if (!head) throw new Error('the message is no longer in the mailbox');
          arrived = head.internalDate ? new Date(head.internalDate) : undefined;
          const receivedAt = arrived ?? new Date();
          if ((head.size ?? 0) > maxBytes) {
            // It will not get smaller: given up now, for a manager to read in the mailbox.
            failed++;
            await markInboundAttemptFailed(db, claim, MESSAGE_TOO_LARGE, { receivedAt, giveUpNow: true, sizeBytes: head.size ?? 0 });
            log('warn', 'inbox.message_too_large', { id: claim.id, bytes: head.size, limit: maxBytes });
            continue;
          }
          const message = await client.fetchOne(String(uid), { source: true }, { uid: true });
          if (!message || !message.source) throw new Error('the message is no longer in the mailbox');
          await handleMessage(db, claim, message.source, receivedAt, options);
          await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
          handled++;
        } catch (error) {
          failed++;
          const reason = error instanceof Error ? error.message : String(error);
          await markInboundAttemptFailed(db, claim, reason, { receivedAt: arrived });
          log('warn', 'inbox.message_failed', { id: claim.id, attempts: claim.attempts, reason: maskSecrets(reason) });
          // The connection is gone: the rest waits for the next pass.
          if (!client.usable) break;
        }
      }
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
  return { handled, failed };
}

export type RunningInbox = { stop: () => Promise<void> };

/** Reads the mailbox every `intervalMs` until stopped; a mailbox that is down is tried again the next time. */
export function startInboxReader(db: Database, options: InboxOptions & { intervalMs: number }): RunningInbox {
  return repeatPasses(
    () => readMailbox(db, options),
    options.intervalMs,
    (error) => log('warn', 'inbox.unavailable', { mailbox: mailboxName(options.mailbox), reason: loggableError(error) }),
  );
}
