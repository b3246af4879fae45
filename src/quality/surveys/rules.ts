// What a satisfaction survey accepts (Q-2c, Q-3), and what a new survey
// campaign needs, as pure functions: the pages, the queries and the tests
// all ask these.
import { z } from 'zod';
import type { FieldProblem } from '#src/forms/errors.ts';
import { isIsoDate, type IsoDate } from '#src/calendar/dates.ts';
import { parseDateText } from '#src/calendar/date-text.ts';
import { defaultLocale } from '#src/i18n/languages.ts';
import { localName } from '#src/i18n/local-name.ts';
import { isPlainName } from '#src/intake/rules.ts';

/** What the rules need to know about a survey (a database row fits). */
export type SurveyShape = {
  code: string;
  open: boolean;
  opensOn: string;
  closesOn: string | null;
  scaleMin: number;
  scaleMax: number;
  scaleLabels: Record<string, string[]>;
  titleLv: string;
  titleEn: string;
  introLv: string | null;
  introEn: string | null;
  items: ReadonlyArray<{ id: number; textLv: string; textEn: string }>;
};

export const COMMENT_MAX = 2000;
export const CONTACT_NAME_MAX = 200;
// RFC 5321: a forward path is at most 256 octets, so an address at most 254.
export const CONTACT_EMAIL_MAX = 254;

/** The radio value that means "no answer": every item may be skipped. */
export const NO_ANSWER = 'none';

/** The names of the survey form's fields; an item's radios are `item-<id>`. */
export const SURVEY_FIELDS = {
  comment: 'comment',
  answerWanted: 'answerWanted',
  contactName: 'contactName',
  contactEmail: 'contactEmail',
  /** The honeypot: hidden from people, filled in by bots. */
  honeypot: 'website',
  formKey: 'formKey',
  /** Problems of the form as a whole (the error summary links to the form). */
  form: 'survey-form',
} as const;

export function itemField(itemId: number): string {
  return `item-${itemId}`;
}

/** What a client posted, as text, before any check. */
export type SurveyPost = {
  /** Item id → the chosen value as posted ('' or NO_ANSWER: skipped). */
  answers: Record<string, string>;
  comment: string;
  answerWanted: boolean;
  contactName: string;
  contactEmail: string;
  /** The honeypot's content: anything here means a bot. */
  honeypot: string;
};

export type SurveyAnswer = { itemId: number; value: number };
export type SurveyContact = { name: string | null; email: string };

/** A survey response that passed the rules, ready to store. */
export type SurveySubmission = {
  answers: SurveyAnswer[];
  comment: string | null;
  /** S-4.2: null unless the client asked for an answer. */
  contact: SurveyContact | null;
};

export type SurveyCheck = { ok: true; submission: SurveySubmission } | { ok: false; problems: FieldProblem[] };

const email = z.email();

/**
 * Checks a posted survey against the survey's own scale and items. Every
 * item may be left unanswered; a value must be a whole number on the
 * scale. S-4.2: a response is anonymous unless the client asks for an
 * answer; only then is an e-mail address needed (the name stays optional),
 * and only then is any contact kept.
 */
export function checkSurveyPost(survey: Pick<SurveyShape, 'scaleMin' | 'scaleMax' | 'items'>, post: SurveyPost): SurveyCheck {
  const problems: FieldProblem[] = [];

  // A bot filled the hidden field: refuse the whole form, say nothing more.
  if (post.honeypot.trim() !== '') {
    return { ok: false, problems: [{ field: SURVEY_FIELDS.form, key: 'honeypot' }] };
  }

  const position = new Map(survey.items.map((item, i) => [String(item.id), i + 1]));
  const answers: SurveyAnswer[] = [];
  for (const [itemId, raw] of Object.entries(post.answers)) {
    const number = position.get(itemId);
    if (number === undefined) {
      problems.push({ field: SURVEY_FIELDS.form, key: 'unknownItem' });
      continue;
    }
    const text = raw.trim();
    if (text === '' || text === NO_ANSWER) continue;
    const value = /^-?\d{1,3}$/.test(text) ? Number(text) : Number.NaN;
    if (!Number.isInteger(value) || value < survey.scaleMin || value > survey.scaleMax) {
      problems.push({
        field: itemField(Number(itemId)),
        key: 'scaleValue',
        values: { number, min: survey.scaleMin, max: survey.scaleMax },
      });
      continue;
    }
    answers.push({ itemId: Number(itemId), value });
  }

  const comment = post.comment.trim();
  if ([...comment].length > COMMENT_MAX) {
    problems.push({ field: SURVEY_FIELDS.comment, key: 'tooLong', values: { count: COMMENT_MAX } });
  }

  // D4: an all-empty form is refused, so it neither counts as a response
  // nor spends an answered case's one rating.
  if (problems.length === 0 && !hasAnyAnswer(answers, comment)) {
    problems.push({ field: SURVEY_FIELDS.form, key: 'empty' });
  }

  let contact: SurveyContact | null = null;
  if (post.answerWanted) {
    const address = post.contactEmail.trim();
    const name = post.contactName.trim();
    if (address === '') {
      problems.push({ field: SURVEY_FIELDS.contactEmail, key: 'required' });
    } else if (address.length > CONTACT_EMAIL_MAX) {
      problems.push({ field: SURVEY_FIELDS.contactEmail, key: 'tooLong', values: { count: CONTACT_EMAIL_MAX } });
    } else if (!email.safeParse(address).success) {
      problems.push({ field: SURVEY_FIELDS.contactEmail, key: 'email' });
    }
    if ([...name].length > CONTACT_NAME_MAX) {
      problems.push({ field: SURVEY_FIELDS.contactName, key: 'tooLong', values: { count: CONTACT_NAME_MAX } });
    } else if (!isPlainName(name)) {
      // The name goes into a question case and its letters: the intake's rule for names (M4).
      problems.push({ field: SURVEY_FIELDS.contactName, key: 'plainName' });
    }
    contact = { name: name === '' ? null : name, email: address };
  }

  if (problems.length > 0) {
    // One summary line for a tampered form is enough.
    const seen = new Set<string>();
    return {
      ok: false,
      problems: problems.filter((p) => {
        const id = `${p.field}:${p.key}`;
        if (seen.has(id)) return false;
        seen.add(id);
        return true;
      }),
    };
  }
  // Skipped items stay unstored (no row), so a mean counts only real answers.
  answers.sort((a, b) => (position.get(String(a.itemId)) ?? 0) - (position.get(String(b.itemId)) ?? 0));
  return { ok: true, submission: { answers, comment: comment === '' ? null : comment, contact } };
}

