// `npm run bench:soak`: the production build on PostgreSQL under a steady
// mixed load for ten minutes, watching the server's resident memory (issue
// 18): after the first minute it may grow by at most 15 % to the end.
// The load is offered at a fixed rate (100 requests/s, spread evenly, not
// in bursts) whether or not the server keeps up, in a fixed cycle of what
// the portal serves all day: public pages, the form post that keeps a draft,
// the Send that makes the case, the confirmation and status pages of the
// cases made, a page that does not exist, and the staff home and case lists
// of a signed-in manager. Exits 1 when memory grows more than 15 %, or on
// any answer other than the one expected (a page 200, a post 303, the
// missing page 404), a request that failed, or one not sent because the
// server fell too far behind.
//
// BENCH_SOAK_SECONDS shortens the run for a try (default 600); the first
// figure is then taken after a fifth of it, at most one minute.
// BENCH_SOAK_RATE changes the rate. Run `npm run build` first (the npm
// script does).
import { readFileSync } from 'node:fs';
import { benchDatabase, draftOf, machine, offerEvenly, percentile, printTable, questionForm, startBenchServer } from './support.ts';
import { signInWithFetch } from '../test/support/sign-in.ts';
import { postForm } from '../test/support/http-factories.ts';
import { publicPaths, staffPaths } from '#src/paths.ts';

const seconds = Number(process.env.BENCH_SOAK_SECONDS ?? 600);
const RATE = Number(process.env.BENCH_SOAK_RATE ?? 100);
const SAMPLE_SECONDS = 5;
const BASELINE_SECONDS = Math.min(60, seconds / 5);
const MAX_GROWTH = 0.15;
// Requests waiting for an answer beyond these many seconds of load mean the
// server no longer keeps up: the next ones are counted as not sent.
const BACKLOG_SECONDS = 5;
const MANAGER = 'vaditaja@demo.vpvb.lv';

const db = await benchDatabase();
const server = await startBenchServer(db);
const pid = server.process.pid!;

/** The server process's resident memory in MiB, from the kernel (its own pid, not a wrapper's). */
function rssMiB(): number {
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  if (!kb) throw new Error(`no VmRSS for process ${pid}`);
  return Number(kb) / 1024;
}

function get(path: string, cookie?: string): Promise<Response> {
  return fetch(`${server.url}${path}`, { redirect: 'manual', headers: cookie ? { Cookie: cookie } : {} });
}
const post = (path: string, body: string) => postForm(server.url, path, new URLSearchParams(body));
/** The status token of the case a Send made, from its 303 to the confirmation. */
const caseMade = (response: Response) => /\/submitted\/([A-Za-z0-9_-]{43})$/.exec(response.headers.get('location') ?? '')?.[1];

// What the cycle's posts leave for the next steps: drafts for the Send, and
// the most recent cases' tokens for the confirmation and status pages (a
// few, kept as a ring: the benchmark itself must not grow).
const drafts: string[] = [];
const tokens: string[] = [];
let nextToken = 0;
const token = () => tokens[nextToken++ % tokens.length];

type Step = { name: string; expect: number; send: (cookie: string) => Promise<Response> | undefined };
const cycle: Step[] = [
  { name: 'home page', expect: 200, send: () => get(publicPaths.home('lv')) },
  { name: 'question form (en)', expect: 200, send: () => get(publicPaths.form('en', 'question')) },
  {
    name: 'form post (draft, 303)',
    expect: 303,
    send: () =>
      post(publicPaths.form('lv', 'question'), questionForm).then((response) => {
        const draft = draftOf(response);
        if (draft) drafts.push(draft);
        return response;
      }),
  },
  {
    name: 'Send (case made, 303)',
    expect: 303,
    send: () => {
      const draft = drafts.shift();
      if (!draft) return undefined;
      return post(publicPaths.check('lv', 'question', draft), '').then((response) => {
        const made = caseMade(response);
        if (made && tokens.push(made) > 50) tokens.shift();
        return response;
      });
    },
  },
  { name: 'confirmation page', expect: 200, send: () => get(publicPaths.submitted('lv', token()!)) },
  { name: 'complaint form', expect: 200, send: () => get(publicPaths.form('lv', 'complaint')) },
  { name: 'status page', expect: 200, send: () => get(publicPaths.status('lv', token()!)) },
  { name: 'missing page (404)', expect: 404, send: () => get(publicPaths.form('lv', 'no-such-page')) },
  { name: 'staff home', expect: 200, send: (cookie) => get(staffPaths.home('lv'), cookie) },
  { name: 'staff case list', expect: 200, send: (cookie) => get(staffPaths.cases('lv', { scope: 'all', status: 'all' }), cookie) },
  {
    name: 'staff list, due soon',
    expect: 200,
    send: (cookie) => get(staffPaths.cases('lv', { scope: 'all', due: 'due_soon' }), cookie),
  },
];

type Tally = { answers: number; wrong: number; failed: number; unsent: number; latencies: number[]; statuses: Map<number, number> };
const tallies = new Map(
  cycle.map((s) => [s.name, { answers: 0, wrong: 0, failed: 0, unsent: 0, latencies: [], statuses: new Map() } as Tally]),
);
let inFlight = 0;
let firstFailure = '';

