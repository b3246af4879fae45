import { asc, eq, gte, lte, and } from 'drizzle-orm';
import type { Database } from '#src/db/client.ts';
import { recordAudit } from '#src/audit/queries.ts';
import type { FieldProblem } from '#src/forms/errors.ts';
import { isIsoDate, type IsoDate } from '#src/calendar/dates.ts';
import type { CalendarDay } from '#src/calendar/holidays.ts';
import { ruleInForce, type DeadlineRule } from '#src/calendar/deadlines.ts';
import { todayInRiga } from '#src/calendar/riga-time.ts';
import { calendarDays, deadlineRules, officeHours } from './schema.ts';
import { NotFoundError, type Saved } from './admin.ts';
import {
  checkCalendarDay,
  checkDeadlineRule,
  checkOfficeHours,
  exceptionStatus,
  REQUEST_KINDS,
  ruleMayChange,
  type CalendarDayPost,
  type DeadlineRulePost,
  type ExceptionStatus,
  type Interval,
  type IntervalPost,
  type RequestKind,
} from './rules.ts';

// The administrator's side of the calendar: office hours, the exceptions
// to "Monday to Friday", and the deadline rules. Each change is audited in
// its own transaction. An exception entered by mistake may be removed (it
// is reference data, not a record), with its before state in the audit
// log; a deadline rule is never changed once a case may have used it.

type Done = { ok: true } | { ok: false; problems: FieldProblem[] };

// ------------------------------------------------------------ office hours

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
export async function saveOfficeHours(db: Database, actorId: number, weekday: number, rows: readonly IntervalPost[]): Promise<Done> {
  if (!Number.isInteger(weekday) || weekday < 1 || weekday > 7) throw new NotFoundError(`weekday ${weekday}`);
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
    if (checked.input.length > 0) {
      await tx.insert(officeHours).values(checked.input.map((i) => ({ weekday, opensAt: i.start, closesAt: i.end })));
    }
    await recordAudit(tx, {
      actorStaffId: actorId,
      action: 'office_hours.update',
      entity: 'office_hours',
      entityId: weekday,
      before: { weekday, intervals: before.map((r) => `${r.opensAt.slice(0, 5)}–${r.closesAt.slice(0, 5)}`) },
      after: { weekday, intervals: checked.input.map((i) => `${i.start}–${i.end}`) },
    });
  });
  return { ok: true };
}

// ---------------------------------------------------------------- calendar

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

export async function createCalendarDay(db: Database, actorId: number, post: CalendarDayPost): Promise<Done & { date?: IsoDate }> {
  const checked = checkCalendarDay(post);
  if (!checked.ok) return checked;
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(calendarDays).values(checked.input).onConflictDoNothing().returning();
    if (!row) return { ok: false as const, problems: [{ field: 'date', key: 'dateTaken' }] };
    await recordAudit(tx, { actorStaffId: actorId, action: 'calendar_day.create', entity: 'calendar_day', entityId: row.date, after: row });
    return { ok: true as const, date: row.date };
  });
}

/** Changes an exception's kind, names or replaced weekday; its date is its identity. */
export async function updateCalendarDay(db: Database, actorId: number, date: IsoDate, post: CalendarDayPost): Promise<Done> {
  const checked = checkCalendarDay(post, { fixedDate: date });
  if (!checked.ok) return checked;
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(calendarDays).where(eq(calendarDays.date, date)).for('update');
    if (!before) throw new NotFoundError(`calendar day ${date}`);
    const [after] = await tx.update(calendarDays).set(checked.input).where(eq(calendarDays.date, date)).returning();
    await recordAudit(tx, {
      actorStaffId: actorId,
      action: 'calendar_day.update',
      entity: 'calendar_day',
      entityId: date,
      before,
      after: after!,
    });
  });
  return { ok: true };
}

