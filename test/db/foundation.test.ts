import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { rowsOf } from '#src/db/client.ts';
import { createTestDatabase, engines, type TestDatabase } from '../support/database.ts';
import { seed } from '#src/db/seed.ts';
import { migrateDatabase } from '#src/db/migrate.ts';
import {
  getInstitution,
  listActiveAuthorities,
  listActiveTopics,
  listUnits,
  loadCalendar,
  listDeadlineRules,
} from '#src/settings/queries.ts';
import { institution, topics, calendarDays } from '#src/settings/schema.ts';
import { staffMembers } from '#src/staff/schema.ts';
import { isWorkingDay, isShortenedDay, officeIntervals } from '#src/calendar/working-days.ts';
import { computeDeadline } from '#src/calendar/deadlines.ts';
import { publicInformation, publicStructure } from '#src/settings/public-info.ts';

describe.each(engines)('foundation on %s', (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('finds by index every row that points at a case, or at a row removed with one', async () => {
    // A Send writes its number into its letter found by the case (drizzle/0023),
    // and the retention job removes cases: a foreign key to a table whose rows
    // are removed, read without an index, reads its whole table each time.
    const unindexed = rowsOf<{ child: string; column: string; parent: string }>(
      await t.db.execute(sql`
        select c.conrelid::regclass::text as child, a.attname as "column", c.confrelid::regclass::text as parent
        from pg_constraint c
        join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
        where c.contype = 'f'
          and (c.confdeltype in ('c', 'n') or c.confrelid::regclass::text = 'cases' or c.confrelid::regclass::text like 'case\_%')
          and not exists (select 1 from pg_index i where i.indrelid = c.conrelid and i.indkey[0] = c.conkey[1])
        order by 1, 2`),
    );
    expect(unindexed).toEqual([]);
  });

  it('seeds the institution, units, topics, authorities and calendar', async () => {
    const report = await seed(t.db, { demo: false, today: new Date('2026-11-24T10:00:00Z') });
    expect(report).toEqual({ referenceData: true, calendarYears: [2025, 2026, 2027], demoStaff: 0 });
    const inst = await getInstitution(t.db);
    expect(inst?.shortName).toBe('VPVB');
    expect(inst?.address).toBe('Rūpniecības iela 23, Rīga, LV-1045');
    const unitRows = await listUnits(t.db);
    expect(unitRows.filter((u) => u.isTriage)).toHaveLength(1);
    const topicRows = await listActiveTopics(t.db);
    expect(topicRows.length).toBeGreaterThan(5);
    for (const topic of topicRows) expect(unitRows.map((u) => u.id)).toContain(topic.unitId);
    const authorityRows = await listActiveAuthorities(t.db);
    expect(authorityRows.find((a) => a.code === 'vvd')).toMatchObject({
      nameEn: 'State Environmental Service',
      email: 'videssos@vvd.gov.lv',
      phone: '+371 26338800',
    });
    // Production seeds no staff.
    expect(await t.db.select().from(staffMembers)).toHaveLength(0);
  });

  it('publishes each active unit with the topics it answers for, and the other authorities (S-4.5)', async () => {
    const { units, authorities } = await publicStructure(t.db);
    const ivn = units.find((u) => u.code === 'IVN');
    expect(ivn?.topics.map((x) => x.code)).toEqual(['eia', 'sea', 'public-consultation']);
    expect(units.every((u) => u.active)).toBe(true);
    expect(authorities.map((a) => a.code)).toContain('vvd');
  });

  it('does not overwrite what an administrator edited when seeded again', async () => {
    await t.db.update(institution).set({ phone: '+371 60000000' }).where(eq(institution.id, 1));
    const report = await seed(t.db, { demo: false, today: new Date('2026-11-24T10:00:00Z') });
    expect(report.referenceData).toBe(false);
    expect(report.calendarYears).toEqual([]);
    expect((await getInstitution(t.db))?.phone).toBe('+371 60000000');
  });

  it('adds demo staff only when asked, one of each role, officials under their manager', async () => {
    const report = await seed(t.db, { demo: true, today: new Date('2026-11-24T10:00:00Z') });
    expect(report.demoStaff).toBeGreaterThan(0);
    const staff = await t.db.select().from(staffMembers);
    expect(new Set(staff.map((s) => s.role))).toEqual(new Set(['official', 'manager', 'director', 'administrator']));
    const manager = staff.find((s) => s.role === 'manager')!;
    const sameUnitOfficials = staff.filter((s) => s.role === 'official' && s.unitId === manager.unitId);
    expect(sameUnitOfficials.length).toBeGreaterThan(0);
    for (const o of sameUnitOfficials) expect(o.managerId).toBe(manager.id);
    expect(staff.find((s) => s.languages.includes('ru'))).toBeDefined();
  });

  it('adds next year to the calendar when the year turns', async () => {
    const report = await seed(t.db, { demo: false, today: new Date('2027-01-02T10:00:00Z') });
    expect(report.calendarYears).toEqual([2028]);
    const [christmas] = await t.db.select().from(calendarDays).where(eq(calendarDays.date, '2028-12-25'));
    expect(christmas?.kind).toBe('holiday');
  });

  it('loads a calendar that knows the 2026 transfers and office hours', async () => {
    const { calendar, hours } = await loadCalendar(t.db);
    expect(isWorkingDay(calendar, '2026-01-02')).toBe(false);
    expect(isWorkingDay(calendar, '2026-01-17')).toBe(true);
    expect(isWorkingDay(calendar, '2025-05-05')).toBe(false);
    expect(isShortenedDay(calendar, '2026-12-23')).toBe(true);
    expect(officeIntervals(calendar, hours, '2026-12-23')).toEqual([
      { start: '08:30', end: '12:30' },
      { start: '13:00', end: '16:00' },
    ]);
  });

  it('computes a due date from the rules stored in the database', async () => {
    const { calendar } = await loadCalendar(t.db);
    const rules = await listDeadlineRules(t.db);
    // Received Monday 2 March 2026 (new rule: 10 working days) → 16 March.
    const after = computeDeadline(calendar, rules, 'question', new Date('2026-03-02T09:00:00Z'));
    expect(after?.dueOn).toBe('2026-03-16');
    // Received 27 February 2026 (old rule: one month) → 27 March 2026 (a Friday).
    const before = computeDeadline(calendar, rules, 'question', new Date('2026-02-27T09:00:00Z'));
    expect(before?.dueOn).toBe('2026-03-27');
  });

  it('tells the public pages the answer period in force', async () => {
    expect((await publicInformation(t.db, new Date('2026-11-24T10:00:00Z'))).answerPeriod).toEqual({
      amount: 10,
      unit: 'working_days',
    });
    expect((await publicInformation(t.db, new Date('2026-01-15T10:00:00Z'))).answerPeriod).toEqual({
      amount: 1,
      unit: 'months',
    });
  });

  it('refuses a topic without a unit and a second triage unit', async () => {
    await expect(t.db.insert(topics).values({ code: 'orphan', nameLv: 'x', nameEn: 'x', unitId: 999_999 })).rejects.toThrow();
    const { units } = await import('#src/settings/schema.ts');
    await expect(t.db.insert(units).values({ code: 'T2', nameLv: 'x', nameEn: 'x', isTriage: true })).rejects.toThrow();
  });

  it('applies migrations idempotently', async () => {
    await expect(migrateDatabase(t)).resolves.toBeUndefined();
  });
});
