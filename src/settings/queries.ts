import { asc, eq } from 'drizzle-orm';
import type { Database } from '#src/db/client.ts';
import { authorities, calendarDays, deadlineRules, institution, officeHours, replyTemplates, services, topics, units } from './schema.ts';
import { buildCalendar, type CalendarData, type OfficeHours } from '#src/calendar/working-days.ts';
import type { DeadlineRule } from '#src/calendar/deadlines.ts';
import type { CalendarDay } from '#src/calendar/holidays.ts';

export type Institution = typeof institution.$inferSelect;

export async function getInstitution(db: Database): Promise<Institution | undefined> {
  const [row] = await db.select().from(institution).where(eq(institution.id, 1));
  return row;
}

export async function listActiveTopics(db: Database) {
  return db.select().from(topics).where(eq(topics.active, true)).orderBy(asc(topics.sortOrder), asc(topics.id));
}

export async function listUnits(db: Database) {
  return db.select().from(units).orderBy(asc(units.id));
}

export async function listActiveAuthorities(db: Database) {
  return db.select().from(authorities).where(eq(authorities.active, true)).orderBy(asc(authorities.id));
}

/** S-4.5: the services the structure page lists, in the administrator's order. */
export async function listActiveServices(db: Database) {
  return db.select().from(services).where(eq(services.active, true)).orderBy(asc(services.sortOrder), asc(services.id));
}

/** The working-day calendar as the rules need it: exceptions and office hours. */
export async function loadCalendar(db: Database): Promise<{ calendar: CalendarData; hours: OfficeHours }> {
  const [days, intervals] = await Promise.all([
    db.select().from(calendarDays).orderBy(asc(calendarDays.date)),
    db.select().from(officeHours).orderBy(asc(officeHours.weekday), asc(officeHours.opensAt)),
  ]);
  const calendar = buildCalendar(
    days.map((d): CalendarDay => ({
      date: d.date,
      kind: d.kind,
      nameLv: d.nameLv,
      nameEn: d.nameEn,
      ...(d.transferredFrom ? { transferredFrom: d.transferredFrom } : {}),
    })),
  );
  const hours = new Map<number, Array<{ start: string; end: string }>>();
  for (const row of intervals) {
    const list = hours.get(row.weekday) ?? [];
    // time columns come back as HH:MM:SS
    list.push({ start: row.opensAt.slice(0, 5), end: row.closesAt.slice(0, 5) });
    hours.set(row.weekday, list);
  }
  return { calendar, hours };
}

/** A stored deadline rule as the deadline engine reads it (the notes stay behind). */
export function asDeadlineRule(r: typeof deadlineRules.$inferSelect): DeadlineRule {
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

export async function listDeadlineRules(db: Database): Promise<DeadlineRule[]> {
  const rows = await db.select().from(deadlineRules).orderBy(asc(deadlineRules.requestKind), asc(deadlineRules.effectiveFrom));
  return rows.map(asDeadlineRule);
}

/** The reply templates an official may start from (S-14.6.2, S-14.1, S-11/12). */
export async function listActiveTemplates(db: Database) {
  return db.select().from(replyTemplates).where(eq(replyTemplates.active, true)).orderBy(asc(replyTemplates.id));
}
