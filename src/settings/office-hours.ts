// The office hours (S-4.5: when the institution takes visitors and calls):
// each weekday's open intervals, what the form accepts, and the
// administrator's save, audited with the day's intervals before and after.
import { asc, eq } from 'drizzle-orm';
import type { Database } from '#src/db/client.ts';
import { recordAudit } from '#src/audit/queries.ts';
import type { FieldProblem } from '#src/forms/errors.ts';
import type { PostedForm } from '#src/forms/read.ts';
import { invalid, notFound, ok, type Outcome } from '#src/platform/outcome.ts';
import { officeHours } from './schema.ts';

/** ISO weekdays, 1 = Monday … 7 = Sunday (latvia.md: weeks start on Monday). */
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

export type IntervalPost = { opens: string; closes: string };
export type Interval = { start: string; end: string };

/** Interval rows a weekday's form offers at most. */
export const MAX_INTERVALS = 6;

export function intervalField(row: number, end: 'opens' | 'closes'): string {
  return `interval-${row}-${end}`;
}

/** 'H:MM' or 'HH:MM' (a full stop is read as a colon: "8.30"), 00:00–24:00, as minutes after midnight. */
export function parseClock(text: string): number | undefined {
  const match = /^(\d{1,2})[:.](\d{2})$/.exec(text.trim());
  if (!match) return undefined;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (minutes > 59 || hours > 24 || (hours === 24 && minutes > 0)) return undefined;
  return hours * 60 + minutes;
}

export function formatClock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * One weekday's open intervals: each from before to, none overlapping
 * another (touching is fine: 12:30–13:00 after 08:30–12:30). Empty rows are
 * ignored, so a day may have no intervals at all (closed). Returns them in
 * order.
 */
export function checkOfficeHours(rows: readonly IntervalPost[]): Outcome<Interval[]> {
  const problems: FieldProblem[] = [];
  const valid: Array<{ row: number; start: number; end: number }> = [];
  rows.forEach((r, i) => {
    const row = i + 1;
    const opensText = r.opens.trim();
    const closesText = r.closes.trim();
    if (!opensText && !closesText) return;
    const start = opensText ? parseClock(opensText) : undefined;
    const end = closesText ? parseClock(closesText) : undefined;
    if (!opensText) problems.push({ field: intervalField(row, 'opens'), key: 'clockRequired' });
    else if (start === undefined || start === 24 * 60) problems.push({ field: intervalField(row, 'opens'), key: 'clock' });
    if (!closesText) problems.push({ field: intervalField(row, 'closes'), key: 'clockRequired' });
    else if (end === undefined) problems.push({ field: intervalField(row, 'closes'), key: 'clock' });
    if (start === undefined || end === undefined || start === 24 * 60) return;
    if (end <= start) {
      problems.push({ field: intervalField(row, 'closes'), key: 'closesBeforeOpens', values: { opens: formatClock(start) } });
      return;
    }
    valid.push({ row, start, end });
  });
  const sorted = [...valid].sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < sorted.length; i++) {
    const previous = sorted[i - 1]!;
    const current = sorted[i]!;
    if (current.start < previous.end) {
      // The row that comes later on the form is the one to fix.
      const [earlier, later] = previous.row < current.row ? [previous, current] : [current, previous];
      problems.push({
        field: intervalField(later.row, 'opens'),
        key: 'overlap',
        values: { other: `${formatClock(earlier.start)}–${formatClock(earlier.end)}` },
      });
    }
  }
  // The error summary lists problems in the order of the form.
  const position = (field: string) => {
    const [, row, end] = /^interval-(\d+)-(opens|closes)$/.exec(field) ?? [];
    return Number(row) * 2 + (end === 'closes' ? 1 : 0);
  };
  if (problems.length > 0) return invalid(problems.sort((a, b) => position(a.field) - position(b.field)));
  return ok(sorted.map((v) => ({ start: formatClock(v.start), end: formatClock(v.end) })));
}

/**
 * A weekday's interval rows as posted. Not a schema's keys: the form is a
 * repeating group of up to MAX_INTERVALS rows, each field named by its row.
 */
export function readOfficeHoursPost(form: PostedForm): IntervalPost[] {
  const rows: IntervalPost[] = [];
  for (let row = 1; row <= MAX_INTERVALS; row++) {
    rows.push({ opens: form.text(intervalField(row, 'opens')), closes: form.text(intervalField(row, 'closes')) });
  }
  return rows;
}

/**
 * The interval rows a weekday's form shows: the rows as they stand (their
 * positions name their fields, so an error still points at its row), then
 * empty rows to add more, up to MAX_INTERVALS.
 */
export function intervalRows(rows: readonly IntervalPost[], spare = 2): IntervalPost[] {
  let last = 0;
  rows.forEach((r, i) => {
    if (r.opens.trim() || r.closes.trim()) last = i + 1;
  });
  const shown = rows.slice(0, last).map((r) => ({ ...r }));
  while (shown.length < Math.min(MAX_INTERVALS, last + spare)) shown.push({ opens: '', closes: '' });
  return shown;
}

/** Open intervals per ISO weekday (1 = Monday), 'HH:MM'. */
export async function officeHoursByWeekday(db: Database): Promise<Map<number, Interval[]>> {
  const rows = await db.select().from(officeHours).orderBy(asc(officeHours.weekday), asc(officeHours.opensAt));
  const byDay = new Map<number, Interval[]>();
  for (const r of rows) {
    // time columns come back as HH:MM:SS
    byDay.set(r.weekday, [...(byDay.get(r.weekday) ?? []), { start: r.opensAt.slice(0, 5), end: r.closesAt.slice(0, 5) }]);
  }
  return byDay;
}

/** Replaces one weekday's intervals; none at all means closed that day. */
export async function saveOfficeHours(db: Database, actorId: number, weekday: number, rows: readonly IntervalPost[]): Promise<Outcome> {
  if (!Number.isInteger(weekday) || weekday < 1 || weekday > 7) throw notFound(`weekday ${weekday}`);
  const checked = checkOfficeHours(rows);
  if (!checked.ok) return checked;
  await db.transaction(async (tx) => {
    const before = await tx
      .select()
      .from(officeHours)
      .where(eq(officeHours.weekday, weekday))
      .orderBy(asc(officeHours.opensAt))
      .for('update');
    await tx.delete(officeHours).where(eq(officeHours.weekday, weekday));
    if (checked.value.length > 0) {
      await tx.insert(officeHours).values(checked.value.map((i) => ({ weekday, opensAt: i.start, closesAt: i.end })));
    }
    await recordAudit(tx, {
      actorStaffId: actorId,
      action: 'office_hours.update',
      entity: 'office_hours',
      entityId: weekday,
      before: { weekday, intervals: before.map((r) => `${r.opensAt.slice(0, 5)}–${r.closesAt.slice(0, 5)}`) },
      after: { weekday, intervals: checked.value.map((i) => `${i.start}–${i.end}`) },
    });
  });
  return ok();
}
