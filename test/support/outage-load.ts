import { expect } from 'vitest';
import postgres from 'postgres';
import type { RunningServer } from './server.ts';
import { publicPaths } from '#src/paths.ts';

// The load the fault tests put on the portal while its database goes away:
// clients submitting a question (the form, then "Send") before, during and
// after an outage, and what must hold afterwards. Shared by the restart and
// the failover tests, which differ only in how the database goes and comes.

const question = {
  topic: 'eia',
  details: 'Vai saņemsiet šo?',
  name: 'Anna',
  replyChannel: 'email',
  email: 'fault@example.lv',
  replyLanguage: 'lv',
};

export type Attempt = { status: number | 'network'; token?: string; checkPath?: string; finishedAt?: number };

function post(server: RunningServer, path: string, body: URLSearchParams) {
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Origin: server.url },
    body,
    signal: AbortSignal.timeout(20_000),
  });
}

function tokenIn(response: Response): string | undefined {
  return /\/submitted\/([A-Za-z0-9_-]{43})/.exec(response.headers.get('location') ?? '')?.[1];
}

/** One client's whole submission: the form, then "Send". */
export async function submitOnce(server: RunningServer): Promise<Attempt> {
  try {
    const first = await post(server, publicPaths.form('lv', 'question'), new URLSearchParams(question));
    if (first.status !== 303) return { status: first.status, finishedAt: performance.now() };
    const checkPath = first.headers.get('location')!;
    const sent = await post(server, checkPath, new URLSearchParams());
    const token = tokenIn(sent);
    return token
      ? { status: sent.status, token, finishedAt: performance.now() }
      : { status: sent.status, checkPath, finishedAt: performance.now() };
  } catch {
    return { status: 'network' };
  }
}

export type Outage = { down: () => Promise<void>; up: () => Promise<void> };

export type OutageOutcome = {
  /** From the moment `up` was called to the first confirmation of a submission started after it returned. */
  servedAgainAfterMs: number;
};

/**
 * Four clients submit while `outage` takes the database away and brings it
 * back; then the portal must have answered nothing but confirmations, 4xx
 * and translated 503s (in Latvian and English), work again by itself, and
 * hold every submission it acknowledged exactly once, found by the
 * reference the client was shown (counted through `directUrl`, around any
 * proxy, on whichever server holds the data now).
 */
export async function submitThroughOutage(server: RunningServer, directUrl: string, outage: Outage): Promise<OutageOutcome> {
  const results: Attempt[] = [];
  const afterRestore: Attempt[] = [];
  const pages: string[] = [];
  let phase: 'before' | 'down' | 'back' | 'over' = 'before';
  let upAt = 0;
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  // Clients keep submitting (bounded) from before the outage until three seconds after it.
  const clients = Array.from({ length: 4 }, async () => {
    for (let i = 0; i < 400 && phase !== 'over'; i++) {
      const started = phase;
      const attempt = await submitOnce(server);
      results.push(attempt);
      if (started === 'back') afterRestore.push(attempt);
      await pause(25);
    }
  });
  // The database goes away for two seconds in the middle of the load, once
  // a few submissions were acknowledged (on a busy machine that can take a
  // few seconds): those are the ones it must not lose.
  let acknowledgedBefore = 0;
  const away = (async () => {
    await pause(400);
    for (let i = 0; i < 300 && results.filter((r) => r.token).length < 4; i++) await pause(50);
    acknowledgedBefore = results.filter((r) => r.token).length;
    phase = 'down';
    await outage.down();
    await Promise.all(
      (['lv', 'en'] as const).map(async (locale) => {
        const during = await fetch(`${server.url}${publicPaths.form(locale, 'question')}`, {
          method: 'POST',
          redirect: 'manual',
          headers: { Origin: server.url },
          body: new URLSearchParams(question),
        });
        pages.push(`${during.status} ${during.headers.get('retry-after')} ${await during.text()}`);
      }),
    );
    await pause(2000);
    upAt = performance.now();
    await outage.up();
    phase = 'back';
    await pause(3000);
    phase = 'over';
  })();
  await Promise.all([...clients, away]);
  expect(acknowledgedBefore).toBeGreaterThan(0);
  // Recovered under load: submissions started after the database was back went through.
  const servedAgain = afterRestore.filter((r) => r.token);
  expect(servedAgain.length).toBeGreaterThan(0);

  expect(results.filter((r) => r.status === 'network')).toEqual([]);
  expect(results.filter((r) => typeof r.status === 'number' && r.status >= 500 && r.status !== 503)).toEqual([]);
  expect(pages).toHaveLength(2);
  for (const page of pages) expect(page).toMatch(/^503 30 /);
  expect(pages.find((p) => p.includes('<html lang="lv"'))).toContain('Pakalpojums īslaicīgi nav pieejams');
  expect(pages.find((p) => p.includes('<html lang="en"'))).toContain('The service is briefly unavailable');
  // Recovered by itself: a submission goes through again within a few tries
  // (a pooled connection may first report how it was ended).
  let after: Attempt = { status: 'network' };
  for (let i = 0; i < 5 && !after.token; i++) after = await submitOnce(server);
  expect(after.token).toBeDefined();
  // A "Send" that got a 503 may still have committed (the answer was lost,
  // not the case): the client sends again and gets the one confirmation.
  const resent: Attempt[] = [];
  for (const r of results.filter((x) => x.checkPath)) {
    const again = await post(server, r.checkPath!, new URLSearchParams());
    expect(again.status).toBe(303);
    resent.push({ status: again.status, token: tokenIn(again)! });
  }
  // Every acknowledged submission is there, once: its status page shows
  // the reference the client was given, and that reference is stored once.
  const tokens = new Set([...results, after, ...resent].filter((r) => r.token).map((r) => r.token!));
  expect(tokens.size).toBeGreaterThan(0);
  const references: string[] = [];
  for (const token of tokens) {
    const page = await fetch(`${server.url}${publicPaths.status('lv', token)}`);
    expect(page.status).toBe(200);
    const reference = /<span class="reference">([^<]+)<\/span>/.exec(await page.text())?.[1];
    expect(reference).toBeDefined();
    references.push(reference!);
  }
  expect(new Set(references).size).toBe(tokens.size);
  const check = postgres(directUrl, { max: 1, onnotice: () => {} });
  try {
    const stored = await check<{ reference: string; n: number }[]>`
      select reference, count(*)::int as n from cases where reference in ${check(references)} group by reference`;
    expect(
      stored
        .filter((row) => row.n === 1)
        .map((row) => row.reference)
        .sort(),
    ).toEqual([...references].sort());
    // ...and nothing else was stored: no case the portal did not acknowledge.
    const [all] = await check<{ n: number }[]>`select count(*)::int as n from cases`;
    expect(all!.n).toBe(tokens.size);
  } finally {
    await check.end();
  }
  return { servedAgainAfterMs: Math.min(...servedAgain.map((r) => r.finishedAt! - upAt)) };
}
