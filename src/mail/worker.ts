import type { Database } from '#src/db/client.ts';
import { log, loggableError, maskSecrets } from '#src/platform/log.ts';
import { getInstitution } from '#src/settings/queries.ts';
import { portalSecret } from '#src/platform/secrets.ts';
import { repeatPasses } from '#src/platform/repeat.ts';
import { numberPendingCases } from '#src/cases/reference.ts';
import { caseReplyAddress } from './inbox/rules.ts';
import { claimDueMail, markAttemptFailed, markSent, type ClaimedMail } from './queries.ts';
import type { MailTransport, OutgoingMail } from './transport.ts';

export type MailWorkerOptions = {
  from: string;
  messageIdDomain: string;
  batchSize?: number;
  /** IMAP_ADDRESS, when the portal reads the institution's mailbox: letters about a case are answered to its plus-address. */
  caseReplyAddress?: string | undefined;
  /** How long into a pass the letters sent so far are marked before the next is sent (MARK_SENT_WITHIN_MS). */
  markSentWithinMs?: number;
};

/**
 * The message the transport sends for an outbox row. Every letter the
 * portal sends is written by a program, never typed by a person for this
 * one send, so it is "auto-generated" (RFC 3834 §5.2): vacation responders
 * and other automatic answers leave it alone. The From is a no-reply
 * address, so `Reply-To` is the institution's e-mail address (RFC 5322
 * §3.6.2), read when the letter goes out: the outbox has no column for it,
 * and an address changed in the settings meanwhile is the right one.
 */
export function outgoingMail(
  message: ClaimedMail,
  options: MailWorkerOptions,
  replyTo?: string | null,
  databaseTag?: string,
): OutgoingMail {
  return {
    // The same id on every attempt, so a receiver can drop a duplicate if a
    // crash came between the server's "accepted" and our "sent". The
    // database's own tag keeps ids apart across databases: a fresh database
    // (or a second deployment with the same MAIL_FROM) counts outbox rows
    // from 1 again, and some providers drop a message whose id they have
    // seen (referees.md §3, note on Message-ID).
    messageId: `<outbox-${message.id}${databaseTag ? `.${databaseTag}` : ''}@${options.messageIdDomain}>`,
    from: options.from,
    to: message.toAddress,
    ...(replyTo?.trim() ? { replyTo: replyTo.trim() } : {}),
    headers: { 'Auto-Submitted': 'auto-generated' },
    subject: message.subject,
    text: message.textBody,
    html: message.htmlBody,
    attachments: message.attachments.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: Buffer.from(a.contentBase64, 'base64'),
    })),
  };
}

/** A random tag of this database, the same on every instance and every attempt: a secret used for nothing else. */
async function messageIdTag(db: Database): Promise<string> {
  return (await portalSecret(db, 'message_id_tag')).subarray(0, 6).toString('hex');
}

/** How long a pass's sent letters may wait for their mark, unless told: a small part of the claim's lease (claimDueMail, two minutes). */
const MARK_SENT_WITHIN_MS = 5_000;

/** One pass: claims the due messages and sends them. Returns how many went out. */
export async function sendDueMail(
  db: Database,
  transport: MailTransport,
  options: MailWorkerOptions,
): Promise<{ sent: number; failed: number }> {
  // A case whose Send failed between its commit and its numbering is numbered
  // here, so that its letter goes out with its number (cases/reference.ts).
  await numberPendingCases(db);
  const claimed = await claimDueMail(db, options.batchSize ?? 20);
  let failed = 0;
  // Read once a pass, and only when there is something to send.
  const replyTo = claimed.length ? (await getInstitution(db))?.email : undefined;
  const databaseTag = claimed.length ? await messageIdTag(db) : undefined;
  const replySecret = claimed.length && options.caseReplyAddress ? await portalSecret(db, 'case_reply') : undefined;
  // Marked sent together when the pass ends, in one statement (markSent),
  // or sooner if the pass is slow (a server answering slowly): long before
  // the claim's lease ends, so no other sender claims a letter that went.
  // A crash before the mark sends those letters again after their lease,
  // with the same Message-ID (outgoingMail), as a crash between a server's
  // "accepted" and our mark always could.
  const sentIds: number[] = [];
  let marked = 0;
  const started = performance.now();
  const markSoFar = async () => {
    await markSent(db, sentIds.slice(marked));
    marked = sentIds.length;
  };
  try {
    for (const message of claimed) {
      if (performance.now() - started > (options.markSentWithinMs ?? MARK_SENT_WITHIN_MS)) await markSoFar();
      try {
        // Issue 16: a letter about a case is answered into the case (mail/inbox/rules.ts).
        const caseReply =
          replySecret && options.caseReplyAddress && message.caseId !== null
            ? caseReplyAddress(options.caseReplyAddress, message.caseId, replySecret)
            : undefined;
        await transport.send(outgoingMail(message, options, caseReply ?? replyTo, databaseTag));
        sentIds.push(message.id);
      } catch (error) {
        failed++;
        const reason = error instanceof Error ? error.message : String(error);
        await markAttemptFailed(db, message, reason);
        // The SMTP server's reply usually quotes the recipient: masked in the log.
        log('warn', 'mail.send_failed', {
          id: message.id,
          attempts: message.attempts,
          transport: transport.describe,
          reason: maskSecrets(reason),
        });
      }
    }
  } finally {
    await markSoFar();
  }
  return { sent: sentIds.length, failed };
}

export type RunningWorker = { stop: () => Promise<void> };

/**
 * How soon the sender looks again after a pass that had mail: a steady flow
 * of confirmations goes out steadily, within a fraction of a second, instead
 * of piling up for the whole interval and going out in one burst that the
 * requests of that moment wait behind (issue 18: under Sends at 200 a
 * second, a burst of a thousand letters every five seconds was the Send's
 * p95).
 */
export const BUSY_INTERVAL_MS = 250;

/** Sends due mail every `intervalMs` (sooner while there is mail) until stopped; a failing pass is logged and retried. */
export function startMailWorker(
  db: Database,
  transport: MailTransport,
  options: MailWorkerOptions & { intervalMs?: number },
): RunningWorker {
  const interval = options.intervalMs ?? 5_000;
  const passes = repeatPasses(
    async (stopping) => {
      let pass;
      let handled = 0;
      // Keep going while full batches come back: a backlog drains quickly.
      do {
        pass = await sendDueMail(db, transport, options);
        handled += pass.sent + pass.failed;
      } while (!stopping() && pass.sent + pass.failed >= (options.batchSize ?? 20));
      return handled;
    },
    (handled) => (handled ? Math.min(BUSY_INTERVAL_MS, interval) : interval),
    (error) => log('warn', 'mail.worker_pass_failed', { reason: loggableError(error) }),
  );
  return {
    stop: async () => {
      await passes.stop();
      transport.close();
    },
  };
}
