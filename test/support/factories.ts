// Shared test data for the database suite: a case made the way a client
// makes one (a draft, then the send), the demo staff by name, a survey with
// its items, and a case recorded directly for report fixtures. Each test
// file used to build its own; one set keeps them from drifting apart.
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Database } from '#src/db/client.ts';
import { saveDraft } from '#src/intake/queries.ts';
import { submitDraft } from '#src/intake/submit.ts';
import { cases, type CaseKind, type CaseStatus, type ReplyChannel } from '#src/cases/schema.ts';
import type { ActionContext } from '#src/cases/actions.ts';
import { staffMembers, type StaffRole } from '#src/staff/schema.ts';
import { topics, units } from '#src/settings/schema.ts';
import { surveyAnswers, surveyItems, surveyResponses, surveys, type SurveyCriterion } from '#src/quality/schema.ts';
import { rigaDateOf } from '#src/calendar/riga-time.ts';

/** The portal's address in letters made by tests. */
export const TEST_BASE_URL = 'https://atsauksmes.example.lv';

/** Tuesday 24 November 2026, 12:00 in Riga: the day the demo data is seeded for. */
export const SEED_DAY = new Date('2026-11-24T10:00:00Z');

/** A client who wants an answer by e-mail in Latvian, about the demo topic "eia". */
export const CLIENT_FIELDS: Readonly<Record<string, string>> = {
  topic: 'eia',
  details: 'Lūdzu, atbildiet.',
  name: 'Anna Kalniņa',
  replyChannel: 'email',
  email: 'anna@example.lv',
  replyLanguage: 'lv',
};

export type StaffPerson = { id: number; role: StaffRole; unitId: number | null; fullName: string };

/**
 * The staff in the database, by the local part of their e-mail
 * (`ierednis`, `specialiste`, `vaditaja`, … in the demo data), and the
 * name of whoever holds an id. Throws on a name or id that is not there,
 * so a typo fails loudly rather than as `undefined`.
 */
export async function staffByName(db: Database) {
  const staff = new Map<string, StaffPerson>();
  for (const s of await db.select().from(staffMembers))
    staff.set(s.email.split('@')[0]!, { id: s.id, role: s.role, unitId: s.unitId, fullName: s.fullName });
  return {
    who: (name: string): StaffPerson => staff.get(name) ?? fail(`no staff member "${name}" in the test database`),
    nameOf: (id: number): string => [...staff].find(([, s]) => s.id === id)?.[0] ?? fail(`no staff member with id ${id}`),
  };
}

type SubmitOptions = {
  now?: Date;
  baseUrl?: string;
  locale?: 'lv' | 'en';
  attachments?: Parameters<typeof saveDraft>[1]['attachments'];
};

/**
 * A case made through the public intake, as a client makes it: `fields`
 * replace the defaults of CLIENT_FIELDS (pass `{}` as the whole set with
 * `replaceFields` when a test needs none of them). Returns the send's
 * result: the case id, its reference and the status token.
 */
export async function submittedCase(
  db: Database,
  kind: CaseKind,
  fields: Record<string, string> = {},
  {
    now = SEED_DAY,
    baseUrl = TEST_BASE_URL,
    locale = 'lv',
    attachments = [],
    replaceFields = false,
  }: SubmitOptions & {
    replaceFields?: boolean;
  } = {},
) {
  const all = replaceFields ? fields : { ...CLIENT_FIELDS, ...fields };
  const draftId = await saveDraft(db, { kind, locale, fields: all, removeAttachmentIds: [], attachments });
  const sent = await submitDraft(db, draftId, { baseUrl, now });
  if (!sent.ok) throw new Error(`the test case was refused: ${JSON.stringify(sent)}`);
  return sent;
}

/**
 * When an official acts, unless a test says otherwise: the day after
 * SEED_DAY, so an action never reads the machine's clock (a case due in
 * December would be past due on a later run).
 */
export const ACTION_DAY = new Date('2026-11-25T09:00:00Z');

/** What a case action needs: who acts, on which case, at the version they saw, and when. */
export async function actionContext(
  db: Database,
  actor: StaffPerson,
  caseId: number,
  extra: { now?: Date; baseUrl?: string } = {},
): Promise<ActionContext> {
  const [row] = await db.select({ version: cases.version }).from(cases).where(eq(cases.id, caseId));
  if (!row) throw new Error(`no case ${caseId}`);
  return { actor, caseId, version: row.version, baseUrl: extra.baseUrl ?? TEST_BASE_URL, now: extra.now ?? ACTION_DAY };
}

