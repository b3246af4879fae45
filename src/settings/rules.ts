// What the administrator's settings accept, as pure functions: the pages,
// the database layer (src/settings/admin.ts) and the unit tests all ask
// these. Checks that need the database (a code already taken, the triage
// unit, a unit's active topics) live in admin.ts and calendar-admin.ts.
import { z } from 'zod';
import { problemsFromZod, type FieldProblem } from '#src/forms/errors.ts';
import type { PostedForm } from '#src/forms/read.ts';
import { isoDate, weekday, type IsoDate } from '#src/calendar/dates.ts';
import type { CalendarDay, CalendarDayKind } from '#src/calendar/holidays.ts';
import type { DeadlineRule, PeriodUnit } from '#src/calendar/deadlines.ts';
import { classifyPhoneNumber } from '#src/contact/phone.ts';
import { hasBrokenBraces, unknownPlaceholders } from './templates.ts';

export type Checked<T> = { ok: true; input: T } | { ok: false; problems: FieldProblem[] };

export const MIB = 1024 * 1024;

/** Ranges an administrator may choose, [min, max], by field. */
export const RANGES = {
  attachmentMaxFiles: [1, 10],
  attachmentMaxMb: [1, 10],
  sessionIdleMinutes: [5, 480],
  sessionAbsoluteHours: [1, 24],
  maxFailuresPerAccount: [3, 20],
  maxFailuresPerAddress: [5, 200],
  failureWindowMinutes: [1, 120],
  sortOrder: [0, 9999],
} as const satisfies Record<string, readonly [number, number]>;

export const LIMITS = {
  name: 200,
  shortName: 40,
  address: 300,
  email: 254,
  phone: 40,
  website: 300,
  competence: 1000,
  note: 500,
  body: 5000,
} as const;

/** Kinds of request a deadline rule is kept for (latvia.md's table). */
export const REQUEST_KINDS = [
  'question',
  'complaint',
  'suggestion',
  'callback',
  'information_request',
  'environmental_information',
  'referral',
] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

export const PERIOD_UNITS = ['working_days', 'calendar_days', 'months'] as const satisfies readonly PeriodUnit[];

/** The longest period each unit may express: a deadline of years is a typing mistake. */
export const PERIOD_MAX: Record<PeriodUnit, number> = { working_days: 250, calendar_days: 366, months: 24 };

export const TEMPLATE_PURPOSES = ['abusive', 'referral', 'disproportionate', 'answer'] as const;
export type TemplatePurpose = (typeof TEMPLATE_PURPOSES)[number];

export const CALENDAR_KINDS = ['holiday', 'day_off', 'working_day'] as const satisfies readonly CalendarDayKind[];

/** ISO weekdays, 1 = Monday … 7 = Sunday (latvia.md: weeks start on Monday). */
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/** A problem's range words need both ends; zod's issue carries one at most. */
function problemsOf(error: z.ZodError): FieldProblem[] {
  return problemsFromZod(error).map((p) => {
    const range = (RANGES as Record<string, readonly [number, number]>)[p.field];
    return p.key === 'range' && range ? { ...p, values: { min: range[0], max: range[1] } } : p;
  });
}

const required = (max: number) => z.string().trim().min(1, 'required').max(max, 'tooLong');
const optional = (max: number) =>
  z
    .string()
    .trim()
    .max(max, 'tooLong')
    .transform((v) => (v === '' ? null : v));
const email = z.string().trim().toLowerCase().max(LIMITS.email, 'tooLong').pipe(z.email('email'));
const optionalEmail = optional(LIMITS.email)
  .transform((v) => v?.toLowerCase() ?? null)
  .pipe(z.email('email').nullable());
// Only web addresses a client can open: no javascript:, mailto: or bare names.
const optionalWebsite = optional(LIMITS.website).pipe(
  z.url({ protocol: /^https?$/, hostname: z.regexes.domain, error: 'website' }).nullable(),
);
const whole = (field: keyof typeof RANGES) =>
  z
    .string()
    .trim()
    .min(1, 'required')
    .regex(/^\d{1,6}$/, 'wholeNumber')
    .transform(Number)
    .refine((n) => n >= RANGES[field][0] && n <= RANGES[field][1], 'range');

