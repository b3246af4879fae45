import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, gte, lte } from 'drizzle-orm';
import { createTestDatabase, engines, type TestDatabase } from '../support/database.ts';
import { seed, seedCalendarYears } from '#src/db/seed.ts';
import { runMaintenance } from '#src/server/maintenance.ts';
import { calendarDays } from '#src/settings/schema.ts';
import { FESTIVAL_CLOSING_DAY } from '#src/calendar/holidays.ts';

// M5: a year's calendar is seeded day by day, not skipped when one of its
// days exists; the daily job adds next year; m7: a festival closing day on a
// weekend brings its day off in lieu.

async function year(t: TestDatabase, y: number) {
  return t.db
    .select()
    .from(calendarDays)
    .where(and(gte(calendarDays.date, `${y}-01-01`), lte(calendarDays.date, `${y}-12-31`)))
    .orderBy(asc(calendarDays.date));
}

describe.each(engines)('calendar seeding on %s', (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
    await seed(t.db, { demo: false, today: new Date('2026-12-01T10:00:00Z') });
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('adds the rest of 2028 after an administrator entered the festival day, keeping that row and adding its day in lieu', async () => {
    expect(await year(t, 2028)).toEqual([]);
    // Sunday 9 July 2028, as an administrator names it.
    await t.db.insert(calendarDays).values({
      date: '2028-07-09',
      kind: 'holiday',
      nameLv: 'XXVIII Vispārējo latviešu Dziesmu un XVIII Deju svētku noslēguma diena',
      nameEn: 'Closing day of the Song and Dance Festival',
    });
    expect(await seedCalendarYears(t.db, [2026, 2027, 2028])).toEqual([2028]);
    const days = new Map((await year(t, 2028)).map((d) => [d.date, d]));
    for (const date of ['2028-01-01', '2028-04-14', '2028-04-16', '2028-04-17', '2028-11-18', '2028-11-20', '2028-12-25']) {
      expect(days.get(date), date).toBeDefined();
    }
    expect(days.get('2028-07-09')?.nameLv).toBe('XXVIII Vispārējo latviešu Dziesmu un XVIII Deju svētku noslēguma diena');
    // The festival day falls on a Sunday: Monday 10 July is the day off in lieu.
    expect(days.get('2028-07-10')).toMatchObject({ kind: 'day_off', nameEn: 'Day off in lieu of the festival closing day' });
    // Seeding again adds nothing.
    expect(await seedCalendarYears(t.db, [2028])).toEqual([]);
  });

  it('never overwrites a day an administrator changed', async () => {
    await t.db.delete(calendarDays).where(and(gte(calendarDays.date, '2027-12-24'), lte(calendarDays.date, '2027-12-24')));
    await t.db.insert(calendarDays).values({ date: '2027-12-24', kind: 'holiday', nameLv: 'Mans nosaukums', nameEn: 'My name' });
    await t.db.delete(calendarDays).where(and(gte(calendarDays.date, '2027-12-25'), lte(calendarDays.date, '2027-12-25')));
    expect(await seedCalendarYears(t.db, [2027])).toEqual([2027]);
    const days = new Map((await year(t, 2027)).map((d) => [d.date, d]));
    expect(days.get('2027-12-24')?.nameLv).toBe('Mans nosaukums');
    expect(days.get('2027-12-25')?.nameEn).toBe('Christmas Day');
  });

  it('adds the festival day of a later year with its canonical name and day in lieu on a Saturday', async () => {
    await t.db.insert(calendarDays).values({ date: '2027-07-10', kind: 'holiday', ...FESTIVAL_CLOSING_DAY });
    await seedCalendarYears(t.db, [2027]);
    const days = new Map((await year(t, 2027)).map((d) => [d.date, d]));
    expect(days.get('2027-07-12')?.kind).toBe('day_off');
  });

  it('has the daily job add next year once the year turns, without a restart', async () => {
    expect(await year(t, 2029)).toEqual([]);
    const pass = await runMaintenance(t.db, new Date('2028-01-01T08:00:00Z'));
    expect(pass.calendarYears).toEqual([2029]);
    const days = new Map((await year(t, 2029)).map((d) => [d.date, d]));
    expect(days.get('2029-01-01')?.kind).toBe('holiday');
    expect(days.get('2029-11-19')?.kind).toBe('day_off'); // 18 November 2029 is a Sunday
    expect((await runMaintenance(t.db, new Date('2028-01-01T08:15:00Z'))).calendarYears).toEqual([]);
  });
});
