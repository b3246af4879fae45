// `npm run bench:send-profile`: where one submission's time goes in the
// database (issue 18). The two posts of a submission as the pages make
// them (the form counted and kept as a draft in one statement; "Send",
// counted by the statement that writes the case), one at a time on the
// local PostgreSQL, with every statement counted as postgres.js sends it,
// and every write to the database's socket counted as a round trip: the
// client waits for an answer between two writes (postgres.js sends an
// unprepared statement with parameters in two: parse and describe, then
// bind and execute). Prints the statements of one of each and the medians;
// no target, a profile.
import { Socket } from 'node:net';
import { adminConnection } from '../test/support/database.ts';
// Plain Node loads the translations through the preload (no Vite here).
import '#src/i18n/preload.ts';
import { openDatabase } from '#src/db/client.ts';
import { seed } from '#src/db/seed.ts';
import { intakeCounts } from '#src/intake/limit.ts';
import { receiveFirstPost } from '#src/intake/first-post.ts';
import { sendDraft } from '#src/intake/submit.ts';
import { benchDatabase, machine, median, printTable, questionForm } from './support.ts';

const COUNT = Number(process.env.BENCH_SENDS ?? 300);
// Every post from 127.0.0.1: out of the intake limit's way (config() reads it at the first post).
process.env.INTAKE_RATE_LIMIT ??= '100000000';
const bench = await benchDatabase();
// The time the database spends in the triggers (the rollups and counts kept
// with each case): PostgreSQL counts a function's time when asked to.
const admin = adminConnection(bench.url);
await admin.unsafe(`alter database "${new URL(bench.url).pathname.slice(1)}" set track_functions = 'all'`);
let log: Array<{ at: number; query: string }> = [];
const open = await openDatabase({ url: bench.url }, { onQuery: (query) => log.push({ at: performance.now(), query }) });
const db = open.db;
await seed(db, { demo: true });

let writes = 0;
const write = Socket.prototype.write;
Socket.prototype.write = function (this: Socket, ...args: Parameters<Socket['write']>) {
  writes++;
  return write.apply(this, args);
} as Socket['write'];

type Measure = { ms: number; statements: string[]; trips: number; gaps: number[] };
async function measure(work: () => Promise<unknown>): Promise<Measure> {
  log = [];
  writes = 0;
  const start = performance.now();
  await work();
  const ms = performance.now() - start;
  const trips = writes;
  const end = start + ms;
  // From a statement's sending to the next one's (or the end): its round trip and the code after it.
  const gaps = log.map((l, i) => (log[i + 1]?.at ?? end) - l.at);
  return { ms, statements: log.map((l) => l.query), trips, gaps };
}

// The form page's usual first post: counted and kept in one statement (intake/first-post.ts).
const formPost = async () => {
  const request = new Request('http://127.0.0.1/lv/question', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(Buffer.byteLength(questionForm)) },
    body: questionForm,
  });
  const outcome = await receiveFirstPost(db, 'question', 'lv', request, () => '127.0.0.1');
  if (outcome?.next !== 'check') throw new Error('the form post made no draft');
  return outcome.location.split('/').at(-1)!;
};
const send = async (draftId: string) => {
  // As the check page sends: on the connections kept for Sends (db/client.ts), counted against the
  // intake limits by the statement that writes the case, no number read back (the confirmation page
  // finds the case by its link); numbered on the main pool (receiveSend).
  const result = await sendDraft(open.clientWrites, draftId, {
    baseUrl: 'http://127.0.0.1',
    kind: 'question',
    numberOn: open.db,
    acknowledgementsPerAddress: 100_000,
    intakeLimit: intakeCounts('127.0.0.1', 100_000_000),
  });
  if (!result.ok) throw new Error(`the Send failed: ${result.reason}`);
};

try {
  const drafts: string[] = [];
  const posts: Measure[] = [];
  for (let i = 0; i < COUNT + 20; i++) {
    let id = '';
    const m = await measure(async () => (id = await formPost()));
    drafts.push(id);
    if (i >= 20) posts.push(m);
  }
  // Only the Sends' time in functions (their counts are flushed as each transaction ends).
  await admin`select pg_stat_reset()`;
  const sends: Measure[] = [];
  for (const [i, id] of drafts.entries()) {
    const m = await measure(() => send(id));
    if (i >= 20) sends.push(m);
  }
  const short = (q: string) => q.replace(/\s+/g, ' ').slice(0, 90);
  for (const [name, list] of [
    ['form post', posts],
    ['send', sends],
  ] as const) {
    printTable(
      `One ${name}, statement by statement`,
      list.at(-1)!.statements.map((q, i) => ({
        '#': i + 1,
        statement: short(q),
        'ms to the next (median)':
          Math.round(median(list.filter((m) => m.gaps.length === list.at(-1)!.gaps.length).map((m) => m.gaps[i]!)) * 100) / 100,
      })),
    );
  }
  printTable(
    `Per post (${COUNT} of each, one at a time, after 20 to warm up) — ${machine()}`,
    [
      ['form post (draft)', posts],
      ['send (case created)', sends],
    ].map(([name, list]) => {
      const l = list as Measure[];
      return {
        post: name as string,
        statements: median(l.map((m) => m.statements.length)),
        'round trips': median(l.map((m) => m.trips)),
        'median ms': Math.round(median(l.map((m) => m.ms)) * 100) / 100,
      };
    }),
  );
  // The pool's sessions flush what they counted as they end.
  await open.close();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const functions = await admin<{ funcname: string; calls: number; self_time: number; total_time: number }[]>`
    select funcname, calls::int, self_time, total_time from pg_stat_user_functions order by total_time desc`;
  printTable(
    `The database's functions in the ${drafts.length} Sends (the triggers on cases and what they call)`,
    functions.map((f) => ({
      function: f.funcname,
      calls: f.calls,
      'ms per Send (total)': Math.round((f.total_time / drafts.length) * 1000) / 1000,
      'ms per Send (own)': Math.round((f.self_time / drafts.length) * 1000) / 1000,
    })),
  );
} finally {
  await open.close().catch(() => undefined);
  await admin.end();
  await bench.drop();
}