/**
 * A published telephone number (the institution's, an authority's): any
 * valid number, read as Latvian without a country code, through the same
 * maintained library the callback form uses. A premium-rate number is no
 * contact for the public (latvia.md: never call back a premium number).
 */
function phoneProblem(value: string): string | undefined {
  const number = classifyPhoneNumber(value);
  if (number.kind === 'invalid') return 'phoneInvalid';
  if (number.kind === 'premium') return 'phonePremium';
  return undefined;
}
const phone = required(LIMITS.phone).superRefine((v, ctx) => {
  const key = phoneProblem(v);
  if (key) ctx.addIssue({ code: 'custom', message: key });
});
const optionalPhone = optional(LIMITS.phone).superRefine((v, ctx) => {
  const key = v === null ? undefined : phoneProblem(v);
  if (key) ctx.addIssue({ code: 'custom', message: key });
});

// ---------------------------------------------------------------- institution

/** Case references are typed and read aloud: Latin capitals and digits only (VPVB-2026-000123). */
export const REFERENCE_PREFIX = /^[A-Z0-9]{1,12}$/;

export function isReferencePrefix(value: string): boolean {
  return REFERENCE_PREFIX.test(value);
}

export type InstitutionPost = {
  nameLv: string;
  nameEn: string;
  shortName: string;
  referencePrefix: string;
  address: string;
  email: string;
  phone: string;
  website: string;
  attachmentMaxFiles: string;
  attachmentMaxMb: string;
};

const InstitutionSchema = z.object({
  nameLv: required(LIMITS.name),
  nameEn: required(LIMITS.name),
  shortName: required(LIMITS.shortName),
  referencePrefix: z.string().trim().toUpperCase().min(1, 'required').regex(REFERENCE_PREFIX, 'referencePrefix'),
  address: required(LIMITS.address),
  email,
  phone,
  website: optionalWebsite,
  attachmentMaxFiles: whole('attachmentMaxFiles'),
  attachmentMaxMb: whole('attachmentMaxMb'),
});
export type InstitutionInput = Omit<z.output<typeof InstitutionSchema>, 'attachmentMaxMb'> & { attachmentMaxBytes: number };

/**
 * The institution's identity and contacts (S-4.5) and its attachment
 * limits. All the files a client may attach must fit in one form post: a
 * larger post is refused before it is read (`maxRequestBytes`, 12 MiB).
 */
export function checkInstitution(post: InstitutionPost, options: { maxRequestBytes: number }): Checked<InstitutionInput> {
  const parsed = InstitutionSchema.safeParse(post);
  if (!parsed.success) return { ok: false, problems: problemsOf(parsed.error) };
  const { attachmentMaxMb, ...rest } = parsed.data;
  const attachmentMaxBytes = attachmentMaxMb * MIB;
  if (rest.attachmentMaxFiles * attachmentMaxBytes > options.maxRequestBytes) {
    return {
      ok: false,
      problems: [
        {
          field: 'attachmentMaxMb',
          key: 'attachmentsOverRequest',
          values: { files: rest.attachmentMaxFiles, mb: attachmentMaxMb, limit: Math.floor(options.maxRequestBytes / MIB) },
        },
      ],
    };
  }
  return { ok: true, input: { ...rest, attachmentMaxBytes } };
}

export function readInstitutionPost(form: PostedForm): InstitutionPost {
  return {
    nameLv: form.text('nameLv'),
    nameEn: form.text('nameEn'),
    shortName: form.text('shortName'),
    referencePrefix: form.text('referencePrefix'),
    address: form.text('address'),
    email: form.text('email'),
    phone: form.text('phone'),
    website: form.text('website'),
    attachmentMaxFiles: form.text('attachmentMaxFiles'),
    attachmentMaxMb: form.text('attachmentMaxMb'),
  };
}

