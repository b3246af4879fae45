// `npm run bench:reports`: the quality reports at two scales, each on
// PostgreSQL in a database of its own (dropped afterwards): by default
// 1 000 000 survey answers with 200 000 cases over three years, then
// 10 000 000 answers with 2 000 000 cases (issue 18: ten years of a large
// institution). Loads the data with SQL, both scales side by side, times
// each report as a manager and the director open it (median and worst of
// 101 runs, BENCH_RUNS, the scales in turn: timeScales), and prints each
// report's median at both scales and its growth. Fails when a median at the
// larger scale reaches 100 ms or a report grows 1.5 times or more.
//
// Scales: arguments `answers:cases`, e.g. `npm run bench:reports --
// 100000:20000 1000000:200000`, or BENCH_SCALES with the same, comma-separated.
// BENCH_KEEP=1 keeps the databases and prints their names; BENCH_DATABASES
// with those names, comma-separated, times the reports on them again
// without loading (for EXPLAIN, or a second opinion on a growth).
// Plain Node loads the translations through the preload (no Vite here).
import '#src/i18n/preload.ts';
import { eq, sql } from 'drizzle-orm';
import { benchDatabase, benchServerUrl, machine, printTable, timeInTurn, type Timing } from './support.ts';
import { openDatabase, rowsOf, type Database } from '#src/db/client.ts';
import { seed } from '#src/db/seed.ts';
import { loadCalendar } from '#src/settings/queries.ts';
import { staffMembers } from '#src/staff/schema.ts';
import { createCampaign } from '#src/quality/surveys/campaigns.ts';
import { communicationReport } from '#src/quality/reports/communication.ts';
import { complaintRemedies, complaintsReport } from '#src/quality/reports/complaints.ts';
import { deadlinesReport } from '#src/quality/reports/deadlines.ts';
import { reportScope } from '#src/quality/reports/scope.ts';
import { satisfactionComments } from '#src/quality/reports/comments.ts';
import { satisfactionReport } from '#src/quality/reports/satisfaction.ts';
import { scheduleReport } from '#src/quality/reports/schedule.ts';
import { monthOfDate, quarterOfDate, shiftMonth } from '#src/calendar/periods.ts';
import { todayInRiga } from '#src/calendar/riga-time.ts';

const scaleArgs =
  process.argv.slice(2).length > 0 ? process.argv.slice(2) : (process.env.BENCH_SCALES ?? '1000000:200000,10000000:2000000').split(',');
const SCALES = scaleArgs.map((s) => {
  const [answers, cases] = s.split(':').map(Number);
  if (!answers || !cases) throw new Error(`a scale is answers:cases, e.g. 1000000:200000, not "${s}"`);
  return { answers, cases };
});
/** Databases loaded by an earlier run and kept (BENCH_KEEP=1), smaller scale first: timed again, not loaded. */
const KEPT = (process.env.BENCH_DATABASES ?? '').split(',').filter(Boolean);
/**
 * 101, not 9: most reports take a few milliseconds, and the median of 9
 * moved by half on the same two databases from one run to the next (Q-4
 * complaints 0.7 and 0.7 ms, then 0.7 and 1.3 ms, "1.94×"), while the
 * median of 101 stayed within 0.8–1.1× for every report but one that is
 * faster at 10 M (docs/0032, stop 41). Nine runs were also mostly code not
 * yet optimised by V8: the schedule for the director took 3.3–3.9 ms in
 * them, 1.5–1.8 ms as a running server does it. 101 rounds of every report
 * on both scales take about 14 s.
 */
const RUNS = Number(process.env.BENCH_RUNS ?? 101);
/** Issue 18: every report's median under 100 ms at the larger scale, growing less than 1.5 times. */
const BUDGET_MS = 100;
const GROWTH = 1.5;
/** Cases are loaded this many to a statement: the deadline rollup's trigger aggregates each statement's cases at once. */
const CASE_CHUNK = 100_000;

/** A scale's database, loaded, with the reports to time on it. */
type LoadedScale = {
  /** What is in it, for the heading of its table and the growth's columns. */
  answers: number;
  cases: number;
  heading: string;
  scenarios: Array<[string, () => Promise<unknown>]>;
  /** Drops the database (BENCH_KEEP=1, or a database named in BENCH_DATABASES: closes it and keeps it). */
  drop: () => Promise<void>;
};

