// What a satisfaction survey accepts (Q-2c, Q-3), and the arithmetic of the
// quality reports (Q-2 … Q-5b), as pure functions: the pages, the report
// queries and the tests all ask these.
import { z } from 'zod';
import type { FieldProblem } from '#src/forms/errors.ts';
import type { IsoDate } from '#src/calendar/dates.ts';
import { defaultLocale } from '#src/i18n/languages.ts';

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

/** a client can fill a survey in while it is open and today is within its dates (Europe/Riga). */
export function isSurveyOpen(survey: Pick<SurveyShape, 'open' | 'opensOn' | 'closesOn'>, today: IsoDate): boolean {
  return survey.open && survey.opensOn <= today && (survey.closesOn === null || today <= survey.closesOn);
}

function pick<T>(locale: string, lv: T, en: T): T {
  return locale === 'en' ? en : lv;
}

/** A survey's title and introduction in the interface language (Latvian for any language without its own text). */
export function surveyTexts(survey: Pick<SurveyShape, 'titleLv' | 'titleEn' | 'introLv' | 'introEn'>, locale: string) {
  return {
    title: pick(locale, survey.titleLv, survey.titleEn),
    intro: pick(locale, survey.introLv, survey.introEn) ?? survey.introLv,
  };
}

export function itemText(item: { textLv: string; textEn: string }, locale: string): string {
  return pick(locale, item.textLv, item.textEn);
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
// Report arithmetic (Q-2, Q-3, Q-4, Q-5b). The database counts (GROUP BY);
// these functions turn the counts into the figures a report shows, so the
// arithmetic has one definition, tested without a database.

/** Answers given with one value on one scale (a row of the monthly summary, summed). */
export type ScaleCount = { scaleMin: number; scaleMax: number; value: number; answers: number };

export type AnswerSummary = {
  /** How many answers. */
  n: number;
  /** The mean on the answers' own scale; null without answers, or when the answers mix scales (a mean across scales means nothing). */
  mean: number | null;
  /** Share (0–1) of answers in the top two points of their own scale; null without answers. */
  topTwoBox: number | null;
  /** The one scale all answers share, or null (none, or mixed). */
  scale: { min: number; max: number } | null;
  /** Answers per point of the scale, lowest first (only when there is one scale). */
  distribution: Array<{ value: number; answers: number }>;
};

/**
 * latvia.md: the State Chancellery reports "excellent" plus "good", the top
 * two points; on any scale (5, 6 or 10 points) that is max and max − 1.
 */
export function isTopTwo(value: number, scaleMax: number): boolean {
  return value >= scaleMax - 1;
}

export function summariseAnswers(counts: readonly ScaleCount[]): AnswerSummary {
  let n = 0;
  let sum = 0;
  let top = 0;
  const scales = new Map<string, { min: number; max: number }>();
  for (const c of counts) {
    if (c.answers <= 0) continue;
    n += c.answers;
    sum += c.value * c.answers;
    if (isTopTwo(c.value, c.scaleMax)) top += c.answers;
    scales.set(`${c.scaleMin}-${c.scaleMax}`, { min: c.scaleMin, max: c.scaleMax });
  }
  const scale = scales.size === 1 ? [...scales.values()][0]! : null;
  const distribution: AnswerSummary['distribution'] = [];
  if (scale) {
    for (let value = scale.min; value <= scale.max; value++) {
      distribution.push({ value, answers: counts.filter((c) => c.value === value && c.answers > 0).reduce((s, c) => s + c.answers, 0) });
    }
  }
  return {
    n,
    mean: n > 0 && scale ? sum / n : null,
    topTwoBox: n > 0 ? top / n : null,
    scale,
    distribution,
  };
}

/** A share (0–1), or null when nothing was counted. */
export function share(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/**
 * The median of a distribution given as value → how many (Q-5b: working
 * days to answer). With an even count, the mean of the two middle values,
 * as PostgreSQL's percentile_cont(0.5) and any statistics text give it.
 */
export function medianOf(histogram: ReadonlyArray<{ value: number; count: number }>): number | null {
  const sorted = histogram.filter((h) => h.count > 0).toSorted((a, b) => a.value - b.value);
  const total = sorted.reduce((s, h) => s + h.count, 0);
  if (total === 0) return null;
  const at = (position: number) => {
    let seen = 0;
    for (const h of sorted) {
      seen += h.count;
      if (seen >= position) return h.value;
    }
    return sorted.at(-1)!.value;
  };
  return total % 2 === 1 ? at((total + 1) / 2) : (at(total / 2) + at(total / 2 + 1)) / 2;
}
