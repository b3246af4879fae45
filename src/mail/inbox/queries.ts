import { and, asc, eq, sql } from 'drizzle-orm';
import type { Database } from '#src/db/client.ts';
import type { CheckedAttachment } from '#src/intake/attachments.ts';
import { recordAudit } from '#src/audit/queries.ts';
import { retryDelayMs, shouldGiveUp } from '../rules.ts';
import { inboundMail, inboundMailAttachments, type InboundStatus } from './schema.ts';

/** Where a message lies: the claim's key. */
export type MailPlace = { mailbox: string; uidValidity: number; uid: number };
/** A claimed message: its row and the attempt, which fences a late writer out (see settleInboundMail). */
export type InboundClaim = { id: number; attempts: number };

/**
 * Claims the message at `place` for `leaseMs`, in one statement like the
 * schedule's (docs/0007): the first reader inserts the row; a later one
 * takes it over only while it is still pending, its lease has run out and
 * its back-off has passed. Returns the claim, or what the row already says:
 * 'done' (handled; the mailbox may be told so again), 'failed' (given up,
 * left unread in the mailbox for a person) or 'busy'.
 */
export async function claimInboundMail(
  db: Database,
  place: MailPlace,
  leaseMs = 5 * 60_000,
): Promise<InboundClaim | 'done' | 'failed' | 'busy'> {
  const lease = sql`now() + ${`${Math.round(leaseMs)} milliseconds`}::interval`;
  const [claimed] = await db
    .insert(inboundMail)
    .values({ ...place, lockedUntil: lease, attempts: 1 })
    .onConflictDoUpdate({
      target: [inboundMail.mailbox, inboundMail.uidValidity, inboundMail.uid],
      set: { attempts: sql`${inboundMail.attempts} + 1`, lockedUntil: sql`excluded.locked_until` },
      setWhere: sql`${inboundMail.status} = 'pending'
        and (${inboundMail.lockedUntil} is null or ${inboundMail.lockedUntil} < now())
        and ${inboundMail.nextAttemptAt} <= now()`,
    })
    .returning({ id: inboundMail.id, attempts: inboundMail.attempts });
  if (claimed) return claimed;
  const [row] = await db
    .select({ status: inboundMail.status })
    .from(inboundMail)
    .where(and(eq(inboundMail.mailbox, place.mailbox), eq(inboundMail.uidValidity, place.uidValidity), eq(inboundMail.uid, place.uid)));
  if (!row || row.status === 'pending') return 'busy';
  return row.status === 'failed' ? 'failed' : 'done';
}

export type InboundContent = {
  status: Exclude<InboundStatus, 'pending' | 'registered' | 'dismissed' | 'failed'>;
  messageId: string | undefined;
  receivedAt: Date;
  fromAddress: string | undefined;
  fromName: string | undefined;
  subject: string;
  textBody: string;
  automaticReason?: string | undefined;
  refusedFiles?: string[];
  caseId?: number | undefined;
  attachments?: CheckedAttachment[];
};

type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

/**
 * Records what a claimed message was, with its files, in the transaction
 * `tx`. Only the holder of the latest attempt may: a reader whose lease ran
 * out and whose message another reader took over finds no row to update,
 * and its transaction is rolled back (nothing doubled).
 */
export async function settleInboundMail(tx: Transaction, claim: InboundClaim, content: InboundContent): Promise<void> {
  const updated = await tx
    .update(inboundMail)
    .set({
      status: content.status,
      messageId: content.messageId ?? null,
      receivedAt: content.receivedAt,
      fromAddress: content.fromAddress ?? null,
      fromName: content.fromName ?? null,
      subject: content.subject,
      textBody: content.textBody,
      automaticReason: content.automaticReason ?? null,
      refusedFiles: content.refusedFiles ?? [],
      caseId: content.caseId ?? null,
      lockedUntil: null,
      lastError: null,
      handledAt: sql`now()`,
    })
    .where(and(eq(inboundMail.id, claim.id), eq(inboundMail.attempts, claim.attempts), eq(inboundMail.status, 'pending')))
    .returning({ id: inboundMail.id });
  if (updated.length === 0) throw new InboundClaimLost(claim.id);
  if (content.attachments?.length) {
    await tx.insert(inboundMailAttachments).values(content.attachments.map((a) => ({ inboundMailId: claim.id, ...a })));
  }
}