async function loadScale(ANSWERS: number, CASES: number): Promise<LoadedScale> {
  const db = await benchDatabase();
  try {
    await seed(db.db, { demo: true });
    const manager = (await staffPerson(db.db, 'vaditaja@demo.vpvb.lv')).id;
    const today = todayInRiga();
    const year = Number(today.slice(0, 4));
    // Three years of yearly campaigns (the seed made this year's and next).
    for (const y of [year - 3, year - 2, year - 1]) {
      await createCampaign(db.db, manager, {
        period: 'yearly',
        year: y,
        opensOn: `${y}-01-01`,
        closesOn: `${y}-12-31`,
        subjectStaffId: null,
        titleLv: `Aptauja ${y}`,
        titleEn: `Survey ${y}`,
      });
    }
    const started = Date.now();
    await db.db.execute(sql`select setseed(0.42)`);
    // Cases: every kind, unit and topic, over 1 095 days; most answered within
    // 20 days, some late, some still open; complaints closed as justified or not.
    for (let lo = 1; lo <= CASES; lo += CASE_CHUNK) {
      await db.db.execute(
        sql.raw(`
    insert into cases (reference, status_token_hash, kind, status, received_at, received_on, due_on, topic_id, unit_id, assignee_id,
                       locale, requested_language, reply_language, reply_channel, details, answered_at, closed_at, complaint_outcome, complaint_remedy)
    select 'BENCH-' || g, md5(g::text), kind,
           case when done_at is null then 'in_progress' when kind = 'complaint' then 'closed' when g % 20 = 0 then 'referred' else 'answered' end,
           received_at, (received_at at time zone 'Europe/Riga')::date, (received_at at time zone 'Europe/Riga')::date + 14,
           topic_id, unit_id, null, 'lv', 'lv', 'lv', (array['email','phone','post','in_person'])[1 + g % 4], 'Bench case',
           case when kind <> 'complaint' and g % 20 <> 0 then done_at end,
           case when kind = 'complaint' or g % 20 = 0 then done_at end,
           case when kind = 'complaint' and done_at is not null then (case when g % 3 = 0 then 'justified' else 'unjustified' end) end,
           case when kind = 'complaint' and done_at is not null and g % 3 = 0 then 'Atvainojāmies un izlabojām' end
    from (
      select g, kind, topic_id, unit_id, received_at,
             -- Most within the 14 days, some late; one in fifty never; none in the future.
             case when g % 50 = 0 or received_at + spent > now() then null else received_at + spent end as done_at
      from (
        select g, (array['complaint','suggestion','question','information_request','callback'])[1 + g % 5] as kind,
               t.id as topic_id, t.unit_id,
               now() - (random() * 1095) * interval '1 day' as received_at,
               (random() * 22) * interval '1 day' as spent
        from generate_series(${lo}, ${Math.min(CASES, lo + CASE_CHUNK - 1)}) g
        join lateral (select id, unit_id from topics order by id offset (g % 8) limit 1) t on true
      ) drawn
    ) x`),
      );
    }
    // Survey responses: six answers each; 40 % rate an answered case (unit, topic, official), the rest answer the yearly campaign.
    const responses = Math.ceil(ANSWERS / 6);
    await db.db.execute(
      sql.raw(`
    insert into survey_responses (survey_id, submitted_at, locale, scale_min, scale_max, unit_id, topic_id, staff_id, comment, form_key)
    select s.id, x.at, 'lv', 1, 5, x.unit_id, x.topic_id, x.staff_id,
           case when g % 7 = 0 then 'Komentārs ' || g || (case when g % 21 = 0 then ' atbilde nāca lēni' else ' paldies par laipnību' end) end,
           'bench-' || g
    from (
      select g, at, case when g % 5 < 2 then t.unit_id end as unit_id, case when g % 5 < 2 then t.id end as topic_id,
             case when g % 5 < 2 then (select st.id from staff_members st where st.unit_id = t.unit_id and st.role = 'official' order by st.id offset (g % 2) limit 1) end as staff_id,
             case when g % 5 < 2 then 'case-rating' else 'yearly-' || extract(year from at at time zone 'Europe/Riga')::int end as code
      from (select g, now() - (random() * 1095) * interval '1 day' as at from generate_series(1, ${responses}) g) a
      join lateral (select id, unit_id from topics order by id offset (g % 8) limit 1) t on true
    ) x
    join surveys s on s.code = x.code`),
    );
    await db.db.execute(
      sql.raw(`
    insert into survey_answers (response_id, item_id, value)
    select r.id, i.id, least(5, greatest(1, 3 + floor(random() * 3.2)::int - (case when i.criterion = 'timeliness' then 1 else 0 end)))
    from survey_responses r join survey_items i on i.survey_id = r.survey_id`),
    );
    // A year of daily records for the schedule: self-checks on most working days, observations on some.
    await db.db.execute(
      sql.raw(`
    insert into quality_self_checks (staff_id, on_date, answers)
    select s.id, d::date, '{"knowledge":4,"sources":true,"courtesy":5,"plainLanguage":true,"deadlines":true}'::jsonb
    from staff_members s cross join generate_series(current_date - 365, current_date - 1, interval '1 day') d
    where s.role = 'official' and extract(isodow from d) < 6 and random() < 0.9`),
    );
    await db.db.execute(
      sql.raw(`
    insert into quality_observations (staff_id, observer_id, on_date, scores)
    select s.id, s.manager_id, d::date, jsonb_build_object('courtesy', 3 + floor(random() * 3)::int, 'clarity', 4, 'listening', 5)
    from staff_members s cross join generate_series(current_date - 365, current_date - 1, interval '1 day') d
    where s.manager_id is not null and extract(isodow from d) < 6 and random() < 0.5`),
    );
    await db.db.execute(sql`vacuum analyze`);
    const loaded = ((Date.now() - started) / 1000).toFixed(1);
    return await reportsOn(db.db, `loaded in ${loaded} s`, async () => {
      if (process.env.BENCH_KEEP) {
        console.log(`kept the database ${await databaseName(db.db)}`);
        await db.close();
      } else await db.drop();
    });
  } catch (error) {
    await db.drop();
    throw error;
  }
}