// ------------------------------------------------------------------- security

export type SecurityPost = Record<
  'sessionIdleMinutes' | 'sessionAbsoluteHours' | 'maxFailuresPerAccount' | 'maxFailuresPerAddress' | 'failureWindowMinutes',
  string
>;
const SecuritySchema = z.object({
  sessionIdleMinutes: whole('sessionIdleMinutes'),
  sessionAbsoluteHours: whole('sessionAbsoluteHours'),
  maxFailuresPerAccount: whole('maxFailuresPerAccount'),
  maxFailuresPerAddress: whole('maxFailuresPerAddress'),
  failureWindowMinutes: whole('failureWindowMinutes'),
});
export type SecurityInput = z.output<typeof SecuritySchema>;

export function checkSecurity(post: SecurityPost): Checked<SecurityInput> {
  const parsed = SecuritySchema.safeParse(post);
  if (!parsed.success) return { ok: false, problems: problemsOf(parsed.error) };
  const s = parsed.data;
  // An idle limit longer than the session itself would never apply.
  if (s.sessionIdleMinutes > s.sessionAbsoluteHours * 60) {
    return { ok: false, problems: [{ field: 'sessionIdleMinutes', key: 'idleOverAbsolute', values: { hours: s.sessionAbsoluteHours } }] };
  }
  return { ok: true, input: s };
}

export function readSecurityPost(form: PostedForm): SecurityPost {
  return {
    sessionIdleMinutes: form.text('sessionIdleMinutes'),
    sessionAbsoluteHours: form.text('sessionAbsoluteHours'),
    maxFailuresPerAccount: form.text('maxFailuresPerAccount'),
    maxFailuresPerAddress: form.text('maxFailuresPerAddress'),
    failureWindowMinutes: form.text('failureWindowMinutes'),
  };
}

// ------------------------------------------- units, topics, authorities, templates

/** A unit's code, as on its documents: KAN, IVN. */
export const UNIT_CODE = /^[A-Z0-9](?:[A-Z0-9-]{0,18}[A-Z0-9])?$/;
/** Codes of topics, authorities and templates: lower-case words joined by hyphens (public-consultation). */
export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const unitCode = z.string().trim().toUpperCase().min(1, 'required').regex(UNIT_CODE, 'unitCode');
const slug = z.string().trim().toLowerCase().min(1, 'required').max(60, 'tooLong').regex(SLUG, 'slug');

export type UnitPost = { code: string; nameLv: string; nameEn: string; email: string; isTriage: boolean; active: boolean };
const UnitSchema = z.object({
  code: unitCode,
  nameLv: required(LIMITS.name),
  nameEn: required(LIMITS.name),
  email: optionalEmail,
  isTriage: z.boolean(),
  active: z.boolean(),
});
export type UnitInput = z.output<typeof UnitSchema>;

export function checkUnit(post: UnitPost): Checked<UnitInput> {
  const parsed = UnitSchema.safeParse(post);
  if (!parsed.success) return { ok: false, problems: problemsOf(parsed.error) };
  // S-10: "I don't know" submissions go to the triage unit, so it must take cases.
  if (parsed.data.isTriage && !parsed.data.active) return { ok: false, problems: [{ field: 'active', key: 'triageInactive' }] };
  return { ok: true, input: parsed.data };
}

export function readUnitPost(form: PostedForm): UnitPost {
  return {
    code: form.text('code'),
    nameLv: form.text('nameLv'),
    nameEn: form.text('nameEn'),
    email: form.text('email'),
    isTriage: form.text('isTriage') !== '',
    active: form.text('active') !== '',
  };
}

export type TopicPost = { code: string; nameLv: string; nameEn: string; unitId: string; sortOrder: string; active: boolean };
const TopicSchema = z.object({
  code: slug,
  nameLv: required(LIMITS.name),
  nameEn: required(LIMITS.name),
  unitId: z
    .string()
    .regex(/^\d{1,9}$/, 'choose')
    .transform(Number),
  sortOrder: whole('sortOrder'),
  active: z.boolean(),
});
export type TopicInput = z.output<typeof TopicSchema>;

