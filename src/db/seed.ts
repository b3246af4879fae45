import { and, eq, gte, inArray, lte } from 'drizzle-orm';
import type { Database } from './client.ts';
import {
  authorities,
  calendarDays,
  deadlineRules,
  institution,
  officeHours,
  replyTemplates,
  services,
  topics,
  units,
} from '#src/settings/schema.ts';
import { staffMembers } from '#src/staff/schema.ts';
import { hashPassword } from '#src/staff/passwords.ts';

/** The demo accounts' password (DEMO_DATA only; printed in the README). */
export const DEMO_PASSWORD = 'demo-parole-2026';
import {
  demoStaff,
  seedAuthorities,
  seedInstitution,
  seedOfficeHours,
  seedServices,
  seedTopics,
  seedUnits,
} from '#src/settings/seed-data.ts';
import { missingCalendarDays } from '#src/calendar/holidays.ts';
import { seedDeadlineRules } from '#src/calendar/deadlines.ts';
import { surveyItems, surveys } from '#src/quality/schema.ts';
import {
  caseRatingSurvey,
  earlierSurveyItemTexts,
  earlierSurveyTitles,
  seedItems,
  seedScale,
  yearlyCampaign,
} from '#src/quality/surveys/seed-data.ts';
import { todayInRiga } from '#src/calendar/riga-time.ts';
import { seedRetentionRules } from '#src/privacy/seed.ts';
import { seedReadingRoom } from '#src/reading/seed.ts';
import { earlierSeededTemplates, seedTemplates } from '#src/settings/templates-seed.ts';

export type SeedReport = { referenceData: boolean; calendarYears: number[]; demoStaff: number };

/**
 * Fills a fresh database with the institution's reference data. Safe to run
 * again: nothing that exists (and may have been edited by an administrator)
 * is overwritten.
 */
export async function seedReferenceData(db: Database): Promise<boolean> {
  const existing = await db.select({ id: institution.id }).from(institution).limit(1);
  if (existing.length > 0) return false;
  await db.transaction(async (tx) => {
    await tx.insert(institution).values(seedInstitution);
    const unitRows = await tx.insert(units).values(seedUnits).returning({ id: units.id, code: units.code });
    const unitId = new Map(unitRows.map((u) => [u.code, u.id]));
    await tx.insert(topics).values(
      seedTopics.map((t, i) => ({
        code: t.code,
        nameLv: t.nameLv,
        nameEn: t.nameEn,
        unitId: unitId.get(t.unit)!,
        environmentalInformation: t.environmentalInformation,
        sortOrder: i,
      })),
    );
    await tx.insert(authorities).values(seedAuthorities);
    await tx.insert(officeHours).values(seedOfficeHours);
    await tx.insert(deadlineRules).values(
      seedDeadlineRules().map((r) => ({
        requestKind: r.requestKind,
        effectiveFrom: r.effectiveFrom,
        amount: r.amount,
        unit: r.unit,
        extendedAmount: r.extendedAmount ?? null,
        extendedUnit: r.extendedUnit ?? null,
      })),
    );
  });
  return true;
}

/**
 * M5: adds every statutory day of each year that is missing, day by day,
 * and the known transferred working days (latvia.md). A year with some
 * rows already (an administrator entered next year's Cabinet transfer, or
 * the festival closing day, first) still gets the rest; a row that exists
 * is never overwritten (ON CONFLICT DO NOTHING on the date), so an
 * administrator's edit stays. m7: a festival closing day already in the
 * calendar that falls on a weekend brings its day off in lieu (Law on
 * Public Holidays; `statutoryHolidays`). Returns the years that gained a day.
 */
export async function seedCalendarYears(db: Database, years: number[]): Promise<number[]> {
  const added: number[] = [];
  for (const year of years) {
    const present = await db
      .select()
      .from(calendarDays)
      .where(and(gte(calendarDays.date, `${year}-01-01`), lte(calendarDays.date, `${year}-12-31`)));
    const missing = missingCalendarDays(year, present);
    if (missing.length === 0) continue;
    const inserted = await db
      .insert(calendarDays)
      .values(
        missing.map((d) => ({
          date: d.date,
          kind: d.kind,
          nameLv: d.nameLv,
          nameEn: d.nameEn,
          transferredFrom: d.transferredFrom ?? null,
        })),
      )
      .onConflictDoNothing()
      .returning({ date: calendarDays.date });
    if (inserted.length > 0) added.push(year);
  }
  return added;
}

/**
 * The years the calendar must hold on a day: from 2025 (the first cases'
 * year) or last year, whichever is earlier, to next year, by the Riga date.
 * The start-up and the daily scheduled job both seed these, so a server
 * running across New Year gets the coming year's holidays without a restart.
 */
export function calendarYearsToSeed(today: Date): number[] {
  const thisYear = Number(todayInRiga(today).slice(0, 4));
  const years = [];
  for (let y = Math.min(2025, thisYear - 1); y <= thisYear + 1; y++) years.push(y);
  return years;
}

/**
 * the yearly satisfaction survey of this year and the next (so the new
 * campaign opens on 1 January by itself), and the survey an answered case
 * links to (Q-2c). Each is added once, by its code, with the default scale
 * and items; a survey that exists is never touched, so a manager's edits
 * stay. Returns the codes added.
 */
