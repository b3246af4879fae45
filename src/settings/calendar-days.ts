// The exceptions to "Monday to Friday" (latvia.md): public holidays, days
// off, and weekend days worked instead of a weekday. What the form accepts,
// what an exception does in its year's calendar, and the administrator's
// writes. An exception entered by mistake may be removed (it is reference
// data, not a record), with its before state in the audit log.
import { z } from 'zod';
import { and, asc, eq, gte, lte } from 'drizzle-orm';
import type { Database } from '#src/db/client.ts';
import { recordAudit } from '#src/audit/queries.ts';
import type { FieldProblem } from '#src/forms/errors.ts';
import { isIsoDate, weekday, type IsoDate } from '#src/calendar/dates.ts';
import { festivalDayInLieu, isFestivalClosingDay, type CalendarDay, type CalendarDayKind } from '#src/calendar/holidays.ts';
import { invalid, notFound, ok, type Outcome } from '#src/platform/outcome.ts';
import type { PostOf } from '#src/platform/post.ts';
import { checkFields, dateFromText, dateTextField, LIMITS, required } from './fields.ts';
import { calendarDays } from './schema.ts';

export const CALENDAR_KINDS = ['holiday', 'day_off', 'working_day'] as const satisfies readonly CalendarDayKind[];

export const CalendarDaySchema = z.object({
  date: dateTextField,
  kind: z.enum(CALENDAR_KINDS, 'choose'),
  nameLv: required(LIMITS.name),
  nameEn: required(LIMITS.name),
  transferredFrom: dateTextField,
});
export type CalendarDayPost = PostOf<typeof CalendarDaySchema>;
export type CalendarDayInput = { date: IsoDate; kind: CalendarDayKind; nameLv: string; nameEn: string; transferredFrom: IsoDate | null };

/**
 * An exception to "Monday to Friday" (latvia.md): a public holiday may fall
 * on any day; a day off is a weekday not worked; a transferred working day
 * is a Saturday or Sunday worked instead of the weekday it names. When the
 * date is fixed (editing an exception), a clash between the date and the
 * kind is reported on the kind.
 */
export function checkCalendarDay(post: CalendarDayPost, options: { fixedDate?: IsoDate } = {}): Outcome<CalendarDayInput> {
  const problems: FieldProblem[] = [];
  // The dates are read below, with their own words.
  const parsed = checkFields(CalendarDaySchema.omit({ date: true, transferredFrom: true }), post);
  if (!parsed.ok && parsed.reason === 'invalid') problems.push(...parsed.problems);
  const date = options.fixedDate ?? dateFromText(post.date);
  if (date === 'empty') problems.push({ field: 'date', key: 'dateRequired' });
  else if (date === 'invalid') problems.push({ field: 'date', key: 'dateInvalid' });
  const from = dateFromText(post.transferredFrom);
  const kind = parsed.ok ? parsed.value.kind : undefined;
  const clashField = options.fixedDate ? 'kind' : 'date';
  const day = date !== 'empty' && date !== 'invalid' ? weekday(date) : undefined;
  if (kind === 'working_day') {
    if (day !== undefined && day <= 5) problems.push({ field: clashField, key: 'workingDayNotWeekend' });
    if (from === 'empty') problems.push({ field: 'transferredFrom', key: 'transferredFromRequired' });
    else if (from === 'invalid') problems.push({ field: 'transferredFrom', key: 'dateInvalid' });
    else if (weekday(from) > 5) problems.push({ field: 'transferredFrom', key: 'transferredFromNotWeekday' });
  } else if (kind) {
    if (kind === 'day_off' && day !== undefined && day > 5) problems.push({ field: clashField, key: 'dayOffNotWeekday' });
    if (from !== 'empty') problems.push({ field: 'transferredFrom', key: 'transferredFromOnlyForWorkingDay' });
  }
  if (problems.length > 0 || !parsed.ok || date === 'empty' || date === 'invalid') return invalid(problems);
  return ok({
    date,
    kind: parsed.value.kind,
    nameLv: parsed.value.nameLv,
    nameEn: parsed.value.nameEn,
    transferredFrom: parsed.value.kind === 'working_day' && from !== 'empty' && from !== 'invalid' ? from : null,
  });
}

export type ExceptionStatus = {
  /** Whether the exception changes anything: a day off on a Sunday does not. */
  inForce: boolean;
  /** Whether the day is worked, by the whole calendar. */
  working: boolean;
  note?: 'weekendHoliday' | 'alreadyWeekend' | 'alreadyWorkingDay' | 'replacedDayStillWorking';
};

/**
 * What an exception does in the calendar it belongs to, for the
 * administrator's yearly view. A public holiday on a weekend loses no
 * working day but still shortens the working day before it (Labour Law
 * s.135), so it is in force. A transferred working day whose weekday is not
 * marked as a day off leaves that weekday worked too.
 */
