import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '#src/db/client.ts';
import type { monthRange } from '#src/calendar/periods.ts';
import type { CaseChannel } from '#src/cases/schema.ts';
import type { ReportScope } from './scope.ts';

// The deadline report's four queries for one month (Q-5b, Reg. 399 p.23):
// done cases by working days to answer, open and overdue, received, delays.
// Read from the rollup the case triggers keep (docs/0024), by arrival
// channel too (docs/0032).

type MonthRange = ReturnType<typeof monthRange>;

/** The month's four queries on the rollup (docs/0024). */
export function readFromRollup(
  db: Database,
  range: MonthRange,
  asOf: Date,
  asOfDate: string,
  scope: ReportScope,
  arrival: CaseChannel | null,
  /** The scope and arrival channel as conditions on `cases c`. */
  unitFilter: SQL,
) {
  const narrow = (t: string) =>
    sql`${scope.kind === 'unit' ? sql`and ${sql.raw(t)}.unit_id = ${scope.unitId}` : sql``} ${arrival ? sql`and ${sql.raw(t)}.channel = ${arrival}` : sql``}`;
  const rollupUnit = narrow('m');
  const openUnit = narrow('o');
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
    // read from quality_open_due by due date (docs/0032), less those received
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