export async function seedSurveys(db: Database, today: Date = new Date()): Promise<string[]> {
  const year = Number(todayInRiga(today).slice(0, 4));
  const wanted = [yearlyCampaign(year), yearlyCampaign(year + 1), caseRatingSurvey(`${year}-01-01`)];
  const added: string[] = [];
  for (const survey of wanted) {
    await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(surveys)
        .values({ ...survey, scaleMin: seedScale.min, scaleMax: seedScale.max, scaleLabels: seedScale.labels })
        .onConflictDoNothing()
        .returning({ id: surveys.id });
      if (!row) return;
      await tx.insert(surveyItems).values(seedItems.map((item, i) => ({ ...item, surveyId: row.id, sortOrder: i + 1 })));
      added.push(survey.code);
    });
  }
  // The language review (ux.md §3): a seeded text still as first worded
  // reads as now seeded; a manager's own wording is left alone.
  for (const { criterion, textLv } of earlierSurveyItemTexts) {
    const now = seedItems.find((item) => item.criterion === criterion)!;
    await db
      .update(surveyItems)
      .set({ textLv: now.textLv })
      .where(and(eq(surveyItems.criterion, criterion), eq(surveyItems.textLv, textLv)));
  }
  for (const { code, titleLv } of earlierSurveyTitles) {
    await db
      .update(surveys)
      .set({ titleLv: caseRatingSurvey(`${year}-01-01`).titleLv })
      .where(and(eq(surveys.code, code), eq(surveys.titleLv, titleLv)));
  }
  return added;
}

/**
 * S-14.6.2, S-14.1, S-11/12: the reply templates officials start from,
 * each added by its code only when missing. A template that exists is
 * never touched, so an administrator's edit stays, and one an
 * administrator deactivated stays deactivated. Returns the codes added.
 */
export async function seedReplyTemplates(db: Database): Promise<string[]> {
  const added = await db
    .insert(replyTemplates)
    .values(seedTemplates.map((t) => ({ ...t })))
    .onConflictDoNothing({ target: replyTemplates.code })
    .returning({ code: replyTemplates.code });
  // A template still as some earlier version of the seed wrote it (every
  // field one of the seeded texts, earlier or now) reads as now seeded:
  // S-14.1 (issue 13) referral letters that contradicted their letter, and
  // the wording of the language review. One an administrator edited is not
  // a seeded text, and stays.
  for (const old of earlierSeededTemplates) {
    const now = seedTemplates.find((t) => t.code === old.code)!;
    await db
      .update(replyTemplates)
      .set({ nameLv: now.nameLv, nameEn: now.nameEn, bodyLv: now.bodyLv, bodyEn: now.bodyEn, updatedAt: new Date() })
      .where(
        and(
          eq(replyTemplates.code, old.code),
          inArray(replyTemplates.nameLv, [old.nameLv, now.nameLv]),
          inArray(replyTemplates.nameEn, [old.nameEn, now.nameEn]),
          inArray(replyTemplates.bodyLv, [old.bodyLv, now.bodyLv]),
          inArray(replyTemplates.bodyEn, [old.bodyEn, now.bodyEn]),
        ),
      );
  }
  return added.map((r) => r.code);
}

/**
 * S-4.5: the services the structure page lists, each added by its code only
 * when missing and when its unit exists (a portal seeded for another
 * institution, whose units differ, gets none). A service that exists is
 * never touched, so an administrator's prices stay. Returns the codes added.
 */
export async function seedServiceList(db: Database): Promise<string[]> {
  const unitRows = await db.select({ id: units.id, code: units.code }).from(units);
  const unitId = new Map(unitRows.map((u) => [u.code, u.id]));
  const rows = seedServices.flatMap(({ unit, ...service }, i) => {
    const id = unitId.get(unit);
    return id === undefined ? [] : [{ ...service, unitId: id, sortOrder: i }];
  });
  if (rows.length === 0) return [];
  const added = await db.insert(services).values(rows).onConflictDoNothing({ target: services.code }).returning({ code: services.code });
  return added.map((r) => r.code);
}

/** Demo staff, one of each role: only with DEMO_DATA on, never in production. */
export async function seedDemoStaff(db: Database): Promise<number> {
  const existing = await db.select({ id: staffMembers.id }).from(staffMembers).limit(1);
  if (existing.length > 0) return 0;
  const unitRows = await db.select({ id: units.id, code: units.code }).from(units);
  const unitId = new Map(unitRows.map((u) => [u.code, u.id]));
  // One known password for every demo account (README), hashed like any other.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const inserted = await db
    .insert(staffMembers)
    .values(
      demoStaff.map((s) => ({
        email: s.email,
        fullName: s.fullName,
        role: s.role,
        unitId: s.unit ? (unitId.get(s.unit) ?? null) : null,
        languages: [...s.languages],
        passwordHash,
      })),
    )
    .returning({ id: staffMembers.id, role: staffMembers.role, unitId: staffMembers.unitId });
  // Each official reports to their unit's manager, where the unit has one.
  for (const manager of inserted.filter((s) => s.role === 'manager')) {
    for (const official of inserted.filter((s) => s.role === 'official' && s.unitId === manager.unitId)) {
      await db.update(staffMembers).set({ managerId: manager.id }).where(eq(staffMembers.id, official.id));
    }
  }
  return inserted.length;
}

export async function seed(db: Database, options: { demo: boolean; today?: Date }): Promise<SeedReport> {
  const referenceData = await seedReferenceData(db);
  const calendarYears = await seedCalendarYears(db, calendarYearsToSeed(options.today ?? new Date()));
  // Its own step, not part of seedReferenceData: databases seeded before
  // surveys existed get them too.
  await seedSurveys(db, options.today);
  await seedRetentionRules(db);
  // S-13: the reading room's first seat (its own step, like the surveys).
  await seedReadingRoom(db);
  // Also its own step: databases seeded before templates existed get them.
  await seedReplyTemplates(db);
  // Its own step too: databases seeded before services existed get them.
  await seedServiceList(db);
  const demo = options.demo ? await seedDemoStaff(db) : 0;
  return { referenceData, calendarYears, demoStaff: demo };
}
