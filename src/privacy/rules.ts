import { z } from 'zod';
import { addCalendarDays } from '#src/calendar/dates.ts';
import { rigaDateOf, rigaLocalToInstant } from '#src/calendar/riga-time.ts';
import { problemsFromZod, type FieldProblem } from '#src/forms/errors.ts';
import { classifyPhoneNumber } from '#src/contact/phone.ts';

// What the GDPR asks of the portal's records, as plain functions: how long
// personal data is kept (Art. 5(1)(e), storage limitation), what is removed
// when that time is up and what stays for the reports, and how an
// administrator's search for one person's data is read (Art. 15, 17).

/**
 * The kinds of record with a retention period (latvia.md: "keep a retention
 * period per kind of record"). Each is a row of retention_rules, edited by
 * an administrator; these are only the seed's values.
 */
export const RETENTION_KINDS = ['closed_cases', 'survey_contacts', 'sent_mail'] as const;
export type RetentionKind = (typeof RETENTION_KINDS)[number];
export type RetentionPeriods = Record<RetentionKind, number>;

export const DEFAULT_RETENTION_DAYS: RetentionPeriods = {
  // Five years after a case is closed (1826 days: five years and a leap day).
  closed_cases: 1826,
  // A survey's contact was given only for an answer (consent, Art. 6(1)(a)).
  survey_contacts: 365,
  // A sent message is a copy of what the case itself holds.
  sent_mail: 90,
};

export const RETENTION_DAYS = { min: 1, max: 3650 } as const;

const days = z
  .string()
  .trim()
  .min(1, 'required')
  .regex(/^\d{1,6}$/, 'wholeDays')
  .transform(Number)
  .pipe(z.number().int().min(RETENTION_DAYS.min, 'daysRange').max(RETENTION_DAYS.max, 'daysRange'));
const RetentionInput = z.object(Object.fromEntries(RETENTION_KINDS.map((k) => [k, days])) as Record<RetentionKind, typeof days>);

/** Checks the retention form: whole days, 1 to 3650, for every kind. */
export function checkRetentionInput(
  raw: Record<RetentionKind, string>,
): { ok: true; periods: RetentionPeriods } | { ok: false; problems: FieldProblem[] } {
  const parsed = RetentionInput.safeParse(raw);
  if (parsed.success) return { ok: true, periods: parsed.data };
  return { ok: false, problems: problemsFromZod(parsed.error).map((p) => ({ ...p, values: { ...RETENTION_DAYS } })) };
}

/**
 * The start of the oldest Riga day still within a period of `days` days:
 * whatever happened before this instant is past its period. Periods count
 * in Riga calendar days (latvia.md: times are Europe/Riga), so a case
 * closed at 00:30 in Riga counts from that Riga day, whatever UTC says.
 */
export function retentionCutoff(now: Date, days: number): Date {
  return rigaLocalToInstant(addCalendarDays(rigaDateOf(now), -days), '00:00');
}

/**
 * Whether something that happened at `at` is more than `days` days ago: a
 * case closed on 1 March with a period of 10 days is kept through 11 March
 * and is due on 12 March.
 */
export function isPastRetention(at: Date, now: Date, days: number): boolean {
  return rigaDateOf(at) < addCalendarDays(rigaDateOf(now), -days);
}

/** A closed case whose period is over and whose personal data is still there. */
export function isDueForAnonymisation(c: { closedAt: Date | null; anonymisedAt: Date | null }, now: Date, days: number): boolean {
  return c.closedAt !== null && c.anonymisedAt === null && isPastRetention(c.closedAt, now, days);
}

/**
 * The answers of a case's own form that stay after anonymisation: choices
 * and facts the reports and the history read, none written by the client.
 * Everything else (desired outcome, the official's name as the client gave
 * it, the best time to call) is the client's free text and goes. A key not
 * named here goes too, so a field added to a form later is removed by
 * default (Art. 25(2), data protection by default).
 */
export const KEPT_PARTICULARS: readonly string[] = ['complaintAbout', 'informationForm', 'relatedReference', 'abroad', 'callbackDecision'];

export function anonymisedParticulars(particulars: Record<string, string | boolean | null>): Record<string, string | boolean | null> {
  return Object.fromEntries(Object.entries(particulars).filter(([key]) => KEPT_PARTICULARS.includes(key)));
}