export function checkTopic(post: TopicPost): Checked<TopicInput> {
  const parsed = TopicSchema.safeParse(post);
  return parsed.success ? { ok: true, input: parsed.data } : { ok: false, problems: problemsOf(parsed.error) };
}

export function readTopicPost(form: PostedForm): TopicPost {
  return {
    code: form.text('code'),
    nameLv: form.text('nameLv'),
    nameEn: form.text('nameEn'),
    unitId: form.text('unitId'),
    sortOrder: form.text('sortOrder'),
    active: form.text('active') !== '',
  };
}

export type AuthorityPost = {
  code: string;
  nameLv: string;
  nameEn: string;
  competenceLv: string;
  competenceEn: string;
  email: string;
  phone: string;
  website: string;
  address: string;
  active: boolean;
};
const AuthoritySchema = z.object({
  code: slug,
  nameLv: required(LIMITS.name),
  nameEn: required(LIMITS.name),
  competenceLv: required(LIMITS.competence),
  competenceEn: required(LIMITS.competence),
  email: optionalEmail,
  phone: optionalPhone,
  website: optionalWebsite,
  address: optional(LIMITS.address),
  active: z.boolean(),
});
export type AuthorityInput = z.output<typeof AuthoritySchema>;

/**
 * S-14.1: a referral names the authority and, where possible, its public
 * contacts; so contacts are optional (a generic "municipality" entry has
 * none of its own), but each one given must be one a client can use.
 */
export function checkAuthority(post: AuthorityPost): Checked<AuthorityInput> {
  const parsed = AuthoritySchema.safeParse(post);
  return parsed.success ? { ok: true, input: parsed.data } : { ok: false, problems: problemsOf(parsed.error) };
}

export function readAuthorityPost(form: PostedForm): AuthorityPost {
  return {
    code: form.text('code'),
    nameLv: form.text('nameLv'),
    nameEn: form.text('nameEn'),
    competenceLv: form.text('competenceLv'),
    competenceEn: form.text('competenceEn'),
    email: form.text('email'),
    phone: form.text('phone'),
    website: form.text('website'),
    address: form.text('address'),
    active: form.text('active') !== '',
  };
}

export type TemplatePost = {
  code: string;
  purpose: string;
  nameLv: string;
  nameEn: string;
  bodyLv: string;
  bodyEn: string;
  active: boolean;
};
/** A body may name only placeholders the portal fills, and no stray braces reach a client. */
const body = z
  .string()
  .trim()
  .min(1, 'required')
  .max(LIMITS.body, 'tooLong')
  // Browsers post line ends as CRLF; letters keep plain newlines.
  .transform((v) => v.replace(/\r\n?/g, '\n'))
  .superRefine((v, ctx) => {
    const unknown = unknownPlaceholders(v);
    if (unknown.length > 0) ctx.addIssue({ code: 'custom', message: 'unknownPlaceholder', params: { names: unknown } });
    else if (hasBrokenBraces(v)) ctx.addIssue({ code: 'custom', message: 'brokenBraces' });
  });
const TemplateSchema = z.object({
  code: slug,
  purpose: z.enum(TEMPLATE_PURPOSES, 'choose'),
  nameLv: required(LIMITS.name),
  nameEn: required(LIMITS.name),
  bodyLv: body,
  bodyEn: body,
  active: z.boolean(),
});
export type TemplateInput = z.output<typeof TemplateSchema>;

export function checkTemplate(post: TemplatePost): Checked<TemplateInput> {
  const parsed = TemplateSchema.safeParse(post);
  if (parsed.success) return { ok: true, input: parsed.data };
  // The message names the unknown placeholders, so the administrator sees which to fix.
  const problems = problemsOf(parsed.error).map((p) => {
    if (p.key === 'brokenBraces') return { ...p, values: { example: '{{reference}}' } };
    if (p.key !== 'unknownPlaceholder') return p;
    const names = unknownPlaceholders(post[p.field as 'bodyLv' | 'bodyEn'] ?? '');
    return { ...p, values: { names: names.map((n) => `{{${n}}}`).join(', '), count: names.length } };
  });
  return { ok: false, problems };
}

