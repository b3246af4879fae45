import { and, asc, desc, eq, gte, isNull, lte, or } from 'drizzle-orm';
import type { Database } from '#src/db/client.ts';
import { todayInRiga } from '#src/calendar/riga-time.ts';
import type { IsoDate } from '#src/calendar/dates.ts';
import { surveyAnswers, surveyItems, surveyResponses, surveys } from '#src/quality/schema.ts';
import type { SurveyAnswer, SurveyContact } from './rules.ts';

export type Survey = typeof surveys.$inferSelect;
export type SurveyItem = typeof surveyItems.$inferSelect;
export type SurveyWithItems = Survey & { items: SurveyItem[] };

/** The rows of a survey that is open on `today` (Europe/Riga). Mirrors rules.isSurveyOpen. */
function openOn(today: IsoDate) {
  return and(eq(surveys.open, true), lte(surveys.opensOn, today), or(isNull(surveys.closesOn), gte(surveys.closesOn, today)));
}

/**
 * The surveys anyone can fill in today (normally the yearly campaign, Q-3).
 * The case-rating survey is left out: it is reached only from an answered
 * case, which gives it its context (Q-2c).
 */
export async function listOpenSurveys(db: Database, today: IsoDate = todayInRiga()): Promise<Survey[]> {
  return db
    .select()
    .from(surveys)
    .where(and(openOn(today), eq(surveys.forCaseRatings, false)))
    .orderBy(desc(surveys.opensOn), asc(surveys.id));
}

async function withItems(db: Database, survey: Survey | undefined): Promise<SurveyWithItems | undefined> {
  if (!survey) return undefined;
  const items = await db
    .select()
    .from(surveyItems)
    .where(eq(surveyItems.surveyId, survey.id))
    .orderBy(asc(surveyItems.sortOrder), asc(surveyItems.id));
  return { ...survey, items };
}

/** A survey and its items, open or not. */
export async function findSurveyByCode(db: Database, code: string): Promise<SurveyWithItems | undefined> {
  const [survey] = await db.select().from(surveys).where(eq(surveys.code, code));
  return withItems(db, survey);
}

/** The survey an answered case's rating link leads to, if one is open today (Q-2c). */
export async function findCaseRatingSurvey(db: Database, today: IsoDate = todayInRiga()): Promise<SurveyWithItems | undefined> {
  const [survey] = await db
    .select()
    .from(surveys)
    .where(and(openOn(today), eq(surveys.forCaseRatings, true)))
    .orderBy(desc(surveys.opensOn), asc(surveys.id))
    .limit(1);
  return withItems(db, survey);
}

/** Whether a case has its one rating (Q-2c): the rating page says so before the client fills anything in (D4). */
export async function caseIsRated(db: Database, caseId: number): Promise<boolean> {
  const [row] = await db.select({ id: surveyResponses.id }).from(surveyResponses).where(eq(surveyResponses.caseId, caseId)).limit(1);
  return row !== undefined;
}

/** Who and what a case rating is about (Q-2c): kept with the response for the reports. */
export type CaseContext = { caseId: number; unitId: number | null; topicId: number | null; staffId: number | null };

export type SurveyResponseInput = {
  survey: Pick<Survey, 'id' | 'scaleMin' | 'scaleMax'>;
  /** Answers that passed rules.checkSurveyPost for this survey. */
  answers: readonly SurveyAnswer[];
  comment: string | null;
  contact: SurveyContact | null;
  locale: string;
  formKey: string;
  caseContext?: CaseContext | undefined;
  /** When it was sent; the database's clock when not given. */
  now?: Date | undefined;
};

export type RecordedSurveyResponse =
  /** Stored now, or (`repeated`) stored before under the same form key: a double submit. */
  | { kind: 'recorded'; responseId: number; repeated: boolean }
  /** The case already has a rating: a case is rated once. */
  | { kind: 'alreadyRated'; caseId: number };

/**
 * Stores a response and its answers in one transaction. The form key makes
 * it idempotent: a second post of the same form stores nothing and finds
 * the first response. The response copies the survey's scale so results
 * stay readable if the scale is changed later (latvia.md).
 */
export async function recordSurveyResponse(
  db: Database,
  input: SurveyResponseInput,
  /** More to store with a new response, in its transaction: both are kept or neither. */
  alongside?: (tx: Database) => Promise<unknown>,
): Promise<RecordedSurveyResponse> {
  return db.transaction(async (tx) => {
    // No conflict target: both unique indexes (form key, and the case's one
    // rating) end in "do nothing" instead of an error that would abort the
    // transaction; the select below tells which one it was.
    const [inserted] = await tx
      .insert(surveyResponses)
      .values({
        surveyId: input.survey.id,
        locale: input.locale,
        scaleMin: input.survey.scaleMin,
        scaleMax: input.survey.scaleMax,
        caseId: input.caseContext?.caseId ?? null,
        unitId: input.caseContext?.unitId ?? null,
        topicId: input.caseContext?.topicId ?? null,
        staffId: input.caseContext?.staffId ?? null,
        comment: input.comment,
        // S-4.2: contact only when the client asked for an answer.
        contactName: input.contact?.name ?? null,
        contactEmail: input.contact?.email ?? null,
        formKey: input.formKey,
        ...(input.now ? { submittedAt: input.now } : {}),
      })
      .onConflictDoNothing()
      .returning({ id: surveyResponses.id });
    if (inserted) {
      if (input.answers.length > 0) {
        await tx.insert(surveyAnswers).values(input.answers.map((a) => ({ responseId: inserted.id, itemId: a.itemId, value: a.value })));
      }
      await alongside?.(tx);
      return { kind: 'recorded', responseId: inserted.id, repeated: false };
    }
    const [earlier] = await tx.select({ id: surveyResponses.id }).from(surveyResponses).where(eq(surveyResponses.formKey, input.formKey));
    if (earlier) return { kind: 'recorded', responseId: earlier.id, repeated: true };
    if (input.caseContext) return { kind: 'alreadyRated', caseId: input.caseContext.caseId };
    throw new Error('a survey response conflicted on neither its form key nor its case');
  });
}
