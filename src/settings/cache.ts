// The institution's identity, the deadline rules, topics and the sign-in
// rules are read on every page and change a few times a year. Each
// instance keeps them for a short while per database instead of asking the
// database every time. Nothing here matters if lost (it is re-read), and an
// administrator's edit shows everywhere within REFERENCE_TTL_MS (at once on
// the instance that made it).
export const REFERENCE_TTL_MS = 30_000;

type Entry = { until: number; generation: number; value: Promise<unknown> };
// Per database handle: one process may hold several (the test suites do).
const byDatabase = new WeakMap<object, Map<string, Entry>>();
let generation = 0;

export function cachedReference<T>(db: object, key: string, load: () => Promise<T>, now = Date.now()): Promise<T> {
  let entries = byDatabase.get(db);
  if (!entries) byDatabase.set(db, (entries = new Map()));
  const hit = entries.get(key);
  if (hit && hit.until > now && hit.generation === generation) return hit.value as Promise<T>;
  const value = load();
  const store = entries;
  store.set(key, { until: now + REFERENCE_TTL_MS, generation, value });
  // A failed read is not kept: the next request asks again.
  value.catch(() => store.delete(key));
  return value;
}

const forgetters: Array<() => void> = [];
/** Something else made from reference data (the page cache) forgets with it. */
export function onForgetReferenceData(forget: () => void): void {
  forgetters.push(forget);
}

/** After an administrator's edit of reference data: every entry is stale. */
export function forgetReferenceData(): void {
  generation++;
  for (const forget of forgetters) forget();
}

/**
 * Whether a request changed reference data, so the caches must forget: an
 * administrator's post under /<lang>/staff/admin/ that succeeded (a form
 * that saved redirects, 303). Nobody else's post may empty the caches: one
 * unauthenticated post every 30 s kept every public page uncached
 * (security review m9).
 */
export function changedReferenceData(request: { method: string; pathname: string; administrator: boolean; status: number }): boolean {
  return (
    request.method === 'POST' && request.administrator && request.status === 303 && /^\/[a-z]{2}\/staff\/admin\//.test(request.pathname)
  );
}