export function readTemplatePost(form: PostedForm): TemplatePost {
  return {
    code: form.text('code'),
    purpose: form.text('purpose'),
    nameLv: form.text('nameLv'),
    nameEn: form.text('nameEn'),
    bodyLv: form.text('bodyLv'),
    bodyEn: form.text('bodyEn'),
    active: form.text('active') !== '',
  };
}

// -------------------------------------------------------------- office hours

export type IntervalPost = { opens: string; closes: string };
export type Interval = { start: string; end: string };

/** Interval rows a weekday's form offers at most. */
export const MAX_INTERVALS = 6;

export function intervalField(row: number, end: 'opens' | 'closes'): string {
  return `interval-${row}-${end}`;
}

/** 'H:MM' or 'HH:MM' (a full stop is read as a colon: "8.30"), 00:00–24:00, as minutes after midnight. */
export function parseClock(text: string): number | undefined {
  const match = /^(\d{1,2})[:.](\d{2})$/.exec(text.trim());
  if (!match) return undefined;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (minutes > 59 || hours > 24 || (hours === 24 && minutes > 0)) return undefined;
  return hours * 60 + minutes;
}

export function formatClock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * One weekday's open intervals: each from before to, none overlapping
 * another (touching is fine: 12:30–13:00 after 08:30–12:30). Empty rows are
 * ignored, so a day may have no intervals at all (closed). Returns them in
 * order.
 */
export function checkOfficeHours(rows: readonly IntervalPost[]): Checked<Interval[]> {
  const problems: FieldProblem[] = [];
  const valid: Array<{ row: number; start: number; end: number }> = [];
  rows.forEach((r, i) => {
    const row = i + 1;
    const opensText = r.opens.trim();
    const closesText = r.closes.trim();
    if (!opensText && !closesText) return;
    const start = opensText ? parseClock(opensText) : undefined;
    const end = closesText ? parseClock(closesText) : undefined;
    if (!opensText) problems.push({ field: intervalField(row, 'opens'), key: 'clockRequired' });
    else if (start === undefined || start === 24 * 60) problems.push({ field: intervalField(row, 'opens'), key: 'clock' });
    if (!closesText) problems.push({ field: intervalField(row, 'closes'), key: 'clockRequired' });
    else if (end === undefined) problems.push({ field: intervalField(row, 'closes'), key: 'clock' });
    if (start === undefined || end === undefined || start === 24 * 60) return;
    if (end <= start) {
      problems.push({ field: intervalField(row, 'closes'), key: 'closesBeforeOpens', values: { opens: formatClock(start) } });
      return;
    }
    valid.push({ row, start, end });
  });
  const sorted = [...valid].sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < sorted.length; i++) {
    const previous = sorted[i - 1]!;
    const current = sorted[i]!;
    if (current.start < previous.end) {
      // The row that comes later on the form is the one to fix.
      const [earlier, later] = previous.row < current.row ? [previous, current] : [current, previous];
      problems.push({
        field: intervalField(later.row, 'opens'),
        key: 'overlap',
        values: { other: `${formatClock(earlier.start)}–${formatClock(earlier.end)}` },
      });
    }
  }
  // The error summary lists problems in the order of the form.
  const position = (field: string) => {
    const [, row, end] = /^interval-(\d+)-(opens|closes)$/.exec(field) ?? [];
    return Number(row) * 2 + (end === 'closes' ? 1 : 0);
  };
  if (problems.length > 0) return { ok: false, problems: problems.sort((a, b) => position(a.field) - position(b.field)) };
  return { ok: true, input: sorted.map((v) => ({ start: formatClock(v.start), end: formatClock(v.end) })) };
}