/** Removes an exception entered by mistake; the audit log keeps what it was. */
export async function removeCalendarDay(db: Database, actorId: number, date: IsoDate): Promise<void> {
  await db.transaction(async (tx) => {
    const [before] = await tx.delete(calendarDays).where(eq(calendarDays.date, date)).returning();
    if (!before) throw new NotFoundError(`calendar day ${date}`);
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

// ---------------------------------------------------------- deadline rules

export type DeadlineRuleRow = typeof deadlineRules.$inferSelect;

function asRule(r: DeadlineRuleRow): DeadlineRule {
  return {
    id: r.id,
    requestKind: r.requestKind,
    effectiveFrom: r.effectiveFrom,
    amount: r.amount,
    unit: r.unit,
    extendedAmount: r.extendedAmount,
    extendedUnit: r.extendedUnit,
  };
}

export type RuleOverview = {
  kind: RequestKind;
  /** Oldest first. */
  rules: Array<DeadlineRuleRow & { inForce: boolean; mayChange: boolean }>;
};

/** Every kind's rules, with the one in force today and those not started yet (which may still change). */
export async function deadlineRuleOverview(db: Database, now: Date = new Date()): Promise<RuleOverview[]> {
  const today = todayInRiga(now);
  const rows = await db.select().from(deadlineRules).orderBy(asc(deadlineRules.requestKind), asc(deadlineRules.effectiveFrom));
  const rules = rows.map(asRule);
  return REQUEST_KINDS.map((kind) => {
    const current = ruleInForce(rules, kind, today);
    return {
      kind,
      rules: rows
        .filter((r) => r.requestKind === kind)
        .map((r) => ({ ...r, inForce: r.id === current?.id, mayChange: ruleMayChange(r, today) })),
    };
  });
}

export async function getDeadlineRule(db: Database, id: number): Promise<DeadlineRuleRow | undefined> {
  if (!Number.isSafeInteger(id)) return undefined;
  const [row] = await db.select().from(deadlineRules).where(eq(deadlineRules.id, id));
  return row;
}

/** A new rule; it starts after today unless it is the first of its kind (rules.ts). */
export async function createDeadlineRule(db: Database, actorId: number, post: DeadlineRulePost, now: Date = new Date()): Promise<Saved> {
  return db.transaction(async (tx): Promise<Saved> => {
    const rules = (await tx.select().from(deadlineRules)).map(asRule);
    const checked = checkDeadlineRule(post, { today: todayInRiga(now), rules });
    if (!checked.ok) return checked;
    const [row] = await tx.insert(deadlineRules).values(checked.input).returning();
    await recordAudit(tx, {
      actorStaffId: actorId,
      action: 'deadline_rule.create',
      entity: 'deadline_rule',
      entityId: row!.id,
      after: row!,
    });
    return { ok: true, id: row!.id };
  });
}

/** Changes a rule that has not started yet; one in force or past is refused (ruleMayChange). */
export async function updateDeadlineRule(
  db: Database,
  actorId: number,
  id: number,
  post: DeadlineRulePost,
  now: Date = new Date(),
): Promise<Saved> {
  const today = todayInRiga(now);
  return db.transaction(async (tx): Promise<Saved> => {
    const [before] = await tx.select().from(deadlineRules).where(eq(deadlineRules.id, id)).for('update');
    if (!before) throw new NotFoundError(`deadline rule ${id}`);
    if (!ruleMayChange(before, today)) return { ok: false, problems: [{ field: 'form', key: 'ruleStarted' }] };
    const rules = (await tx.select().from(deadlineRules)).map(asRule);
    const checked = checkDeadlineRule(post, { today, rules, editingId: id });
    if (!checked.ok) return checked;
    const [after] = await tx.update(deadlineRules).set(checked.input).where(eq(deadlineRules.id, id)).returning();
    await recordAudit(tx, {
      actorStaffId: actorId,
      action: 'deadline_rule.update',
      entity: 'deadline_rule',
      entityId: id,
      before,
      after: after!,
    });
    return { ok: true, id };
  });
}

/** Removes a rule that has not started yet (entered by mistake); no case can have used it. */
export async function removeDeadlineRule(db: Database, actorId: number, id: number, now: Date = new Date()): Promise<Done> {
  const today = todayInRiga(now);
  return db.transaction(async (tx): Promise<Done> => {
    const [before] = await tx.select().from(deadlineRules).where(eq(deadlineRules.id, id)).for('update');
    if (!before) throw new NotFoundError(`deadline rule ${id}`);
    if (!ruleMayChange(before, today)) return { ok: false, problems: [{ field: 'form', key: 'ruleStarted' }] };
    await tx.delete(deadlineRules).where(eq(deadlineRules.id, id));
    await recordAudit(tx, {
      actorStaffId: actorId,
      action: 'deadline_rule.delete',
      entity: 'deadline_rule',
      entityId: id,
      before,
      after: null,
    });
    return { ok: true };
  });
}