export function exceptionStatus(day: CalendarDay, calendar: ReadonlyMap<IsoDate, CalendarDay>): ExceptionStatus {
  const weekend = weekday(day.date) > 5;
  if (day.kind === 'holiday')
    return weekend ? { inForce: true, working: false, note: 'weekendHoliday' } : { inForce: true, working: false };
  if (day.kind === 'day_off')
    return weekend ? { inForce: false, working: false, note: 'alreadyWeekend' } : { inForce: true, working: false };
  if (!weekend) return { inForce: false, working: true, note: 'alreadyWorkingDay' };
  const replaced = day.transferredFrom ? calendar.get(day.transferredFrom) : undefined;
  if (day.transferredFrom && weekday(day.transferredFrom) <= 5 && (!replaced || replaced.kind === 'working_day')) {
    return { inForce: true, working: true, note: 'replacedDayStillWorking' };
  }
  return { inForce: true, working: true };
}

export type CalendarRow = typeof calendarDays.$inferSelect;

function asCalendarDay(r: CalendarRow): CalendarDay {
  return {
    date: r.date,
    kind: r.kind,
    nameLv: r.nameLv,
    nameEn: r.nameEn,
    ...(r.transferredFrom ? { transferredFrom: r.transferredFrom } : {}),
  };
}
/** The years that have exceptions, and the one after the last (the Cabinet orders next year's transfers by 1 July). */
export async function calendarYears(db: Database, today: IsoDate): Promise<number[]> {
  const rows = await db.select({ date: calendarDays.date }).from(calendarDays);
  const years = new Set(rows.map((r) => Number(r.date.slice(0, 4))));
  years.add(Number(today.slice(0, 4)));
  const last = Math.max(...years);
  years.add(last + 1);
  return [...years].sort((a, b) => a - b);
}

/** A year's exceptions in date order, each with what it does in the calendar. */
export async function calendarYear(db: Database, year: number): Promise<Array<CalendarRow & { status: ExceptionStatus }>> {
  // The weekday a transfer replaces may lie in the neighbouring year.
  const rows = await db
    .select()
    .from(calendarDays)
    .where(and(gte(calendarDays.date, `${year - 1}-01-01`), lte(calendarDays.date, `${year + 1}-12-31`)))
    .orderBy(asc(calendarDays.date));
  const all = new Map(rows.map((r) => [r.date, asCalendarDay(r)]));
  return rows.filter((r) => r.date.startsWith(`${year}-`)).map((r) => ({ ...r, status: exceptionStatus(asCalendarDay(r), all) }));
}

export async function getCalendarDay(db: Database, date: string): Promise<CalendarRow | undefined> {
  if (!isIsoDate(date)) return undefined;
  const [row] = await db.select().from(calendarDays).where(eq(calendarDays.date, date));
  return row;
}

export async function createCalendarDay(db: Database, actorId: number, post: CalendarDayPost): Promise<Outcome<IsoDate>> {
  const checked = checkCalendarDay(post);
  if (!checked.ok) return checked;
  return db.transaction(async (tx): Promise<Outcome<IsoDate>> => {
    const [row] = await tx.insert(calendarDays).values(checked.value).onConflictDoNothing().returning();
    if (!row) return invalid([{ field: 'date', key: 'dateTaken' }]);
    await recordAudit(tx, { actorStaffId: actorId, action: 'calendar_day.create', entity: 'calendar_day', entityId: row.date, after: row });
    // m7: a festival closing day on a weekend brings the next working day
    // off (Law on Public Holidays); a date already in the calendar is kept.
    const inLieu = isFestivalClosingDay(row) ? festivalDayInLieu(row.date) : undefined;
    if (inLieu) {
      const [extra] = await tx
        .insert(calendarDays)
        .values({ date: inLieu.date, kind: inLieu.kind, nameLv: inLieu.nameLv, nameEn: inLieu.nameEn })
        .onConflictDoNothing()
        .returning();
      if (extra)
        await recordAudit(tx, {
          actorStaffId: actorId,
          action: 'calendar_day.create',
          entity: 'calendar_day',
          entityId: extra.date,
          after: extra,
        });
    }
    return ok(row.date);
  });
}

/** Changes an exception's kind, names or replaced weekday; its date is its identity. */
export async function updateCalendarDay(db: Database, actorId: number, date: IsoDate, post: CalendarDayPost): Promise<Outcome> {
  const checked = checkCalendarDay(post, { fixedDate: date });
  if (!checked.ok) return checked;
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(calendarDays).where(eq(calendarDays.date, date)).for('update');
    if (!before) throw notFound(`calendar day ${date}`);
    const [after] = await tx.update(calendarDays).set(checked.value).where(eq(calendarDays.date, date)).returning();
    await recordAudit(tx, {
      actorStaffId: actorId,
      action: 'calendar_day.update',
      entity: 'calendar_day',
      entityId: date,
      before,
      after: after!,
    });
  });
  return ok();
}

/** Removes an exception entered by mistake; the audit log keeps what it was. */
export async function removeCalendarDay(db: Database, actorId: number, date: IsoDate): Promise<void> {
  await db.transaction(async (tx) => {
    const [before] = await tx.delete(calendarDays).where(eq(calendarDays.date, date)).returning();
    if (!before) throw notFound(`calendar day ${date}`);
    await recordAudit(tx, {
      actorStaffId: actorId,
      action: 'calendar_day.delete',
      entity: 'calendar_day',
      entityId: date,
      before,
      after: null,
    });
  });
}
