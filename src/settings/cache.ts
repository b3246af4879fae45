// The institution's identity and the deadline rules are read on every public
// page and change a few times a year. Each instance keeps them for a short
// while instead of asking the database every time. Nothing here matters if
// lost (it is re-read), and an administrator's edit shows everywhere within
// REFERENCE_TTL_MS (at once on the instance that made it).
export const REFERENCE_TTL_MS = 30_000;

const entries = new Map<string, { until: number; value: Promise<unknown> }>();

export function cachedReference<T>(key: string, load: () => Promise<T>, now = Date.now()): Promise<T> {
  const hit = entries.get(key);
  if (hit && hit.until > now) return hit.value as Promise<T>;
  const value = load();
  entries.set(key, { until: now + REFERENCE_TTL_MS, value });
  // A failed read is not kept: the next request asks again.
  value.catch(() => entries.delete(key));
  return value;
}

const forgetters: Array<() => void> = [];
/** Something else made from reference data (the page cache) forgets with it. */
export function onForgetReferenceData(forget: () => void): void {
  forgetters.push(forget);
}

/** After an administrator's edit of reference data. */
export function forgetReferenceData(): void {
  entries.clear();
  for (const forget of forgetters) forget();
}
