import { sql } from 'drizzle-orm';
import { rowsOf, type Database } from '#src/db/client.ts';

// Issue 18: the deadline report's figures counted again straight from the
// cases, in plain SQL written apart from the rollup (no triggers, no running
// sums, working days counted day by day), for the model test of
// quality_deadline_monthly (test/db/deadline-rollup.test.ts).

/** Figures by "month|unit|topic|kind|channel" (and "|working days" for the done ones); zeros left out. */
export type DeadlineFigures = Map<string, Record<string, number>>;

const key = (r: Record<string, unknown>, ...more: unknown[]) =>
  [r.month, r.unit_id ?? '', r.topic_id ?? '', r.kind, r.reply_channel ?? '', ...more].join('|');

function collect(into: DeadlineFigures, id: string, figures: Record<string, unknown>) {
  const row = into.get(id) ?? {};
  for (const [name, value] of Object.entries(figures)) {
    const n = Number(value);
    if (n !== 0) row[name] = (row[name] ?? 0) + n;
  }
  if (Object.keys(row).length > 0) into.set(id, row);
}

/** Counted from the cases table, for each of `months` ('YYYY-MM-01'). */
export async function recountDeadlines(db: Database, months: string[]): Promise<DeadlineFigures> {
  const out: DeadlineFigures = new Map();
  const monthList = sql.raw(`array[${months.map((m) => `'${m}'`).join(',')}]::date[]`);
  const received = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select to_char(c.received_at at time zone 'Europe/Riga', 'YYYY-MM-01') as month, c.unit_id, c.topic_id, c.kind, c.reply_channel,
             count(*)::int as received
      from cases c group by 1, 2, 3, 4, 5`),
  );
  for (const r of received) collect(out, key(r), { received: r.received });
  const done = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select to_char(x.done_on, 'YYYY-MM-01') as month, x.unit_id, x.topic_id, x.kind, x.reply_channel,
             (select count(*) from generate_series(x.received_on + 1, x.done_on, interval '1 day') d
              left join calendar_days cd on cd.date = d::date
              where coalesce(cd.kind = 'working_day', extract(isodow from d) < 6))::int as working_days,
             count(*)::int as done,
             count(*) filter (where x.done_on <= x.due_on)::int as on_time,
             count(*) filter (where x.done_on > x.due_on)::int as late,
             count(*) filter (where x.due_on is null)::int as no_deadline
      from (select c.*, (coalesce(c.answered_at, c.closed_at) at time zone 'Europe/Riga')::date as done_on from cases c) x
      where x.done_on is not null
      group by 1, 2, 3, 4, 5, 6`),
  );
  for (const r of done) collect(out, key(r, r.working_days), { done: r.done, onTime: r.on_time, late: r.late, noDeadline: r.no_deadline });
  const delays = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select to_char(c.due_on, 'YYYY-MM-01') as month, c.unit_id, c.topic_id, c.kind, c.reply_channel, count(*)::int as delays
      from cases c
      where c.due_on is not null
        and (coalesce(c.answered_at, c.closed_at) is null or (coalesce(c.answered_at, c.closed_at) at time zone 'Europe/Riga')::date > c.due_on)
      group by 1, 2, 3, 4, 5`),
  );
  for (const r of delays) collect(out, key(r), { delays: r.delays });
  // Open at each month's end with the deadline passed.
  const overdue = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select to_char(m.month, 'YYYY-MM-01') as month, c.unit_id, c.topic_id, c.kind, c.reply_channel, count(*)::int as overdue
      from unnest(${monthList}) m(month)
      join cases c
        on c.received_at < ((m.month + interval '1 month')::timestamp at time zone 'Europe/Riga')
       and c.due_on < (m.month + interval '1 month')::date
       and (coalesce(c.answered_at, c.closed_at) is null
            or coalesce(c.answered_at, c.closed_at) >= ((m.month + interval '1 month')::timestamp at time zone 'Europe/Riga'))
      group by 1, 2, 3, 4, 5`),
  );
  for (const r of overdue) collect(out, key(r), { overdue: r.overdue });
  return out;
}

/** The same figures as read from quality_deadline_monthly: the overdue count is the running sum of its changes. */
export async function rollupFigures(db: Database, months: string[]): Promise<DeadlineFigures> {
  const out: DeadlineFigures = new Map();
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`select to_char(month, 'YYYY-MM-01') as month, unit_id, topic_id, kind, reply_channel, working_days,
                      received, done, on_time, late, no_deadline, overdue, delays
               from quality_deadline_monthly`),
  );
  for (const r of rows) {
    if (r.working_days === null)
      collect(out, key(r), {
        received: r.received,
        delays: r.delays,
        done: r.done,
        onTime: r.on_time,
        late: r.late,
        noDeadline: r.no_deadline,
      });
    else
      collect(out, key(r, r.working_days), {
        done: r.done,
        onTime: r.on_time,
        late: r.late,
        noDeadline: r.no_deadline,
        received: r.received,
        delays: r.delays,
        overdue: r.overdue,
      });
  }
  for (const month of months) {
    const running = new Map<string, number>();
    for (const r of rows)
      if (r.working_days === null && String(r.month) <= month) {
        const id = key({ ...r, month });
        running.set(id, (running.get(id) ?? 0) + Number(r.overdue));
      }
    for (const [id, n] of running) collect(out, id, { overdue: n });
  }
  return out;
}

/** Open at the moment `asOf` with the deadline (a Riga date before `asOfDate`) passed, counted from the cases; optionally in one unit. */
export async function recountOverdueAt(db: Database, asOf: Date, asOfDate: string, unitId: number | null): Promise<number> {
  const [row] = rowsOf<{ n: number }>(
    await db.execute(sql`
      select count(*)::int as n from cases c
      where c.received_at < ${asOf.toISOString()}::timestamptz and c.due_on < ${asOfDate}::date
        and (coalesce(c.answered_at, c.closed_at) is null or coalesce(c.answered_at, c.closed_at) >= ${asOf.toISOString()}::timestamptz)
        and (${unitId}::int is null or c.unit_id = ${unitId}::int)`),
  );
  return Number(row?.n ?? 0);
}
