import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestDatabase, engines, type TestDatabase } from '../support/database.ts';
import { SEED_DAY, staffByName, submittedCase, type StaffPerson } from '../support/factories.ts';
import { seed } from '#src/db/seed.ts';
import { cases } from '#src/cases/schema.ts';
import { caseCounts, filtersFrom, listCases, type CaseCounts } from '#src/cases/workspace.ts';
import { addWorkingDays, type CalendarData } from '#src/calendar/working-days.ts';
import { loadCalendar } from '#src/settings/queries.ts';

// ux.md D19: the staff home's counts, each equal to what its link lists.
describe.each(engines)('the staff home counts on %s', (engine) => {
  let t: TestDatabase;
  let who: (name: string) => StaffPerson;
  let calendar: CalendarData;
  // Tuesday 24 November 2026, a working day.
  const today = '2026-11-24';
  beforeAll(async () => {
    t = await createTestDatabase(engine);
    await seed(t.db, { demo: true, today: SEED_DAY });
    ({ who } = await staffByName(t.db));
    ({ calendar } = await loadCalendar(t.db));
  });
  afterAll(async () => {
    await t?.drop();
  });

  /** A question in the EIA unit, held by `holder` (or nobody), due on `dueOn`. */
  async function caseDue(
    dueOn: string,
    holder: string | null,
    set: Partial<typeof cases.$inferInsert> = {},
    fields: Record<string, string> = {},
  ): Promise<number> {
    const c = await submittedCase(t.db, 'question', fields);
    await t.db
      .update(cases)
      .set({ dueOn, assigneeId: holder ? who(holder).id : null, ...set })
      .where(eq(cases.id, c.caseId));
    return c.caseId;
  }

  it('counts overdue, due soon (today and 2 working days on), not assigned and refusals waiting, as the linked lists find them', async () => {
    // Monday, the working day before.
    const yesterday = '2026-11-23';
    const inTwo = addWorkingDays(calendar, today, 2);
    const inThree = addWorkingDays(calendar, today, 3);
    await caseDue(yesterday, 'specialiste');
    await caseDue(today, 'specialiste');
    await caseDue(inTwo, 'specialiste');
    await caseDue(inThree, 'specialiste');
    await caseDue(inThree, 'ierednis');
    await caseDue(yesterday, 'ierednis');
    await caseDue(inThree, null);
    await caseDue(inThree, 'specialiste', { kind: 'information_request', pendingDecision: 'refusal' });
    const long = await caseDue(
      inThree,
      'ierednis',
      {},
      {
        name: 'Pēteris Kalniņš',
        details:
          'Lūdzu paskaidrot,\nkāpēc mūsu ciema notekūdeņu attīrīšanas iekārtu pārbaude vēl nav notikusi, lai gan tā bija paredzēta oktobrī.',
      },
    );
    const anonymous = await caseDue(inThree, 'ierednis', { anonymous: true, contactName: null });
    // Answered on time or late: no longer anyone's to do.
    await caseDue(yesterday, 'specialiste', { status: 'answered' });

    const expected: Record<string, CaseCounts> = {
      specialiste: { overdue: 1, dueSoon: 2, unassigned: 0, decisions: 0 },
      vaditaja: { overdue: 2, dueSoon: 2, unassigned: 1, decisions: 0 },
      direktors: { overdue: 2, dueSoon: 2, unassigned: 1, decisions: 1 },
    };
    for (const [name, counts] of Object.entries(expected)) {
      const actor = who(name);
      expect(await caseCounts(t.db, actor, calendar, today), name).toEqual(counts);
      // Each count is the total of the list its link on the home opens.
      const listed = async (query: Record<string, string>) =>
        (await listCases(t.db, actor, filtersFrom(new URLSearchParams(query), actor), calendar, today)).total;
      expect(await listed({ due: 'overdue' }), `${name} overdue`).toBe(counts.overdue);
      expect(await listed({ due: 'due_soon' }), `${name} due soon`).toBe(counts.dueSoon);
      if (name !== 'specialiste') expect(await listed({ assigned: 'none' }), `${name} not assigned`).toBe(counts.unassigned);
    }

    // The workspace row: who wrote, and one line of the text, cut on the server.
    const director = who('direktors');
    const { rows } = await listCases(t.db, director, filtersFrom(new URLSearchParams({ status: 'all' }), director), calendar, today);
    expect(rows.find((r) => r.id === long)).toMatchObject({
      contactName: 'Pēteris Kalniņš',
      anonymous: false,
      snippet: 'Lūdzu paskaidrot, kāpēc mūsu ciema notekūdeņu attīrīšanas iekārtu pārbaude vēl nav…',
      locale: 'lv',
      workingDaysLeft: 3,
      assigneeName: expect.any(String),
    });
    expect(rows.find((r) => r.id === anonymous)).toMatchObject({ anonymous: true, contactName: null, snippet: 'Lūdzu, atbildiet.' });
  });
});
