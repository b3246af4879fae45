import { z } from 'zod';
import { REPLY_CHANNELS, type CaseKind, type ReplyChannel } from '#src/cases/schema.ts';
import { problemsFromZod, type FieldProblem } from '#src/forms/errors.ts';
import { REPLY_LANGUAGES } from '#src/i18n/languages.ts';
import { callbackDecision, classifyPhoneNumber, type CallbackDecision } from '#src/contact/phone.ts';
import { replyLanguage, STATE_LANGUAGE } from './language.ts';

// The public forms' rules, as plain functions: what each kind of submission
// asks, what is required, and what the portal decides from the answers
// (reply channel, reply language, callback or e-mail). S-4.2: nothing is
// required unless the case cannot go on without it.

/** The address segment of each form, e.g. /lv/information-request. */
export const FORM_SLUGS: Record<string, CaseKind> = {
  complaint: 'complaint',
  suggestion: 'suggestion',
  question: 'question',
  'information-request': 'information_request',
  callback: 'callback',
};
export const slugOf = (kind: CaseKind): string => Object.entries(FORM_SLUGS).find(([, k]) => k === kind)![0];

/** Kinds that may carry attachments (issue: complaints, questions, information requests). */
export const KINDS_WITH_ATTACHMENTS: readonly CaseKind[] = ['complaint', 'question', 'information_request'];

export const COMPLAINT_SUBJECTS = ['service', 'decision', 'official', 'other'] as const;
/** S-13: a client may ask to read the material in the office rather than get a copy. */
export const INFORMATION_FORMS = ['electronic', 'paper', 'in_office'] as const;

export const LIMITS = {
  name: 200,
  email: 254,
  phone: 40,
  address: 500,
  details: 5000,
  desiredOutcome: 2000,
  officialName: 200,
  relatedReference: 40,
  callbackTime: 200,
} as const;

/**
 * The fields in the order IntakeForm.astro shows them, by kind: the error
 * summary lists its problems in this order (D11, GOV.UK error summary), so
 * the first error is the first wrong field on the page. A callback asks for
 * the phone number with the call; the other forms ask for it with the
 * contact, after the e-mail address. Attachments stand after the text.
 */
const FIELD_ORDER: Record<'callback' | 'written', readonly string[]> = {
  callback: ['topic', 'details', 'phone', 'abroad', 'callbackTime', 'name', 'email', 'replyLanguage'],
  written: [
    'topic',
    'complaintAbout',
    'relatedReference',
    'officialName',
    'details',
    'desiredOutcome',
    'informationForm',
    'attachments',
    'anonymous',
    'wantsReply',
    'name',
    'replyChannel',
    'email',
    'phone',
    'abroad',
    'address',
    'replyLanguage',
  ],
};

/** The fields of a kind's form, top to bottom. */
export function fieldOrder(kind: CaseKind): readonly string[] {
  return FIELD_ORDER[kind === 'callback' ? 'callback' : 'written'];
}

/**
 * Problems in the order of their fields on the form (D11). A problem with
 * the whole form (field 'form') comes first: it is about everything below.
 */
export function inFormOrder(kind: CaseKind, problems: readonly FieldProblem[]): FieldProblem[] {
  const order = fieldOrder(kind);
  const place = (p: FieldProblem) => (p.field === 'form' ? -1 : order.includes(p.field) ? order.indexOf(p.field) : order.length);
  return [...problems].sort((a, b) => place(a) - place(b));
}

/** What the rules need to know about the institution. */
export type IntakeContext = {
  /** environmentalInformation: information requests on it follow that deadline rule (m6). */
  topics: ReadonlyArray<{ code: string; id: number; unitId: number; environmentalInformation?: boolean }>;
  triageUnitId: number;
  /** For each unit, the languages each of its active officials speaks (S-7). */
  languagesByUnit: ReadonlyMap<number, ReadonlyArray<readonly string[]>>;
};

/** Something the client must be told before they send (shown on the check page). */
export type IntakeNotice =
  | 'anonymousComplaint' // latvia.md: an anonymous complaint may be left unexamined
  | 'noReplyWithoutContact' // a suggestion without contact gets no answer
  | 'replyInLatvian' // S-7, S-14.5: nobody in the unit speaks the language asked for
  | 'emailInsteadOfCallback' // S-14.3.1, S-14.7: a foreign number or a client abroad
  | 'writtenInsteadOfCall'; // S-14.4: no official can talk in the language asked for

export type IntakeSubmission = {
  kind: CaseKind;
  topic: { id: number; code: string; environmentalInformation: boolean } | null;
  unitId: number;
  routedBy: 'topic' | 'triage';
  details: string;
  particulars: Record<string, string | boolean | null>;
  anonymous: boolean;
  replyChannel: ReplyChannel | null;
  contact: { name: string | null; email: string | null; phone: string | null; address: string | null };
  requestedLanguage: string;
  replyLanguage: string;
  notices: IntakeNotice[];
  callback?: { decision: CallbackDecision; phone: string; abroad: boolean };
};

