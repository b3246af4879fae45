import { and, asc, eq, isNotNull } from 'drizzle-orm';
import type { Database } from '#src/db/client.ts';
import type { FieldProblem } from '#src/forms/errors.ts';
import { translator } from '#src/i18n/index.ts';
import type { CheckedAttachment } from '#src/intake/attachments.ts';
import { LIMITS } from '#src/intake/rules.ts';
import { composeMail } from '#src/mail/compose.ts';
import { enqueueMail } from '#src/mail/queries.ts';
import { absoluteUrl, staffPaths } from '#src/paths.ts';
import { units } from '#src/settings/schema.ts';
import { staffMembers } from '#src/staff/schema.ts';
import { caseAttachments, caseEvents, caseMessages, cases, type ClientMessageChannel } from './schema.ts';
import { OPEN_STATUSES } from './rules.ts';
import type { Tx } from './actions.ts';

// Issue 16: what a client adds to their case after sending it, from the
// status page or by replying to one of our letters (the mailbox reader
// calls this too). One transaction stores the message, its files, the
// history entry the client sees, the letter to whoever holds the case and
// the workspace's "new message" mark, so nothing added is lost to a mail
// failure and nothing is half-stored. An ended case takes the message too
// (an e-mail cannot be refused) but is not reopened: the official sees it
// and decides.

/** The same limit as the forms' main text (intake/rules.ts). */
export const CLIENT_MESSAGE_MAX = LIMITS.details;

export type NewClientMessage = {
  caseId: number;
  text: string;
  via: ClientMessageChannel;
  /** Checked by checkAttachments (type, size, count, malware) before they get here. */
  attachments: readonly CheckedAttachment[];
  /** When it reached us: now for the status page, the e-mail's arrival for a reply. */
  receivedAt: Date;
  /** The page's language; the case's when not given (an e-mail). */
  locale?: string;
  email?: { from: string; subject: string; messageId: string };
};

export type AddClientMessageResult =
  | { ok: true; messageId: number; repeated: boolean; caseOpen: boolean }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'invalid'; problems: FieldProblem[] };

/** The message's own rules: some text or a file, within the forms' limit. */
export function checkClientMessage(text: string, files: number): FieldProblem[] {
  const trimmed = text.trim();
  if (trimmed.length > CLIENT_MESSAGE_MAX) return [{ field: 'message', key: 'tooLong', values: { max: CLIENT_MESSAGE_MAX } }];
  if (trimmed === '' && files === 0) return [{ field: 'message', key: 'required' }];
  return [];
}

export async function addClientMessage(
  db: Database,
  input: NewClientMessage,
  /** The time that counts is the message's own `receivedAt`. */
  options: { baseUrl: string },
): Promise<AddClientMessageResult> {
  const problems = checkClientMessage(input.text, input.attachments.length);
  if (problems.length > 0) return { ok: false, reason: 'invalid', problems };
  return db.transaction(async (tx) => {
    // Locked: two messages to one case (or one e-mail read twice) wait for each other.
    const [c] = await tx.select().from(cases).where(eq(cases.id, input.caseId)).for('update');
    if (!c || c.anonymisedAt !== null) return { ok: false, reason: 'not_found' } as const;
    const caseOpen = OPEN_STATUSES.includes(c.status);
    if (input.email) {
      const [seen] = await tx
        .select({ id: caseMessages.id })
        .from(caseMessages)
        .where(and(eq(caseMessages.caseId, c.id), eq(caseMessages.emailMessageId, input.email.messageId)));
      if (seen) return { ok: true, messageId: seen.id, repeated: true, caseOpen } as const;
    }
    const [message] = await tx
      .insert(caseMessages)
      .values({
        caseId: c.id,
        receivedAt: input.receivedAt,
        via: input.via,
        locale: input.locale ?? c.locale,
        text: input.text.trim(),
        emailFrom: input.email?.from ?? null,
        emailSubject: input.email?.subject ?? null,
        emailMessageId: input.email?.messageId ?? null,
      })
      .returning({ id: caseMessages.id });
    const messageId = message!.id;
    if (input.attachments.length > 0) {
      await tx.insert(caseAttachments).values(
        input.attachments.map((f) => ({
          caseId: c.id,
          messageId,
          filename: f.filename,
          contentType: f.contentType,
          size: f.size,
          content: f.content,
          createdAt: input.receivedAt,
        })),
      );
    }
    await tx.insert(caseEvents).values({
      caseId: c.id,
      at: input.receivedAt,
      type: 'client_message',
      visibleToClient: true,
      data: { messageId, via: input.via, files: input.attachments.length, ...(caseOpen ? {} : { afterEnd: true }) },
    });
    // The mark stays from the first unseen message; a later one does not move it.
    if (c.clientMessageUnreadSince === null) {
      await tx.update(cases).set({ clientMessageUnreadSince: input.receivedAt }).where(eq(cases.id, c.id));
    }
    await tellHolder(tx, c, { baseUrl: options.baseUrl, caseOpen });
    return { ok: true, messageId, repeated: false, caseOpen } as const;
  });
}

