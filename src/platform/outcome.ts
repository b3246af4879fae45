import type { FieldProblem } from '#src/forms/errors.ts';

// One vocabulary for "no", shared by every capability (architecture.md:
// errors as values at the edges), and one mapping of it to HTTP. A
// capability returns an Outcome; where returning is awkward (a one-line
// guard, a record gone between two reads) it throws a Refused, and the
// middleware turns that into the translated page with its status. Either
// way a page never writes its own table of reasons and status codes.

export type Refusal = 'invalid' | 'forbidden' | 'not_found' | 'conflict';

export type Outcome<T = undefined> =
  { ok: true; value: T } | { ok: false; reason: 'invalid'; problems: FieldProblem[] } | { ok: false; reason: Exclude<Refusal, 'invalid'> };

export type Refused<O> = Exclude<O, { ok: true }>;

const STATUS = { invalid: 400, forbidden: 403, not_found: 404, conflict: 409 } as const satisfies Record<Refusal, number>;

/** The status code of a refusal: 400 for a form's errors, 403, 404, 409. */
export function statusOf(reason: Refusal): 400 | 403 | 404 | 409 {
  return STATUS[reason];
}

export function ok(): { ok: true; value: undefined };
export function ok<T>(value: T): { ok: true; value: T };
export function ok<T>(value?: T): { ok: true; value: T | undefined } {
  return { ok: true, value };
}

export function invalid(problems: FieldProblem[]): { ok: false; reason: 'invalid'; problems: FieldProblem[] } {
  return { ok: false, reason: 'invalid', problems };
}

/**
 * A refused outcome as its form shows it: the status, and the problems the
 * error summary lists (a form's own problems, or one message for the whole
 * form, worded by the page's namespace as `<reason>` unless `keys` names
 * another key).
 */
export function shownRefusal(
  outcome: { ok: false; reason: Refusal; problems?: FieldProblem[] },
  keys: Partial<Record<Exclude<Refusal, 'invalid'>, string>> = {},
): { status: 400 | 403 | 404 | 409; problems: FieldProblem[] } {
  const status = statusOf(outcome.reason);
  if (outcome.reason === 'invalid') return { status, problems: outcome.problems ?? [] };
  return { status, problems: [{ field: 'form', key: keys[outcome.reason] ?? outcome.reason }] };
}

/** Thrown for a refusal that ends the request: the middleware answers it with the translated page. */
export class RefusedError extends Error {
  readonly reason: Exclude<Refusal, 'invalid'>;
  constructor(reason: Exclude<Refusal, 'invalid'>, what = '') {
    super(what ? `${reason}: ${what}` : reason);
    this.name = 'RefusedError';
    this.reason = reason;
  }
}

export const notFound = (what?: string) => new RefusedError('not_found', what);
export const forbidden = (what?: string) => new RefusedError('forbidden', what);
export const conflict = (what?: string) => new RefusedError('conflict', what);

export function isRefused(error: unknown): error is RefusedError {
  return error instanceof RefusedError || (error instanceof Error && error.name === 'RefusedError' && 'reason' in error);
}
