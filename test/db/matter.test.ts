import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase, engines, type TestDatabase } from '../support/database.ts';
import { SEED_DAY } from '../support/factories.ts';
import { seed } from '#src/db/seed.ts';
import { monthRange } from '#src/calendar/periods.ts';
import { authorities } from '#src/settings/schema.ts';
import { matterChoices } from '#src/matter/schema.ts';
import { countChoice, listQuestionPageAuthorities, matterChoiceCounts } from '#src/matter/queries.ts';
import { deadlinesView } from '#src/quality/reports/deadlines.ts';
import { formatCell } from '#src/quality/reports/tables.ts';
import { staffMembers } from '#src/staff/schema.ts';
import { translator } from '#src/i18n/index.ts';

// Issue 16: each choice on the question page is counted per Riga day, with
// nothing of the client, and the deadlines report says how many were sent
// elsewhere and where.
describe.each(engines)('the question page’s counts on %s', (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
    await seed(t.db, { demo: true, today: SEED_DAY });
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('offers the active authorities an administrator shows there', async () => {
    await t.db.update(authorities).set({ onQuestionPage: false }).where(eq(authorities.code, 'dvi'));
    await t.db.update(authorities).set({ active: false }).where(eq(authorities.code, 'lvgmc'));
    const codes = (await listQuestionPageAuthorities(t.db)).map((a) => a.code);
    expect(codes).toContain('vvd');
    expect(codes).toContain('municipality');
    expect(codes).not.toContain('dvi');
    expect(codes).not.toContain('lvgmc');
  });

  it('counts each choice once per Riga day, clients at once included, and the month’s counts by authority', async () => {
    // 23:30 UTC on 30 November is 1 December in Riga: it counts in December.
    const late = new Date('2026-11-30T23:30:00Z');
    const day = new Date('2026-12-02T09:00:00Z');
    await Promise.all(Array.from({ length: 5 }, () => countChoice(t.db, { kind: 'elsewhere', code: 'vvd' }, day)));
    await countChoice(t.db, { kind: 'elsewhere', code: 'vvd' }, late);
    await countChoice(t.db, { kind: 'elsewhere', code: 'municipality' }, day);
    await countChoice(t.db, { kind: 'ours', code: 'eia' }, day);
    await countChoice(t.db, { kind: 'unsure' }, day);
    await countChoice(t.db, { kind: 'unsure' }, new Date('2026-11-30T12:00:00Z'));

    const rows = await t.db.select().from(matterChoices).where(eq(matterChoices.code, 'vvd'));
    expect(rows.map((r) => [r.day, r.count]).toSorted()).toEqual([
      ['2026-12-01', 1],
      ['2026-12-02', 5],
    ]);
    // Only the day, the choice and how many: nothing that could name a client.
    expect(Object.keys(rows[0]!).toSorted()).toEqual(['code', 'count', 'day', 'kind']);

    const december = await matterChoiceCounts(t.db, monthRange('2026-12'));
    expect(december).toMatchObject({ elsewhere: 7, ours: 1, unsure: 1 });
    expect(december.byAuthority.map((a) => [a.code, a.count])).toEqual([
      ['vvd', 6],
      ['municipality', 1],
    ]);
    expect(await matterChoiceCounts(t.db, monthRange('2026-11'))).toMatchObject({ elsewhere: 0, ours: 0, unsure: 1 });
  });

  it('shows the month’s counts in the deadlines report, by authority, in Latvian and English', async () => {
    const [director] = await t.db.select().from(staffMembers).where(eq(staffMembers.role, 'director'));
    for (const [locale, elsewhere, vvd] of [
      ['lv', 'Novirzīti uz citu iestādi', 'uz: Valsts vides dienests'],
      ['en', 'Sent to another authority', 'to State Environmental Service'],
    ] as const) {
      const view = await deadlinesView({
        db: t.db,
        user: { ...director!, totpEnabled: false } as Parameters<typeof deadlinesView>[0]['user'],
        params: new URLSearchParams({ month: '2026-12' }),
        t: translator(locale),
        locale,
        today: '2026-12-02',
        now: new Date('2026-12-02T10:00:00Z'),
      });
      const table = view.tables.find((tb) => tb.id === 'question-page')!;
      const rows = table.rows.map((r) => r.map((c) => formatCell(locale, c)));
      expect(rows[0]).toEqual([elsewhere, '7']);
      expect(rows[1]).toEqual([vvd, '6']);
      expect(rows).toHaveLength(5);
    }
  });
});
