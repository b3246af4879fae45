// The survey form between the request and the database: what the page
// shows again after a round trip, and the one call a page makes on POST.
// Used by the public survey page and by the case-rating page alike.
import { randomBytes } from 'node:crypto';
import type { PostedForm } from '#src/forms/read.ts';
import type { FieldProblem } from '#src/forms/errors.ts';
import type { Database } from '#src/db/client.ts';
import type { IsoDate } from '#src/calendar/dates.ts';
import { todayInRiga } from '#src/calendar/riga-time.ts';
import { checkSurveyPost, isSurveyOpen, itemField, SURVEY_FIELDS, type SurveyPost } from './rules.ts';
import { recordSurveyResponse, type CaseContext, type RecordedSurveyResponse, type SurveyWithItems } from './queries.ts';

/** What the form shows: the client's choices and text, and its one-time key. The honeypot is never shown again. */
export type SurveyFormValues = Omit<SurveyPost, 'honeypot'> & { formKey: string };

const FORM_KEY = /^[A-Za-z0-9_-]{16,64}$/;

/** A fresh one-time key for a rendered form: a double submit of it stores one response. */
export function newFormKey(): string {
  return randomBytes(18).toString('base64url');
}

export function emptySurveyValues(): SurveyFormValues {
  return { answers: {}, comment: '', answerWanted: false, contactName: '', contactEmail: '', formKey: newFormKey() };
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
    // Kept across an error round trip, so the retry is the same submission.
    formKey: FORM_KEY.test(posted) ? posted : newFormKey(),
  };
}

export type SurveyFormOutcome =
  RecordedSurveyResponse | { kind: 'invalid'; values: SurveyFormValues; problems: FieldProblem[] } | { kind: 'closed' };

/**
 * Checks a posted survey form and, when it passes, stores the response.
 * A form that cannot be read (wrong content type, broken body) comes back
 * as a problem to show, with an empty form, never as an exception.
 */
export async function submitSurveyForm(
  db: Database,
  input: {
    survey: SurveyWithItems;
    form: PostedForm;
    locale: string;
    caseContext?: CaseContext | undefined;
    today?: IsoDate;
  },
): Promise<SurveyFormOutcome> {
  if (!isSurveyOpen(input.survey, input.today ?? todayInRiga())) return { kind: 'closed' };
  if (!input.form.readable) {
    return { kind: 'invalid', values: emptySurveyValues(), problems: [{ field: SURVEY_FIELDS.form, key: 'unreadable' }] };
  }
  const post = surveyPostFrom(input.form, input.survey);
  const check = checkSurveyPost(input.survey, post);
  if (!check.ok) {
    // Shown again as posted, but for the honeypot: a person retrying must not inherit it.
    const { honeypot: _, ...shown } = post;
    return { kind: 'invalid', values: shown, problems: check.problems };
  }
  return recordSurveyResponse(db, {
    survey: input.survey,
    answers: check.submission.answers,
    comment: check.submission.comment,
    contact: check.submission.contact,
    locale: input.locale,
    formKey: post.formKey,
    caseContext: input.caseContext,
  });
}
