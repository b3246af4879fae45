import { ImapFlow } from 'imapflow';

// The institution's mailbox as IMAP_URL names it, and a connection to it.

export type ImapMailbox = { host: string; port: number; secure: boolean; user: string; password: string; folder: string };

const EXAMPLE = 'e.g. imaps://kanceleja%40iestade.lv:parole@imap.iestade.lv:993/INBOX';

/** imaps://user:password@host[:port][/folder] (TLS from the start) or imap://… (STARTTLS); the folder is INBOX unless named. */
export function parseImapUrl(value: string): ImapMailbox | string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `not an address: ${EXAMPLE}`;
  }
  if (url.protocol !== 'imap:' && url.protocol !== 'imaps:') return `neither imap:// nor imaps://: ${EXAMPLE}`;
  if (!url.hostname || !url.username || !url.password) return `an IMAP address needs a host, a user and a password: ${EXAMPLE}`;
  if (url.search || url.hash) return `an IMAP address has no query or fragment: ${EXAMPLE}`;
  const secure = url.protocol === 'imaps:';
  const folder = decodeURIComponent(url.pathname.replace(/^\//, '')) || 'INBOX';
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : secure ? 993 : 143,
    secure,
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    folder,
  };
}

/** The mailbox's name in the claim table and the log: no password. */
export function mailboxName(mailbox: ImapMailbox): string {
  return `${mailbox.user}@${mailbox.host}:${mailbox.port}/${mailbox.folder}`;
}

/**
 * A logged-in connection. With `requireTls` (IMAP_REQUIRE_TLS, on by
 * default like SMTP's) an imap:// connection must upgrade with STARTTLS or
 * it fails before the password is sent: opportunistic STARTTLS falls back
 * to clear text when a man in the middle strips the offer.
 */
export async function connectMailbox(mailbox: ImapMailbox, requireTls: boolean): Promise<ImapFlow> {
  const client = new ImapFlow({
    host: mailbox.host,
    port: mailbox.port,
    secure: mailbox.secure,
    doSTARTTLS: mailbox.secure ? undefined : requireTls,
    auth: { user: mailbox.user, pass: mailbox.password },
    logger: false,
    // A mailbox that does not answer is down: the next poll tries again.
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
  // A connection that drops later emits 'error'; the pass in progress fails on its own.
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/** The bare address of a From like `Klientu balss <noreply@iestade.lv>`, in lower case. */
export function addressOf(from: string): string {
  return (/<([^>]+)>\s*$/.exec(from)?.[1] ?? from).trim().toLowerCase();
}