/**
 * The assigned official is told (in Latvian, the working language), or
 * when nobody active holds the case, the unit's managers, else the unit's
 * address. The letter says only that something came, never what: the text
 * may be personal and stays in the portal.
 */
async function tellHolder(
  tx: Tx,
  c: { id: number; reference: string; unitId: number; assigneeId: number | null },
  options: { baseUrl: string; caseOpen: boolean },
): Promise<void> {
  const [holder] = c.assigneeId
    ? await tx
        .select({ email: staffMembers.email })
        .from(staffMembers)
        .where(and(eq(staffMembers.id, c.assigneeId), eq(staffMembers.active, true)))
    : [];
  let to = holder ? [holder.email] : [];
  if (to.length === 0) {
    const managers = await tx
      .select({ email: staffMembers.email })
      .from(staffMembers)
      .where(and(eq(staffMembers.unitId, c.unitId), eq(staffMembers.role, 'manager'), eq(staffMembers.active, true)));
    to = managers.map((m) => m.email);
  }
  if (to.length === 0) {
    const [unit] = await tx.select({ email: units.email }).from(units).where(eq(units.id, c.unitId));
    if (unit?.email) to = [unit.email];
  }
  if (to.length === 0) return;
  const t = translator('lv');
  const mail = composeMail(
    {
      subject: t('cases:clientMessage.mailSubject', { reference: c.reference }),
      greeting: t('mail:greeting'),
      paragraphs: [t(options.caseOpen ? 'cases:clientMessage.mailBody' : 'cases:clientMessage.mailBodyEnded', { reference: c.reference })],
      links: [{ label: t('cases:mail.open'), url: absoluteUrl(options.baseUrl, staffPaths.case('lv', c.id)) }],
      signature: t('staff:mail.signature'),
    },
    'lv',
  );
  for (const address of to) await enqueueMail(tx, { kind: 'case.client_message', to: address, locale: 'lv', ...mail });
}

export type ClientMessage = {
  id: number;
  receivedAt: Date;
  via: ClientMessageChannel;
  locale: string;
  text: string;
  emailFrom: string | null;
  emailSubject: string | null;
  files: Array<{ id: number; filename: string; contentType: string; size: number }>;
};

/** A case's later messages from the client, in the order they came, with their files (never the content). */
export async function listClientMessages(db: Pick<Database, 'select'>, caseId: number): Promise<ClientMessage[]> {
  const [messages, files] = await Promise.all([
    db.select().from(caseMessages).where(eq(caseMessages.caseId, caseId)).orderBy(asc(caseMessages.receivedAt), asc(caseMessages.id)),
    db
      .select({
        id: caseAttachments.id,
        messageId: caseAttachments.messageId,
        filename: caseAttachments.filename,
        contentType: caseAttachments.contentType,
        size: caseAttachments.size,
      })
      .from(caseAttachments)
      .where(eq(caseAttachments.caseId, caseId))
      .orderBy(asc(caseAttachments.id)),
  ]);
  return messages.map((m) => ({
    id: m.id,
    receivedAt: m.receivedAt,
    via: m.via,
    locale: m.locale,
    text: m.text,
    emailFrom: m.emailFrom,
    emailSubject: m.emailSubject,
    files: files.filter((f) => f.messageId === m.id).map(({ messageId: _, ...f }) => f),
  }));
}

/**
 * The assigned official has opened the case: the "new message" mark goes,
 * and the history records when and by whom. Anyone else looking (a
 * manager, the director) leaves it, so the holder still sees it.
 */
export async function markClientMessagesSeen(
  db: Database,
  c: { id: number; assigneeId: number | null },
  viewerId: number,
  now: Date,
): Promise<boolean> {
  if (c.assigneeId !== viewerId) return false;
  return db.transaction(async (tx) => {
    const cleared = await tx
      .update(cases)
      .set({ clientMessageUnreadSince: null })
      .where(and(eq(cases.id, c.id), eq(cases.assigneeId, viewerId), isNotNull(cases.clientMessageUnreadSince)))
      .returning({ id: cases.id });
    if (cleared.length === 0) return false;
    await tx.insert(caseEvents).values({ caseId: c.id, at: now, type: 'client_message_seen', actorStaffId: viewerId, data: {} });
    return true;
  });
}