export class InboundClaimLost extends Error {
  constructor(id: number) {
    super(`inbound mail ${id} was taken over by another reader`);
    this.name = 'InboundClaimLost';
  }
}

/**
 * A failed attempt: tried again after the outbox's back-off, or given up
 * (left unread in the mailbox and listed for the managers, listUnreadableMail)
 * after too many attempts, or at once when retrying cannot help (`giveUpNow`:
 * a message too large to download, whose size is kept).
 */
export async function markInboundAttemptFailed(
  db: Database,
  claim: InboundClaim,
  error: string,
  known: { receivedAt?: Date | undefined; giveUpNow?: boolean; sizeBytes?: number } = {},
): Promise<void> {
  const giveUp = known.giveUpNow || shouldGiveUp(claim.attempts);
  await db
    .update(inboundMail)
    .set({
      status: giveUp ? 'failed' : 'pending',
      lockedUntil: null,
      lastError: error.slice(0, 1000),
      ...(known.receivedAt ? { receivedAt: known.receivedAt } : {}),
      ...(known.sizeBytes === undefined ? {} : { sizeBytes: known.sizeBytes }),
      nextAttemptAt: sql`now() + ${`${retryDelayMs(claim.attempts)} milliseconds`}::interval`,
    })
    .where(and(eq(inboundMail.id, claim.id), eq(inboundMail.attempts, claim.attempts), eq(inboundMail.status, 'pending')));
}

/** lastError of a message too large to download, for an operator reading the table. */
export const MESSAGE_TOO_LARGE = 'too large to download';

/**
 * A message the portal gave up on: still unread in the mailbox, for a
 * manager to read there. Its size is known only when it was too large to
 * download (markInboundAttemptFailed keeps it then and only then).
 */
export type UnreadableMail = { id: number; mailbox: string; receivedAt: Date | null; tooLarge: boolean; bytes: number | null };

/**
 * The mail the portal could not read (too large, or failing after every
 * retry), oldest first: nobody would see it otherwise, since the portal is
 * how the institution reads its mailbox (issue 16).
 */
export async function listUnreadableMail(db: Database, limit = 100): Promise<UnreadableMail[]> {
  const rows = await db
    .select({
      id: inboundMail.id,
      mailbox: inboundMail.mailbox,
      receivedAt: inboundMail.receivedAt,
      bytes: inboundMail.sizeBytes,
    })
    .from(inboundMail)
    .where(eq(inboundMail.status, 'failed'))
    .orderBy(sql`${inboundMail.receivedAt} asc nulls last`, asc(inboundMail.id))
    .limit(limit);
  return rows.map((r) => ({ ...r, tooLarge: r.bytes !== null }));
}

/** A manager read a message the portal could not, in the mailbox: off the list, audited. False when it was not on it. */
export async function closeUnreadableMail(db: Database, input: { id: number; staffId: number }): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(inboundMail)
      .set({ status: 'dismissed', decidedBy: input.staffId, decidedAt: sql`now()` })
      .where(and(eq(inboundMail.id, input.id), eq(inboundMail.status, 'failed')))
      .returning({ id: inboundMail.id });
    if (!row) return false;
    await recordAudit(tx, {
      actorStaffId: input.staffId,
      action: 'inbound_mail.read_in_mailbox',
      entity: 'inbound_mail',
      entityId: input.id,
    });
    return true;
  });
}

export type QueueItem = {
  id: number;
  receivedAt: Date | null;
  fromAddress: string | null;
  fromName: string | null;
  subject: string | null;
  textBody: string | null;
  refusedFiles: string[];
  files: Array<{ id: number; filename: string; size: number }>;
};

