// Which failures mean "the database is not there right now" (restarting,
// unreachable, shutting down): those get a translated 503 page with
// Retry-After, and the connection pool recovers by itself on the next
// request. Anything else is a bug and gets the 500 page.
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  // postgres.js
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  // SQLSTATE: admin shutdown, crash shutdown, cannot connect now, connection exceptions
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  // withDeadline
  'REQUEST_DEADLINE',
]);

/**
 * A request that has not finished by its deadline fails as "unavailable":
 * a database connection lost mid-query can leave the driver waiting for an
 * answer that never comes, and the client deserves a clear 503 instead.
 */
export async function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`no answer within ${ms} ms`), { code: 'REQUEST_DEADLINE' })), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
    const errors = (e as { errors?: unknown }).errors;
    if (Array.isArray(errors) && errors.some(isDatabaseUnavailable)) return true;
  }
  return false;
}

/**
 * Whether a request failed only because it ran out of time (withDeadline):
 * a slow client body looks like this as much as a lost database does, so
 * the log must not say "database" for it (security review m14).
 */
export function isRequestDeadline(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'REQUEST_DEADLINE';
}

/**
 * postgres.js (3.4.x) can throw from a setImmediate when a connection closes
 * while a small write is queued (upstream issues #1154 and #1208, fix not
 * released yet): `nextWrite` calls `write` on a socket it has already set to
 * null. By then the driver has rejected the query with CONNECTION_CLOSED, so
 * the request already got its 503; the exception only must not end the
 * process. This recognises exactly that and nothing else.
 */
export function isDriverWriteAfterClose(error: unknown): boolean {
  return (
    error instanceof TypeError &&
    error.message.includes("reading 'write'") &&
    /nextWrite/.test(error.stack ?? '') &&
    /postgres[\\/]src[\\/]connection\.js/.test(error.stack ?? '')
  );
}
