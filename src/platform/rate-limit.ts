import { createHash } from 'node:crypto';
import { and, eq, lt, sql, type Placeholder, type SQL } from 'drizzle-orm';
import { preparedSql, type Database } from '#src/db/client.ts';
import { rateLimitCounters } from './schema.ts';

// A fixed-window counter per client in the database, so that the limit
// holds across every app instance. The client's address is kept only as a
// hash (it is personal data and nobody needs to read it back).

export type RateLimit = { limit: number; windowSeconds: number };
export type RateDecision = { allowed: boolean; count: number; retryAfterSeconds: number };

export function clientKey(scope: string, address: string): string {
  return `${scope}:${addressHash(address)}`;
}

/**
 * The keys of one address under several scopes, hashed once: a public form
 * post counts under two (intake/limit.ts), and the second SHA-256 of the
 * same address was 1.7 % of the post's time (issue 18's profile).
 */
export function clientKeys<const Scopes extends readonly string[]>(address: string, ...scopes: Scopes): { [K in keyof Scopes]: string } {
  const hash = addressHash(address);
  return scopes.map((scope) => `${scope}:${hash}`) as { [K in keyof Scopes]: string };
}

function addressHash(address: string): string {
  return createHash('sha256').update(address).digest('base64url').slice(0, 22);
}

/** The start of the window an instant falls in. */
export function windowStart(now: Date, windowSeconds: number): Date {
  const ms = windowSeconds * 1000;
  return new Date(Math.floor(now.getTime() / ms) * ms);
}

/** Counts one request; says whether it is within the limit. */
export async function consumeRateLimit(
  db: Pick<Database, 'insert'>,
  key: string,
  rule: RateLimit,
  now = new Date(),
): Promise<RateDecision> {
  const start = windowStart(now, rule.windowSeconds);
  const [row] = await db
    .insert(rateLimitCounters)
    .values({ key, windowStart: start, count: 1 })
    .onConflictDoUpdate({
      target: [rateLimitCounters.key, rateLimitCounters.windowStart],
      set: { count: sql`${rateLimitCounters.count} + 1` },
    })
    .returning({ count: rateLimitCounters.count });
  const count = row!.count;
  const retryAfterSeconds = Math.max(1, Math.ceil((start.getTime() + rule.windowSeconds * 1000 - now.getTime()) / 1000));
  return { allowed: count <= rule.limit, count, retryAfterSeconds };
}

/**
 * Counts one request under each of several keys in one statement (one round
 * trip and one commit instead of one each: issue 18's load benchmark). The
 * decisions come back in the order of `counts`.
 */
export async function consumeRateLimits(
  db: Database,
  counts: ReadonlyArray<{ key: string; rule: RateLimit }>,
  now = new Date(),
): Promise<RateDecision[]> {
  // The upsert of the statements that count and write (countingUpsert), on
  // its own: one statement for each number of keys, built once (preparedSql).
  const rows = await preparedSql<{ key: string; window_start: string | Date; count: number | string }>(
    db,
    `rate_limits_${counts.length}`,
    () => countingUpsert(counts.map((_, n) => countPlaceholders(n))),
  )(countValues(inWindows(counts, now)));
  return decisionsOf(
    counts,
    rows.map((r) => ({ key: r.key, windowStart: new Date(r.window_start), count: Number(r.count) })),
    now,
  );
}

/** One request to count under a key in its window, within a limit. */
export type WindowCount = { key: string; windowStart: Date; rule: { limit: number } };

/** Each count in the window that `now` falls in. */
export function inWindows<T extends { rule: RateLimit }>(counts: ReadonlyArray<T>, now: Date): Array<T & { windowStart: Date }> {
  return counts.map((c) => ({ ...c, windowStart: windowStart(now, c.rule.windowSeconds) }));
}

/**
 * A count as a statement holds it: its key, its window's start and its
 * limit, as placeholders of a statement prepared once (preparedSql in
 * db/client.ts) and given `countValues` when run.
 */
export type CountInStatement = { key: Placeholder; windowStart: Placeholder; limit: Placeholder };

