import { and, asc, eq, isNull, or } from 'drizzle-orm';
import type { Database } from '#src/db/client.ts';
import { topics, units } from '#src/settings/schema.ts';
import { caseAttachments, caseEvents, cases, type CaseKind, type CaseStatus } from './schema.ts';
import { hashStatusToken, looksLikeStatusToken } from './status-link.ts';
import { listClientMessages } from './client-messages.ts';

// What a client sees of their case through the private link (S-4.5): status,
// the responsible unit, the deadline, the answer, and the history entries
// meant for them. Never the internal notes, never other people's data.

export type ClientCaseView = {
  id: number;
  reference: string;
  kind: CaseKind;
  status: CaseStatus;
  receivedAt: Date;
  /** m8: none for an anonymous submission, which gets no answer; the case keeps its date for staff. */
  dueOn: string | null;
  /** An anonymous complaint or a suggestion without contact: examined, but no answer can be sent. */
  anonymous: boolean;
  unit: { nameLv: string; nameEn: string };
  topic: { nameLv: string; nameEn: string } | null;
  replyChannel: string | null;
  requestedLanguage: string;
  replyLanguage: string;
  hasEmail: boolean;
  /** Whether the confirmation went by e-mail, was withheld (too many to that address today, M4), or had nowhere to go. */
  confirmation: 'emailed' | 'withheld' | 'no_email';
  locale: string;
  /** S-4.5: what the client sent, and the names of the files they attached (never the files: the link is not a login). */
  details: string;
  files: Array<{ filename: string; size: number }>;
  /** Issue 16: what the client added later, each shown at its history entry. */
  messages: Array<{ id: number; text: string; locale: string; files: Array<{ filename: string; size: number }> }>;
  history: Array<{ at: Date; type: string; data: Record<string, unknown> }>;
};

export async function caseForClient(db: Database, token: string): Promise<ClientCaseView | undefined> {
  if (!looksLikeStatusToken(token)) return undefined;
  const [row] = await db
    .select({
      c: cases,
      unitLv: units.nameLv,
      unitEn: units.nameEn,
      topicLv: topics.nameLv,
      topicEn: topics.nameEn,
    })
    .from(cases)
    .innerJoin(units, eq(units.id, cases.unitId))
    .leftJoin(topics, eq(topics.id, cases.topicId))
    .where(eq(cases.statusTokenHash, hashStatusToken(token)));
  if (!row) return undefined;
  const [history, files, messages] = await Promise.all([
    db
      .select({ at: caseEvents.at, type: caseEvents.type, data: caseEvents.data })
      .from(caseEvents)
      .where(and(eq(caseEvents.caseId, row.c.id), eq(caseEvents.visibleToClient, true)))
      .orderBy(asc(caseEvents.id)),
    db
      .select({ filename: caseAttachments.filename, size: caseAttachments.size })
      .from(caseAttachments)
      .where(and(eq(caseAttachments.caseId, row.c.id), isNull(caseAttachments.messageId)))
      .orderBy(asc(caseAttachments.id)),
    listClientMessages(db, row.c.id),
  ]);
  const c = row.c;
  return {
    id: c.id,
    reference: c.reference,
    kind: c.kind,
    status: c.status,
    receivedAt: c.receivedAt,
    dueOn: c.anonymous ? null : c.dueOn,
    anonymous: c.anonymous,
    unit: { nameLv: row.unitLv, nameEn: row.unitEn },
    topic: row.topicLv && row.topicEn ? { nameLv: row.topicLv, nameEn: row.topicEn } : null,
    replyChannel: c.replyChannel,
    requestedLanguage: c.requestedLanguage,
    replyLanguage: c.replyLanguage,
    hasEmail: c.contactEmail !== null,
    confirmation:
      c.contactEmail === null ? 'no_email' : history.some((h) => h.type === 'acknowledgement_withheld') ? 'withheld' : 'emailed',
    locale: c.locale,
    details: c.details,
    files,
    messages: messages.map((m) => ({
      id: m.id,
      text: m.text,
      locale: m.locale,
      files: m.files.map((f) => ({ filename: f.filename, size: f.size })),
    })),
    history,
  };
}

/**
 * The case a rating link is for (Q-2c): the link in an answer e-mail, or the
 * status link itself. Only an answered or closed case can be rated.
 */
export async function caseForRating(db: Database, token: string) {
  if (!looksLikeStatusToken(token)) return undefined;
  const hash = hashStatusToken(token);
  const [row] = await db
    .select({
      id: cases.id,
      reference: cases.reference,
      status: cases.status,
      unitId: cases.unitId,
      topicId: cases.topicId,
      assigneeId: cases.assigneeId,
    })
    .from(cases)
    .where(or(eq(cases.ratingTokenHash, hash), eq(cases.statusTokenHash, hash)));
  return row;
}
