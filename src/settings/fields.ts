// The field pieces every settings form shares: lengths and ranges, the zod
// helpers for names, addresses, numbers and telephone numbers, dates as
// day, month and year, and how a settings check turns a post into an
// Outcome. Each entity's own rules sit in its own module (units.ts, …).
import { z } from 'zod';
import { problemsFromZod, type FieldProblem } from '#src/forms/errors.ts';
import type { IsoDate } from '#src/calendar/dates.ts';
import { parseDateText } from '#src/calendar/date-text.ts';
import { classifyPhoneNumber } from '#src/contact/phone.ts';
import { parsePost, type PostOf, type PostSchema } from '#src/platform/post.ts';
import { invalid, type Outcome } from '#src/platform/outcome.ts';

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
  price: 200,
  body: 5000,
} as const;

/** A problem's range words need both ends; zod's issue carries one at most. */
export function withRanges(error: z.ZodError): FieldProblem[] {
  return problemsFromZod(error).map((p) => {
    const range = (RANGES as Record<string, readonly [number, number]>)[p.field];
    return p.key === 'range' && range ? { ...p, values: { min: range[0], max: range[1] } } : p;
  });
}

/** A settings post checked against its schema, ranges worded with both ends. */
export function checkFields<S extends PostSchema>(schema: S, post: PostOf<S>): Outcome<z.output<S>> {
  return parsePost(schema, post, withRanges);
}

/** A refusal on one field, for the rules a schema cannot say. */
export function refuse(field: string, key: string, values?: FieldProblem['values']) {
  return invalid([{ field, key, ...(values ? { values } : {}) }]);
}

export const required = (max: number) => z.string().trim().min(1, 'required').max(max, 'tooLong');
export const optional = (max: number) =>
  z
    .string()
    .trim()
    .max(max, 'tooLong')
    .transform((v) => (v === '' ? null : v));
export const email = z.string().trim().toLowerCase().max(LIMITS.email, 'tooLong').pipe(z.email('email'));
export const optionalEmail = optional(LIMITS.email)
  .transform((v) => v?.toLowerCase() ?? null)
  .pipe(z.email('email').nullable());
// Only web addresses a client can open: no javascript:, mailto: or bare names.
export const optionalWebsite = optional(LIMITS.website).pipe(
  z.url({ protocol: /^https?$/, hostname: z.regexes.domain, error: 'website' }).nullable(),
);
export const whole = (field: keyof typeof RANGES) =>
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
export const phone = required(LIMITS.phone).superRefine((v, ctx) => {
  const key = phoneProblem(v);
  if (key) ctx.addIssue({ code: 'custom', message: key });
});
export const optionalPhone = optional(LIMITS.phone).superRefine((v, ctx) => {
  const key = v === null ? undefined : phoneProblem(v);
  if (key) ctx.addIssue({ code: 'custom', message: key });
});

/** A unit's code, as on its documents: KAN, IVN. */
export const UNIT_CODE = /^[A-Z0-9](?:[A-Z0-9-]{0,18}[A-Z0-9])?$/;
/** Codes of topics, authorities and templates: lower-case words joined by hyphens (public-consultation). */
export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const unitCode = z.string().trim().toUpperCase().min(1, 'required').regex(UNIT_CODE, 'unitCode');
export const slug = z.string().trim().toLowerCase().min(1, 'required').max(60, 'tooLong').regex(SLUG, 'slug');

// ------------------------------------------------------------------- dates

/** A date as typed in the staff date field (docs/0021): 04.01.2027., 4/1/2027 or 2027-01-04. */
export const dateTextField = z.string();

/** A stored date as the date field shows it to be changed: as Latvians write it, which every language's field takes. */
export function dateText(date: IsoDate | null | undefined): string {
  return date ? date.split('-').reverse().join('.') : '';
}

/** The date typed, 'empty' when blank, 'invalid' for a date that does not exist (31.02.) or is out of range. */
export function dateFromText(text: string): IsoDate | 'empty' | 'invalid' {
  if (text.trim() === '') return 'empty';
  return parseDateText(text) ?? 'invalid';
}