/** A response says something: at least one rating on the scale, or a comment (D4). */
export function hasAnyAnswer(answers: readonly SurveyAnswer[], comment: string): boolean {
  return answers.length > 0 || comment.trim() !== '';
}

/** a client can fill a survey in while it is open and today is within its dates (Europe/Riga). */
export function isSurveyOpen(survey: Pick<SurveyShape, 'open' | 'opensOn' | 'closesOn'>, today: IsoDate): boolean {
  return survey.open && survey.opensOn <= today && (survey.closesOn === null || today <= survey.closesOn);
}

/** A survey's title and introduction in the interface language (Latvian for any language without its own text). */
export function surveyTexts(survey: Pick<SurveyShape, 'titleLv' | 'titleEn' | 'introLv' | 'introEn'>, locale: string) {
  return {
    title: localName(survey, locale, 'title'),
    intro: localName(survey, locale, 'intro') || survey.introLv,
  };
}

export function itemText(item: { textLv: string; textEn: string }, locale: string): string {
  return localName(item, locale, 'text');
}

/** The scale's points, lowest first, each with its number and its label in the language (latvia.md: the scale is data). */
export function scalePoints(
  survey: Pick<SurveyShape, 'scaleMin' | 'scaleMax' | 'scaleLabels'>,
  locale: string,
): Array<{ value: number; label: string | undefined }> {
  const labels = survey.scaleLabels[locale] ?? survey.scaleLabels[defaultLocale] ?? [];
  const points = [];
  for (let value = survey.scaleMin; value <= survey.scaleMax; value++) {
    points.push({ value, label: labels[value - survey.scaleMin] });
  }
  return points;
}

// ---------------------------------------------------------------------------
// Campaigns (Q-2c, Q-3): what a manager posts to start one.

/** A posted form's text field by name. */
type Posted = (name: string) => string;

export type CampaignInput = {
  period: 'yearly' | 'as_needed';
  year: number | null;
  opensOn: IsoDate;
  closesOn: IsoDate | null;
  subjectStaffId: number | null;
};

/**
 * a yearly campaign for a year (open that whole year unless dates are
 * given); Q-2c: an "as needed" one, about one official or about the service.
 */
export function checkCampaign(
  posted: Posted,
  context: { officials: ReadonlySet<number>; today: IsoDate },
): { ok: true; value: CampaignInput } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const period = posted('period');
  if (period !== 'yearly' && period !== 'as_needed') problems.push({ field: 'period', key: 'chooseOne' });
  const thisYear = Number(context.today.slice(0, 4));
  const yearText = posted('year').trim();
  const year = /^\d{4}$/.test(yearText) ? Number(yearText) : Number.NaN;
  if (period === 'yearly' && !(year >= thisYear - 1 && year <= thisYear + 1))
    problems.push({ field: 'year', key: 'yearRange', values: { from: thisYear - 1, to: thisYear + 1 } });
  const opensText = posted('opensOn').trim();
  const closesText = posted('closesOn').trim();
  const opensOn = opensText === '' && period === 'yearly' && year ? `${year}-01-01` : (parseDateText(opensText) ?? opensText);
  const closesOn = closesText === '' ? (period === 'yearly' && year ? `${year}-12-31` : null) : (parseDateText(closesText) ?? closesText);
  if (!isIsoDate(opensOn)) problems.push({ field: 'opensOn', key: 'date' });
  if (closesOn !== null && !isIsoDate(closesOn)) problems.push({ field: 'closesOn', key: 'date' });
  else if (closesOn !== null && isIsoDate(opensOn) && closesOn < opensOn) problems.push({ field: 'closesOn', key: 'beforeOpening' });
  const subjectText = posted('subjectStaffId').trim();
  const subject = subjectText === '' ? null : Number(subjectText);
  if (subject !== null && (period !== 'as_needed' || !context.officials.has(subject)))
    problems.push({ field: 'subjectStaffId', key: 'chooseOfficial' });
  return problems.length > 0
    ? { ok: false, problems }
    : {
        ok: true,
        value: {
          period: period as 'yearly' | 'as_needed',
          year: period === 'yearly' ? year : null,
          opensOn,
          closesOn,
          subjectStaffId: subject,
        },
      };
}
