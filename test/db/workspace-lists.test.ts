import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createTestDatabase, engines, type TestDatabase } from '../support/database.ts';
import { SEED_DAY, staffByName, type StaffPerson } from '../support/factories.ts';
import { seed } from '#src/db/seed.ts';
import { CASE_CHANNELS, CASE_KINDS, CASE_STATUSES, openCaseCounts } from '#src/cases/schema.ts';
import { caseCounts, filtersFrom, listCases, PAGE_SIZE, unassignedCount, type CaseFilters } from '#src/cases/workspace.ts';
import { staffMembers } from '#src/staff/schema.ts';
import { topics } from '#src/settings/schema.ts';
import { loadCalendar } from '#src/settings/queries.ts';
import type { CalendarData } from '#src/calendar/working-days.ts';
import type { Actor } from '#src/cases/rules.ts';
import { prng } from '../support/prng.ts';

// Issue 18 (docs/0029): open_case_counts, kept by triggers in the statement
// that writes cases, always equals a recount of the open cases, whatever
// the statements did; the lists' totals and the home's counts equal a plain
// count; paging by cursor, forward and back, shows every case once, in order.

const TODAY = '2026-11-24';

describe.each(engines)('the workspace lists on %s', (engine) => {
  let t: TestDatabase;
  let who: (name: string) => StaffPerson;
  let calendar: CalendarData;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
    await seed(t.db, { demo: true, today: SEED_DAY });
    ({ who } = await staffByName(t.db));
    ({ calendar } = await loadCalendar(t.db));
  });
  afterAll(async () => {
    await t?.drop();
  });

  const rowsOf = async <T>(query: ReturnType<typeof sql>): Promise<T[]> => {
    const result: unknown = await t.db.execute(query);
    return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
  };

  /** Every key's count, from the table the triggers keep and from the cases themselves. */
  async function keptAndRecounted() {
    const kept = await rowsOf<Record<string, unknown>>(sql`
      select unit_id, assignee_id, status, kind, channel, topic_id, sum(n)::int as n from open_case_counts
      group by 1, 2, 3, 4, 5, 6 having sum(n) <> 0 order by 1, 2, 3, 4, 5, 6`);
    const recount = await rowsOf<Record<string, unknown>>(sql`
      select unit_id, assignee_id, status, kind, channel, topic_id, count(*)::int as n from cases
      where status in ('received', 'in_progress') group by 1, 2, 3, 4, 5, 6 order by 1, 2, 3, 4, 5, 6`);
    return { kept, recount };
  }

  /** Inserts `n` cases straight into the table, in one statement, with random keys. */
  async function insertCases(n: number, random: () => number, prefix: string) {
    const values = Array.from({ length: n }, (_, i) => {
      const day = Math.floor(random() * 60) - 40;
      return sql`(${`${prefix}-${i}`}, ${`${prefix}-${i}-token`}, ${CASE_KINDS[Math.floor(random() * CASE_KINDS.length)]},
        ${CASE_CHANNELS[Math.floor(random() * CASE_CHANNELS.length)]}, ${CASE_STATUSES[Math.floor(random() * CASE_STATUSES.length)]},
        ${TODAY}::date - 20, ${random() < 0.1 ? null : sql`${TODAY}::date + ${day}::int`}, ${Math.floor(random() * 8)}::int, 'lv', 'lv', 'lv', 'x')`;
    });
    await t.db.execute(sql`
      insert into cases (reference, status_token_hash, kind, channel, status, received_on, due_on, topic_id, locale, requested_language, reply_language, details, unit_id, assignee_id)
      select v.reference, v.token, v.kind, v.channel, v.status, v.received_on, v.due_on, tp.id, v.locale, v.rl, v.rpl, v.details, tp.unit_id,
        (select s.id from staff_members s where s.unit_id = tp.unit_id and s.role in ('official', 'manager') order by s.id offset (v.pick % 3) limit 1)
      from (values ${sql.join(values, sql`, `)}) v (reference, token, kind, channel, status, received_on, due_on, pick, locale, rl, rpl, details)
      join lateral (select id, unit_id from topics order by id offset v.pick limit 1) tp on true`);
  }

  it('keeps the open cases counted exactly, whatever statements write them', async () => {
    const random = prng(18);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const staff = await t.db.select().from(staffMembers);
    const handlers = staff.filter((s) => s.role === 'official' || s.role === 'manager');
    const topicRows = await t.db.select().from(topics);
    await insertCases(120, random, 'MODEL-A');
    for (let step = 0; step < 60; step++) {
      // A random share of the cases, changed by one statement (one case, or many at once).
      const share = random() < 0.5 ? 2 : 30;
      const which = sql`(id * ${1 + Math.floor(random() * 97)}::int + ${Math.floor(random() * 100)}::int) % 100 < ${share}::int`;
      const action = pick(['status', 'assignee', 'nobody', 'topic', 'kind', 'channel', 'due', 'insert', 'delete', 'staff'] as const);
      if (action === 'status') await t.db.execute(sql`update cases set status = ${pick(CASE_STATUSES)} where ${which}`);
      else if (action === 'assignee') await t.db.execute(sql`update cases set assignee_id = ${pick(handlers).id} where ${which}`);
      else if (action === 'nobody') await t.db.execute(sql`update cases set assignee_id = null where ${which}`);
      else if (action === 'topic') {
        const topic = pick(topicRows);
        await t.db.execute(sql`update cases set topic_id = ${topic.id}, unit_id = ${topic.unitId} where ${which}`);
      } else if (action === 'kind') await t.db.execute(sql`update cases set kind = ${pick(CASE_KINDS)} where ${which}`);
      else if (action === 'channel') await t.db.execute(sql`update cases set channel = ${pick(CASE_CHANNELS)} where ${which}`);
      // Not a counted column: nothing to change in the counts.
      else if (action === 'due') await t.db.execute(sql`update cases set due_on = due_on + 1 where ${which}`);
      else if (action === 'insert') await insertCases(1 + Math.floor(random() * 20), random, `MODEL-${step}`);
      else if (action === 'delete') await t.db.execute(sql`delete from cases where ${which} and reference like 'MODEL-%'`);
      // Someone leaves or comes back: their open cases are held by nobody, or by them again.
      else
        await t.db
          .update(staffMembers)
          .set({ active: random() < 0.5 })
          .where(eq(staffMembers.id, pick(handlers).id));
      const { kept, recount } = await keptAndRecounted();
      expect(kept, `step ${step}: ${action}`).toEqual(recount);
    }
    expect((await keptAndRecounted()).recount.length).toBeGreaterThan(10);
    // A statement rolled back takes its counts with it.
    const before = await t.db.select().from(openCaseCounts);
    await expect(
      t.db.transaction(async (tx) => {
        await tx.execute(sql`update cases set status = 'received'`);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await t.db.select().from(openCaseCounts)).toEqual(before);

    // Every list of open cases says as many as a plain count finds; the home's counts too.
    const plainCount = async (actor: Actor, f: CaseFilters) => {
      const scope =
        f.scope === 'mine'
          ? sql`assignee_id = ${actor.id}`
          : f.scope === 'unit' || actor.role !== 'director'
            ? sql`unit_id = ${actor.unitId}`
            : sql`true`;
      const statuses = f.status === 'open' || f.status === 'all' ? ['received', 'in_progress'] : [f.status];
      const [row] = await rowsOf<{ n: number }>(sql`select count(*)::int as n from cases where ${scope}
        and status in (${sql.join(
          statuses.map((s) => sql`${s}`),
          sql`, `,
        )})
        ${f.kind ? sql`and kind = ${f.kind}` : sql``} ${f.topicId ? sql`and topic_id = ${f.topicId}` : sql``}
        ${f.due === 'overdue' ? sql`and due_on < ${TODAY}::date` : sql``}
        ${f.assigned === 'none' ? sql`and (assignee_id is null or not exists (select 1 from staff_members h where h.id = assignee_id and h.active))` : sql``}`);
      return row!.n;
    };
    for (const name of ['specialiste', 'ierednis', 'vaditaja', 'direktors']) {
      const actor = who(name);
      for (const query of [
        '',
        'scope=unit',
        'due=overdue',
        'scope=unit&due=overdue',
        'assigned=none',
        'status=received&kind=complaint',
        `topic=${topicRows[1]!.id}`,
      ]) {
        const filters = filtersFrom(new URLSearchParams(query), actor);
        const list = await listCases(t.db, actor, filters, calendar, TODAY);
        expect(list.total, `${name} ${query}`).toBe(await plainCount(actor, filters));
      }
      const counts = await caseCounts(t.db, actor, calendar, TODAY);
      expect(counts.overdue, name).toBe(await plainCount(actor, filtersFrom(new URLSearchParams('due=overdue'), actor)));
      if (name === 'vaditaja' || name === 'direktors') {
        const none = await plainCount(actor, filtersFrom(new URLSearchParams('assigned=none'), actor));
        expect(counts.unassigned, name).toBe(none);
        expect(await unassignedCount(t.db, actor), name).toBe(none);
      }
    }
  });

  it('pages by cursor forward and back, every case once and in order, by deadline and by receipt; ended cases are not counted', async () => {
    const director = who('direktors');
    // Many cases due the same day, some with no deadline, many received in the same instant.
    await t.db.execute(sql`
      insert into cases (reference, status_token_hash, kind, status, received_at, received_on, due_on, unit_id, locale, requested_language, reply_language, details)
      select 'PAGE-' || g, 'PAGE-' || g, 'question', (array['received', 'closed'])[1 + g % 2],
        timestamptz '2026-11-02 10:00:00.123456+00' + (g / 40) * interval '1 microsecond', '2026-11-02',
        case when g % 9 = 0 then null else date '2026-11-20' + g % 3 end, (select min(id) from units), 'lv', 'lv', 'lv', 'x'
      from generate_series(1, 130) g`);
    for (const [query, order] of [
      ['scope=all&status=all&sort=due', sql`coalesce(due_on, 'infinity'::date), id`],
      ['scope=all&status=open&sort=due', sql`coalesce(due_on, 'infinity'::date), id`],
      ['scope=all&status=all&sort=received', sql`received_at desc, id desc`],
    ] as const) {
      const base = filtersFrom(new URLSearchParams(query), director);
      const open = base.status === 'open' ? sql`status in ('received', 'in_progress')` : sql`true`;
      const expected = (await rowsOf<{ id: number }>(sql`select id from cases where ${open} order by ${order}`)).map((r) => r.id);
      expect(expected.length).toBeGreaterThan(PAGE_SIZE * 3);
      const pages: number[][] = [];
      let list = await listCases(t.db, director, base, calendar, TODAY);
      expect(list.previous, query).toBeNull();
      expect(list.total, query).toBe(base.status === 'open' ? expected.length : null);
      pages.push(list.rows.map((r) => r.id));
      while (list.next) {
        const next = filtersFrom(new URLSearchParams(`${query}&after=${list.next}&page=${pages.length + 1}`), director);
        expect(next.after, query).toBe(list.next);
        list = await listCases(t.db, director, next, calendar, TODAY);
        pages.push(list.rows.map((r) => r.id));
      }
      expect(pages.flat(), query).toEqual(expected);
      expect(pages.at(-1)!.length).toBeGreaterThan(0);
      // And back from the last page to the first, the same pages.
      for (let i = pages.length - 2; i >= 0; i--) {
        expect(list.previous, `${query} back to ${i + 1}`).not.toBeNull();
        list = await listCases(
          t.db,
          director,
          filtersFrom(new URLSearchParams(`${query}&before=${list.previous}`), director),
          calendar,
          TODAY,
        );
        expect(
          list.rows.map((r) => r.id),
          `${query} page ${i + 1}`,
        ).toEqual(pages[i]);
        expect(list.next).not.toBeNull();
      }
      expect(list.previous).toBeNull();
    }
    // An address with a cursor that is not one shows the first page, never an error.
    for (const bad of ['2026-02-30.5', 'x.1', '2026-11-20.0', '2026-11-20.99999999999', '99999999999999999999.1', '2026-11-20']) {
      const filters = filtersFrom(new URLSearchParams({ after: bad, before: bad, page: '7' }), director);
      expect(filters, bad).toMatchObject({ after: null, before: null, page: 1 });
    }
    expect(filtersFrom(new URLSearchParams({ sort: 'received', after: '2026-11-20.5' }), director).after).toBeNull();
  });
});
