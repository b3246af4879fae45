// The survey form between the request and the database: what the page
// shows again after a round trip, and the one call a page makes on POST.
// Used by the public survey page and by the case-rating page alike.
import type { PostedForm } from '#src/forms/read.ts';
import type { FieldProblem } from '#src/forms/errors.ts';
import type { Database } from '#src/db/client.ts';
import { rigaDateOf } from '#src/calendar/riga-time.ts';
import { config } from '#src/config.ts';
import { portalSecret } from '#src/platform/secrets.ts';
import { clientKey, consumeRateLimit, type RateLimit } from '#src/platform/rate-limit.ts';
import { checkSurveyPost, isSurveyOpen, itemField, SURVEY_FIELDS, type SurveyPost } from './rules.ts';
import { openCaseForSurveyComment } from './answer-wanted.ts';
import { recordSurveyResponse, type CaseContext, type RecordedSurveyResponse, type SurveyWithItems } from './queries.ts';
import { checkFormKey, issueFormKey } from './form-key.ts';

/** What the form shows: the client's choices and text, and its one-time key. The honeypot is never shown again. */
export type SurveyFormValues = Omit<SurveyPost, 'honeypot'> & { formKey: string };

/** Long enough for any key we issue, short enough that a forged one costs nothing to look at. */
const POSTED_KEY = /^[A-Za-z0-9._-]{1,80}$/;

const FORM_KEY_SECRET = 'survey-form-key';

/** The answers one address may send to one survey in an hour (M5): a kiosk in the office stays well within it. */
export function surveyRateLimit(): RateLimit {
  return { limit: config().surveyRateLimit, windowSeconds: 3600 };
}

/** The rate-limit key of one address for one survey; the campaigns page counts the refusals by its prefix. */
export function surveyRateKey(surveyId: number, address: string): string {
  return clientKey(`survey:${surveyId}`, address);
}

/** A form as first shown: nothing chosen, and a key the server issued for this survey. */
export async function freshSurveyValues(db: Database, surveyId: number, now: Date): Promise<SurveyFormValues> {
  return {
    answers: {},
    comment: '',
    answerWanted: false,
    contactName: '',
    contactEmail: '',
    formKey: issueFormKey(await portalSecret(db, FORM_KEY_SECRET), surveyId, now),
  };
}

/** A posted form as the rules read it; the survey's own items say which radios to read. */
export function surveyPostFrom(form: PostedForm, survey: { items: ReadonlyArray<{ id: number }> }): SurveyPost & { formKey: string } {
  const answers: Record<string, string> = {};
  for (const item of survey.items) {
    const value = form.text(itemField(item.id));
    if (value !== '') answers[String(item.id)] = value;
  }
  const posted = form.text(SURVEY_FIELDS.formKey);
  return {
    answers,
    comment: form.text(SURVEY_FIELDS.comment),
    answerWanted: form.texts(SURVEY_FIELDS.answerWanted).includes('yes'),
    contactName: form.text(SURVEY_FIELDS.contactName),
    contactEmail: form.text(SURVEY_FIELDS.contactEmail),
    honeypot: form.text(SURVEY_FIELDS.honeypot),
    // Kept across an error round trip, so the retry is the same submission;
    // whether the server issued it is checked before anything is stored.
    formKey: POSTED_KEY.test(posted) ? posted : '',
  };
}

export type SurveyFormOutcome =
  | RecordedSurveyResponse
  | { kind: 'invalid'; status: 400 | 429; values: SurveyFormValues; problems: FieldProblem[]; retryAfterSeconds?: number }
  | { kind: 'closed' };

/**
 * Checks a posted survey form and, when it passes, stores the response.
 * A form that cannot be read (wrong content type, broken body) comes back
 * as a problem to show, with an empty form, never as an exception. Every
 * post counts against the address's limit for this survey, and only a key
 * the server issued for this survey, within its lifetime, stores anything
 * (M5: the satisfaction figures of Q-3 cannot be stuffed from a loop).
 */
export async function submitSurveyForm(
  db: Database,
  input: {
    survey: SurveyWithItems;
    form: PostedForm;
    locale: string;
    caseContext?: CaseContext | undefined;
    /** The client's address, as clientAddressOf gives it. */
    clientAddress: string;
    now?: Date;
  },
): Promise<SurveyFormOutcome> {
  const now = input.now ?? new Date();
  const { survey } = input;
  if (!isSurveyOpen(survey, rigaDateOf(now))) return { kind: 'closed' };
  const fresh = () => freshSurveyValues(db, survey.id, now);
  if (!input.form.readable) {
    return { kind: 'invalid', status: 400, values: await fresh(), problems: [{ field: SURVEY_FIELDS.form, key: 'unreadable' }] };
  }
  const post = surveyPostFrom(input.form, survey);
  // Shown again as posted, but for the honeypot: a person retrying must not inherit it.
  const { honeypot: _, ...shown } = post;
  const limit = await consumeRateLimit(db, surveyRateKey(survey.id, input.clientAddress), surveyRateLimit(), now);
  if (!limit.allowed) {
    return {
      kind: 'invalid',
      status: 429,
      values: shown,
      problems: [{ field: SURVEY_FIELDS.form, key: 'rateLimited', values: { minutes: Math.ceil(limit.retryAfterSeconds / 60) } }],
      retryAfterSeconds: limit.retryAfterSeconds,
    };
  }
  const key = checkFormKey(await portalSecret(db, FORM_KEY_SECRET), post.formKey, survey.id, now);
  const check = checkSurveyPost(survey, post);
  if (key !== 'valid' || !check.ok) {
    const problems: FieldProblem[] = check.ok ? [] : [...check.problems];
    if (key !== 'valid') problems.unshift({ field: SURVEY_FIELDS.form, key: key === 'expired' ? 'formExpired' : 'formUnknown' });
    // What was typed stays; a key the server did not issue is replaced by one it did, so sending again works.
    return { kind: 'invalid', status: 400, values: key === 'valid' ? shown : { ...shown, formKey: (await fresh()).formKey }, problems };
  }
  // "We will write to you": a comment that asked for an answer becomes a case
  // (answer-wanted.ts), in the response's transaction, so the answer is never
  // recorded without the case that keeps its promise; and once, not on a
  // double submit (only a new response opens one).
  const { contact, comment } = check.submission;
  return recordSurveyResponse(
    db,
    {
      survey,
      answers: check.submission.answers,
      comment,
      contact,
      locale: input.locale,
      formKey: post.formKey,
      caseContext: input.caseContext,
      now,
    },
    contact && comment ? (tx) => openCaseForSurveyComment(tx, { survey, comment, contact, locale: input.locale, now }) : undefined,
  );
}
