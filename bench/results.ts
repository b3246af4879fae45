// `npm run bench:results`: the public results (issue 17) at 1 000 000 survey
// answers and 100 000 cases in the year, on PostgreSQL in a database of its
// own (dropped afterwards). Loads the data with SQL, times computing and
// publishing the year's figures, and checks the published figures against
// an independent SQL recount (test/support/results-recount.ts). Exits 1 on
// any difference.
// First: the reports' modules load the locale files, which outside the Vite bundle come from disk.
import '#src/i18n/preload.ts';
import { sql } from 'drizzle-orm';
import { benchDatabase, machine, printTable, timeIt } from './support.ts';
import { seed } from '#src/db/seed.ts';
import { staffMembers } from '#src/staff/schema.ts';
import { createCampaign } from '#src/quality/surveys/campaigns.ts';
import { computeYearFigures, publishedFigures, publishYear } from '#src/quality/results/queries.ts';
import { recountMismatches } from '../test/support/results-recount.ts';

const ANSWERS = Number(process.env.BENCH_ANSWERS ?? 1_000_000);
const CASES = Number(process.env.BENCH_CASES ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

const db = await benchDatabase();
let failed = false;
try {
  await seed(db.db, { demo: true });
  const [director] = await db.db
    .select()
    .from(staffMembers)
    .where(sql`${staffMembers.role} = 'director'`);
  const now = new Date();
  const year = now.getUTCFullYear();
  const started = Date.now();
  await db.db.execute(sql`select setseed(0.17)`);
  // Cases received this year up to now, every kind and topic; most answered, complaints closed justified or not.
  await db.db.execute(
    sql.raw(`
    insert into cases (reference, status_token_hash, kind, status, received_at, received_on, due_on, topic_id, unit_id,
                       locale, requested_language, reply_language, reply_channel, details, answered_at, closed_at, complaint_outcome)
    select 'BENCH-' || g, md5(g::text), kind,
           case when done_at is null then 'in_progress' when kind in ('complaint', 'suggestion') then 'closed' else 'answered' end,
           received_at, (received_at at time zone 'Europe/Riga')::date, (received_at at time zone 'Europe/Riga')::date + 14,
           topic_id, unit_id, 'lv', 'lv', 'lv', 'email', 'Bench case',
           case when kind not in ('complaint', 'suggestion') then done_at end,
           case when kind in ('complaint', 'suggestion') then done_at end,
           case when kind = 'complaint' and done_at is not null then (case when g % 3 = 0 then 'justified' else 'unjustified' end) end
    from (
      select g, kind, topic_id, unit_id, received_at,
             case when g % 40 = 0 or received_at + spent > now() then null else received_at + spent end as done_at
      from (
        select g, (array['complaint','suggestion','question','information_request','callback'])[1 + g % 5] as kind,
               t.id as topic_id, t.unit_id,
               date_trunc('year', now()) + random() * (now() - date_trunc('year', now())) as received_at,
               (random() * 22) * interval '1 day' as spent
        from generate_series(1, ${CASES}) g
        join lateral (select id, unit_id from topics order by id offset (g % 8) limit 1) t on true
      ) drawn
    ) x`),
  );
  // Responses to this year's and last year's yearly campaigns, six answers each.
  const responses = Math.ceil(ANSWERS / 6);
  // The seed made this year's campaign; last year's is made as staff make one.
  await createCampaign(db.db, director!.id, {
    period: 'yearly',
    year: year - 1,
    opensOn: `${year - 1}-01-01`,
    closesOn: `${year - 1}-12-31`,
    subjectStaffId: null,
    titleLv: `Aptauja ${year - 1}`,
    titleEn: `Survey ${year - 1}`,
  });
  await db.db.execute(
    sql.raw(`
    insert into survey_responses (survey_id, submitted_at, locale, scale_min, scale_max, unit_id, topic_id, form_key)
    select s.id, x.at, 'lv', 1, 5, x.unit_id, x.topic_id, 'bench-' || g
    from (
      select g, at, case when g % 3 = 0 then t.unit_id end as unit_id, case when g % 3 = 0 then t.id end as topic_id,
             extract(year from at at time zone 'Europe/Riga')::int as y
      from (select g, date_trunc('year', now()) - interval '1 year' + random() * (now() - date_trunc('year', now()) + interval '1 year') as at
            from generate_series(1, ${responses}) g) a
      join lateral (select id, unit_id from topics order by id offset (g % 8) limit 1) t on true
    ) x
    join lateral (select id from surveys where period = 'yearly' and year = x.y order by id limit 1) s on true`),
  );
  await db.db.execute(
    sql.raw(`
    insert into survey_answers (response_id, item_id, value)
    select r.id, i.id, 1 + floor(random() * 5)::int
    from survey_responses r join survey_items i on i.survey_id = r.survey_id`),
  );
  await db.db.execute(sql`vacuum analyze`);
  const [counts] = (await db.db.execute(
    sql`select (select count(*) from survey_answers) as answers, (select count(*) from cases) as cases`,
  )) as unknown as Array<Record<string, string>>;
  const loaded = ((Date.now() - started) / 1000).toFixed(1);

  const compute = await timeIt(RUNS, () => computeYearFigures(db.db, year, now));
  const publish = await timeIt(1, () => publishYear(db.db, director!.id, year, now));
  const published = await publishedFigures(db.db, year);
  const mismatches = await recountMismatches(db.db, published!);
  failed = mismatches.length > 0;
  printTable(`Public results at ${counts?.answers} answers and ${counts?.cases} cases (loaded in ${loaded} s); ${machine()}`, [
    { step: `compute the ${year} figures`, 'median ms': compute.median.toFixed(0), 'worst ms': compute.max.toFixed(0) },
    { step: 'publish (compute, store, audit)', 'median ms': publish.median.toFixed(0), 'worst ms': publish.max.toFixed(0) },
  ]);
  console.log(
    failed
      ? `\nThe published figures differ from the recount:\n${mismatches.join('\n')}`
      : '\nThe published figures equal the SQL recount.',
  );
} finally {
  await db.drop();
}
process.exit(failed ? 1 : 0);