export function readOfficeHoursPost(form: PostedForm): IntervalPost[] {
  const rows: IntervalPost[] = [];
  for (let row = 1; row <= MAX_INTERVALS; row++) {
    rows.push({ opens: form.text(intervalField(row, 'opens')), closes: form.text(intervalField(row, 'closes')) });
  }
  return rows;
}

// ------------------------------------------------------------------- dates

/** A date as the day, month and year fields of the date component. */
export type DateParts = { day: string; month: string; year: string };

export function dateParts(date: IsoDate | null | undefined): DateParts {
  if (!date) return { day: '', month: '', year: '' };
  const [year, month, day] = date.split('-') as [string, string, string];
  return { day: String(Number(day)), month: String(Number(month)), year };
}

export function readDateParts(form: PostedForm, name: string): DateParts {
  return { day: form.text(`${name}-day`), month: form.text(`${name}-month`), year: form.text(`${name}-year`) };
}

/** The date the parts name, 'empty' when all are blank, 'invalid' for a date that does not exist (31.02.) or is out of range. */
export function dateFromParts(parts: DateParts): IsoDate | 'empty' | 'invalid' {
  const values = [parts.day, parts.month, parts.year].map((v) => v.trim());
  if (values.every((v) => v === '')) return 'empty';
  if (!values.every((v) => /^\d{1,4}$/.test(v))) return 'invalid';
  const [day, month, year] = values.map(Number) as [number, number, number];
  if (year < 2000 || year > 2100 || month < 1 || month > 12 || day < 1) return 'invalid';
  const date = isoDate(year, month, day);
  return Number(date.slice(8, 10)) === day ? date : 'invalid';
}

// ---------------------------------------------------------------- calendar

export type CalendarDayPost = { date: DateParts; kind: string; nameLv: string; nameEn: string; transferredFrom: DateParts };
export type CalendarDayInput = { date: IsoDate; kind: CalendarDayKind; nameLv: string; nameEn: string; transferredFrom: IsoDate | null };

const CalendarNames = z.object({
  kind: z.enum(CALENDAR_KINDS, 'choose'),
  nameLv: required(LIMITS.name),
  nameEn: required(LIMITS.name),
});

/**
 * An exception to "Monday to Friday" (latvia.md): a public holiday may fall
 * on any day; a day off is a weekday not worked; a transferred working day
 * is a Saturday or Sunday worked instead of the weekday it names. When the
 * date is fixed (editing an exception), a clash between the date and the
 * kind is reported on the kind.
 */
export function checkCalendarDay(post: CalendarDayPost, options: { fixedDate?: IsoDate } = {}): Checked<CalendarDayInput> {
  const problems: FieldProblem[] = [];
  const parsed = CalendarNames.safeParse(post);
  if (!parsed.success) problems.push(...problemsOf(parsed.error));
  const date = options.fixedDate ?? dateFromParts(post.date);
  if (date === 'empty') problems.push({ field: 'date', key: 'dateRequired' });
  else if (date === 'invalid') problems.push({ field: 'date', key: 'dateInvalid' });
  const from = dateFromParts(post.transferredFrom);
  const kind = parsed.success ? parsed.data.kind : undefined;
  const clashField = options.fixedDate ? 'kind' : 'date';
  const day = date !== 'empty' && date !== 'invalid' ? weekday(date) : undefined;
  if (kind === 'working_day') {
    if (day !== undefined && day <= 5) problems.push({ field: clashField, key: 'workingDayNotWeekend' });
    if (from === 'empty') problems.push({ field: 'transferredFrom', key: 'transferredFromRequired' });
    else if (from === 'invalid') problems.push({ field: 'transferredFrom', key: 'dateInvalid' });
    else if (weekday(from) > 5) problems.push({ field: 'transferredFrom', key: 'transferredFromNotWeekday' });
  } else if (kind) {
    if (kind === 'day_off' && day !== undefined && day > 5) problems.push({ field: clashField, key: 'dayOffNotWeekday' });
    if (from !== 'empty') problems.push({ field: 'transferredFrom', key: 'transferredFromOnlyForWorkingDay' });
  }
  if (problems.length > 0 || !parsed.success || date === 'empty' || date === 'invalid') return { ok: false, problems };
  return {
    ok: true,
    input: {
      date,
      kind: parsed.data.kind,
      nameLv: parsed.data.nameLv,
      nameEn: parsed.data.nameEn,
      transferredFrom: parsed.data.kind === 'working_day' && from !== 'empty' && from !== 'invalid' ? from : null,
    },
  };
}