/**
 * A database loaded before and kept (BENCH_KEEP=1), named in
 * BENCH_DATABASES, to time the reports on it again without a quarter of an
 * hour of loading; closed afterwards, not dropped.
 */
async function keptScale(name: string): Promise<LoadedScale> {
  const url = new URL(benchServerUrl);
  url.pathname = `/${name}`;
  const open = await openDatabase({ url: url.toString() });
  return reportsOn(open.db, `kept database ${name}`, () => open.close());
}

async function databaseName(db: Database): Promise<string> {
  return rowsOf<{ name: string }>(await db.execute(sql`select current_database() as name`))[0]!.name;
}

async function staffPerson(db: Database, email: string) {
  const [person] = await db
    .select({ id: staffMembers.id, role: staffMembers.role, unitId: staffMembers.unitId })
    .from(staffMembers)
    .where(eq(staffMembers.email, email));
  if (!person) throw new Error(`no ${email} in the database: is it one that bench:reports loaded?`);
  return person;
}

/** The reports to time on a loaded database, as a manager and the director open them. */
async function reportsOn(db: Database, loaded: string, drop: () => Promise<void>): Promise<LoadedScale> {
  const manager = await staffPerson(db, 'vaditaja@demo.vpvb.lv');
  const director = await staffPerson(db, 'direktors@demo.vpvb.lv');
  const today = todayInRiga();
  const year = Number(today.slice(0, 4));
  const [c] = rowsOf<Record<string, string>>(
    await db.execute(
      sql`select (select count(*) from survey_answers) as answers, (select count(*) from cases) as cases, (select count(*) from quality_satisfaction_monthly) as summary,
               (select count(*) from quality_deadline_monthly) as deadlines,
               (select count(distinct received_on) from cases) as days`,
    ),
  );
  const { calendar } = await loadCalendar(db);
  const month = monthOfDate(today);
  const quarter = quarterOfDate(today);
  const all = reportScope(director, null);
  const unit = reportScope(manager, null);
  const noFilter = { q: '', unitId: null, topicId: null, surveyId: null, page: 1 };
  const scenarios: Array<[string, () => Promise<unknown>]> = [
    ['Q-3 satisfaction, director, this year and last', () => satisfactionReport(db, all, year)],
    ['Q-3 satisfaction, manager (own unit)', () => satisfactionReport(db, unit, year)],
    ['Q-3 comments, director, page 1', () => satisfactionComments(db, all, year, noFilter)],
    ['Q-3 comments, director, words "lēni", page 3', () => satisfactionComments(db, all, year, { ...noFilter, q: 'lēni', page: 3 })],
    ['Q-3 comments, manager, page 20', () => satisfactionComments(db, unit, year, { ...noFilter, page: 20 })],
    ['Q-2 communication, manager', () => communicationReport(db, manager.id, year)],
    ['Q-4 complaints, director, 4 quarters', () => complaintsReport(db, all, quarter)],
    ['Q-4 complaints, manager, 4 quarters', () => complaintsReport(db, unit, quarter)],
    [
      'Q-4 remedies, director, last quarter',
      () =>
        complaintRemedies(db, all, {
          year: quarter.quarter === 1 ? year - 1 : year,
          quarter: quarter.quarter === 1 ? 4 : ((quarter.quarter - 1) as 1 | 2 | 3),
        }),
    ],
    ['Q-5b deadlines, director, this month', () => deadlinesReport(db, all, month)],
    ['Q-5b deadlines, director, last month', () => deadlinesReport(db, all, shiftMonth(month, -1))],
    ['Q-5b deadlines, director, 30 months ago', () => deadlinesReport(db, all, shiftMonth(month, -30))],
    ['Q-5b deadlines, manager, last month', () => deadlinesReport(db, unit, shiftMonth(month, -1))],
    ['schedule, director, this month', () => scheduleReport(db, director, calendar, month, today)],
    ['schedule, manager, this month', () => scheduleReport(db, manager, calendar, month, today)],
  ];
  return {
    answers: Number(c?.answers),
    cases: Number(c?.cases),
    heading: `Quality reports at ${Number(c?.answers).toLocaleString('en')} survey answers and ${Number(c?.cases).toLocaleString('en')} cases (on ${c?.days} days; summaries ${Number(c?.summary).toLocaleString('en')} + ${Number(c?.deadlines).toLocaleString('en')} rows; ${loaded})`,
    scenarios,
    drop,
  };
}