export type IntakeResult = { ok: true; submission: IntakeSubmission } | { ok: false; problems: FieldProblem[] };

const text = (max: number) => z.string().trim().max(max, 'tooLong');
const optionalText = (max: number) => text(max).transform((v) => (v === '' ? null : v));
const required = (max: number) => text(max).min(1, 'required');
const checkbox = z.string().transform((v) => v !== '');

// Characters no name has: controls, invisible format and bidi marks, line
// and paragraph separators.
const NOT_IN_A_NAME = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
// A web address: a scheme, www., or a host name under a common top-level domain.
const WEB_ADDRESS =
  /:\/\/|\bwww\.|[\p{L}\p{N}-]\.(?:lv|com|net|org|eu|io|ru|info|biz|xyz|top|app|site|online|shop|link|click|co|me|ly|gov|edu|ee|lt|de|uk)\b/iu;

/**
 * A person's name is one line of plain text. Names are shown to staff and
 * greet the client in letters; a name with line breaks and a link turned the
 * institution's own mail into a phishing letter to any address (security
 * review M4), so such a name is refused at intake, not cleaned.
 */
export function isPlainName(value: string): boolean {
  return !NOT_IN_A_NAME.test(value) && !WEB_ADDRESS.test(value);
}
const personName = (max: number) => optionalText(max).refine((v) => v === null || isPlainName(v), 'plainName');

/** The fields every form shares; the kind's own fields are added below. */
const common = z.object({
  topic: z.string().min(1, 'required'),
  details: required(LIMITS.details),
  name: personName(LIMITS.name),
  email: optionalText(LIMITS.email).pipe(z.email('email').nullable()),
  phone: optionalText(LIMITS.phone),
  address: optionalText(LIMITS.address),
  replyChannel: z.string(),
  replyLanguage: z.string(),
  anonymous: checkbox,
  wantsReply: checkbox,
  // S-14.7 (m3): roaming cannot be seen in a number, so every form that
  // offers a reply by phone asks, as the callback form does.
  abroad: checkbox,
});

const byKind = {
  complaint: common.extend({
    complaintAbout: z.enum(COMPLAINT_SUBJECTS, 'choose'),
    officialName: personName(LIMITS.officialName),
    desiredOutcome: optionalText(LIMITS.desiredOutcome),
    relatedReference: optionalText(LIMITS.relatedReference),
  }),
  suggestion: common,
  question: common,
  information_request: common.extend({
    informationForm: z.enum(INFORMATION_FORMS, 'choose'),
  }),
  callback: common.extend({
    callbackTime: optionalText(LIMITS.callbackTime),
  }),
} satisfies Record<CaseKind, z.ZodType>;

/** Every field name a form of this kind posts (a draft keeps exactly these). */
export function fieldNames(kind: CaseKind): string[] {
  return Object.keys(byKind[kind].shape);
}

/**
 * Checks a form and decides what happens with it. `fields` are the posted
 * strings (a missing field is an empty string).
 */
