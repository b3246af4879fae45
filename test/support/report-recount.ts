import { sql } from 'drizzle-orm';
import { rowsOf, type Database } from '#src/db/client.ts';

// Issue 18: the figures of the rollups of drizzle migration report_rollups
// (docs/0032) counted again straight from cases and survey_responses, in
// plain SQL written apart from the triggers, for test/db/report-rollups.test.ts.
// Each is a map from a key ("a|b|c") to its non-zero figures.

export type Figures = Record<string, Record<string, number>>;

function collect(rows: Array<Record<string, unknown>>, keys: string[], figures: string[]): Figures {
  const out: Figures = {};
  for (const r of rows) {
    const values = Object.fromEntries(figures.map((f) => [f, Number(r[f])]).filter(([, n]) => n !== 0));
    if (Object.keys(values).length === 0) continue;
    const id = keys.map((k) => r[k] ?? '').join('|');
    if (out[id]) throw new Error(`two rows for ${id}`);
    out[id] = values;
  }
  return out;
}

/** complaints standing closed, by Riga month of closing, unit and topic. */
export async function recountComplaints(db: Database): Promise<Figures> {
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select to_char(closed_at at time zone 'Europe/Riga', 'YYYY-MM-01') as month, unit_id, topic_id,
             count(*)::int as closed, count(*) filter (where complaint_outcome = 'justified')::int as justified
      from cases where kind = 'complaint' and status = 'closed' and closed_at is not null
      group by 1, 2, 3`),
  );
  return collect(rows, ['month', 'unit_id', 'topic_id'], ['closed', 'justified']);
}

/** Q-5b: cases neither answered nor closed, by due date, the report's keys and the arrival channel. */
export async function recountOpenDue(db: Database): Promise<Figures> {
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select to_char(due_on, 'YYYY-MM-DD') as due_on, unit_id, topic_id, kind, reply_channel, channel, count(*)::int as open
      from cases where due_on is not null and answered_at is null and closed_at is null
      group by 1, 2, 3, 4, 5, 6`),
  );
  return collect(rows, ['due_on', 'unit_id', 'topic_id', 'kind', 'reply_channel', 'channel'], ['open']);
}