/** Unit and topic ids by code, for fixtures that name them. */
export async function referenceIds(db: Database) {
  const unitIds = new Map((await db.select().from(units)).map((u) => [u.code, u.id]));
  const topicIds = new Map((await db.select().from(topics)).map((tp) => [tp.code, tp.id]));
  return {
    unit: (code: string) => unitIds.get(code) ?? fail(`no unit ${code}`),
    topic: (code: string) => topicIds.get(code) ?? fail(`no topic ${code}`),
  };
}

export type RecordedCase = {
  kind?: CaseKind;
  unit?: string;
  topic?: string | null;
  receivedAt: string;
  dueOn?: string | null;
  answeredAt?: string | null;
  closedAt?: string | null;
  status?: CaseStatus;
  outcome?: 'justified' | 'unjustified' | null;
  remedy?: string | null;
  channel?: ReplyChannel | null;
};

/**
 * A case written straight into the table, with the dates a report fixture
 * needs (a case received last March, answered late, …) and that the intake
 * could only make by waiting for them.
 */
export async function recordedCase(db: Database, c: RecordedCase) {
  const ids = await referenceIds(db);
  const receivedAt = new Date(c.receivedAt);
  const [row] = await db
    .insert(cases)
    .values({
      reference: `T-${randomBytes(5).toString('hex')}`,
      statusTokenHash: randomBytes(32).toString('hex'),
      kind: c.kind ?? 'question',
      status: c.status ?? (c.answeredAt ? 'answered' : c.closedAt ? 'closed' : 'in_progress'),
      receivedAt,
      receivedOn: rigaDateOf(receivedAt),
      dueOn: c.dueOn === undefined ? null : c.dueOn,
      unitId: ids.unit(c.unit ?? 'IVN'),
      topicId: c.topic === null ? null : ids.topic(c.topic ?? 'eia'),
      locale: 'lv',
      requestedLanguage: 'lv',
      replyLanguage: 'lv',
      replyChannel: c.channel === undefined ? 'email' : c.channel,
      details: 'Testa lieta',
      answeredAt: c.answeredAt ? new Date(c.answeredAt) : null,
      closedAt: c.closedAt ? new Date(c.closedAt) : null,
      complaintOutcome: c.outcome ?? null,
      complaintRemedy: c.remedy ?? null,
    })
    .returning({ id: cases.id, reference: cases.reference });
  return row!;
}

export type SurveyForTest = Awaited<ReturnType<typeof surveyWithItems>>;

/** A survey by code, with a way to find the item that asks about a criterion. */
export async function surveyWithItems(db: Database, code: string) {
  const [s] = await db.select().from(surveys).where(eq(surveys.code, code));
  if (!s) throw new Error(`no survey ${code}`);
  const items = await db.select().from(surveyItems).where(eq(surveyItems.surveyId, s.id));
  return {
    ...s,
    item: (c: SurveyCriterion) => items.find((i) => i.criterion === c)?.id ?? fail(`survey ${code} does not ask about ${c}`),
  };
}

/** A survey answer written straight into the tables, at the time a report fixture needs. */
export async function recordedAnswer(
  db: Database,
  survey: SurveyForTest,
  at: string,
  answers: Partial<Record<SurveyCriterion, number>>,
  context: { unitId?: number | null; topicId?: number | null; staffId?: number | null; comment?: string } = {},
) {
  const [r] = await db
    .insert(surveyResponses)
    .values({
      surveyId: survey.id,
      submittedAt: new Date(at),
      locale: 'lv',
      scaleMin: survey.scaleMin,
      scaleMax: survey.scaleMax,
      unitId: context.unitId ?? null,
      topicId: context.topicId ?? null,
      staffId: context.staffId ?? null,
      comment: context.comment ?? null,
      formKey: randomBytes(12).toString('hex'),
    })
    .returning({ id: surveyResponses.id });
  await db
    .insert(surveyAnswers)
    .values(Object.entries(answers).map(([c, value]) => ({ responseId: r!.id, itemId: survey.item(c as SurveyCriterion), value: value! })));
  return r!.id;
}

function fail(message: string): never {
  throw new Error(message);
}