/**
 * Each report timed on every scale in turn (timeInTurn), so that a machine
 * whose speed drifts over the minutes of a benchmark (a virtual machine's
 * neighbours) slows the two scales alike and the growth compares like with
 * like. Timed one scale after the other, a quarter of an hour apart (the
 * larger scale takes that long to load), a report of under a millisecond
 * "grew" 1.77× while others "shrank" to 0.42× in the same run (docs/0032,
 * stop 40).
 */
async function timeScales(scales: LoadedScale[], runs: number): Promise<Array<Map<string, Timing>>> {
  const timings = scales.map(() => new Map<string, Timing>());
  for (const [n, [name]] of scales[0]!.scenarios.entries()) {
    const each = await timeInTurn(
      runs,
      scales.map((scale) => scale.scenarios[n]![1]),
    );
    for (const [k, timing] of each.entries()) timings[k]!.set(name, timing);
  }
  return timings;
}

const loadedScales: LoadedScale[] = [];
const measured: Array<{ answers: number; cases: number; timings: Map<string, Timing> }> = [];
try {
  if (KEPT.length > 0) for (const name of KEPT) loadedScales.push(await keptScale(name));
  else for (const scale of SCALES) loadedScales.push(await loadScale(scale.answers, scale.cases));
  const timings = await timeScales(loadedScales, RUNS);
  for (const [k, scale] of loadedScales.entries()) {
    measured.push({ answers: scale.answers, cases: scale.cases, timings: timings[k]! });
    printTable(
      `${loadedScales[k]!.heading} — ${machine()}, PostgreSQL, median of ${RUNS}, timed in turn with the other scales`,
      [...timings[k]!].map(([name, t]) => ({ report: name, 'median ms': t.median.toFixed(1), 'worst ms': t.max.toFixed(1) })),
    );
  }
} finally {
  for (const scale of loadedScales) await scale.drop();
}
const first = measured[0]!;
const last = measured.at(-1)!;
const label = (s: { answers: number; cases: number }) =>
  `${(s.answers / 1e6).toLocaleString('en')} M / ${(s.cases / 1e3).toLocaleString('en')} k`;
let missed = 0;
const rows = [...last.timings].map(([name, t]) => {
  const before = first.timings.get(name)!.median;
  const growth = t.median / before;
  const ok = t.median < BUDGET_MS && (measured.length === 1 || growth < GROWTH);
  if (!ok) missed++;
  return {
    report: name,
    ...(measured.length > 1 ? { [`ms at ${label(first)}`]: before.toFixed(1) } : {}),
    [`ms at ${label(last)}`]: t.median.toFixed(1),
    ...(measured.length > 1 ? { growth: `${growth.toFixed(2)}×` } : {}),
    [`under ${BUDGET_MS} ms${measured.length > 1 ? `, < ${GROWTH}×` : ''}`]: ok ? 'yes' : 'NO',
  };
});
printTable(`Medians by scale (answers / cases) — ${machine()}, PostgreSQL, ${new Date().toISOString().slice(0, 10)}`, rows);
if (missed > 0) process.exitCode = 1;