export function readCalendarDayPost(form: PostedForm): CalendarDayPost {
  return {
    date: readDateParts(form, 'date'),
    kind: form.text('kind'),
    nameLv: form.text('nameLv'),
    nameEn: form.text('nameEn'),
    transferredFrom: readDateParts(form, 'transferredFrom'),
  };
}

export type ExceptionStatus = {
  /** Whether the exception changes anything: a day off on a Sunday does not. */
  inForce: boolean;
  /** Whether the day is worked, by the whole calendar. */
  working: boolean;
  note?: 'weekendHoliday' | 'alreadyWeekend' | 'alreadyWorkingDay' | 'replacedDayStillWorking';
};

/**
 * What an exception does in the calendar it belongs to, for the
 * administrator's yearly view. A public holiday on a weekend loses no
 * working day but still shortens the working day before it (Labour Law
 * s.135), so it is in force. A transferred working day whose weekday is not
 * marked as a day off leaves that weekday worked too.
 */
export function exceptionStatus(day: CalendarDay, calendar: ReadonlyMap<IsoDate, CalendarDay>): ExceptionStatus {
  const weekend = weekday(day.date) > 5;
  if (day.kind === 'holiday')
    return weekend ? { inForce: true, working: false, note: 'weekendHoliday' } : { inForce: true, working: false };
  if (day.kind === 'day_off')
    return weekend ? { inForce: false, working: false, note: 'alreadyWeekend' } : { inForce: true, working: false };
  if (!weekend) return { inForce: false, working: true, note: 'alreadyWorkingDay' };
  const replaced = day.transferredFrom ? calendar.get(day.transferredFrom) : undefined;
  if (day.transferredFrom && weekday(day.transferredFrom) <= 5 && (!replaced || replaced.kind === 'working_day')) {
    return { inForce: true, working: true, note: 'replacedDayStillWorking' };
  }
  return { inForce: true, working: true };
}

// ------------------------------------------------------------ deadline rules

export type DeadlineRulePost = {
  requestKind: string;
  effectiveFrom: DateParts;
  amount: string;
  unit: string;
  extendedAmount: string;
  extendedUnit: string;
  noteLv: string;
  noteEn: string;
};
export type DeadlineRuleInput = {
  requestKind: RequestKind;
  effectiveFrom: IsoDate;
  amount: number;
  unit: PeriodUnit;
  extendedAmount: number | null;
  extendedUnit: PeriodUnit | null;
  noteLv: string | null;
  noteEn: string | null;
};

/**
 * A rule is never changed once a case may have counted its deadline by it:
 * a case received today is counted by the rule in force today, so only a
 * rule that starts after today may still be edited or removed.
 */
export function ruleMayChange(rule: Pick<DeadlineRule, 'effectiveFrom'>, today: IsoDate): boolean {
  return rule.effectiveFrom > today;
}

export const NO_EXTENSION = 'none';

const DeadlineSchema = z.object({
  requestKind: z.enum(REQUEST_KINDS, 'choose'),
  unit: z.enum(PERIOD_UNITS, 'choose'),
  amount: z
    .string()
    .trim()
    .min(1, 'required')
    .regex(/^\d{1,4}$/, 'wholeNumber')
    .transform(Number),
  extendedAmount: z
    .string()
    .trim()
    .regex(/^\d{0,4}$/, 'wholeNumber')
    .transform((v) => (v === '' ? null : Number(v))),
  // The form's "no extension" radio posts 'none'.
  extendedUnit: z
    .string()
    .transform((v) => (v === '' || v === NO_EXTENSION ? null : v))
    .pipe(z.enum(PERIOD_UNITS, 'choose').nullable()),
  noteLv: optional(LIMITS.note),
  noteEn: optional(LIMITS.note),
});

