import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '#src/db/client.ts';
import { lastDay, monthRange } from '#src/calendar/periods.ts';
import type { ReportScope } from './scope.ts';

// The deadline report's four queries for one month (Q-5b, Reg. 399 p.23):
// done cases by working days to answer, open and overdue, received, delays.
// Read from the rollup the case triggers keep (docs/0024), or counted from
// the cases for a view the rollup has no dimension for.

type MonthRange = ReturnType<typeof monthRange>;

/** The month's four queries on the rollup (docs/0024). */
export function readFromRollup(db: Database, range: MonthRange, asOf: Date, asOfDate: string, scope: ReportScope, unitFilter: SQL) {
  const rollupUnit = scope.kind === 'unit' ? sql`and m.unit_id = ${scope.unitId}` : sql``;
  const openUnit = scope.kind === 'unit' ? sql`and o.unit_id = ${scope.unitId}` : sql``;
  const doneAt = sql`coalesce(c.answered_at, c.closed_at)`;
  return Promise.all([
    db.execute(sql`
      select m.unit_id, m.topic_id, m.kind, m.reply_channel,
             grouping(m.unit_id) as g_unit, grouping(m.topic_id) as g_topic, grouping(m.kind) as g_kind, grouping(m.reply_channel) as g_channel,
             m.working_days,
             sum(m.done)::int as done, sum(m.on_time)::int as on_time, sum(m.late)::int as late, sum(m.no_deadline)::int as no_deadline
      from quality_deadline_monthly m
      where m.month = ${range.from}::date and m.working_days is not null ${rollupUnit}
      group by grouping sets ((m.working_days), (m.unit_id, m.working_days), (m.topic_id, m.working_days), (m.kind, m.working_days), (m.reply_channel, m.working_days))
      having sum(m.done) > 0`),
    // Open at `asOf` with the deadline passed. The rollup's running sum up to
    // the month gives those open and overdue at the month's end (P); the
    // month under way corrects it with the cases that differ: counted in P
    // but not yet overdue at `asOf` — the open ones due later this month,
    // read from quality_open_due by due date (docs/0026), less those received
    // after the month's end — and the few only a clock can make, each found
    // by its own index: received after `asOf`, done after it. For an ended
    // month all are empty.
    db.execute(sql`
      select unit_id, topic_id, kind, reply_channel,
             grouping(unit_id) as g_unit, grouping(topic_id) as g_topic, grouping(kind) as g_kind, grouping(reply_channel) as g_channel,
             sum(n)::int as n
      from (
        select m.unit_id, m.topic_id, m.kind, m.reply_channel, m.overdue as n from quality_deadline_monthly m
        where m.month <= ${range.from}::date and m.overdue <> 0 ${rollupUnit}
        union all
        select o.unit_id, o.topic_id, o.kind, o.reply_channel, -o.open from quality_open_due o
        where o.due_on >= ${asOfDate}::date and o.due_on < ${range.until}::date ${openUnit}
        union all
        select c.unit_id, c.topic_id, c.kind, c.reply_channel, 1 from cases c
        where ${doneAt} is null
          and c.due_on >= ${asOfDate}::date and c.due_on < ${range.until}::date and c.received_at >= ${range.end.toISOString()}::timestamptz ${unitFilter}
        union all
        select c.unit_id, c.topic_id, c.kind, c.reply_channel, -1 from cases c
        where ${doneAt} >= ${range.end.toISOString()}::timestamptz
          and c.due_on >= ${asOfDate}::date and c.due_on < ${range.until}::date and c.received_at < ${range.end.toISOString()}::timestamptz ${unitFilter}
        union all
        select c.unit_id, c.topic_id, c.kind, c.reply_channel, -1 from cases c
        where (${doneAt} is null or ${doneAt} >= ${range.end.toISOString()}::timestamptz)
          and c.due_on < ${asOfDate}::date and c.received_at >= ${asOf.toISOString()}::timestamptz and c.received_at < ${range.end.toISOString()}::timestamptz ${unitFilter}
        union all
        select c.unit_id, c.topic_id, c.kind, c.reply_channel, 1 from cases c
        where ${doneAt} >= ${asOf.toISOString()}::timestamptz and ${doneAt} < ${range.end.toISOString()}::timestamptz
          and c.due_on < ${asOfDate}::date and c.received_at < ${asOf.toISOString()}::timestamptz ${unitFilter}
      ) open_cases
      group by grouping sets ((), (unit_id), (topic_id), (kind), (reply_channel))
      having sum(n) <> 0 or grouping(unit_id, topic_id, kind, reply_channel) = 15`),
    db.execute(sql`
      select m.topic_id, m.reply_channel, grouping(m.reply_channel) as g_channel,
             sum(m.received)::int as n, coalesce(sum(m.received) filter (where m.kind = 'complaint'), 0)::int as complaints
      from quality_deadline_monthly m
      where m.month = ${range.from}::date and m.working_days is null and m.received <> 0 ${rollupUnit}
      group by grouping sets ((m.topic_id), (m.topic_id, m.reply_channel))
      having sum(m.received) > 0`),
    // A delay is counted once, in the month its deadline fell: done after it, or not done at all.
    db.execute(sql`
      select m.topic_id, sum(m.delays)::int as n
      from quality_deadline_monthly m
      where m.month = ${range.from}::date and m.working_days is null and m.delays <> 0 ${rollupUnit}
      group by m.topic_id
      having sum(m.delays) > 0`),
  ]);
}

