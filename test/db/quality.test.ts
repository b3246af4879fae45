import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { createTestDatabase, engines, type TestDatabase } from '../support/database.ts';
import {
  recordedAnswer,
  recordedCase,
  referenceIds,
  SEED_DAY,
  staffByName,
  surveyWithItems,
  type RecordedCase,
  type StaffPerson,
  type SurveyForTest,
} from '../support/factories.ts';
import { seed } from '#src/db/seed.ts';
import { caseEvents, cases } from '#src/cases/schema.ts';
import { auditLog } from '#src/audit/schema.ts';
import { may } from '#src/staff/access.ts';
import { surveyAnswers, surveyItems, surveyResponses, surveys, type SurveyCriterion } from '#src/quality/schema.ts';
import { loadCalendar } from '#src/settings/queries.ts';
import { workingDaysBetween, type CalendarData } from '#src/calendar/working-days.ts';
import { rigaDateOf } from '#src/calendar/riga-time.ts';
import { isTopTwo } from '#src/quality/reports/arithmetic.ts';
import { monthRange, yearRange } from '#src/calendar/periods.ts';
import { communicationReport } from '#src/quality/reports/communication.ts';
import { complaintRemedies, complaintsReport } from '#src/quality/reports/complaints.ts';
import { deadlinesReport } from '#src/quality/reports/deadlines.ts';
import { reportScope } from '#src/quality/reports/scope.ts';
import { satisfactionComments, WORD_MATCHES_COUNTED } from '#src/quality/reports/comments.ts';
import { satisfactionReport } from '#src/quality/reports/satisfaction.ts';
import { scheduleReport } from '#src/quality/reports/schedule.ts';
import { createCampaign, setCampaignOpen } from '#src/quality/surveys/campaigns.ts';
import {
  listInterviews,
  listObservations,
  listOwnSelfChecks,
  saveInterview,
  saveObservation,
  saveSelfCheck,
  unitColleagues,
} from '#src/quality/records/queries.ts';
import { checkInterview } from '#src/quality/records/rules.ts';
import { formFrom } from '#src/forms/read.ts';
import { markReportReviewed } from '#src/quality/reports/reviews.ts';

// Each report against a fixture small enough to count by hand, on every
// engine; then against a plain recount of the same rows.

