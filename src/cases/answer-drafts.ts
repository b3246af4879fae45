import { and, eq, inArray, lt, notInArray, or, sql } from 'drizzle-orm';
import type { Database } from '#src/db/client.ts';
import { answerDrafts, cases } from './schema.ts';
import { OPEN_STATUSES } from './rules.ts';

// An official's unsent answer, kept in the database (ux.md D7, docs/0019):
// typed for longer than the session lasted, or kept on purpose, it waits for
// the same official on the same case, on any instance and any browser, and
// not in the browser's storage, which a shared office computer would keep.

/** As long as the answer itself may be (cases/actions.ts answerCase). */
export const ANSWER_DRAFT_MAX = 20_000;

/** Drafts are the official's words about a client: kept a month at most. */
export const ANSWER_DRAFT_DAYS = 30;

/** Keeps (or replaces) the official's draft for the case; an empty text removes it. Over-long text is cut to the answer's limit. */
export async function keepAnswerDraft(
  db: Pick<Database, 'insert' | 'delete'>,
  draft: { staffId: number; caseId: number; text: string; now?: Date },
): Promise<void> {
  const text = draft.text.slice(0, ANSWER_DRAFT_MAX);
  if (text.trim() === '') {
    await forgetAnswerDraft(db, draft.staffId, draft.caseId);
    return;
  }
  const updatedAt = draft.now ?? new Date();
  await db
    .insert(answerDrafts)
    .values({ staffId: draft.staffId, caseId: draft.caseId, text, updatedAt })
    .onConflictDoUpdate({ target: [answerDrafts.staffId, answerDrafts.caseId], set: { text, updatedAt } });
}

/** The official's draft for the case, if there is one. */
export async function answerDraftOf(
  db: Pick<Database, 'select'>,
  staffId: number,
  caseId: number,
): Promise<{ text: string; updatedAt: Date } | undefined> {
  const [row] = await db
    .select({ text: answerDrafts.text, updatedAt: answerDrafts.updatedAt })
    .from(answerDrafts)
    .where(and(eq(answerDrafts.staffId, staffId), eq(answerDrafts.caseId, caseId)));
  return row;
}

export async function forgetAnswerDraft(db: Pick<Database, 'delete'>, staffId: number, caseId: number): Promise<void> {
  await db.delete(answerDrafts).where(and(eq(answerDrafts.staffId, staffId), eq(answerDrafts.caseId, caseId)));
}

/** Every draft of a case that is no longer open (answered, closed, referred…): nobody's draft is an answer any more. */
export async function forgetAnswerDraftsOfEndedCase(db: Pick<Database, 'delete'>, caseId: number): Promise<number> {
  const gone = await db
    .delete(answerDrafts)
    .where(and(eq(answerDrafts.caseId, caseId), inArray(answerDrafts.caseId, endedCases)))
    .returning({ caseId: answerDrafts.caseId });
  return gone.length;
}

/**
 * Maintenance: drafts untouched for ANSWER_DRAFT_DAYS go (storage
 * limitation), and so does any draft of a case that has ended by a way
 * other than the case page (the page forgets them itself).
 */
export async function purgeOldAnswerDrafts(db: Pick<Database, 'delete'>, now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - ANSWER_DRAFT_DAYS * 24 * 3600_000);
  const gone = await db
    .delete(answerDrafts)
    .where(or(lt(answerDrafts.updatedAt, before), inArray(answerDrafts.caseId, endedCases)))
    .returning({ caseId: answerDrafts.caseId });
  return gone.length;
}

const endedCases = sql`(select ${cases.id} from ${cases} where ${notInArray(cases.status, [...OPEN_STATUSES])})`;
