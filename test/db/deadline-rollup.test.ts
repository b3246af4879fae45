import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { rowsOf } from '#src/db/client.ts';
import { createTestDatabase, engines, type TestDatabase } from '../support/database.ts';
import { actionContext, recordedCase, SEED_DAY, staffByName, submittedCase, type StaffPerson } from '../support/factories.ts';
import { recountDeadlines, recountOverdueAt, rollupFigures } from '../support/deadline-recount.ts';
import { seed } from '#src/db/seed.ts';
import { cases, CASE_KINDS, REPLY_CHANNELS } from '#src/cases/schema.ts';
import { answerCase, extendDeadline, markAbusive, reassignCase, referCase } from '#src/cases/actions.ts';
import { closeComplaint } from '#src/cases/endings.ts';
import { authorities, calendarDays, topics, units } from '#src/settings/schema.ts';
import { rigaDateOf } from '#src/calendar/riga-time.ts';
import { addCalendarDays } from '#src/calendar/dates.ts';
import { deadlinesReport } from '#src/quality/reports/deadlines.ts';
import { reportScope, type ReportScope } from '#src/quality/reports/scope.ts';
import type { Month } from '#src/calendar/periods.ts';
import { prng } from '../support/prng.ts';

// Issue 18: quality_deadline_monthly, kept by triggers in the transaction
// that changes a case, always equals a recount from the cases table (plain
// SQL in test/support/deadline-recount.ts), whatever the history: random
// cases through the intake and written straight into the table, answered,
// extended, referred, reassigned, closed, across months, on the test clock,
// and a change of the calendar in the middle.

const START = Date.parse('2026-01-05T08:00:00Z');
const DAY = 86_400_000;
const MONTHS = Array.from({ length: 14 }, (_, i) => `${i < 12 ? 2026 : 2027}-${String((i % 12) + 1).padStart(2, '0')}-01`);
/** The report is asked after the history: every month of 2026 has ended. */
const REPORT_NOW = new Date('2027-01-20T10:00:00Z');

