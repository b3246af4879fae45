import { onForgetReferenceData, REFERENCE_TTL_MS } from '#src/settings/cache.ts';

// Micro-caching of the public pages that are the same for everybody (the
// home page, the structure page, the statements, the empty forms, the
// published results): each instance keeps the rendered HTML for as long as
// it keeps the reference data it is made from (REFERENCE_TTL_MS); an
// administrator's saved change to that data, or publishing results,
// empties it.
// Only GETs without a query string, only 200s, only pages with nothing
// personal or random in them; losing the cache costs a render, nothing else.

const CACHEABLE =
  /^\/[a-z]{2}\/(|accessibility|privacy|complaint|suggestion|question|information-request|callback|about|easy-read|results|results\/\d{4})$/;
const pages = new Map<string, { until: number; status: number; headers: [string, string][]; body: string }>();

export function isCacheablePage(method: string, url: URL): boolean {
  return method === 'GET' && url.search === '' && CACHEABLE.test(url.pathname);
}

export function cachedPage(url: URL, now = Date.now()): Response | undefined {
  const hit = pages.get(url.pathname);
  if (!hit || hit.until <= now) return undefined;
  return new Response(hit.body, { status: hit.status, headers: hit.headers });
}

/** Keeps a copy of a rendered page; returns the response to send (the body can be read once). */
export async function keepPage(url: URL, response: Response, now = Date.now()): Promise<Response> {
  if (response.status !== 200 || response.headers.has('set-cookie')) return response;
  const body = await response.text();
  const headers = [...response.headers.entries()];
  pages.set(url.pathname, { until: now + REFERENCE_TTL_MS, status: 200, headers, body });
  return new Response(body, { status: 200, headers });
}

export function forgetPages(): void {
  pages.clear();
}

onForgetReferenceData(forgetPages);