/**
 * A new deadline rule, or a change to one that has not started yet. It
 * starts after today, so no case already received changes its deadline
 * (S-4.6: deadlines computed from the law in force when the case came in);
 * only the first rule of a kind may start earlier. One rule per kind and
 * date. An extension, if any, is longer than the period it extends.
 */
export function checkDeadlineRule(
  post: DeadlineRulePost,
  context: { today: IsoDate; rules: readonly DeadlineRule[]; editingId?: number },
): Checked<DeadlineRuleInput> {
  const problems: FieldProblem[] = [];
  const parsed = DeadlineSchema.safeParse(post);
  if (!parsed.success) problems.push(...problemsOf(parsed.error));
  const from = dateFromParts(post.effectiveFrom);
  if (from === 'empty') problems.push({ field: 'effectiveFrom', key: 'dateRequired' });
  else if (from === 'invalid') problems.push({ field: 'effectiveFrom', key: 'dateInvalid' });
  if (!parsed.success || from === 'empty' || from === 'invalid') return { ok: false, problems };
  const r = parsed.data;
  const others = context.rules.filter((x) => x.requestKind === r.requestKind && x.id !== context.editingId);
  if (others.length > 0 && from <= context.today) problems.push({ field: 'effectiveFrom', key: 'effectiveFromNotFuture' });
  else if (others.some((x) => x.effectiveFrom === from)) problems.push({ field: 'effectiveFrom', key: 'ruleExists' });
  if (r.amount < 1 || r.amount > PERIOD_MAX[r.unit])
    problems.push({ field: 'amount', key: 'periodRange', values: { max: PERIOD_MAX[r.unit] } });
  if (r.extendedAmount === null && r.extendedUnit !== null) problems.push({ field: 'extendedAmount', key: 'extendedBoth' });
  if (r.extendedAmount !== null && r.extendedUnit === null) problems.push({ field: 'extendedUnit', key: 'extendedBoth' });
  if (r.extendedAmount !== null && r.extendedUnit !== null) {
    if (r.extendedAmount < 1 || r.extendedAmount > PERIOD_MAX[r.extendedUnit]) {
      problems.push({ field: 'extendedAmount', key: 'periodRange', values: { max: PERIOD_MAX[r.extendedUnit] } });
    } else if (r.extendedUnit === r.unit && r.extendedAmount <= r.amount) {
      problems.push({ field: 'extendedAmount', key: 'extendedNotLonger' });
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    input: {
      requestKind: r.requestKind,
      effectiveFrom: from,
      amount: r.amount,
      unit: r.unit,
      extendedAmount: r.extendedAmount,
      extendedUnit: r.extendedUnit,
      noteLv: r.noteLv,
      noteEn: r.noteEn,
    },
  };
}

export function readDeadlineRulePost(form: PostedForm): DeadlineRulePost {
  return {
    requestKind: form.text('requestKind'),
    effectiveFrom: readDateParts(form, 'effectiveFrom'),
    amount: form.text('amount'),
    unit: form.text('unit'),
    extendedAmount: form.text('extendedAmount'),
    extendedUnit: form.text('extendedUnit'),
    noteLv: form.text('noteLv'),
    noteEn: form.text('noteEn'),
  };
}

/**
 * The interval rows a weekday's form shows: the rows as they stand (their
 * positions name their fields, so an error still points at its row), then
 * empty rows to add more, up to MAX_INTERVALS.
 */
export function intervalRows(rows: readonly IntervalPost[], spare = 2): IntervalPost[] {
  let last = 0;
  rows.forEach((r, i) => {
    if (r.opens.trim() || r.closes.trim()) last = i + 1;
  });
  const shown = rows.slice(0, last).map((r) => ({ ...r }));
  while (shown.length < Math.min(MAX_INTERVALS, last + spare)) shown.push({ opens: '', closes: '' });
  return shown;
}
