// Ids come from addresses and forms, where anybody can write anything. A
// database id is digits only and fits its column: `integer` (serial) for
// records, `bigint` (bigserial) for logs. Anything else ("abc", "1.5", "-1",
// "1e3", 99999999999 for an integer) is no id at all, and the page answers
// 404 (or ignores a filter) instead of letting the database fail on an
// out-of-range number or NaN with a 500.

/** The largest value of PostgreSQL's `integer`. */
export const MAX_RECORD_ID = 2_147_483_647;

/**
 * A database id, or undefined when `value` is not one. Where a query wants a
 * number anyway, `recordId(x) ?? 0` asks for a record nobody has: ids start at 1.
 * `big` for bigserial columns (the audit log).
 */
export function recordId(value: string | null | undefined, options: { big?: boolean } = {}): number | undefined {
  if (!value || !/^[1-9]\d{0,15}$/.test(value)) return undefined;
  const id = Number(value);
  return id <= (options.big ? Number.MAX_SAFE_INTEGER : MAX_RECORD_ID) ? id : undefined;
}