/**
 * The keys of a history entry's data that stay: codes, ids, dates, and the
 * institution's own texts (an answer, a reason, a remedy, an official's
 * note, a referral's authority). What the client wrote is not among them, and
 * a key not named here is removed, for the same reason as above.
 */
export const KEPT_EVENT_DATA: readonly string[] = [
  'notices',
  'unitId',
  'by',
  'topic',
  'requested',
  'replyIn',
  'staffId',
  'from',
  'to',
  'toUnit',
  'reason',
  'text',
  'note',
  'channel',
  'outcome',
  'remedy',
  'authorityId',
  'authorityName',
  'contacts',
  'forwardBy',
  'switchedTo',
];

export function anonymisedEventData(data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).filter(([key]) => KEPT_EVENT_DATA.includes(key)));
}

/**
 * What anonymisation writes over a case's personal data. Everything the
 * reports count stays: kind, status, dates, unit, topic, channel, the
 * languages, the complaint's outcome (Art. 89(1): statistics need no
 * names). `details` cannot be null, so it becomes empty.
 */
export function anonymisedCase(c: { particulars: Record<string, string | boolean | null> }) {
  return {
    contactName: null,
    contactEmail: null,
    contactPhone: null,
    postalAddress: null,
    details: '',
    particulars: anonymisedParticulars(c.particulars),
  };
}

/** One person's data is searched by e-mail address, phone number or both. */
export type SubjectQuery = { email: string | null; phone: string | null };

const SubjectEmail = z.string().trim().toLowerCase().max(254, 'tooLong').pipe(z.email('email'));

/**
 * Reads the search form. The e-mail is compared without regard to case;
 * the phone is parsed like the intake forms store it (E.164, a number
 * without a country code read as Latvian), so "29 123 456" finds
 * +37129123456.
 */
export function checkSubjectQuery(raw: {
  email: string;
  phone: string;
}): { ok: true; query: SubjectQuery } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  let email: string | null = null;
  let phone: string | null = null;
  if (raw.email.trim()) {
    const parsed = SubjectEmail.safeParse(raw.email);
    if (parsed.success) email = parsed.data;
    else problems.push(...problemsFromZod(parsed.error).map((p) => ({ ...p, field: 'email' })));
  }
  if (raw.phone.trim()) {
    const number = classifyPhoneNumber(raw.phone);
    if (number.kind === 'invalid') problems.push({ field: 'phone', key: 'phoneInvalid' });
    else phone = number.e164;
  }
  if (!raw.email.trim() && !raw.phone.trim()) problems.push({ field: 'email', key: 'searchTerm' });
  return problems.length ? { ok: false, problems } : { ok: true, query: { email, phone } };
}

/**
 * Art. 17(1): the grounds on which a person may have their data erased. An
 * administrator names the one that applies; it is what the audit log keeps
 * (never the person's name or contacts).
 */
export const ERASURE_GROUNDS = ['no_longer_needed', 'consent_withdrawn', 'objection', 'unlawful', 'legal_obligation'] as const;
export type ErasureGround = (typeof ERASURE_GROUNDS)[number];

export type ErasureInput = { ground: ErasureGround; note: string | null; includeOpen: boolean };

const ErasureForm = z.object({
  ground: z.enum(ERASURE_GROUNDS, 'chooseGround'),
  note: z
    .string()
    .trim()
    .max(200, 'tooLong')
    .transform((v) => (v === '' ? null : v)),
  confirmed: z.literal(true, 'confirmErasure'),
  includeOpen: z.boolean(),
});

/** The confirmation step: a ground, an optional note (e.g. the request's registration number), and an explicit "yes". */
export function checkErasureInput(raw: {
  ground: string;
  note: string;
  confirmed: boolean;
  includeOpen: boolean;
}): { ok: true; input: ErasureInput } | { ok: false; problems: FieldProblem[] } {
  const parsed = ErasureForm.safeParse(raw);
  if (!parsed.success) return { ok: false, problems: problemsFromZod(parsed.error) };
  const { ground, note, includeOpen } = parsed.data;
  return { ok: true, input: { ground, note, includeOpen } };
}

/**
 * Which of a person's cases an erasure anonymises. A closed case always.
 * A case still being examined only when the administrator says the client
 * withdraws it: until then the institution needs the data to answer, which
 * is its legal obligation (Art. 17(3)(b)).
 */
export function isErasable(c: { closedAt: Date | null; anonymisedAt: Date | null }, includeOpen: boolean): boolean {
  return c.anonymisedAt === null && (c.closedAt !== null || includeOpen);
}
