// Issue 16 in the monthly deadlines report (Q-5b): the cases of the month
// by the channel they arrived through (the web forms, post, e-mail, phone,
// a visit, the e-address): received in the month, answered or closed in it,
// on time and late, as the report's other tables count them. Kept apart from
// deadlines.ts so that report's own tables stay as they are; the report's
// channel filter (arrivalFilter) narrows every table to one channel.
import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Database } from '#src/db/client.ts';
import { CASE_CHANNELS, type CaseChannel } from '#src/cases/schema.ts';
import type { Translate } from '#src/i18n/index.ts';
import { monthRange, type Month } from '#src/calendar/periods.ts';
import { count, percent, text, type ReportTable } from './tables.ts';
import { num, type ReportScope } from './scope.ts';

export type ArrivalCounts = { channel: CaseChannel; received: number; done: number; onTime: number; late: number };

/** The channel asked for in the address (?arrival=post), or null for every channel. */
export function arrivalFrom(params: URLSearchParams): CaseChannel | null {
  const value = params.get('arrival') ?? '';
  return (CASE_CHANNELS as readonly string[]).includes(value) ? (value as CaseChannel) : null;
}

/** The condition a report adds to its `cases c` to count one channel only. */
export function arrivalFilter(arrival: CaseChannel | null | undefined): SQL {
  return arrival ? sql`and c.channel = ${arrival}` : sql``;
}

/** Each channel's cases in the month: received, and done (on time, late) by the report's rules. */
export async function arrivalCounts(
  db: Database,
  scope: ReportScope,
  month: Month,
  arrival: CaseChannel | null = null,
): Promise<ArrivalCounts[]> {
  const range = monthRange(month);
  const unit = scope.kind === 'unit' ? sql`and c.unit_id = ${scope.unitId}` : sql``;
  const doneAt = sql`coalesce(c.answered_at, c.closed_at)`;
  const doneOn = sql`(${doneAt} at time zone 'Europe/Riga')::date`;
  const result = await db.execute(sql`
    select c.channel,
           (count(*) filter (where c.received_at >= ${range.start.toISOString()}::timestamptz and c.received_at < ${range.end.toISOString()}::timestamptz))::int as received,
           (count(*) filter (where ${doneAt} >= ${range.start.toISOString()}::timestamptz and ${doneAt} < ${range.end.toISOString()}::timestamptz))::int as done,
           (count(*) filter (where ${doneAt} >= ${range.start.toISOString()}::timestamptz and ${doneAt} < ${range.end.toISOString()}::timestamptz and ${doneOn} <= c.due_on))::int as on_time,
           (count(*) filter (where ${doneAt} >= ${range.start.toISOString()}::timestamptz and ${doneAt} < ${range.end.toISOString()}::timestamptz and ${doneOn} > c.due_on))::int as late
    from cases c
    where ((c.received_at >= ${range.start.toISOString()}::timestamptz and c.received_at < ${range.end.toISOString()}::timestamptz)
        or (${doneAt} >= ${range.start.toISOString()}::timestamptz and ${doneAt} < ${range.end.toISOString()}::timestamptz))
      ${unit} ${arrivalFilter(arrival)}
    group by c.channel`);
  const rows = rowsOf<{ channel: CaseChannel; received: number; done: number; on_time: number; late: number }>(result);
  // Every channel has its row, a zero too: a channel nobody used this month is a figure as well.
  return CASE_CHANNELS.filter((ch) => arrival === null || ch === arrival).map((channel) => {
    const r = rows.find((x) => x.channel === channel);
    return { channel, received: num(r?.received), done: num(r?.done), onTime: num(r?.on_time), late: num(r?.late) };
  });
}

/** The "by channel" table of the deadlines page and its CSV. */
export function arrivalsTable(t: Translate, counts: readonly ArrivalCounts[], monthLabel: string): ReportTable {
  const sum = (f: (c: ArrivalCounts) => number) => counts.reduce((s, c) => s + f(c), 0);
  const row = (name: string, c: Omit<ArrivalCounts, 'channel'>) => [
    text(name),
    count(c.received),
    count(c.done),
    count(c.onTime),
    count(c.late),
    percent(c.onTime + c.late > 0 ? c.onTime / (c.onTime + c.late) : null),
  ];
  return {
    id: 'arrivals',
    caption: t('register:report.caption', { month: monthLabel }),
    head: [
      t('register:report.channel'),
      t('quality:deadlines.received'),
      t('quality:deadlines.done'),
      t('quality:deadlines.onTime'),
      t('quality:deadlines.late'),
      t('quality:deadlines.onTimeShare'),
    ],
    rows: [
      row(t('quality:total'), {
        received: sum((c) => c.received),
        done: sum((c) => c.done),
        onTime: sum((c) => c.onTime),
        late: sum((c) => c.late),
      }),
      ...counts.map((c) => row(t(`register:channels.${c.channel}`), c)),
    ],
  };
}