/** The "to register" queue, oldest first: new mail for a manager to register or dismiss. */
export async function listToRegister(db: Database, limit = 100): Promise<QueueItem[]> {
  const rows = await db
    .select({
      id: inboundMail.id,
      receivedAt: inboundMail.receivedAt,
      fromAddress: inboundMail.fromAddress,
      fromName: inboundMail.fromName,
      subject: inboundMail.subject,
      textBody: inboundMail.textBody,
      refusedFiles: inboundMail.refusedFiles,
    })
    .from(inboundMail)
    .where(eq(inboundMail.status, 'to_register'))
    .orderBy(asc(inboundMail.receivedAt), asc(inboundMail.id))
    .limit(limit);
  if (rows.length === 0) return [];
  const files = await db
    .select({
      id: inboundMailAttachments.id,
      inboundMailId: inboundMailAttachments.inboundMailId,
      filename: inboundMailAttachments.filename,
      size: inboundMailAttachments.size,
    })
    .from(inboundMailAttachments)
    .where(
      sql`${inboundMailAttachments.inboundMailId} in (${sql.join(
        rows.map((r) => sql`${r.id}`),
        sql`, `,
      )})`,
    )
    .orderBy(asc(inboundMailAttachments.id));
  return rows.map((r) => ({ ...r, files: files.filter((f) => f.inboundMailId === r.id) }));
}

/** One item still waiting to be registered, with its files' contents (to copy into the registration's draft). */
export async function findToRegister(db: Database, id: number) {
  const [row] = await db
    .select()
    .from(inboundMail)
    .where(and(eq(inboundMail.id, id), eq(inboundMail.status, 'to_register')));
  if (!row) return undefined;
  const files = await db
    .select({
      filename: inboundMailAttachments.filename,
      contentType: inboundMailAttachments.contentType,
      size: inboundMailAttachments.size,
      content: inboundMailAttachments.content,
    })
    .from(inboundMailAttachments)
    .where(eq(inboundMailAttachments.inboundMailId, id))
    .orderBy(asc(inboundMailAttachments.id));
  return { ...row, files };
}

/**
 * A manager's decision about an item: dismissed with a reason, or
 * registered as case `caseId`. Audited; an item decided already (by a
 * colleague a moment before) is not decided again.
 */
export async function decideToRegister(
  db: Database,
  input: { id: number; staffId: number } & ({ dismissReason: string } | { caseId: number }),
): Promise<boolean> {
  return db.transaction((tx) => recordDecision(tx, input));
}

/** decideToRegister within the caller's transaction (the registration that makes the case, intake/register.ts). */
export async function recordDecision(
  tx: Transaction,
  input: { id: number; staffId: number } & ({ dismissReason: string } | { caseId: number }),
): Promise<boolean> {
  const dismissed = 'dismissReason' in input;
  const [row] = await tx
    .update(inboundMail)
    .set({
      status: dismissed ? 'dismissed' : 'registered',
      decidedBy: input.staffId,
      decidedAt: sql`now()`,
      ...(dismissed ? { dismissReason: input.dismissReason } : { caseId: input.caseId }),
    })
    .where(and(eq(inboundMail.id, input.id), eq(inboundMail.status, 'to_register')))
    .returning({ id: inboundMail.id });
  if (!row) return false;
  // A dismissed mail's files are no longer needed; the registered case has its own copies.
  await tx.delete(inboundMailAttachments).where(eq(inboundMailAttachments.inboundMailId, input.id));
  await recordAudit(tx, {
    actorStaffId: input.staffId,
    action: dismissed ? 'inbound_mail.dismissed' : 'inbound_mail.registered',
    entity: 'inbound_mail',
    entityId: input.id,
    after: dismissed ? { reason: input.dismissReason } : { caseId: input.caseId },
  });
  return true;
}

/**
 * An item's decision so far, its row locked until the caller's transaction
 * ends: two managers registering the same mail at once are taken one after
 * the other, and the second finds it decided (intake/register.ts).
 */
export async function lockDecision(tx: Transaction, id: number): Promise<{ status: InboundStatus; caseId: number | null } | undefined> {
  const [row] = await tx
    .select({ status: inboundMail.status, caseId: inboundMail.caseId })
    .from(inboundMail)
    .where(eq(inboundMail.id, id))
    .for('update');
  return row;
}

/** How many items wait: for the staff home page and the navigation. */
export async function countToRegister(db: Database): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(inboundMail)
    .where(eq(inboundMail.status, 'to_register'));
  return row?.n ?? 0;
}
