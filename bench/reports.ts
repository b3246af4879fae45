// `npm run bench:reports`: the quality reports at 1 000 000 survey answers
// and 200 000 cases over three years, on PostgreSQL in a database of its
// own (dropped afterwards). Loads the data with SQL, then times each report
// as a manager and the director open it: median and worst of 9 runs.
import { sql } from 'drizzle-orm';
import { benchDatabase, machine, printTable, timeIt } from './support.ts';
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

const ANSWERS = Number(process.env.BENCH_ANSWERS ?? 1_000_000);
const CASES = Number(process.env.BENCH_CASES ?? 200_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const BUDGET_MS = 300;

const db = await benchDatabase();
try {
  await seed(db.db, { demo: true });
  const people = await db.db.select().from(staffMembers);
  const person = (email: string) => {
    const s = people.find((p) => p.email === email)!;
    return { id: s.id, role: s.role, unitId: s.unitId };
  };
  const manager = person('vaditaja@demo.vpvb.lv');
  const director = person('direktors@demo.vpvb.lv');
  const today = todayInRiga();
  const year = Number(today.slice(0, 4));
  // Three years of yearly campaigns (the seed made this year's and next).
  for (const y of [year - 3, year - 2, year - 1]) {
    await createCampaign(db.db, manager.id, {
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
        from generate_series(1, ${CASES}) g
        join lateral (select id, unit_id from topics order by id offset (g % 8) limit 1) t on true
      ) drawn
    ) x`),
  );
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
  const counts = (await db.db.execute(
    sql`select (select count(*) from survey_answers) as answers, (select count(*) from cases) as cases, (select count(*) from quality_satisfaction_monthly) as summary,
               (select count(distinct received_on) from cases) as days`,
  )) as unknown as Array<Record<string, string>>;
  const loaded = ((Date.now() - started) / 1000).toFixed(1);

  const { calendar } = await loadCalendar(db.db);
  const month = monthOfDate(today);
  const quarter = quarterOfDate(today);
  const all = reportScope(director, null);
  const unit = reportScope(manager, null);
  const noFilter = { q: '', unitId: null, topicId: null, surveyId: null, page: 1 };
  const scenarios: Array<[string, () => Promise<unknown>]> = [
    ['Q-3 satisfaction, director, this year and last', () => satisfactionReport(db.db, all, year)],
    ['Q-3 satisfaction, manager (own unit)', () => satisfactionReport(db.db, unit, year)],
    ['Q-3 comments, director, page 1', () => satisfactionComments(db.db, all, year, noFilter)],
    ['Q-3 comments, director, words "lēni", page 3', () => satisfactionComments(db.db, all, year, { ...noFilter, q: 'lēni', page: 3 })],
    ['Q-3 comments, manager, page 20', () => satisfactionComments(db.db, unit, year, { ...noFilter, page: 20 })],
    ['Q-2 communication, manager', () => communicationReport(db.db, manager.id, year)],
    ['Q-4 complaints, director, 4 quarters', () => complaintsReport(db.db, all, quarter)],
    ['Q-4 complaints, manager, 4 quarters', () => complaintsReport(db.db, unit, quarter)],
    [
      'Q-4 remedies, director, last quarter',
      () =>
        complaintRemedies(db.db, all, {
          year: quarter.quarter === 1 ? year - 1 : year,
          quarter: quarter.quarter === 1 ? 4 : ((quarter.quarter - 1) as 1 | 2 | 3),
        }),
    ],
    ['Q-5b deadlines, director, this month', () => deadlinesReport(db.db, all, month)],
    ['Q-5b deadlines, director, last month', () => deadlinesReport(db.db, all, shiftMonth(month, -1))],
    ['Q-5b deadlines, director, 30 months ago', () => deadlinesReport(db.db, all, shiftMonth(month, -30))],
    ['Q-5b deadlines, manager, last month', () => deadlinesReport(db.db, unit, shiftMonth(month, -1))],
    ['schedule, director, this month', () => scheduleReport(db.db, director, calendar, month, today)],
    ['schedule, manager, this month', () => scheduleReport(db.db, manager, calendar, month, today)],
  ];
  const rows = [];
  let over = 0;
  for (const [name, work] of scenarios) {
    const timing = await timeIt(RUNS, work);
    if (timing.median >= BUDGET_MS) over++;
    rows.push({
      report: name,
      'median ms': timing.median.toFixed(1),
      'worst ms': timing.max.toFixed(1),
      'under 300 ms': timing.median < BUDGET_MS ? 'yes' : 'NO',
    });
  }
  const c = counts[0] ?? {};
  printTable(
    `Quality reports at ${Number(c.answers).toLocaleString('en')} survey answers and ${Number(c.cases).toLocaleString('en')} cases (on ${c.days} days; summary ${Number(c.summary).toLocaleString('en')} rows; loaded in ${loaded} s) — ${machine()}, PostgreSQL, median of ${RUNS}`,
    rows,
  );
  if (over > 0) process.exitCode = 1;
} finally {
  // BENCH_KEEP=1 leaves the database for EXPLAIN; its name is printed.
  if (process.env.BENCH_KEEP) {
    console.log('kept the database:', (await db.db.execute(sql`select current_database() as name`)) as unknown);
    await db.close();
    process.exit();
  } else await db.drop();
}
