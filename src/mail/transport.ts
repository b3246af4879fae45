import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';

export type OutgoingMail = {
  messageId: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Where the receiver's "Reply" goes: the From is a no-reply address. */
  replyTo?: string | undefined;
  /** Header fields beyond the ones nodemailer writes (Auto-Submitted). */
  headers?: Record<string, string>;
  attachments: Array<{ filename: string; contentType: string; content: Buffer }>;
};

/** Where mail goes: an SMTP server, or (the embedded default) a folder of .eml files. */
export type MailTransport = { describe: string; send: (mail: OutgoingMail) => Promise<void>; close: () => void };

/**
 * An SMTP server. With `requireTls` (the default, SMTP_REQUIRE_TLS) an
 * `smtp://` URL must upgrade with STARTTLS or nothing is sent: plain
 * opportunistic STARTTLS falls back to clear text when a man in the middle
 * strips the offer (security review m13). `smtps://` is TLS from the start.
 */
export function smtpTransport(url: string, options: { requireTls?: boolean } = {}): MailTransport {
  const requireTls = options.requireTls ?? true;
  // requireTLS wins over an ignoreTLS in the URL's query (nodemailer).
  const transporter = nodemailer.createTransport({ url, ...(requireTls ? { requireTLS: true } : {}) });
  return {
    describe: `smtp ${new URL(url).host}`,
    send: async (mail) => {
      await transporter.sendMail(mail);
    },
    close: () => transporter.close(),
  };
}

/**
 * Writes each message as a complete RFC 822 file (`<id>.eml`, opens in any
 * mail program or text editor) so a newcomer can read what the portal sent.
 */
export function folderTransport(folder: string): MailTransport {
  const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    describe: `folder ${folder}`,
    send: async (mail) => {
      const info = await transporter.sendMail(mail);
      const name = mail.messageId.replace(/[<>]/g, '').replace(/[^A-Za-z0-9._-]/g, '_');
      const file = join(folder, `${name}.eml`);
      // Not the synchronous calls: each blocked the server's requests for the
      // time the file system took (issue 18: a tenth of the server's time
      // under Sends at full speed was spent waiting in open()). The folder is
      // made when a write finds it missing, not before every letter: the
      // first letter, and any after someone removed the folder.
      try {
        await writeFile(file, info.message as Buffer);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        await mkdir(folder, { recursive: true });
        await writeFile(file, info.message as Buffer);
      }
    },
    close: () => transporter.close(),
  };
}
