import type { Database } from '#src/db/client.ts';
import { clientKeys, consumeRateLimits, refundRateLimit, type RateDecision, type RateLimit } from '#src/platform/rate-limit.ts';
import { config } from '#src/config.ts';
import { readForm, readSmallForm, type PostedForm } from '#src/forms/read.ts';
import { clientAddressOf } from '#src/platform/request.ts';
import type { FieldProblem } from '#src/forms/errors.ts';
import { HONEYPOT_FIELD } from './flow.ts';

// How many public form posts one client address may make in an hour
// (INTAKE_RATE_LIMIT). A post is counted before its body is read, so a
// sender over the limit never makes the server parse a large body (security
// review m10); a small one (readSmallForm) may be read first, and the
// usual ones are counted by the statement that keeps them (the form's
// first post: first-post.ts; the Send: send-post.ts). The limit is meant
// for what is accepted: a post that the rules turn back is refunded, so a
// person correcting their errors, or an office or library sharing one
// address, is not stopped by their mistakes (D23). Refused posts still
// cost the server a read and a draft, so every post also counts towards a
// ceiling ten times higher, which no person correcting a form comes near.

const WINDOW_SECONDS = 3600;
/** How many posts of any outcome one address may make for each accepted one allowed. */
export const POSTS_PER_ACCEPTED = 10;

export type IntakeAllowance = {
  allowed: boolean;
  retryAfterSeconds: number;
  /** Gives back the count of a post the rules turned back. */
  refund: () => Promise<void>;
};

/**
 * The two counts a public form post from an address makes: accepted posts,
 * then posts of any outcome. Always in this order, so two posts counted at
 * once never deadlock on each other's rows.
 */
export function intakeCounts(address: string, limit: number): [accepted: IntakeCount, any: IntakeCount] {
  const [accepted, any] = clientKeys(address, 'intake', 'intake-posts');
  return [
    { key: accepted, rule: { limit, windowSeconds: WINDOW_SECONDS } },
    { key: any, rule: { limit: limit * POSTS_PER_ACCEPTED, windowSeconds: WINDOW_SECONDS } },
  ];
}
type IntakeCount = { key: string; rule: RateLimit };

/** What the two counts decided for a post (`decisions` in the order of intakeCounts). */
export function intakeAllowance(db: Database, counts: [IntakeCount, IntakeCount], decisions: RateDecision[], now: Date): IntakeAllowance {
  const over = decisions.filter((d) => !d.allowed);
  const [accepted] = counts;
  return {
    allowed: over.length === 0,
    retryAfterSeconds: Math.max(1, ...over.map((d) => d.retryAfterSeconds)),
    refund: () => refundRateLimit(db, accepted.key, accepted.rule, now),
  };
}

/** Counts one public form post from an address against both limits. */
export async function countIntakePost(db: Database, address: string, limit: number, now = new Date()): Promise<IntakeAllowance> {
  const counts = intakeCounts(address, limit);
  // Both counters in one statement.
  return intakeAllowance(db, counts, await consumeRateLimits(db, counts, now), now);
}

/**
 * A public form post as the pages take it: counted first, then read, the
 * whole body only when the post is allowed (a sender over the limit gets
 * only the small fields parsed, security review m10).
 */
export async function readCountedPost(
  db: Database,
  request: Request,
  socketAddress: () => string,
): Promise<{ limit: IntakeAllowance; form: PostedForm }> {
  const limit = await countIntakePost(db, clientAddressOf(request, socketAddress), config().intakeRateLimit);
  const form = limit.allowed ? await readForm(request) : await readSmallForm(request);
  return { limit, form };
}

/**
 * Why a counted public post is turned back before its own rules look at it:
 * over the limit (429, with when to try again), unreadable, or the hidden
 * field a robot fills in. Undefined when the post may go on.
 */
export function refusedPost(post: {
  limit: IntakeAllowance;
  form: PostedForm;
}): { status: number; problem: FieldProblem; retryAfterSeconds?: number } | undefined {
  const { limit, form } = post;
  if (!limit.allowed) return overLimit(limit.retryAfterSeconds);
  if (!form.readable) return { status: 400, problem: { field: 'form', key: 'unreadable' } };
  if (form.text(HONEYPOT_FIELD)) return { status: 400, problem: { field: 'form', key: 'honeypot' } };
  return undefined;
}

export type RefusedPost = NonNullable<ReturnType<typeof refusedPost>>;

/** A post over the limit: 429, and when to try again. */
export function overLimit(retryAfterSeconds: number): { status: number; problem: FieldProblem; retryAfterSeconds: number } {
  const minutes = Math.ceil(retryAfterSeconds / 60);
  return { status: 429, problem: { field: 'form', key: 'rateLimited', values: { minutes } }, retryAfterSeconds };
}

/** Whether a post read as a small form (readSmallForm) may go on to its page's own work: readable, and no robot's. */
export function plainPost(form: PostedForm): boolean {
  return form.readable && !form.text(HONEYPOT_FIELD);
}