function fire(step: Step, cookie: string): void {
  const tally = tallies.get(step.name)!;
  if (inFlight >= RATE * BACKLOG_SECONDS) {
    tally.unsent++;
    return;
  }
  const started = performance.now();
  const sent = step.send(cookie);
  if (!sent) {
    tally.unsent++;
    return;
  }
  inFlight++;
  sent
    .then(async (response) => {
      await response.arrayBuffer();
      tally.latencies.push(performance.now() - started);
      tally.answers++;
      if (response.status !== step.expect) {
        tally.wrong++;
        tally.statuses.set(response.status, (tally.statuses.get(response.status) ?? 0) + 1);
      }
    })
    .catch((error: unknown) => {
      tally.failed++;
      firstFailure ||= `${step.name}: ${error instanceof Error ? `${error.message} ${String(error.cause ?? '')}` : String(error)}`;
    })
    .finally(() => inFlight--);
}

/** Offers `RATE` requests a second, evenly, for `seconds`; samples RSS every SAMPLE_SECONDS. */
async function soak(cookie: string): Promise<Array<{ at: number; rss: number; waiting: number }>> {
  const samples = [{ at: 0, rss: rssMiB(), waiting: 0 }];
  const start = performance.now();
  let stopped: Error | undefined;
  const sampler = setInterval(() => {
    try {
      samples.push({ at: Math.round((performance.now() - start) / 1000), rss: rssMiB(), waiting: inFlight });
    } catch (error) {
      stopped ??= new Error(`the server stopped: ${String(error)}\n${server.output().slice(-4000)}`);
    }
  }, SAMPLE_SECONDS * 1000);
  try {
    await offerEvenly(
      RATE,
      seconds,
      (n) => fire(cycle[n % cycle.length]!, cookie),
      () => stopped !== undefined,
    );
  } finally {
    clearInterval(sampler);
  }
  if (stopped) throw stopped;
  // The last answers, then the last figure.
  const deadline = performance.now() + 30_000;
  while (inFlight > 0 && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  samples.push({ at: Math.round((performance.now() - start) / 1000), rss: rssMiB(), waiting: inFlight });
  return samples;
}

const mib = (v: number) => Math.round(v * 10) / 10;
const ms = (v: number) => (Number.isFinite(v) ? Math.round(v * 10) / 10 : '—');

try {
  const cookie = await signInWithFetch(server.url, MANAGER);
  // A few drafts and cases before the clock starts, so that the first Send and status pages have theirs.
  for (let i = 0; i < 20; i++) {
    const draft = draftOf(await post(publicPaths.form('lv', 'question'), questionForm));
    if (!draft) throw new Error('the form made no draft');
    drafts.push(draft);
  }
  const made = caseMade(await post(publicPaths.check('lv', 'question', drafts.shift()!), ''));
  if (!made) throw new Error('the Send made no case');
  tokens.push(made);

  const samples = await soak(cookie);
  const baseline = samples.find((s) => s.at >= BASELINE_SECONDS)!;
  const end = samples.at(-1)!;
  const peak = Math.max(...samples.map((s) => s.rss));
  const growth = end.rss / baseline.rss - 1;

  // Every tenth of the run (every minute of ten), the baseline and the end.
  const tenth = seconds / 10;
  const shown = samples.filter(
    (s, i) => i === 0 || s === end || s === baseline || Math.floor(s.at / tenth) > Math.floor(samples[i - 1]!.at / tenth),
  );
  printTable(
    `Server memory (VmRSS of pid ${pid}) under ${RATE} requests/s for ${seconds} s — ${machine()}`,
    shown.map((s) => ({ 'at s': s.at, 'RSS MiB': mib(s.rss), 'awaiting an answer': s.waiting })),
  );
  const rows = [...tallies].map(([name, t]) => {
    const sorted = [...t.latencies].sort((a, b) => a - b);
    return {
      request: name,
      answers: t.answers,
      'p50 ms': ms(percentile(sorted, 50)),
      'p95 ms': ms(percentile(sorted, 95)),
      'p99 ms': ms(percentile(sorted, 99)),
      'other status': [...t.statuses].map(([status, n]) => `${status}×${n}`).join(' '),
      failed: t.failed,
      'not sent': t.unsent,
    };
  });
  printTable('Requests', rows);
  const all = [...tallies.values()];
  const sum = (of: (t: Tally) => number) => all.reduce((s, t) => s + of(t), 0);
  const answers = sum((t) => t.answers);
  const [wrong, failed, unsent] = [sum((t) => t.wrong), sum((t) => t.failed), sum((t) => t.unsent)];
  const errors = wrong + failed + unsent;
  const verdicts = [
    {
      target: `RSS at the end ≤ ${Math.round(MAX_GROWTH * 100)} % over its size at ${baseline.at} s`,
      figure: `${mib(baseline.rss)} → ${mib(end.rss)} MiB (${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(1)} %, ratio ${(end.rss / baseline.rss).toFixed(3)}; peak ${mib(peak)} MiB)`,
      met: growth <= MAX_GROWTH,
    },
    {
      target: 'no errors',
      figure: `${errors} of ${Math.round(seconds * RATE)} offered: ${wrong} other status, ${failed} failed, ${unsent} not sent (${(answers / seconds).toFixed(1)} answered/s)`,
      met: errors === 0,
    },
  ].map((v) => ({ ...v, met: v.met ? 'yes' : 'NO' }));
  printTable('Issue 18 memory target', verdicts);
  if (firstFailure) console.log(`First failed request: ${firstFailure}`);
  // Requests queued in the server hold memory of their own, and a starved
  // collector lets garbage pile up: the RSS then measures the backlog.
  if (unsent > 0) console.log('The server did not keep up with the rate: the memory figures measure its backlog more than what it keeps.');
  if (verdicts.some((v) => v.met !== 'yes')) process.exitCode = 1;
} finally {
  await server.stop();
  await db.drop();
}
