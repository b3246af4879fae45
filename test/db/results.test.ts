import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { rowsOf } from '#src/db/client.ts';
import { createTestDatabase, engines, type TestDatabase } from '../support/database.ts';
import { recordedAnswer, recordedCase, referenceIds, SEED_DAY, staffByName, surveyWithItems } from '../support/factories.ts';
import { seed } from '#src/db/seed.ts';
import { auditLog } from '#src/audit/schema.ts';
import { computeYearFigures, latestPublished, publishedFigures, publishedYears, publishYear } from '#src/quality/results/queries.ts';
import { differences, MINIMUM_CELL } from '#src/quality/results/figures.ts';

// Issue 17: the published figures equal an independent count in SQL, and
// what was published stays as approved when the data changes later.
const NOW = new Date('2026-11-25T08:00:00Z');

/** A small seeded generator (mulberry32): random answers, the same on every run. */
function random(seedValue: number) {
  let a = seedValue;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe.each(engines)('published results on %s', (engine) => {
  let t: TestDatabase;
  let director: number;

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    await seed(t.db, { demo: true, today: SEED_DAY });
    director = (await staffByName(t.db)).who('direktors').id;
    const ids = await referenceIds(t.db);
    const yearly = await surveyWithItems(t.db, 'yearly-2026');
    const next = random(17);
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

  it('equals an independent SQL recount of the year’s satisfaction, complaints and received cases', async () => {
    const f = await computeYearFigures(t.db, 2026, NOW);
    const [s] = rowsOf<{ n: number; mean: number; top: number }>(
      await t.db.execute(sql`
        select count(*)::int as n, avg(a.value)::float8 as mean, (count(*) filter (where a.value >= r.scale_max - 1))::int as top
        from survey_answers a
        join survey_responses r on r.id = a.response_id
        join survey_items i on i.id = a.item_id
        join surveys s on s.id = r.survey_id
        where s.period = 'yearly' and i.criterion = 'overall'
          and (r.submitted_at at time zone 'Europe/Riga') >= '2026-01-01' and (r.submitted_at at time zone 'Europe/Riga') < '2027-01-01'`),
    );
    const overall = f.satisfaction.year.find((r) => r.criterion === 'overall')!;
    expect(overall.answers).toBe(Number(s!.n));
    expect(Number(s!.n)).toBeGreaterThanOrEqual(303);
    expect(overall.mean).toBeCloseTo(Number(s!.mean), 10);
    expect(overall.topTwoBox).toBeCloseTo(Number(s!.top) / Number(s!.n), 10);

    const complaints = rowsOf<{ quarter: string; closed: number; justified: number }>(
      await t.db.execute(sql`
        select to_char(closed_at at time zone 'Europe/Riga', 'YYYY-"Q"Q') as quarter, count(*)::int as closed,
               (count(*) filter (where complaint_outcome = 'justified'))::int as justified
        from cases where kind = 'complaint' and status = 'closed'
          and (closed_at at time zone 'Europe/Riga') >= '2026-01-01' and (closed_at at time zone 'Europe/Riga') < '2027-01-01'
        group by 1 order by 1`),
    );
    for (const row of complaints) {
      const shown = f.complaints.find((c) => c.quarter === row.quarter)!;
      const small = row.closed > 0 && row.closed < MINIMUM_CELL;
      expect(shown.closed).toBe(small ? null : Number(row.closed));
      expect(shown.justified).toBe(small ? null : Number(row.justified));
    }

    const received = rowsOf<{ month: string; n: number }>(
      await t.db.execute(sql`
        select to_char(received_at at time zone 'Europe/Riga', 'YYYY-MM') as month, count(*)::int as n
        from cases where (received_at at time zone 'Europe/Riga') >= '2026-01-01' and (received_at at time zone 'Europe/Riga') < '2026-12-01'
        group by 1 order by 1`),
    );
    for (const row of received) {
      const shown = f.deadlines.find((d) => d.month === row.month)!;
      expect(shown.received).toBe(Number(row.n) < MINIMUM_CELL ? null : Number(row.n));
    }
    // The year under way: no December yet.
    expect(f.deadlines.map((d) => d.month)).toEqual(Array.from({ length: 11 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`));
    expect(f.complaints.map((c) => c.quarter)).toEqual(['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']);
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