export function validateIntake(kind: CaseKind, fields: Record<string, string>, context: IntakeContext): IntakeResult {
  const raw = Object.fromEntries(fieldNames(kind).map((name) => [name, fields[name] ?? '']));
  const parsed = byKind[kind].safeParse(raw);
  const problems: FieldProblem[] = parsed.success ? [] : problemsFromZod(parsed.error);
  const has = (field: string) => problems.some((p) => p.field === field);
  const add = (field: string, key: string, values?: Record<string, string | number>) => {
    if (!has(field)) problems.push({ field, key, ...(values ? { values } : {}) });
  };

  // Topic: one of the institution's, or "I don't know" (S-10: triage).
  const topicCode = raw.topic!.trim();
  const topic = context.topics.find((t) => t.code === topicCode) ?? null;
  if (topicCode && topicCode !== 'unknown' && !topic) add('topic', 'choose');
  const unitId = topic?.unitId ?? context.triageUnitId;

  // S-7: the language asked for; if nobody in the unit speaks it, Latvian.
  const requested = (REPLY_LANGUAGES as readonly string[]).includes(raw.replyLanguage!) ? raw.replyLanguage! : undefined;
  if (!requested) add('replyLanguage', 'choose');
  const language = replyLanguage(requested ?? STATE_LANGUAGE, context.languagesByUnit.get(unitId) ?? []);
  const notices: IntakeNotice[] = [];
  if (language.fallbackToLatvian) notices.push('replyInLatvian');

  const v = parsed.success ? (parsed.data as Record<string, unknown>) : undefined;
  // When another field failed, a field's own value still counts (the raw
  // text, trimmed), so one mistake does not bring a cascade of false errors.
  const CHECKBOXES = ['anonymous', 'wantsReply', 'abroad'];
  const value = <T>(field: string): T | null => {
    if (v) return (v[field] as T) ?? null;
    const text = (raw[field] ?? '').trim();
    return (CHECKBOXES.includes(field) ? text !== '' : text || null) as T | null;
  };
  const email = has('email') ? null : value<string>('email');
  const name = has('name') ? null : value<string>('name');
  const address = has('address') ? null : value<string>('address');

  // Whether the client wants an answer at all: a complaint may be sent
  // anonymously (and may then be left unexamined), a suggestion needs none.
  const anonymous =
    (kind === 'complaint' && value<boolean>('anonymous') === true) || (kind === 'suggestion' && value<boolean>('wantsReply') !== true);
  if (anonymous) notices.push(kind === 'complaint' ? 'anonymousComplaint' : 'noReplyWithoutContact');

  // The phone: any valid number for a reply by phone; for a callback the
  // rules of S-14.3.1 decide.
  const phoneInput = raw.phone!.trim();
  const number = phoneInput ? classifyPhoneNumber(phoneInput) : undefined;
  if (number?.kind === 'invalid') add('phone', 'phoneInvalid');
  const phone = number && number.kind !== 'invalid' ? number.e164 : null;

  let replyChannel: ReplyChannel | null = null;
  let callback: IntakeSubmission['callback'];
  if (kind === 'callback') {
    const abroad = value<boolean>('abroad') === true;
    if (!phoneInput) add('phone', 'required');
    else if (number?.kind === 'premium') add('phone', 'phonePremium');
    // S-14.4: a call must be in Latvian unless an official speaks the
    // language; otherwise the request is answered in writing.
    const decision = number && number.kind !== 'invalid' ? callbackDecision(number, { abroad }) : 'refuse';
    const inWriting = decision === 'email_instead' || (decision === 'callback' && language.fallbackToLatvian);
    if (decision === 'email_instead') notices.push('emailInsteadOfCallback');
    else if (inWriting) notices.push('writtenInsteadOfCall');
    if (inWriting && !email) add('email', decision === 'email_instead' ? 'emailForForeignNumber' : 'emailForLanguage');
    replyChannel = inWriting ? 'email' : 'phone';
    if (phone) callback = { decision: inWriting ? 'email_instead' : decision, phone, abroad };
    if (!name && !has('name')) add('name', 'required');
  } else if (!anonymous) {
    if (!name && !has('name')) add('name', 'required');
    const channel = (REPLY_CHANNELS as readonly string[]).includes(raw.replyChannel!) ? (raw.replyChannel as ReplyChannel) : null;
    if (!channel) add('replyChannel', 'choose');
    replyChannel = channel;
    if (channel === 'email' && !email) add('email', 'requiredForEmail');
    if (channel === 'post' && !address) add('address', 'requiredForPost');
    if (channel === 'in_person' && !email && !phone) add('email', 'requiredForInPerson');
    if (channel === 'phone') {
      if (!phoneInput) add('phone', 'requiredForPhone');
      else if (number?.kind === 'premium') add('phone', 'phonePremium');
      else if (number?.kind === 'foreign' || value<boolean>('abroad') === true) {
        // S-14.7: a number abroad, or a client abroad (m3), is answered by
        // e-mail whatever was chosen.
        notices.push('emailInsteadOfCallback');
        replyChannel = 'email';
        if (!email) add('email', 'emailForForeignNumber');
      }
    }
  }

  if (problems.length > 0 || !v) {
    // The error summary lists problems in the order the fields stand on the page.
    return { ok: false, problems: problems.length ? inFormOrder(kind, problems) : [{ field: 'details', key: 'required' }] };
  }

  const particulars: Record<string, string | boolean | null> = {};
  for (const field of [
    'complaintAbout',
    'officialName',
    'desiredOutcome',
    'relatedReference',
    'informationForm',
    'callbackTime',
    'abroad',
  ]) {
    // Being abroad matters to a callback, and to another form only when it changed the answer's channel.
    if (field === 'abroad' && kind !== 'callback' && !(v.abroad === true && raw.replyChannel === 'phone')) continue;
    if (field in v) particulars[field] = v[field] as string | boolean | null;
  }
  return {
    ok: true,
    submission: {
      kind,
      topic: topic ? { id: topic.id, code: topic.code, environmentalInformation: topic.environmentalInformation ?? false } : null,
      unitId,
      routedBy: topic ? 'topic' : 'triage',
      details: v.details as string,
      particulars,
      anonymous,
      replyChannel: anonymous ? null : replyChannel,
      contact: anonymous ? { name: null, email: null, phone: null, address: null } : { name, email, phone, address },
      requestedLanguage: language.requested,
      replyLanguage: language.replyIn,
      notices,
      ...(callback ? { callback } : {}),
    },
  };
}

/** The reference number a client quotes: PREFIX-YEAR-NNNNNN, sequential per year. */
export function formatReference(prefix: string, year: number, sequence: number): string {
  return `${prefix}-${year}-${String(sequence).padStart(6, '0')}`;
}