/** The same four queries counted from the cases, for a view the rollup has no dimension for. */
export function countedFromCases(db: Database, range: MonthRange, asOf: Date, asOfDate: string, unitFilter: SQL) {
  const doneAt = sql`coalesce(c.answered_at, c.closed_at)`;
  return Promise.all([
    db.execute(sql`
      with done as (
        select c.unit_id, c.topic_id, c.kind, c.reply_channel, c.received_on, c.due_on,
               (${doneAt} at time zone 'Europe/Riga')::date as done_on
        from cases c
        where ${doneAt} >= ${range.start.toISOString()}::timestamptz and ${doneAt} < ${range.end.toISOString()}::timestamptz ${unitFilter}
      ),
      days as (
        select d::date as day,
               case when cd.kind is not null then cd.kind = 'working_day' else extract(isodow from d) < 6 end as working
        from generate_series((select min(received_on) from done), ${lastDay(range)}::date, interval '1 day') d
        left join calendar_days cd on cd.date = d::date
      ),
      ordinal as (select day, sum(case when working then 1 else 0 end) over (order by day) as n from days)
      select done.unit_id, done.topic_id, done.kind, done.reply_channel,
             grouping(done.unit_id) as g_unit, grouping(done.topic_id) as g_topic, grouping(done.kind) as g_kind, grouping(done.reply_channel) as g_channel,
             (b.n - a.n)::int as working_days,
             count(*)::int as done,
             (count(*) filter (where done.done_on <= done.due_on))::int as on_time,
             (count(*) filter (where done.done_on > done.due_on))::int as late,
             (count(*) filter (where done.due_on is null))::int as no_deadline
      from done
      join ordinal a on a.day = done.received_on
      join ordinal b on b.day = done.done_on
      group by grouping sets ((b.n - a.n), (done.unit_id, b.n - a.n), (done.topic_id, b.n - a.n), (done.kind, b.n - a.n), (done.reply_channel, b.n - a.n))`),
    // Open at the moment `asOf` with the deadline passed: done after it, or not
    // done at all. Two parts, so each can use its own index (done after a
    // moment; never done).
    db.execute(sql`
      select unit_id, topic_id, kind, reply_channel,
             grouping(unit_id) as g_unit, grouping(topic_id) as g_topic, grouping(kind) as g_kind, grouping(reply_channel) as g_channel,
             count(*)::int as n
      from (
        select c.unit_id, c.topic_id, c.kind, c.reply_channel from cases c
        where ${doneAt} >= ${asOf.toISOString()}::timestamptz and c.due_on < ${asOfDate}::date and c.received_at < ${asOf.toISOString()}::timestamptz ${unitFilter}
        union all
        select c.unit_id, c.topic_id, c.kind, c.reply_channel from cases c
        where ${doneAt} is null and c.due_on < ${asOfDate}::date and c.received_at < ${asOf.toISOString()}::timestamptz ${unitFilter}
      ) open_cases
      group by grouping sets ((), (unit_id), (topic_id), (kind), (reply_channel))`),
    db.execute(sql`
      select c.topic_id, c.reply_channel, grouping(c.reply_channel) as g_channel,
             count(*)::int as n, (count(*) filter (where c.kind = 'complaint'))::int as complaints
      from cases c
      where c.received_at >= ${range.start.toISOString()}::timestamptz and c.received_at < ${range.end.toISOString()}::timestamptz ${unitFilter}
      group by grouping sets ((c.topic_id), (c.topic_id, c.reply_channel))`),
    // A delay is counted once, in the month its deadline fell: done after it, or not done at all.
    db.execute(sql`
      select c.topic_id, count(*)::int as n
      from cases c
      where c.due_on >= ${range.from}::date and c.due_on < ${range.until}::date
        and (${doneAt} is null or (${doneAt} at time zone 'Europe/Riga')::date > c.due_on) ${unitFilter}
      group by c.topic_id`),
  ]);
}
