import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestDatabase, engines, type TestDatabase } from '../support/database.ts';
import { recordedAnswer, recordedCase, referenceIds, SEED_DAY, staffByName, surveyWithItems } from '../support/factories.ts';
import { seed } from '#src/db/seed.ts';
import { auditLog } from '#src/audit/schema.ts';
import { computeYearFigures, latestPublished, publishedFigures, publishedYears, publishYear } from '#src/quality/results/queries.ts';
import { differences } from '#src/quality/results/figures.ts';
import { recountMismatches } from '../support/results-recount.ts';
import { prng } from '../support/prng.ts';

// Issue 17: the published figures equal an independent count in SQL, and
// what was published stays as approved when the data changes later.
const NOW = new Date('2026-11-25T08:00:00Z');

describe.each(engines)('published results on %s', (engine) => {
  let t: TestDatabase;
  let director: number;

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    await seed(t.db, { demo: true, today: SEED_DAY });
    director = (await staffByName(t.db)).who('direktors').id;
    const ids = await referenceIds(t.db);
    const yearly = await surveyWithItems(t.db, 'yearly-2026');
    const next = prng(17);
    const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
    // A few hundred answers over the year; the Legal Unit gets three, a small cell.
    for (let i = 0; i < 300; i++) {
      const day = new Date(Date.UTC(2026, 0, 1) + Math.floor(next() * 320) * 86_400_000 + 9 * 3_600_000);
      const unit = pick(['IVN', 'PAN', 'KAN']);
      await recordedAnswer(
        t.db,
        yearly,
        day.toISOString(),
        { overall: 1 + Math.floor(next() * 5), clarity: 1 + Math.floor(next() * 5) },
        { unitId: ids.unit(unit), topicId: next() < 0.5 ? ids.topic(pick(['eia', 'pollution-permits'])) : null },
      );
    }
    for (const day of ['2026-02-02', '2026-03-03', '2026-04-04'])
      await recordedAnswer(t.db, yearly, `${day}T09:00:00Z`, { overall: 5 }, { unitId: ids.unit('JN') });
    // Complaints closed over the year, some justified.
    for (let i = 0; i < 40; i++) {
      const received = new Date(Date.UTC(2026, 0, 5) + Math.floor(next() * 300) * 86_400_000);
      const closed = new Date(received.getTime() + Math.floor(next() * 20 + 1) * 86_400_000);
      await recordedCase(t.db, {
        kind: 'complaint',
        receivedAt: received.toISOString(),
        closedAt: closed.toISOString(),
        status: 'closed',
        outcome: next() < 0.3 ? 'justified' : 'unjustified',
      });
    }
  }, 120_000);
  afterAll(async () => {
    await t?.drop();
  });

  it('equals an independent SQL recount of the year’s satisfaction, complaints, received cases and suggestions', async () => {
    const f = await computeYearFigures(t.db, 2026, NOW);
    expect(await recountMismatches(t.db, f)).toEqual([]);
    expect(f.satisfaction.year.find((r) => r.criterion === 'overall')!.answers).toBeGreaterThanOrEqual(303);
    // The year under way: no December yet.
    expect(f.deadlines.map((d) => d.month)).toEqual(Array.from({ length: 11 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`));
    expect(f.complaints.map((c) => c.quarter)).toEqual(['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']);
  });

  it('the recount would see a figure that differs', async () => {
    const f = await computeYearFigures(t.db, 2026, NOW);
    const overall = f.satisfaction.year.find((r) => r.criterion === 'overall')!;
    const wrong = { ...f, satisfaction: { ...f.satisfaction, year: [{ ...overall, answers: overall.answers! + 1 }] } };
    expect(await recountMismatches(t.db, wrong)).toEqual([
      `satisfaction overall answers: published ${overall.answers! + 1}, counted ${overall.answers}`,
    ]);
  });

  it('withholds the unit with three answers and keeps no comment or person in the figures', async () => {
    const f = await computeYearFigures(t.db, 2026, NOW);
    const legal = f.satisfaction.byUnit.find((u) => u.name?.en === 'Legal Unit')!;
    expect(legal).toMatchObject({ answers: null, mean: null, topTwoBox: null });
    expect(legal.withheld).toContain('answers');
    const text = JSON.stringify(f);
    expect(text).not.toMatch(/comment|email|reference|staff/i);
  });

  it('publishes a snapshot with an audit entry, and a later correction changes only today’s figures', async () => {
    const saved = await publishYear(t.db, director, 2026, NOW);
    const [audit] = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'results.publish'), eq(auditLog.entityId, String(saved.id))));
    expect(audit).toMatchObject({ actorStaffId: director, entity: 'published_results', after: { year: 2026 } });
    const before = await publishedFigures(t.db, 2026);
    expect(before).toEqual(saved.figures);

    // A complaint decided late, in the first quarter: the report changes, the published page does not.
    await recordedCase(t.db, {
      kind: 'complaint',
      receivedAt: '2026-02-10T09:00:00Z',
      closedAt: '2026-03-10T09:00:00Z',
      status: 'closed',
      outcome: 'justified',
    });
    const later = new Date('2026-11-26T08:00:00Z');
    const today = await computeYearFigures(t.db, 2026, later);
    expect(await publishedFigures(t.db, 2026)).toEqual(before);
    const changed = differences(before!, today).map((d) => d.figure);
    expect(changed).toContain('complaints.2026-Q1.justified');
    expect(changed).toContain('complaints.2026-Q1.closed');

    const published = await latestPublished(t.db, 2026);
    expect(published?.approvedBy).toBe('Jānis Direktors');
    expect(await publishedYears(t.db)).toEqual([{ year: 2026, approvedAt: NOW }]);
  });
});