/** The n-th count as placeholders, filled by countValues. */
export function countPlaceholders(n: number): CountInStatement {
  return { key: sql.placeholder(`key${n}`), windowStart: sql.placeholder(`start${n}`), limit: sql.placeholder(`limit${n}`) };
}

/** The values of countPlaceholders for `counts`, in order. */
export function countValues(counts: ReadonlyArray<WindowCount>): Record<string, unknown> {
  return Object.fromEntries(
    counts.flatMap((c, n) => [
      [`key${n}`, c.key],
      [`start${n}`, c.windowStart.toISOString()],
      [`limit${n}`, c.rule.limit],
    ]),
  );
}

/**
 * For a statement that counts a request and writes only within the limits
 * (intake/queries.ts, intake/case-statement.ts; issue 18): the upsert of a
 * data-modifying CTE counting it under each key, in the order given (two
 * requests never deadlock on each other's rows), returning key,
 * window_start and count.
 */
export function countingUpsert(counts: ReadonlyArray<CountInStatement>): SQL {
  const values = sql.join(
    counts.map((c) => sql`(${c.key}, ${c.windowStart}::timestamptz, 1)`),
    sql`, `,
  );
  return sql`insert into rate_limit_counters (key, window_start, count) values ${values}
    on conflict (key, window_start) do update set count = rate_limit_counters.count + 1
    returning key, window_start, count`;
}

/** The condition, on that CTE's rows, of a count past its limit. */
export function pastLimit(counts: ReadonlyArray<CountInStatement>): SQL {
  return sql.join(
    counts.map((c) => sql`(key = ${c.key} and count > ${c.limit}::int)`),
    sql` or `,
  );
}

/** The decisions for `counts` from the counters' rows after counting, in the order of `counts`. */
export function decisionsOf(
  counts: ReadonlyArray<{ key: string; rule: RateLimit }>,
  rows: ReadonlyArray<{ key: string; windowStart: Date; count: number }>,
  now: Date,
): RateDecision[] {
  return counts.map(({ key, rule }) => {
    const start = windowStart(now, rule.windowSeconds);
    const count = rows.find((r) => r.key === key && r.windowStart.getTime() === start.getTime())!.count;
    const retryAfterSeconds = Math.max(1, Math.ceil((start.getTime() + rule.windowSeconds * 1000 - now.getTime()) / 1000));
    return { allowed: count <= rule.limit, count, retryAfterSeconds };
  });
}

/**
 * Takes back one counted request of the current window: a request counted
 * before it was checked (so parallel ones cannot slip past the limit) that
 * turned out right is no failure.
 */
export async function refundRateLimit(db: Database, key: string, rule: RateLimit, now = new Date()): Promise<void> {
  const start = windowStart(now, rule.windowSeconds);
  await db
    .update(rateLimitCounters)
    .set({ count: sql`greatest(${rateLimitCounters.count} - 1, 0)` })
    .where(and(eq(rateLimitCounters.key, key), eq(rateLimitCounters.windowStart, start)));
}

/** Forgets a key's count: a person who got it right starts again from nothing. */
export async function forgetRateLimit(db: Database, key: string): Promise<void> {
  await db.delete(rateLimitCounters).where(eq(rateLimitCounters.key, key));
}

/** Old windows are of no use: removed by the maintenance job. */
export async function purgeOldRateLimitWindows(db: Database, before: Date): Promise<void> {
  await db.delete(rateLimitCounters).where(lt(rateLimitCounters.windowStart, before));
}

/** How many requests a key has made in the current window, without counting one. */
export async function peekRateLimit(db: Database, key: string, rule: RateLimit, now = new Date()): Promise<RateDecision> {
  const start = windowStart(now, rule.windowSeconds);
  const rows = await db
    .select({ count: rateLimitCounters.count })
    .from(rateLimitCounters)
    .where(and(eq(rateLimitCounters.key, key), eq(rateLimitCounters.windowStart, start)));
  const count = rows[0]?.count ?? 0;
  const retryAfterSeconds = Math.max(1, Math.ceil((start.getTime() + rule.windowSeconds * 1000 - now.getTime()) / 1000));
  return { allowed: count < rule.limit, count, retryAfterSeconds };
}
