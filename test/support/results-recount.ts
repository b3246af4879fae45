import { sql } from 'drizzle-orm';
import { rowsOf, type Database } from '#src/db/client.ts';
import { MINIMUM_CELL, type YearFigures } from '#src/quality/results/figures.ts';

// Issue 17: the published figures counted again straight from the tables,
// in SQL written apart from the reports (no monthly summary, no grouping
// sets), for the database test and the benchmark at 1 000 000 answers.

const shown = (n: number) => (n > 0 && n < MINIMUM_CELL ? null : n);

/** Where the figures and the recount disagree, as readable lines; empty when they agree. */
export async function recountMismatches(db: Database, f: YearFigures): Promise<string[]> {
  const year = f.year;
  const from = `${year}-01-01`;
  const until = `${year + 1}-01-01`;
  const out: string[] = [];
  const check = (what: string, published: number | null | undefined, counted: number | null) => {
    const same = published === counted || (published !== null && counted !== null && Math.abs(published! - counted) < 1e-9);
    if (!same) out.push(`${what}: published ${published}, counted ${counted}`);
  };

  const satisfaction = rowsOf<{ criterion: string; n: number; mean: number; top: number }>(
    await db.execute(sql`
      select i.criterion, count(*)::int as n, avg(a.value)::float8 as mean, (count(*) filter (where a.value >= r.scale_max - 1))::int as top
      from survey_answers a
      join survey_responses r on r.id = a.response_id
      join survey_items i on i.id = a.item_id
      join surveys s on s.id = r.survey_id
      where s.period = 'yearly'
        and (r.submitted_at at time zone 'Europe/Riga') >= ${from}::timestamp and (r.submitted_at at time zone 'Europe/Riga') < ${until}::timestamp
      group by i.criterion`),
  );
  for (const row of f.satisfaction.year) {
    const c = satisfaction.find((s) => s.criterion === row.criterion);
    const n = Number(c?.n ?? 0);
    check(`satisfaction ${row.criterion} answers`, row.answers, shown(n));
    if (shown(n) !== null && n > 0) {
      check(`satisfaction ${row.criterion} mean`, row.mean, Number(c!.mean));
      check(`satisfaction ${row.criterion} top two`, row.topTwoBox, Number(c!.top) / n);
    }
  }

  const complaints = rowsOf<{ quarter: string; closed: number; justified: number }>(
    await db.execute(sql`
      select to_char(closed_at at time zone 'Europe/Riga', 'YYYY-"Q"Q') as quarter, count(*)::int as closed,
             (count(*) filter (where complaint_outcome = 'justified'))::int as justified
      from cases where kind = 'complaint' and status = 'closed'
        and (closed_at at time zone 'Europe/Riga') >= ${from}::timestamp and (closed_at at time zone 'Europe/Riga') < ${until}::timestamp
      group by 1`),
  );
  for (const row of f.complaints) {
    const c = complaints.find((x) => x.quarter === row.quarter);
    const closed = Number(c?.closed ?? 0);
    check(`complaints ${row.quarter} closed`, row.closed, shown(closed));
    check(`complaints ${row.quarter} justified`, row.justified, shown(closed) === null ? null : Number(c?.justified ?? 0));
  }

  const received = rowsOf<{ month: string; n: number }>(
    await db.execute(sql`
      select to_char(received_at at time zone 'Europe/Riga', 'YYYY-MM') as month, count(*)::int as n
      from cases where (received_at at time zone 'Europe/Riga') >= ${from}::timestamp and (received_at at time zone 'Europe/Riga') < ${until}::timestamp
      group by 1`),
  );
  for (const row of f.deadlines)
    check(`deadlines ${row.month} received`, row.received, shown(Number(received.find((x) => x.month === row.month)?.n ?? 0)));

  const suggestions = rowsOf<{ quarter: string; n: number }>(
    await db.execute(sql`
      select to_char(received_at at time zone 'Europe/Riga', 'YYYY-"Q"Q') as quarter, count(*)::int as n
      from cases where kind = 'suggestion'
        and (received_at at time zone 'Europe/Riga') >= ${from}::timestamp and (received_at at time zone 'Europe/Riga') < ${until}::timestamp
      group by 1`),
  );
  for (const row of f.suggestions)
    check(`suggestions ${row.quarter} received`, row.received, shown(Number(suggestions.find((x) => x.quarter === row.quarter)?.n ?? 0)));
  return out;
}