/** responses with a comment, by Riga month, survey, unit and topic. */
export async function recountComments(db: Database): Promise<Figures> {
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select to_char(submitted_at at time zone 'Europe/Riga', 'YYYY-MM-01') as month, survey_id, unit_id, topic_id, count(*)::int as comments
      from survey_responses where comment is not null
      group by 1, 2, 3, 4`),
  );
  return collect(rows, ['month', 'survey_id', 'unit_id', 'topic_id'], ['comments']);
}

/** The three rollups as stored, in the same shape (rows at zero left out; a key's slots summed, drizzle/0024). */
export async function storedRollups(db: Database): Promise<{ complaints: Figures; openDue: Figures; comments: Figures }> {
  const complaints = rowsOf<Record<string, unknown>>(
    await db.execute(
      sql`select to_char(month, 'YYYY-MM-01') as month, unit_id, topic_id, closed, justified from quality_complaint_monthly`,
    ),
  );
  const openDue = rowsOf<Record<string, unknown>>(
    await db.execute(
      sql`select to_char(due_on, 'YYYY-MM-DD') as due_on, unit_id, topic_id, kind, reply_channel, channel, sum(open)::int as open from quality_open_due group by 1, 2, 3, 4, 5, 6`,
    ),
  );
  const comments = rowsOf<Record<string, unknown>>(
    await db.execute(
      sql`select to_char(month, 'YYYY-MM-01') as month, survey_id, unit_id, topic_id, comments from quality_comment_monthly`,
    ),
  );
  return {
    complaints: collect(complaints, ['month', 'unit_id', 'topic_id'], ['closed', 'justified']),
    openDue: collect(openDue, ['due_on', 'unit_id', 'topic_id', 'kind', 'reply_channel', 'channel'], ['open']),
    comments: collect(comments, ['month', 'survey_id', 'unit_id', 'topic_id'], ['comments']),
  };
}

/** Q-4 for one Riga quarter ('2026-01-01' …), counted from the cases: closed and justified, in total, by unit and by topic. */
export async function recountQuarter(db: Database, quarterStart: string, unitId: number | null) {
  const rows = rowsOf<{ unit_id: number | null; topic_id: number | null; closed: number; justified: number }>(
    await db.execute(sql`
      select unit_id, topic_id, count(*)::int as closed, count(*) filter (where complaint_outcome = 'justified')::int as justified
      from cases
      where kind = 'complaint' and status = 'closed'
        and date_trunc('quarter', closed_at at time zone 'Europe/Riga') = ${quarterStart}::timestamp
        and (${unitId}::int is null or unit_id = ${unitId}::int)
      group by 1, 2`),
  );
  const sum = (list: typeof rows) => ({
    closed: list.reduce((s, r) => s + Number(r.closed), 0),
    justified: list.reduce((s, r) => s + Number(r.justified), 0),
  });
  const by = (key: 'unit_id' | 'topic_id') => {
    const out = new Map<number | null, { closed: number; justified: number }>();
    for (const k of new Set(rows.map((r) => (r[key] === null ? null : Number(r[key]))))) {
      out.set(k, sum(rows.filter((r) => (r[key] === null ? null : Number(r[key])) === k)));
    }
    return out;
  };
  return { total: sum(rows), byUnit: by('unit_id'), byTopic: by('topic_id') };
}

/** the comments of a Riga year with the list's filters, counted from the responses. */
export async function recountCommentTotal(
  db: Database,
  year: number,
  f: { scopeUnit: number | null; unitId: number | null; topicId: number | null; surveyId: number | null },
) {
  const [row] = rowsOf<{ n: number }>(
    await db.execute(sql`
      select count(*)::int as n from survey_responses
      where comment is not null and extract(year from submitted_at at time zone 'Europe/Riga') = ${year}
        and (${f.scopeUnit}::int is null or unit_id is null or unit_id = ${f.scopeUnit}::int)
        and (${f.unitId}::int is null or unit_id = ${f.unitId}::int)
        and (${f.topicId}::int is null or topic_id = ${f.topicId}::int)
        and (${f.surveyId}::int is null or survey_id = ${f.surveyId}::int)`),
  );
  return Number(row?.n ?? 0);
}

/**
 * Q-5b's totals for one Riga month ('2026-03-01') and one arrival channel,
 * counted from the cases: done in the month (on time, late), and open at
 * `asOf` with the deadline (a Riga date before `asOfDate`) passed.
 */
export async function recountDeadlineMonth(
  db: Database,
  month: string,
  asOf: Date,
  asOfDate: string,
  channel: string,
  unitId: number | null,
) {
  const [row] = rowsOf<Record<string, number>>(
    await db.execute(sql`
      with x as (
        select c.*, coalesce(c.answered_at, c.closed_at) as done_at,
               (coalesce(c.answered_at, c.closed_at) at time zone 'Europe/Riga')::date as done_on
        from cases c where c.channel = ${channel} and (${unitId}::int is null or c.unit_id = ${unitId}::int)
      )
      select count(*) filter (where date_trunc('month', done_on) = ${month}::date)::int as done,
             count(*) filter (where date_trunc('month', done_on) = ${month}::date and done_on <= due_on)::int as on_time,
             count(*) filter (where date_trunc('month', done_on) = ${month}::date and done_on > due_on)::int as late,
             count(*) filter (where received_at < ${asOf.toISOString()}::timestamptz and due_on < ${asOfDate}::date
                                and (done_at is null or done_at >= ${asOf.toISOString()}::timestamptz))::int as overdue
      from x`),
  );
  return { done: Number(row!.done), onTime: Number(row!.on_time), late: Number(row!.late), overdueOpen: Number(row!.overdue) };
}
