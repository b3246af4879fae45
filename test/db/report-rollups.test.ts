import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, desc, eq, gte, lt, sql } from 'drizzle-orm';
import { createTestDatabase, engines, type TestDatabase } from '../support/database.ts';
import { actionContext, recordedCase, SEED_DAY, staffByName, submittedCase } from '../support/factories.ts';
import { prng } from '../support/prng.ts';
import {
  recountCommentTotal,
  recountComments,
  recountComplaints,
  recountDeadlineMonth,
  recountOpenDue,
  recountQuarter,
  storedRollups,
} from '../support/report-recount.ts';
import { seed } from '#src/db/seed.ts';
import { rowsOf } from '#src/db/client.ts';
import { cases, CASE_KINDS, REPLY_CHANNELS } from '#src/cases/schema.ts';
import { answerCase, extendDeadline, markAbusive, reassignCase, referCase } from '#src/cases/actions.ts';
import { closeComplaint } from '#src/cases/endings.ts';
import { authorities, topics, units } from '#src/settings/schema.ts';
import { surveyResponses, surveys } from '#src/quality/schema.ts';
import { rigaDateOf } from '#src/calendar/riga-time.ts';
import { addCalendarDays } from '#src/calendar/dates.ts';
import { monthRange, quarterRange, type Month, type Quarter } from '#src/calendar/periods.ts';
import { deadlinesReport } from '#src/quality/reports/deadlines.ts';
import { complaintRemedies, complaintsReport } from '#src/quality/reports/complaints.ts';
import { satisfactionComments } from '#src/quality/reports/comments.ts';
import { reportScope, type ReportScope } from '#src/quality/reports/scope.ts';

// Issue 18 (docs/0032): quality_complaint_monthly, quality_open_due and
// quality_comment_monthly, kept by triggers in the transaction that writes
// cases or survey responses, always equal a recount in plain SQL
// (test/support/report-recount.ts), whatever the history: cases through the
// intake and straight into the table, answered, referred, reassigned,
// complaints closed justified or not, reopened and moved in SQL, deleted;
// responses with comments written, cleared (as an erasure does), moved and
// deleted, one and many to a statement. The reports that read
// them give the recount's figures.

const START = Date.parse('2025-12-20T06:00:00Z');
const DAY = 86_400_000;
const HOUR = 3_600_000;
/** Q4 2025 to Q1 2027: the history's closings all fall in these. */
const LAST_QUARTER: Quarter = { year: 2027, quarter: 1 };
const QUARTERS = 6;
/** The deadline report for an ended month is asked after the history. */
const REPORT_NOW = new Date('2027-06-01T10:00:00Z');