describe.each(engines)('quality records and reports on %s', (engine) => {
  let t: TestDatabase;
  let calendar: CalendarData;
  let who: (name: string) => StaffPerson;
  let ids: Awaited<ReturnType<typeof referenceIds>>;

  const insertCase = (c: RecordedCase) => recordedCase(t.db, c);
  const surveyWith = (code: string) => surveyWithItems(t.db, code);
  const respond = (
    survey: SurveyForTest,
    at: string,
    answers: Partial<Record<SurveyCriterion, number>>,
    context: { unit?: string; topic?: string; staff?: string; comment?: string } = {},
  ) =>
    recordedAnswer(t.db, survey, at, answers, {
      unitId: context.unit ? ids.unit(context.unit) : null,
      topicId: context.topic ? ids.topic(context.topic) : null,
      staffId: context.staff ? who(context.staff).id : null,
      comment: context.comment,
    });

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    await seed(t.db, { demo: true, today: SEED_DAY });
    ({ who } = await staffByName(t.db));
    ids = await referenceIds(t.db);
    calendar = (await loadCalendar(t.db)).calendar;

    // the seeded yearly campaigns and the case-rating survey, and a
    // 0–10 "as needed" survey about Laura (Q-2c), so two scales meet.
    await t.db.update(surveys).set({ year: 2025 }).where(eq(surveys.code, 'yearly-2027'));
    await t.db
      .update(surveys)
      .set({ code: 'yearly-2025', opensOn: '2025-01-01', closesOn: '2025-12-31' })
      .where(eq(surveys.code, 'yearly-2027'));
    const yearly2026 = await surveyWith('yearly-2026');
    const yearly2025 = await surveyWith('yearly-2025');
    const rating = await surveyWith('case-rating');
    await createCampaign(t.db, who('vaditaja').id, {
      period: 'as_needed',
      year: null,
      opensOn: '2026-04-01',
      closesOn: null,
      subjectStaffId: who('specialiste').id,
      titleLv: 'Par Lauru',
      titleEn: 'About Laura',
    });
    const [laura] = await t.db
      .select()
      .from(surveys)
      .where(eq(surveys.subjectStaffId, who('specialiste').id));
    await t.db.update(surveys).set({ scaleMin: 0, scaleMax: 10 }).where(eq(surveys.id, laura!.id));
    const aboutLaura = await surveyWith(laura!.code);

    await respond(yearly2026, '2026-03-10T09:00:00Z', { overall: 5, communication: 4 }, { comment: 'Ļoti laipni, paldies' });
    await respond(yearly2026, '2026-06-01T09:00:00Z', { overall: 4, communication: 2 }, { comment: 'Atbilde nāca lēni' });
    // 1 January 2027 at 00:30 in Riga: next year's.
    await respond(yearly2026, '2026-12-31T22:30:00Z', { overall: 1 });
    // 31 December 2025 at 23:30 in Riga: still 2025.
    await respond(yearly2025, '2025-12-31T21:30:00Z', { overall: 3 });
    await respond(rating, '2026-05-05T09:00:00Z', { overall: 5, communication: 5 }, { unit: 'IVN', topic: 'eia', staff: 'ierednis' });
    await respond(
      rating,
      '2026-05-06T09:00:00Z',
      { overall: 2, communication: 3 },
      { unit: 'PAN', topic: 'pollution-permits', staff: 'atlaujas', comment: '100% neapmierināts_' },
    );
    for (const value of [9, 10, 7]) await respond(aboutLaura, '2026-07-01T09:00:00Z', { communication: value });
  });
  afterAll(async () => {
    await t?.drop();
  });

  describe('client satisfaction by year (Q-3)', () => {
    const director = () => reportScope(who('direktors'), null);

    it('counts n, mean, top-two-box and the distribution per criterion, with the year before beside it', async () => {
      // By default only the yearly campaigns count (Q-3; mission m5).
      const report = await satisfactionReport(t.db, director(), 2026);
      const overall = report.overall.get('overall')!;
      expect(overall.year).toMatchObject({ n: 2, mean: 4.5, topTwoBox: 1, scale: { min: 1, max: 5 } });
      expect(overall.year.distribution.map((d) => d.answers)).toEqual([0, 0, 0, 1, 1]);
      expect(overall.before).toMatchObject({ n: 1, mean: 3, topTwoBox: 0 });
      expect(report.overall.get('communication')!.year).toMatchObject({ n: 2, mean: 3, topTwoBox: 0.5 });
    });

    it('keeps case ratings (Q-2c) and other surveys as figures of their own', async () => {
      const ratings = await satisfactionReport(t.db, director(), 2026, { source: { kind: 'ratings' } });
      expect(ratings.overall.get('overall')!.year).toMatchObject({ n: 2, mean: 3.5, topTwoBox: 0.5 });
      const other = await satisfactionReport(t.db, director(), 2026, { source: { kind: 'other' } });
      expect(other.overall.get('overall')!.year.n).toBe(0);
      // Laura's 0–10 survey: its own scale, so its mean is readable.
      expect(other.overall.get('communication')!.year).toMatchObject({ n: 3, scale: { min: 0, max: 10 } });
      expect(other.overall.get('communication')!.year.mean).toBeCloseTo(26 / 3, 10);
    });

    it('compares one yearly campaign with the year before’s yearly campaign', async () => {
      const yearly2026 = await surveyWith('yearly-2026');
      const report = await satisfactionReport(t.db, director(), 2026, { source: { kind: 'survey', id: yearly2026.id } });
      expect(report.overall.get('overall')!.year).toMatchObject({ n: 2, mean: 4.5 });
      // The 2025 campaign is another survey, yet it is the year before.
      expect(report.overall.get('overall')!.before).toMatchObject({ n: 1, mean: 3 });
      // One case-rating survey is compared with itself only.
      const rating = await surveyWith('case-rating');
      const ratings = await satisfactionReport(t.db, director(), 2026, { source: { kind: 'survey', id: rating.id } });
      expect(ratings.overall.get('overall')!.year.n).toBe(2);
      expect(ratings.overall.get('overall')!.before.n).toBe(0);
    });

    it('shows a year with no answers as empty, not as zero', async () => {
      const report = await satisfactionReport(t.db, director(), 2024);
      expect(report.overall.get('overall')!.year).toMatchObject({ n: 0, mean: null, topTwoBox: null });
      expect(report.overall.get('overall')!.before.n).toBe(0);
    });

    it('gives a manager the institution-wide answers and their own unit’s, not another unit’s', async () => {
      const scope = reportScope(who('vaditaja'), null);
      const yearly = await satisfactionReport(t.db, scope, 2026);
      expect(yearly.overall.get('overall')!.year).toMatchObject({ n: 2, mean: 4.5 });
      expect(yearly.byUnit.map((u) => u.key)).toEqual([null]);
      const ratings = await satisfactionReport(t.db, scope, 2026, { source: { kind: 'ratings' } });
      expect(ratings.overall.get('overall')!.year).toMatchObject({ n: 1, mean: 5 });
      expect(ratings.byUnit.map((u) => u.key)).toEqual([ids.unit('IVN')]);
    });

    it('breaks the year down by unit and by topic', async () => {
      const report = await satisfactionReport(t.db, director(), 2026, { source: { kind: 'ratings' } });
      const unit = (code: string | null) =>
        report.byUnit.find((u) => u.key === (code ? ids.unit(code) : null))!.byCriterion.get('overall')!.year;
      expect(unit('IVN')).toMatchObject({ n: 1, mean: 5 });
      expect(unit('PAN')).toMatchObject({ n: 1, mean: 2, topTwoBox: 0 });
      const topic = report.byTopic.find((x) => x.key === ids.topic('pollution-permits'))!.byCriterion.get('communication')!.year;
      expect(topic).toMatchObject({ n: 1, mean: 3 });
      const yearly = await satisfactionReport(t.db, director(), 2026);
      expect(yearly.byUnit.map((u) => u.key)).toEqual([null]);
    });

    it('equals a plain recount of the answers, source by source, criterion by criterion and year by year', async () => {
      const rows = await t.db
        .select({
          at: surveyResponses.submittedAt,
          criterion: surveyItems.criterion,
          value: surveyAnswers.value,
          max: surveyResponses.scaleMax,
          period: surveys.period,
          forCaseRatings: surveys.forCaseRatings,
        })
        .from(surveyAnswers)
        .innerJoin(surveyResponses, eq(surveyResponses.id, surveyAnswers.responseId))
        .innerJoin(surveyItems, eq(surveyItems.id, surveyAnswers.itemId))
        .innerJoin(surveys, eq(surveys.id, surveyResponses.surveyId));
      const sources = {
        yearly: (r: (typeof rows)[number]) => r.period === 'yearly',
        ratings: (r: (typeof rows)[number]) => r.forCaseRatings,
        other: (r: (typeof rows)[number]) => r.period === 'as_needed' && !r.forCaseRatings,
      } as const;
      for (const kind of ['yearly', 'ratings', 'other'] as const) {
        for (const year of [2025, 2026, 2027]) {
          const report = await satisfactionReport(t.db, director(), year, { source: { kind } });
          for (const [criterion, summary] of report.overall) {
            const mine = rows.filter((r) => sources[kind](r) && r.criterion === criterion && rigaDateOf(r.at).startsWith(`${year}-`));
            expect(summary.year.n, `${kind} ${year} ${criterion}`).toBe(mine.length);
            expect(summary.year.topTwoBox ?? 0).toBeCloseTo(
              mine.length ? mine.filter((r) => isTopTwo(r.value, r.max)).length / mine.length : 0,
              10,
            );
          }
        }
      }
    });

    it('lists comments newest first and filters them by words, taken literally', async () => {
      const scope = reportScope(who('direktors'), null);
      const all = await satisfactionComments(t.db, scope, 2026, { q: '', unitId: null, topicId: null, surveyId: null, page: 1 });
      expect(all.rows.map((r) => r.comment)).toEqual(['Atbilde nāca lēni', '100% neapmierināts_', 'Ļoti laipni, paldies']);
      expect(
        (await satisfactionComments(t.db, scope, 2026, { q: 'LĒNI', unitId: null, topicId: null, surveyId: null, page: 1 })).total,
      ).toBe(1);
      expect((await satisfactionComments(t.db, scope, 2026, { q: '0%', unitId: null, topicId: null, surveyId: null, page: 1 })).total).toBe(
        1,
      );
      expect((await satisfactionComments(t.db, scope, 2026, { q: '_', unitId: null, topicId: null, surveyId: null, page: 1 })).total).toBe(
        1,
      );
      // The manager of IVN does not read PAN's case ratings.
      const theirs = await satisfactionComments(t.db, reportScope(who('vaditaja'), null), 2026, {
        q: '',
        unitId: null,
        topicId: null,
        surveyId: null,
        page: 1,
      });
      expect(theirs.rows.map((r) => r.comment)).not.toContain('100% neapmierināts_');
    });

    it('counts comments found by words only so far, and says there are more (issue 18)', async () => {
      const scope = reportScope(who('direktors'), null);
      const blank = { unitId: null, topicId: null, surveyId: null, page: 1 };
      // 2024, a year the other tests do not read: one more than is counted say "lēni", two do not.
      await t.db.execute(sql`
        insert into survey_responses (survey_id, submitted_at, locale, scale_min, scale_max, comment, form_key)
        select (select id from surveys order by id limit 1), ${'2024-03-01T10:00:00Z'}::timestamptz + g * interval '1 minute', 'lv', 1, 5,
          case when g <= ${WORD_MATCHES_COUNTED + 1} then 'Atbilde nāca lēni, ' || g else 'Paldies, ' || g end, 'many-' || g
        from generate_series(1, ${WORD_MATCHES_COUNTED + 3}) g`);
      const many = await satisfactionComments(t.db, scope, 2024, { ...blank, q: 'lēni' });
      expect(many).toMatchObject({ total: WORD_MATCHES_COUNTED, more: true });
      expect(many.rows[0]!.comment).toBe(`Atbilde nāca lēni, ${WORD_MATCHES_COUNTED + 1}`);
      // Exactly as many as are counted: no "more".
      expect(await satisfactionComments(t.db, scope, 2024, { ...blank, q: 'lēni, 1' })).toMatchObject({ more: false });
      expect(await satisfactionComments(t.db, scope, 2024, { ...blank, q: 'Paldies' })).toMatchObject({ total: 2, more: false });
      // Without words the count comes from the rollup, whole.
      expect(await satisfactionComments(t.db, scope, 2024, { ...blank, q: '' })).toMatchObject({
        total: WORD_MATCHES_COUNTED + 3,
        more: false,
      });
    });

    it('counts the comments found by words in every month of the Riga year, its first and last minute too, and none outside it', async () => {
      const scope = reportScope(who('direktors'), null);
      const blank = { unitId: null, topicId: null, surveyId: null, page: 1 };
      // 2023, a year the other tests do not read. Riga is UTC+2 in winter, UTC+3 in summer.
      const inYear = [
        '2022-12-31T22:00:00Z', // 1 January 00:00 in Riga
        ...Array.from({ length: 12 }, (_, m) => `2023-${String(m + 1).padStart(2, '0')}-15T12:00:00Z`),
        '2023-03-26T00:59:00Z', // the night the clocks go forward
        '2023-10-29T00:30:00Z', // and back
        '2023-12-31T21:59:59Z', // 31 December 23:59:59 in Riga
      ];
      const outside = ['2022-12-31T21:59:59Z', '2023-12-31T22:00:00Z'];
      await t.db.execute(sql`
        insert into survey_responses (survey_id, submitted_at, locale, scale_min, scale_max, comment, form_key)
        select (select id from surveys order by id limit 1), at::timestamptz, 'lv', 1, 5, 'Gaidīju mēnesi, ' || at, 'months-' || at
        from unnest(string_to_array(${[...inYear, ...outside].join(',')}, ',')) at`);
      const found = await satisfactionComments(t.db, scope, 2023, { ...blank, q: 'gaidīju mēnesi' });
      expect(found).toMatchObject({ total: inYear.length, more: false });
      expect(found.rows.map((r) => r.submittedAt.toISOString())).toEqual(
        [...inYear]
          .sort()
          .reverse()
          .map((at) => new Date(at).toISOString()),
      );
    });

    it('does not change the Q-3 figure when a case is rated', async () => {
      const before = await satisfactionReport(t.db, director(), 2026);
      // Not tied to an official or with a comment, so the later reports are unchanged.
      await respond(await surveyWith('case-rating'), '2026-09-01T09:00:00Z', { overall: 1, communication: 1 });
      const after = await satisfactionReport(t.db, director(), 2026);
      expect(after.overall.get('overall')!.year).toEqual(before.overall.get('overall')!.year);
      expect(after.overall.get('communication')!.year).toEqual(before.overall.get('communication')!.year);
      const ratings = await satisfactionReport(t.db, director(), 2026, { source: { kind: 'ratings' } });
      expect(ratings.overall.get('overall')!.year.n).toBe(3);
    });
  });

  describe('records', () => {
    it('keeps one self-check per person per day, changed on the day, and audited', async () => {
      const andris = who('ierednis');
      const answers = { knowledge: 4, sources: true, courtesy: 5, plainLanguage: true, deadlines: false };
      expect(await saveSelfCheck(t.db, andris.id, '2026-11-23', { answers, note: null })).toBe('created');
      expect(
        await saveSelfCheck(t.db, andris.id, '2026-11-23', { answers: { ...answers, deadlines: true }, note: 'Viena lieta kavējas' }),
      ).toBe('updated');
      await saveSelfCheck(t.db, who('specialiste').id, '2026-11-23', { answers, note: null });
      const mine = await listOwnSelfChecks(t.db, andris.id);
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({ onDate: '2026-11-23', note: 'Viena lieta kavējas', answers: { deadlines: true } });
      const audit = await t.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entity, 'quality_self_check'), eq(auditLog.actorStaffId, andris.id)));
      expect(audit.map((a) => a.action)).toEqual(['quality.self_check.create', 'quality.self_check.update']);
    });

    it('shows an official only their own records', async () => {
      const andris = who('ierednis');
      const laura = who('specialiste');
      await saveObservation(t.db, who('vaditaja').id, { staffId: laura.id, onDate: '2026-11-20', scores: { courtesy: 5 }, note: null });
      expect((await listOwnSelfChecks(t.db, andris.id)).every((s) => s.staffId === andris.id)).toBe(true);
      expect((await listObservations(t.db, { staffId: andris.id })).every((o) => o.staffId === andris.id)).toBe(true);
      expect((await listObservations(t.db, { staffId: laura.id })).map((o) => o.staffId)).toContain(laura.id);
      // Reports are for managers and the director (viewReports).
      expect(may(andris, 'viewReports')).toBe(false);
      expect(may(andris, 'recordObservations')).toBe(false);
      expect(may(who('vaditaja'), 'viewReports')).toBe(true);
    });

    it('keeps an interview with its participants (Q-1c)', async () => {
      const dace = who('vaditaja');
      await saveInterview(t.db, dace, {
        kind: 'group_discussion',
        heldOn: '2026-11-10',
        participantIds: [who('ierednis').id, who('specialiste').id],
        topics: 'Atbilžu skaidrība',
        agreedActions: 'Lietot veidnes',
      });
      const [held] = await listInterviews(t.db, { managerId: dace.id });
      expect(held).toMatchObject({ kind: 'group_discussion', heldOn: '2026-11-10' });
      expect(held!.participants.sort()).toEqual([who('ierednis').fullName, who('specialiste').fullName].sort());
      expect(await listInterviews(t.db, { participantId: who('atlaujas').id })).toEqual([]);
    });

    it('lets the director record an interview or group discussion with anyone (Q-1c)', async () => {
      const director = who('direktors');
      const choices = (await unitColleagues(t.db, director)).map((c) => c.id);
      // Nobody reports to the director, yet managers and officials of every unit can be chosen.
      for (const name of ['vaditaja', 'ierednis', 'atlaujas']) expect(choices).toContain(who(name).id);
      expect(choices).not.toContain(director.id);
      const data = new FormData();
      data.set('kind', 'group_discussion');
      data.set('heldOn', '2026-11-12');
      data.append('participants', String(who('vaditaja').id));
      data.append('participants', String(who('atlaujas').id));
      data.set('topics', 'Sadarbība starp nodaļām');
      data.set('agreedActions', 'Kopīgas pārrunas reizi mēnesī');
      const posted = formFrom(data);
      const checked = checkInterview(posted, { colleagues: new Set(choices), calendar, today: '2026-11-24' });
      expect(checked.ok).toBe(true);
      await saveInterview(t.db, director, checked.ok ? checked.value : (undefined as never));
      const [held] = await listInterviews(t.db, { managerId: director.id });
      expect(held).toMatchObject({ kind: 'group_discussion', heldOn: '2026-11-12', topics: 'Sadarbība starp nodaļām' });
      expect(held!.participants.sort()).toEqual([who('vaditaja').fullName, who('atlaujas').fullName].sort());
      // A manager still chooses only from their own unit and reports.
      expect((await unitColleagues(t.db, who('vaditaja'))).map((c) => c.id)).not.toContain(who('atlaujas').id);
    });
  });

  describe('communication skills (Q-2)', () => {
    it('shows observation and survey results per official to their direct manager only', async () => {
      const dace = who('vaditaja');
      await saveObservation(t.db, dace.id, {
        staffId: who('ierednis').id,
        onDate: '2026-11-02',
        scores: { knowledge: 3, courtesy: 4, clarity: 5 },
        note: null,
      });
      await saveObservation(t.db, dace.id, { staffId: who('ierednis').id, onDate: '2026-11-03', scores: { courtesy: 2 }, note: null });
      const rows = await communicationReport(t.db, dace.id, 2026);
      const andris = rows.find((r) => r.staffId === who('ierednis').id)!;
      expect(andris.observations).toBe(2);
      expect(andris.observed.get('courtesy')).toMatchObject({ n: 2, mean: 3 });
      expect(andris.observed.get('clarity')).toMatchObject({ n: 1, mean: 5 });
      expect(andris.observed.get('listening')).toMatchObject({ n: 0, mean: null });
      expect(andris.surveyed).toMatchObject({ n: 1, mean: 5, topTwoBox: 1 });
      const laura = rows.find((r) => r.staffId === who('specialiste').id)!;
      expect(laura.surveyed.n).toBe(3);
      expect(laura.surveyed.mean).toBeCloseTo(26 / 3, 10);
      expect(laura.surveyed.topTwoBox).toBeCloseTo(2 / 3, 10);
      expect(rows.map((r) => r.staffId)).not.toContain(who('atlaujas').id);
      expect(await communicationReport(t.db, who('direktors').id, 2026)).toEqual([]);
    });
  });

  describe('justified complaints by quarter (Q-4)', () => {
    beforeAll(async () => {
      const closed = (at: string, outcome: 'justified' | 'unjustified', extra: Partial<Parameters<typeof insertCase>[0]> = {}) =>
        insertCase({
          kind: 'complaint',
          receivedAt: '2026-01-05T09:00:00Z',
          status: 'closed',
          closedAt: at,
          outcome,
          remedy: outcome === 'justified' ? 'Atvainojāmies' : null,
          ...extra,
        });
      // 31 March 23:30 in Riga (20:30 UTC): the first quarter.
      await closed('2026-03-31T20:30:00Z', 'justified', { remedy: 'Atvainojāmies un izlabojām kļūdu' });
      // 1 April 00:30 in Riga: the second.
      await closed('2026-03-31T21:30:00Z', 'justified');
      await closed('2026-02-10T10:00:00Z', 'unjustified');
      // Closed as justified in Q1, reopened, closed again in Q2: once, in Q2.
      const reopened = await closed('2026-05-10T10:00:00Z', 'justified', { remedy: 'Pārskatījām lēmumu' });
      await t.db.insert(caseEvents).values([
        { caseId: reopened.id, type: 'complaint_closed', at: new Date('2026-02-15T10:00:00Z'), data: { outcome: 'justified' } },
        { caseId: reopened.id, type: 'complaint_reopened', at: new Date('2026-03-01T10:00:00Z') },
        { caseId: reopened.id, type: 'complaint_closed', at: new Date('2026-05-10T10:00:00Z'), data: { outcome: 'justified' } },
      ]);
      // Closed as justified in Q1, reopened and still open: not counted.
      const open = await insertCase({ kind: 'complaint', receivedAt: '2026-01-05T09:00:00Z', status: 'in_progress', outcome: 'justified' });
      await t.db.insert(caseEvents).values([
        { caseId: open.id, type: 'complaint_closed', at: new Date('2026-02-01T10:00:00Z'), data: { outcome: 'justified' } },
        { caseId: open.id, type: 'complaint_reopened', at: new Date('2026-02-20T10:00:00Z') },
      ]);
      await closed('2025-11-15T10:00:00Z', 'justified', { unit: 'PAN', topic: 'pollution-permits' });
    });

    it('counts justified complaints per quarter in Riga time, with the quarters before', async () => {
      const report = await complaintsReport(t.db, reportScope(who('direktors'), null), { year: 2026, quarter: 2 });
      expect(report.quarters).toEqual([
        { year: 2025, quarter: 3 },
        { year: 2025, quarter: 4 },
        { year: 2026, quarter: 1 },
        { year: 2026, quarter: 2 },
      ]);
      expect(report.total.map((q) => [q.justified, q.closed])).toEqual([
        [0, 0],
        [1, 1],
        [1, 2],
        [2, 2],
      ]);
      expect(report.total[2]!.share).toBe(0.5);
      const pan = report.byUnit.find((u) => u.key === ids.unit('PAN'))!;
      expect(pan.counts.map((q) => q.justified)).toEqual([0, 1, 0, 0]);
      const eia = report.byTopic.find((x) => x.key === ids.topic('eia'))!;
      expect(eia.counts.map((q) => q.justified)).toEqual([0, 0, 1, 2]);
    });

    it('keeps a manager to their unit', async () => {
      const report = await complaintsReport(t.db, reportScope(who('vaditaja'), null), { year: 2026, quarter: 2 });
      expect(report.total.map((q) => q.justified)).toEqual([0, 0, 1, 2]);
      expect(report.byUnit.map((u) => u.key)).toEqual([ids.unit('IVN')]);
    });

    it('lists the remedies of the quarter', async () => {
      const q1 = await complaintRemedies(t.db, reportScope(who('direktors'), null), { year: 2026, quarter: 1 });
      expect(q1.total).toBe(1);
      expect(q1.rows[0]!.remedy).toBe('Atvainojāmies un izlabojām kļūdu');
      const q2 = await complaintRemedies(t.db, reportScope(who('direktors'), null), { year: 2026, quarter: 2 });
      expect(q2.rows.map((r) => r.remedy).sort()).toEqual(['Atvainojāmies', 'Pārskatījām lēmumu']);
    });

    it('equals a plain recount of the complaint rows', async () => {
      const rows = await t.db.select().from(cases).where(eq(cases.kind, 'complaint'));
      const report = await complaintsReport(t.db, reportScope(who('direktors'), null), { year: 2026, quarter: 4 }, 8);
      report.quarters.forEach((q, i) => {
        const inQuarter = rows.filter((r) => {
          if (r.status !== 'closed' || !r.closedAt) return false;
          const d = rigaDateOf(r.closedAt);
          return Number(d.slice(0, 4)) === q.year && Math.floor((Number(d.slice(5, 7)) - 1) / 3) + 1 === q.quarter;
        });
        expect(report.total[i]!.closed).toBe(inQuarter.length);
        expect(report.total[i]!.justified).toBe(inQuarter.filter((r) => r.complaintOutcome === 'justified').length);
      });
    });
  });

  describe('deadlines by month (Q-5b, CR 399 p.23)', () => {
    beforeAll(async () => {
      await insertCase({ receivedAt: '2026-10-01T07:00:00Z', dueOn: '2026-10-15', answeredAt: '2026-10-05T10:00:00Z' });
      await insertCase({ receivedAt: '2026-10-01T07:00:00Z', dueOn: '2026-10-15', answeredAt: '2026-10-16T09:00:00Z' });
      // Saturday 31 October, 23:30 in Riga: October's.
      await insertCase({ receivedAt: '2026-09-30T07:00:00Z', dueOn: '2026-10-14', answeredAt: '2026-10-31T21:30:00Z' });
      // 1 November, 00:30 in Riga: November's; open and overdue at October's end.
      await insertCase({ receivedAt: '2026-10-05T07:00:00Z', dueOn: '2026-10-19', answeredAt: '2026-10-31T22:30:00Z' });
      await insertCase({
        kind: 'information_request',
        topic: 'sea',
        channel: 'phone',
        receivedAt: '2026-10-06T07:00:00Z',
        dueOn: '2026-10-13',
        status: 'referred',
        closedAt: '2026-10-07T08:00:00Z',
      });
      await insertCase({
        unit: 'PAN',
        topic: 'pollution-permits',
        channel: 'post',
        receivedAt: '2026-10-12T07:00:00Z',
        dueOn: '2026-10-26',
        answeredAt: '2026-10-20T10:00:00Z',
      });
      await insertCase({ receivedAt: '2026-09-01T07:00:00Z', dueOn: '2026-09-15' });
      await insertCase({
        kind: 'callback',
        channel: 'phone',
        receivedAt: '2026-10-08T07:00:00Z',
        dueOn: null,
        answeredAt: '2026-10-09T07:00:00Z',
      });
      await insertCase({ kind: 'complaint', receivedAt: '2026-10-20T07:00:00Z', dueOn: '2026-11-03' });
    });

    it('counts on time, late, overdue and the median working days to answer', async () => {
      const report = await deadlinesReport(t.db, reportScope(who('direktors'), null), '2026-10', new Date('2026-11-24T10:00:00Z'));
      expect(report.total).toEqual({ done: 6, onTime: 3, late: 2, noDeadline: 1, medianWorkingDays: 4, overdueOpen: 2 });
      const unit = (code: string) => report.byUnit.find((u) => u.key === ids.unit(code))!.counts;
      expect(unit('IVN')).toMatchObject({ done: 5, onTime: 2, late: 2, medianWorkingDays: 2, overdueOpen: 2 });
      expect(unit('PAN')).toMatchObject({ done: 1, onTime: 1, medianWorkingDays: 6, overdueOpen: 0 });
      expect(report.byKind.find((k) => k.key === 'information_request')!.counts).toMatchObject({
        done: 1,
        onTime: 1,
        medianWorkingDays: 1,
      });
      expect(report.byChannel.find((k) => k.key === 'phone')!.counts).toMatchObject({ done: 2, onTime: 1, noDeadline: 1 });
    });

    it('gives the four indicators of CR 399 point 23 per service', async () => {
      const report = await deadlinesReport(t.db, reportScope(who('direktors'), null), '2026-10', new Date('2026-11-24T10:00:00Z'));
      const eia = report.services.find((s) => s.key === ids.topic('eia'))!;
      expect(eia).toMatchObject({ received: 5, delays: 3, complaints: 1 });
      expect(Object.fromEntries(eia.byChannel)).toEqual({ email: 4, phone: 1 });
    });

    it('keeps a manager to their unit', async () => {
      const report = await deadlinesReport(t.db, reportScope(who('vaditaja'), null), '2026-10', new Date('2026-11-24T10:00:00Z'));
      expect(report.total).toMatchObject({ done: 5, onTime: 2, late: 2, overdueOpen: 2 });
    });

    it('equals a plain recount with the working-day calendar, month by month', async () => {
      const rows = await t.db.select().from(cases);
      for (const month of ['2026-01', '2026-02', '2026-03', '2026-05', '2026-09', '2026-10', '2026-11']) {
        const now = new Date('2026-11-24T10:00:00Z');
        const report = await deadlinesReport(t.db, reportScope(who('direktors'), null), month, now);
        const range = monthRange(month);
        const done = rows.filter((r) => {
          const at = r.answeredAt ?? r.closedAt;
          return at && at >= range.start && at < range.end;
        });
        const days = done
          .map((r) => workingDaysBetween(calendar, r.receivedOn, rigaDateOf((r.answeredAt ?? r.closedAt)!)))
          .sort((a, b) => a - b);
        const median =
          days.length === 0
            ? null
            : days.length % 2
              ? days[(days.length - 1) / 2]!
              : (days[days.length / 2 - 1]! + days[days.length / 2]!) / 2;
        const asOf = range.end < now ? range.end : now;
        const asOfDate = range.end < now ? range.until : rigaDateOf(now);
        const overdue = rows.filter(
          (r) =>
            r.dueOn && r.dueOn < asOfDate && r.receivedAt < asOf && !((r.answeredAt ?? r.closedAt) && (r.answeredAt ?? r.closedAt)! < asOf),
        );
        expect(report.total, month).toEqual({
          done: done.length,
          onTime: done.filter((r) => r.dueOn && rigaDateOf((r.answeredAt ?? r.closedAt)!) <= r.dueOn).length,
          late: done.filter((r) => r.dueOn && rigaDateOf((r.answeredAt ?? r.closedAt)!) > r.dueOn).length,
          noDeadline: done.filter((r) => !r.dueOn).length,
          medianWorkingDays: median,
          overdueOpen: overdue.length,
        });
      }
    });
  });

  describe('schedule compliance', () => {
    it('says who has missed what in a month, for the manager and the director', async () => {
      const dace = who('vaditaja');
      const rows = await scheduleReport(t.db, dace, calendar, '2026-11', '2026-11-24');
      const selfCheck = (name: string) => rows.find((r) => r.method === 'self_check' && r.responsible?.id === who(name).id)!;
      // Working days 2–23 November 2026 passed (18 November and its Monday
      // in lieu? 18 Nov 2026 is a Wednesday: a holiday), today pending.
      expect(selfCheck('ierednis').missingDates).not.toContain('2026-11-23');
      expect(selfCheck('ierednis').missingDates).toContain('2026-11-20');
      expect(selfCheck('ierednis').missingDates).not.toContain('2026-11-18');
      expect(selfCheck('ierednis').status).toBe('missing');
      expect(rows.some((r) => r.responsible?.id === who('atlaujas').id)).toBe(false);
      const observed = rows.find((r) => r.method === 'observation' && r.subject?.id === who('specialiste').id)!;
      expect(observed.last).toBe('2026-11-20');
      // 23 November passed without one; 24 November is today.
      expect(observed.gap).toBe(1);
      expect(rows.find((r) => r.method === 'interview')!.status).toBe('done');
      expect(rows.find((r) => r.method === 'deadlines_report')).toMatchObject({ period: '2026-10', status: 'pending' });
      await markReportReviewed(t.db, dace.id, 'deadlines', '2026-10');
      await markReportReviewed(t.db, dace.id, 'deadlines', '2026-10');
      const after = await scheduleReport(t.db, dace, calendar, '2026-11', '2026-11-24');
      expect(after.find((r) => r.method === 'deadlines_report')!.status).toBe('done');
      expect(after.find((r) => r.method === 'yearly_survey')).toMatchObject({ period: '2026', status: 'done' });
      const director = await scheduleReport(t.db, who('direktors'), calendar, '2026-11', '2026-11-24');
      expect(director.some((r) => r.method === 'self_check' && r.responsible?.id === who('atlaujas').id)).toBe(true);
      // m10: an official without a direct manager shows as a gap with nobody responsible.
      const unobserved = director.find((r) => r.method === 'observation' && r.subject?.id === who('atlaujas').id);
      expect(unobserved).toMatchObject({ responsible: null, status: 'missing' });
      // Their manager's view has no such row: it is the director's to see.
      expect(rows.some((r) => r.subject?.id === who('atlaujas').id)).toBe(false);
    });

    it('finds the yearly campaign missing once a manager closed it before it opened', async () => {
      const [next] = await t.db.select().from(surveys).where(eq(surveys.code, 'yearly-2026'));
      await t.db.update(surveys).set({ opensOn: '2026-12-01' }).where(eq(surveys.id, next!.id));
      const planned = await scheduleReport(t.db, who('vaditaja'), calendar, '2026-11', '2026-11-24');
      expect(planned.find((r) => r.method === 'yearly_survey')!.status).toBe('pending');
      await setCampaignOpen(t.db, who('vaditaja').id, next!.id, false, '2026-11-24');
      const closed = await scheduleReport(t.db, who('vaditaja'), calendar, '2026-11', '2026-11-24');
      expect(closed.find((r) => r.method === 'yearly_survey')!.status).toBe('missing');
      await t.db.update(surveys).set({ opensOn: '2026-01-01' }).where(eq(surveys.id, next!.id));
      await setCampaignOpen(t.db, who('vaditaja').id, next!.id, true, '2026-11-24');
      const [reopened] = await t.db.select().from(surveys).where(eq(surveys.id, next!.id));
      expect(reopened).toMatchObject({ open: true, closesOn: null });
      const audit = await t.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entity, 'survey'), inArray(auditLog.action, ['quality.campaign.open', 'quality.campaign.close'])));
      expect(audit).toHaveLength(2);
    });
  });

  it('spans the year with Riga instants', () => {
    expect(yearRange(2026).start.toISOString()).toBe('2025-12-31T22:00:00.000Z');
  });
});