describe.each(engines)('the deadline rollup on %s', (engine) => {
  let t: TestDatabase;
  let who: (name: string) => StaffPerson;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
    await seed(t.db, { demo: true, today: SEED_DAY });
    ({ who } = await staffByName(t.db));
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('equals a recount from the cases after random case histories, for every month and scope', async () => {
    const random = prng(18);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const topicCodes = (await t.db.select().from(topics)).map((x) => x.code);
    const unitRows = await t.db.select().from(units);
    const [vvd] = await t.db.select().from(authorities).where(eq(authorities.code, 'vvd'));
    const director = who('direktors');
    const made: Array<{ id: number; at: number }> = [];

    for (let i = 0; i < 240; i++) {
      const at = START + Math.floor(random() * 300) * DAY + Math.floor(random() * 10) * 3_600_000;
      if (i % 2 === 0) {
        const kind = pick(['question', 'information_request', 'complaint', 'suggestion'] as const);
        const extra: Record<string, string> = kind === 'complaint' ? { complaintAbout: 'other' } : {};
        const sent = await submittedCase(
          t.db,
          kind,
          { topic: pick(topicCodes), email: `rollup-${i}@example.lv`, ...extra },
          { now: new Date(at) },
        ).catch(() => null);
        if (sent) made.push({ id: sent.caseId, at });
      } else {
        const receivedAt = new Date(at);
        const dueOn = random() < 0.1 ? null : addCalendarDays(rigaDateOf(receivedAt), 5 + Math.floor(random() * 25));
        const doneAt = random() < 0.3 ? new Date(at + Math.floor(random() * 45 * DAY)).toISOString() : null;
        const kind = pick(CASE_KINDS);
        const row = await recordedCase(t.db, {
          kind,
          unit: pick(unitRows).code,
          topic: random() < 0.1 ? null : pick(topicCodes),
          receivedAt: receivedAt.toISOString(),
          dueOn,
          answeredAt: doneAt && kind !== 'complaint' ? doneAt : null,
          closedAt: doneAt && kind === 'complaint' ? doneAt : null,
          channel: random() < 0.1 ? null : pick(REPLY_CHANNELS),
        });
        made.push({ id: row.id, at });
      }
    }

    // A change of the working-day calendar in the middle of the year: answers given across it count other working days.
    await t.db.insert(calendarDays).values({ date: '2026-06-10', kind: 'holiday', nameLv: 'Testa diena', nameEn: 'Test day' });

    for (let step = 0; step < 360; step++) {
      const c = pick(made);
      const now = new Date(c.at + Math.floor(random() * 50 * DAY) + 3_600_000);
      const ctx = await actionContext(t.db, director, c.id, { now });
      const [row] = await t.db.select().from(cases).where(eq(cases.id, c.id));
      const roll = random();
      if (roll < 0.35) await answerCase(t.db, ctx, { text: 'Atbilde.', note: '' });
      else if (roll < 0.5 && row!.dueOn)
        await extendDeadline(t.db, ctx, {
          dueOn: addCalendarDays(row!.dueOn, 1 + Math.floor(random() * 20)),
          reason: 'Vajag vairāk laika.',
        });
      else if (roll < 0.6) await referCase(t.db, ctx, { authority: String(vvd!.id), scope: 'whole', note: 'Pārsūtām.' });
      else if (roll < 0.7) await reassignCase(t.db, ctx, { assignee: `unit:${pick(unitRows).id}`, reason: 'Cita nodaļa.' });
      else if (roll < 0.78) await markAbusive(t.db, ctx, { reason: 'Aizskaroši.' });
      else if (roll < 0.88) await closeComplaint(t.db, ctx, { outcome: 'unjustified', remedy: '', text: 'Sūdzība nav pamatota.' });
      else
        // Written straight into the table, as an import or a repair would: the triggers count every writer.
        await t.db
          .update(cases)
          .set({ dueOn: random() < 0.2 ? null : addCalendarDays(rigaDateOf(new Date(c.at)), Math.floor(random() * 30)) })
          .where(eq(cases.id, c.id));
    }
    await t.db.delete(calendarDays).where(eq(calendarDays.date, '2026-06-10'));
    await t.db.insert(calendarDays).values({ date: '2026-09-16', kind: 'holiday', nameLv: 'Testa diena', nameEn: 'Test day' });

    const counted = await recountDeadlines(t.db, MONTHS);
    const rolled = await rollupFigures(t.db, MONTHS);
    // The history did reach the cases: done, late, overdue and delays in many months.
    const sum = (name: string) => [...counted.values()].reduce((s, r) => s + (r[name] ?? 0), 0);
    expect(sum('received')).toBeGreaterThan(200);
    for (const name of ['done', 'onTime', 'late', 'noDeadline', 'overdue', 'delays']) expect(sum(name), name).toBeGreaterThan(5);
    expect(Object.fromEntries([...rolled].toSorted())).toEqual(Object.fromEntries([...counted].toSorted()));

    // The report reads the rollup: its totals, for the whole Bureau and each unit, are the recount's.
    const scopes: Array<{ scope: ReportScope; unit: number | null }> = [
      { scope: reportScope(director, null), unit: null },
      ...unitRows.map((u) => ({ scope: reportScope(director, u.id), unit: u.id })),
    ];
    for (const month of MONTHS.slice(0, 12)) {
      for (const { scope, unit } of scopes) {
        const report = await deadlinesReport(t.db, scope, month.slice(0, 7) as Month, REPORT_NOW);
        const mine = [...counted].filter(([id]) => id.startsWith(month) && (unit === null || id.split('|')[1] === String(unit)));
        const total = (name: string) => mine.reduce((s, [, r]) => s + (r[name] ?? 0), 0);
        expect(
          { done: report.total.done, onTime: report.total.onTime, late: report.total.late, overdueOpen: report.total.overdueOpen },
          `${month} unit ${unit}`,
        ).toEqual({ done: total('done'), onTime: total('onTime'), late: total('late'), overdueOpen: total('overdue') });
      }
    }

    // A month under way, on the test clock in the middle of the history: the
    // open and overdue count as of that moment (cases received, due and done
    // later in the month are in the table already).
    for (const at of ['2026-03-04T10:00:00Z', '2026-07-15T12:30:00Z', '2026-10-31T20:00:00Z']) {
      const now = new Date(at);
      for (const { scope, unit } of scopes) {
        const report = await deadlinesReport(t.db, scope, rigaDateOf(now).slice(0, 7) as Month, now);
        expect(report.total.overdueOpen, `${at} unit ${unit}`).toBe(await recountOverdueAt(t.db, now, rigaDateOf(now), unit));
      }
    }
  }, 120_000);

  it('counts a case numbered inside a transaction and then changed in it: only the number skips the rollups', async () => {
    // The number's own update skips the rollups' update triggers (drizzle/0026);
    // the mark that does so lasts for that one statement, so a later change
    // in the same transaction is counted as any other.
    const month = '2029-05-01';
    const now = new Date('2029-05-06T09:00:00Z');
    const mark = await t.db.transaction(async (tx) => {
      const db = tx as unknown as typeof t.db;
      const sent = await submittedCase(db, 'question', { email: 'numbered-then-changed@example.lv' }, { now });
      expect(sent.reference).toMatch(/^VPVB-2029-\d{6}$/);
      await db.update(cases).set({ dueOn: '2029-05-28' }).where(eq(cases.id, sent.caseId));
      const [row] = rowsOf<{ mark: string | null }>(await db.execute(sql`select current_setting('klientu_balss.numbering', true) as mark`));
      return row?.mark;
    });
    expect(mark).not.toBe('on');
    const inMonth = (figures: Map<string, Record<string, number>>) =>
      Object.fromEntries([...figures].filter(([id]) => id.startsWith(month)).toSorted());
    const counted = inMonth(await recountDeadlines(t.db, [month]));
    expect(Object.values(counted).reduce((s, r) => s + (r.received ?? 0), 0)).toBe(1);
    expect(inMonth(await rollupFigures(t.db, [month]))).toEqual(counted);
  });
});