describe.each(engines)('the report rollups on %s', (engine) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
    await seed(t.db, { demo: true, today: SEED_DAY });
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('equal a recount from cases and responses after random histories, and the reports give the recount', async () => {
    const random = prng(26);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const { who } = await staffByName(t.db);
    const director = who('direktors');
    const topicRows = await t.db.select().from(topics);
    const unitRows = await t.db.select().from(units);
    const surveyRows = await t.db.select().from(surveys);
    const [vvd] = await t.db.select().from(authorities).where(eq(authorities.code, 'vvd'));
    const made: Array<{ id: number; at: number; recorded: boolean }> = [];

    // Cases: half through the intake, half written straight (closed complaints among them), at any hour: some close across a month's end in Riga time.
    for (let i = 0; i < 200; i++) {
      const at = START + Math.floor(random() * 380) * DAY + Math.floor(random() * 24) * HOUR;
      if (i % 2 === 0) {
        const kind = pick(['question', 'complaint', 'complaint', 'suggestion'] as const);
        const extra: Record<string, string> = kind === 'complaint' ? { complaintAbout: 'other' } : {};
        const sent = await submittedCase(
          t.db,
          kind,
          { topic: pick(topicRows).code, email: `rollups-${i}@example.lv`, ...extra },
          { now: new Date(at) },
        ).catch(() => null);
        if (sent) made.push({ id: sent.caseId, at, recorded: false });
      } else {
        const kind = random() < 0.4 ? 'complaint' : pick(CASE_KINDS);
        const doneAt =
          random() < 0.5 ? new Date(at + Math.floor(random() * 40 * DAY) + Math.floor(random() * 24) * HOUR).toISOString() : null;
        const row = await recordedCase(t.db, {
          kind,
          unit: pick(unitRows).code,
          topic: random() < 0.15 ? null : pick(topicRows).code,
          receivedAt: new Date(at).toISOString(),
          dueOn: random() < 0.1 ? null : addCalendarDays(rigaDateOf(new Date(at)), 5 + Math.floor(random() * 25)),
          answeredAt: doneAt && kind !== 'complaint' ? doneAt : null,
          closedAt: doneAt && kind === 'complaint' ? doneAt : null,
          outcome: doneAt && kind === 'complaint' ? pick(['justified', 'unjustified'] as const) : null,
          remedy: doneAt && kind === 'complaint' ? 'Izlabojām.' : null,
          channel: random() < 0.1 ? null : pick(REPLY_CHANNELS),
        });
        made.push({ id: row.id, at, recorded: true });
      }
    }

    // Arrival channels (issue 16), many cases to a statement: the deadline rollup keeps them as a key.
    await t.db.execute(
      sql`update cases set channel = (array['post','email','phone','in_person','e_address'])[1 + id % 5] where id % 3 <> 0`,
    );

    const acted = new Set<number>();
    for (let step = 0; step < 300; step++) {
      const c = pick(made);
      const now = new Date(c.at + Math.floor(random() * 60 * DAY) + Math.floor(random() * 24) * HOUR);
      const ctx = await actionContext(t.db, director, c.id, { now });
      const [row] = await t.db.select().from(cases).where(eq(cases.id, c.id));
      const roll = random();
      acted.add(c.id);
      if (roll < 0.2) await answerCase(t.db, ctx, { text: 'Atbilde.', note: '' });
      else if (roll < 0.42)
        await closeComplaint(
          t.db,
          ctx,
          random() < 0.5
            ? { outcome: 'justified', remedy: 'Atvainojāmies un izlabojām.', text: 'Sūdzība ir pamatota.' }
            : { outcome: 'unjustified', remedy: '', text: 'Sūdzība nav pamatota.' },
        );
      else if (roll < 0.5 && row!.dueOn)
        await extendDeadline(t.db, ctx, {
          dueOn: addCalendarDays(row!.dueOn, 1 + Math.floor(random() * 20)),
          reason: 'Vajag vairāk laika.',
        });
      else if (roll < 0.56) await referCase(t.db, ctx, { authority: String(vvd!.id), scope: 'whole', note: 'Pārsūtām.' });
      else if (roll < 0.64) await reassignCase(t.db, ctx, { assignee: `unit:${pick(unitRows).id}`, reason: 'Cita nodaļa.' });
      else if (roll < 0.68) await markAbusive(t.db, ctx, { reason: 'Aizskaroši.' });
      // Written straight into the table, as an import or a repair would: the triggers count every writer.
      else if (roll < 0.76) await t.db.update(cases).set({ status: 'in_progress' }).where(eq(cases.id, c.id));
      else if (roll < 0.82)
        await t.db
          .update(cases)
          .set({ closedAt: sql`${cases.closedAt} + interval '5 hours'`, complaintOutcome: pick(['justified', 'unjustified'] as const) })
          .where(eq(cases.id, c.id));
      else if (roll < 0.9)
        await t.db
          .update(cases)
          .set({ dueOn: random() < 0.2 ? null : addCalendarDays(rigaDateOf(new Date(c.at)), Math.floor(random() * 30)), answeredAt: null })
          .where(and(eq(cases.id, c.id), sql`${cases.closedAt} is null`));
      else
        await t.db
          .update(cases)
          .set({ topicId: random() < 0.3 ? null : pick(topicRows).id })
          .where(eq(cases.id, c.id));
    }
    // Many cases to a statement, and cases deleted (those nothing else refers to yet).
    await t.db.execute(sql`update cases set channel = 'post' where id % 7 = 0`);
    await t.db.execute(sql`update cases set due_on = due_on + 3 where id % 4 = 0`);
    await t.db.execute(sql`update cases set status = 'closed' where kind = 'complaint' and closed_at is not null and id % 3 = 0`);
    const gone = made.filter((c) => c.recorded && !acted.has(c.id)).slice(0, 8);
    for (const c of gone) await t.db.delete(cases).where(eq(cases.id, c.id));
    expect(gone.length).toBeGreaterThan(3);

    // Survey responses with and without comments, then cleared, given, moved, deleted.
    const responses: number[] = [];
    for (let i = 0; i < 160; i++) {
      const at = START - 30 * DAY + Math.floor(random() * 420) * DAY + Math.floor(random() * 24) * HOUR;
      const survey = pick(surveyRows);
      const [r] = await t.db
        .insert(surveyResponses)
        .values({
          surveyId: survey.id,
          submittedAt: new Date(at),
          locale: 'lv',
          scaleMin: survey.scaleMin,
          scaleMax: survey.scaleMax,
          unitId: random() < 0.5 ? null : pick(unitRows).id,
          topicId: random() < 0.5 ? null : pick(topicRows).id,
          comment: random() < 0.6 ? `Komentārs ${i}` : null,
          formKey: `rollups-${i}`,
        })
        .returning({ id: surveyResponses.id });
      responses.push(r!.id);
    }
    for (let step = 0; step < 80; step++) {
      const id = pick(responses);
      const roll = random();
      if (roll < 0.3) await t.db.update(surveyResponses).set({ comment: null, contactEmail: null }).where(eq(surveyResponses.id, id));
      else if (roll < 0.5)
        await t.db
          .update(surveyResponses)
          .set({ comment: `Jauns ${step}` })
          .where(eq(surveyResponses.id, id));
      else if (roll < 0.7)
        await t.db
          .update(surveyResponses)
          .set({ submittedAt: sql`${surveyResponses.submittedAt} + interval '7 hours'` })
          .where(eq(surveyResponses.id, id));
      else if (roll < 0.85)
        await t.db
          .update(surveyResponses)
          .set({ unitId: random() < 0.3 ? null : pick(unitRows).id })
          .where(eq(surveyResponses.id, id));
      else {
        await t.db.delete(surveyResponses).where(eq(surveyResponses.id, id));
        responses.splice(responses.indexOf(id), 1);
      }
    }
    await t.db.execute(sql`update survey_responses set comment = null where id % 9 = 0`);

    // The rollups equal the recount, key by key.
    const stored = await storedRollups(t.db);
    const complaints = await recountComplaints(t.db);
    const openDue = await recountOpenDue(t.db);
    const comments = await recountComments(t.db);
    // The history did reach them: many months and days with figures.
    expect(Object.keys(complaints).length).toBeGreaterThan(15);
    expect(Object.values(complaints).some((f) => (f.justified ?? 0) > 0)).toBe(true);
    expect(Object.keys(openDue).length).toBeGreaterThan(20);
    expect(Object.keys(comments).length).toBeGreaterThan(30);
    expect(stored.complaints).toEqual(complaints);
    expect(stored.openDue).toEqual(openDue);
    expect(stored.comments).toEqual(comments);
    // Rows of open cases that ended are not kept at zero.
    const [zeros] = rowsOf<{ n: number }>(await t.db.execute(sql`select count(*)::int as n from quality_open_due where open = 0`));
    expect(Number(zeros!.n)).toBe(0);

    // Q-4 reads the rollup: every quarter, for the Bureau and each unit, is the recount's.
    const scopes: Array<{ scope: ReportScope; unit: number | null }> = [
      { scope: reportScope(director, null), unit: null },
      ...unitRows.map((u) => ({ scope: reportScope(director, u.id), unit: u.id })),
    ];
    const nonZero = (list: Array<{ key: number | null; counts: Array<{ closed: number; justified: number }> }>, i: number) =>
      new Map(
        list.filter((g) => g.counts[i]!.closed > 0).map((g) => [g.key, { closed: g.counts[i]!.closed, justified: g.counts[i]!.justified }]),
      );
    let justifiedSeen = 0;
    for (const { scope, unit } of scopes) {
      const report = await complaintsReport(t.db, scope, LAST_QUARTER, QUARTERS);
      for (const [i, q] of report.quarters.entries()) {
        const counted = await recountQuarter(t.db, quarterRange(q).from, unit);
        const label = `${q.year}-Q${q.quarter} unit ${unit}`;
        expect({ closed: report.total[i]!.closed, justified: report.total[i]!.justified }, label).toEqual(counted.total);
        expect(nonZero(report.byUnit, i), label).toEqual(counted.byUnit);
        expect(nonZero(report.byTopic, i), label).toEqual(counted.byTopic);
        // The remedies' count from the rollup, their page from the index: the newest justified complaints.
        const remedies = await complaintRemedies(t.db, scope, q, 1, 3);
        expect(remedies.total, label).toBe(counted.total.justified);
        const range = quarterRange(q);
        const newest = await t.db
          .select({ id: cases.id })
          .from(cases)
          .where(
            and(
              eq(cases.kind, 'complaint'),
              eq(cases.status, 'closed'),
              eq(cases.complaintOutcome, 'justified'),
              gte(cases.closedAt, range.start),
              lt(cases.closedAt, range.end),
              unit === null ? undefined : eq(cases.unitId, unit),
            ),
          )
          .orderBy(desc(cases.closedAt), desc(cases.id))
          .limit(3);
        expect(
          remedies.rows.map((r) => r.id),
          label,
        ).toEqual(newest.map((r) => r.id));
        justifiedSeen += counted.total.justified;
      }
    }
    expect(justifiedSeen).toBeGreaterThan(10);

    // Q-5b with an arrival channel reads the rollup too: ended months, and months under way on the test clock.
    const channelScopes = scopes.slice(0, 2);
    for (const channel of ['web', 'post', 'email'] as const) {
      for (const { scope, unit } of channelScopes) {
        for (let m = 1; m <= 12; m++) {
          const month = `2026-${String(m).padStart(2, '0')}`;
          const report = await deadlinesReport(t.db, scope, month as Month, REPORT_NOW, channel);
          const range = monthRange(month as Month);
          const label = `${month} ${channel} unit ${unit}`;
          expect(
            { done: report.total.done, onTime: report.total.onTime, late: report.total.late, overdueOpen: report.total.overdueOpen },
            label,
          ).toEqual(await recountDeadlineMonth(t.db, `${month}-01`, range.end, range.until, channel, unit));
        }
        for (const at of ['2026-03-04T10:00:00Z', '2026-07-15T21:30:00Z', '2026-10-31T20:00:00Z']) {
          const now = new Date(at);
          const report = await deadlinesReport(t.db, scope, rigaDateOf(now).slice(0, 7) as Month, now, channel);
          const counted = await recountDeadlineMonth(t.db, `${rigaDateOf(now).slice(0, 7)}-01`, now, rigaDateOf(now), channel, unit);
          expect(report.total.overdueOpen, `${at} ${channel} unit ${unit}`).toBe(counted.overdueOpen);
          expect(report.total.done, `${at} ${channel} unit ${unit}`).toBe(counted.done);
        }
      }
    }

    // Q-3's comment count reads the rollup without words, and counts with them: both are the recount's.
    const blank = { q: '', unitId: null, topicId: null, surveyId: null, page: 1 };
    for (const year of [2025, 2026, 2027]) {
      for (const { scope, unit } of scopes) {
        const filters = [
          blank,
          { ...blank, unitId: unitRows[0]!.id },
          { ...blank, topicId: topicRows[1]!.id },
          { ...blank, surveyId: surveyRows[0]!.id, topicId: topicRows[0]!.id },
        ];
        for (const f of filters) {
          const found = await satisfactionComments(t.db, scope, year, f);
          const counted = await recountCommentTotal(t.db, year, {
            scopeUnit: unit,
            unitId: f.unitId,
            topicId: f.topicId,
            surveyId: f.surveyId,
          });
          expect(found.total, `${year} unit ${unit} ${JSON.stringify(f)}`).toBe(counted);
          expect(found.rows.length).toBe(Math.min(counted, 25));
        }
        const worded = await satisfactionComments(t.db, scope, year, { ...blank, q: 'Jauns' });
        expect(worded.rows.every((r) => r.comment.startsWith('Jauns'))).toBe(true);
      }
    }
  }, 900_000);
});
