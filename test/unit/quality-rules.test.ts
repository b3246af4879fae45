import { describe, expect, it } from 'vitest';
import { buildCalendar } from '#src/calendar/working-days.ts';
import { knownTransfers, statutoryHolidays } from '#src/calendar/holidays.ts';
import { isTopTwo, medianOf, summariseAnswers } from '#src/quality/reports/arithmetic.ts';
import { checkInterview, checkObservation, checkSelfCheck, latestWorkingDay, maySelfCheckBeChanged } from '#src/quality/records/rules.ts';
import { scheduleCompliance, workingDaysOfMonth, yearlyCampaignHeld, type ScheduleInput } from '#src/quality/reports/schedule-rules.ts';
import { barChart, type Bar } from '#src/quality/reports/charts.ts';

const calendar = buildCalendar([...statutoryHolidays(2025), ...statutoryHolidays(2026), ...knownTransfers()]);
const posted = (values: Record<string, string>) => (name: string) => values[name] ?? '';

describe('report arithmetic', () => {
  it('takes the mean and the top-two-box share on a 1–5 scale', () => {
    const s = summariseAnswers([
      { scaleMin: 1, scaleMax: 5, value: 5, answers: 2 },
      { scaleMin: 1, scaleMax: 5, value: 4, answers: 1 },
      { scaleMin: 1, scaleMax: 5, value: 2, answers: 1 },
    ]);
    expect(s).toMatchObject({ n: 4, mean: 4, topTwoBox: 0.75, scale: { min: 1, max: 5 } });
    expect(s.distribution).toEqual([
      { value: 1, answers: 0 },
      { value: 2, answers: 1 },
      { value: 3, answers: 0 },
      { value: 4, answers: 1 },
      { value: 5, answers: 2 },
    ]);
  });

  it('counts the top two points of whatever scale the answers were given on', () => {
    expect(isTopTwo(9, 10)).toBe(true);
    expect(isTopTwo(8, 10)).toBe(false);
    expect(isTopTwo(5, 6)).toBe(true);
    expect(isTopTwo(4, 6)).toBe(false);
    const ten = summariseAnswers([
      { scaleMin: 0, scaleMax: 10, value: 10, answers: 1 },
      { scaleMin: 0, scaleMax: 10, value: 9, answers: 1 },
      { scaleMin: 0, scaleMax: 10, value: 7, answers: 2 },
    ]);
    expect(ten).toMatchObject({ n: 4, mean: 8.25, topTwoBox: 0.5 });
    expect(ten.distribution).toHaveLength(11);
  });

  it('gives no mean for answers on two scales, but still the top-two-box share', () => {
    const mixed = summariseAnswers([
      { scaleMin: 1, scaleMax: 5, value: 5, answers: 1 },
      { scaleMin: 0, scaleMax: 10, value: 3, answers: 1 },
    ]);
    expect(mixed).toMatchObject({ n: 2, mean: null, topTwoBox: 0.5, scale: null, distribution: [] });
  });

  it('shows nothing, not zero, without answers', () => {
    expect(summariseAnswers([])).toMatchObject({ n: 0, mean: null, topTwoBox: null });
  });

  it('finds the median of a histogram as percentile_cont(0.5) does', () => {
    expect(medianOf([])).toBeNull();
    expect(medianOf([{ value: 3, count: 1 }])).toBe(3);
    // 1, 1, 2, 6, 11, 22 → (2 + 6) / 2
    expect(
      medianOf([
        { value: 22, count: 1 },
        { value: 1, count: 2 },
        { value: 6, count: 1 },
        { value: 2, count: 1 },
        { value: 11, count: 1 },
      ]),
    ).toBe(4);
    // 0, 0, 0, 5 → 0
    expect(
      medianOf([
        { value: 5, count: 1 },
        { value: 0, count: 3 },
      ]),
    ).toBe(0);
    expect(
      medianOf([
        { value: 4, count: 2 },
        { value: 7, count: 2 },
      ]),
    ).toBe(5.5);
  });
});

describe('records', () => {
  const complete = { knowledge: '4', sources: 'yes', courtesy: '5', plainLanguage: 'no', deadlines: 'yes', note: '  ' };

  it('takes a self-check with every item answered and the note optional', () => {
    expect(checkSelfCheck(posted(complete))).toEqual({
      ok: true,
      value: { answers: { knowledge: 4, sources: true, courtesy: 5, plainLanguage: false, deadlines: true }, note: null },
    });
  });

  it('names each item left unanswered or out of the scale', () => {
    const r = checkSelfCheck(posted({ ...complete, knowledge: '6', deadlines: '' }));
    expect(r).toEqual({
      ok: false,
      problems: [
        { field: 'knowledge', key: 'chooseOne' },
        { field: 'deadlines', key: 'chooseOne' },
      ],
    });
  });

  it('lets a self-check be changed on its own Riga date only', () => {
    expect(maySelfCheckBeChanged('2026-11-24', '2026-11-24')).toBe(true);
    expect(maySelfCheckBeChanged('2026-11-23', '2026-11-24')).toBe(false);
  });

  it('takes an observation of a direct report on a past working day, skipping items not seen', () => {
    const context = { directReports: new Set([7]), calendar, today: '2026-11-24' };
    expect(checkObservation(posted({ staffId: '7', onDate: '2026-11-23', courtesy: '4', clarity: 'none' }), context)).toEqual({
      ok: true,
      value: { staffId: 7, onDate: '2026-11-23', scores: { courtesy: 4 }, note: null },
    });
    const refused = (values: Record<string, string>) =>
      (checkObservation(posted(values), context) as { problems: Array<{ field: string; key: string }> }).problems;
    expect(refused({ staffId: '8', onDate: '2026-11-23', courtesy: '4' })).toEqual([{ field: 'staffId', key: 'chooseOfficial' }]);
    // 18 November is Proclamation Day; 22 November a Sunday; 25 November tomorrow.
    expect(refused({ staffId: '7', onDate: '2026-11-18', courtesy: '4' })).toEqual([{ field: 'onDate', key: 'notWorkingDay' }]);
    expect(refused({ staffId: '7', onDate: '2026-11-22', courtesy: '4' })).toEqual([{ field: 'onDate', key: 'notWorkingDay' }]);
    expect(refused({ staffId: '7', onDate: '2026-11-25', courtesy: '4' })).toEqual([{ field: 'onDate', key: 'future' }]);
    expect(refused({ staffId: '7', onDate: '2026-02-30', courtesy: '4' })).toEqual([{ field: 'onDate', key: 'date' }]);
    expect(refused({ staffId: '7', onDate: '2026-11-23' })).toEqual([{ field: 'knowledge', key: 'scoreOne' }]);
  });

  it('needs topics, agreed actions and colleagues for an interview, two for a group', () => {
    const form = (values: Record<string, string>, participants: string[]) => ({ text: posted(values), texts: () => participants });
    const context = { colleagues: new Set([1, 2, 3]), calendar, today: '2026-11-24' };
    const good = { kind: 'interview', heldOn: '2026-11-21', topics: 'Termiņi', agreedActions: 'Pārskatīt veidnes' };
    expect(checkInterview(form(good, ['2']), context)).toMatchObject({ ok: true, value: { participantIds: [2], heldOn: '2026-11-21' } });
    expect(checkInterview(form({ ...good, kind: 'group_discussion' }, ['2']), context)).toMatchObject({
      ok: false,
      problems: [{ field: 'participants', key: 'groupNeedsTwo' }],
    });
    expect(checkInterview(form({ ...good, topics: '' }, ['9']), context)).toMatchObject({
      ok: false,
      problems: [
        { field: 'participants', key: 'chooseParticipant' },
        { field: 'topics', key: 'required' },
      ],
    });
  });

  it('offers the latest working day for a record made at the weekend', () => {
    expect(latestWorkingDay(calendar, '2026-11-22')).toBe('2026-11-20');
    expect(latestWorkingDay(calendar, '2026-11-19')).toBe('2026-11-19');
  });
});

describe('schedule compliance', () => {
  const base = (over: Partial<ScheduleInput> = {}): ScheduleInput => ({
    calendar,
    today: '2026-11-24',
    month: '2026-11',
    officials: [{ id: 1, name: 'Andris', managerId: 9 }],
    managers: [{ id: 9, name: 'Dace' }],
    selfChecks: new Map(),
    observations: new Map(),
    interviews: new Map(),
    reviews: new Set(),
    campaigns: [{ period: 'yearly', year: 2026, open: true, opensOn: '2026-01-01', closesOn: '2026-12-31' }],
    ...over,
  });

  it('counts working days only: no holidays, no weekends, and today is not yet missing', () => {
    // November 2026 to the 24th: 2–6, 9–13, 16, 17, 19, 20, 23, 24 (18th: Proclamation Day).
    expect(workingDaysOfMonth(calendar, '2026-11', '2026-11-24')).toHaveLength(16);
    const [row] = scheduleCompliance(base());
    // Never recorded: the gap is what this month is missing.
    expect(row).toMatchObject({ method: 'self_check', due: 16, done: 0, status: 'missing', last: null, gap: 15 });
    // One run of working days: Proclamation Day on the 18th was never due, so it does not break it.
    expect(row!.missingRuns).toEqual([{ from: '2026-11-02', to: '2026-11-23' }]);
    const some = scheduleCompliance(base({ selfChecks: new Map([[1, new Set(['2026-11-10', '2026-11-19'])]]) }))[0]!;
    expect(some.missingRuns).toEqual([
      { from: '2026-11-02', to: '2026-11-09' },
      { from: '2026-11-11', to: '2026-11-17' },
      { from: '2026-11-20', to: '2026-11-23' },
    ]);
    expect(some.gap).toBe(2);
    expect(row!.missingDates).toHaveLength(15);
    expect(row!.missingDates).not.toContain('2026-11-18');
  });

  it('counts the transferred working Saturday and not the weekday it replaced', () => {
    expect(workingDaysOfMonth(calendar, '2026-06', '2026-06-30')).toContain('2026-06-27');
    expect(workingDaysOfMonth(calendar, '2026-06', '2026-06-30')).not.toContain('2026-06-22');
  });

  it('says how many working days passed since the last observation', () => {
    const rows = scheduleCompliance(base({ observations: new Map([[1, new Set(['2026-11-19'])]]) }));
    // 20 and 23 November passed without one: "no observation of Andris for 2 working days".
    expect(rows.find((r) => r.method === 'observation')).toMatchObject({
      subject: { id: 1, name: 'Andris' },
      gap: 2,
      last: '2026-11-19',
      status: 'missing',
    });
  });

  it('is done when every working day so far has its record, and pending while today’s is still due', () => {
    const all = new Set(workingDaysOfMonth(calendar, '2026-11', '2026-11-23'));
    expect(scheduleCompliance(base({ selfChecks: new Map([[1, all]]) }))[0]).toMatchObject({ status: 'pending', gap: 0 });
    all.add('2026-11-24');
    expect(scheduleCompliance(base({ selfChecks: new Map([[1, all]]) }))[0]).toMatchObject({ status: 'done', done: 16 });
  });

  it('shows an official without a direct manager as a gap, not leaves them out (m10)', () => {
    const officials = [
      { id: 1, name: 'Andris', managerId: 9 },
      { id: 2, name: 'Māris', managerId: null },
      { id: 3, name: 'Santa', managerId: 7 },
    ];
    const rows = scheduleCompliance(base({ officials, otherManagers: [{ id: 7, name: 'Direktors' }] }));
    const observed = (id: number) => rows.find((r) => r.method === 'observation' && r.subject?.id === id);
    expect(observed(1)!.responsible).toEqual({ id: 9, name: 'Dace' });
    expect(observed(2)).toMatchObject({ responsible: null, status: 'missing', due: 16 });
    // Reporting to the director: the director is responsible.
    expect(observed(3)!.responsible).toEqual({ id: 7, name: 'Direktors' });
    // Without the director among the people given, nobody is.
    expect(scheduleCompliance(base({ officials })).find((r) => r.method === 'observation' && r.subject?.id === 3)!.responsible).toBeNull();
    expect(rows.filter((r) => r.method === 'observation')).toHaveLength(3);
  });

  it('keeps the monthly interview pending until the month is over, then missing', () => {
    expect(scheduleCompliance(base()).find((r) => r.method === 'interview')!.status).toBe('pending');
    expect(scheduleCompliance(base({ month: '2026-10' })).find((r) => r.method === 'interview')!.status).toBe('missing');
    expect(scheduleCompliance(base({ interviews: new Map([[9, ['2026-11-03']]]) })).find((r) => r.method === 'interview')!.status).toBe(
      'done',
    );
  });

  it('asks for last month’s deadlines report and last quarter’s complaints', () => {
    const rows = scheduleCompliance(base({ reviews: new Set(['9:complaints:2026-Q3']) }));
    expect(rows.find((r) => r.method === 'deadlines_report')).toMatchObject({ period: '2026-10', status: 'pending' });
    expect(rows.find((r) => r.method === 'complaints_report')).toMatchObject({ period: '2026-Q3', status: 'done' });
    const later = scheduleCompliance(base({ month: '2026-10', today: '2026-11-24' }));
    expect(later.find((r) => r.method === 'deadlines_report')).toMatchObject({ period: '2026-09', status: 'missing' });
  });

  it('finds "no yearly survey campaign in 2026" when none was held or is planned', () => {
    expect(scheduleCompliance(base({ campaigns: [] })).at(-1)).toMatchObject({
      method: 'yearly_survey',
      period: '2026',
      status: 'missing',
    });
    const closedBeforeOpening = [{ period: 'yearly', year: 2026, open: false, opensOn: '2026-12-01', closesOn: '2026-11-20' }];
    expect(yearlyCampaignHeld(closedBeforeOpening, 2026, '2026-11-24')).toBe(false);
    const ranAndClosed = [{ period: 'yearly', year: 2026, open: false, opensOn: '2026-01-01', closesOn: '2026-06-30' }];
    expect(yearlyCampaignHeld(ranAndClosed, 2026, '2026-11-24')).toBe(true);
    const planned = [{ period: 'yearly', year: 2026, open: true, opensOn: '2026-12-01', closesOn: null }];
    expect(scheduleCompliance(base({ campaigns: planned })).at(-1)!.status).toBe('pending');
  });
});

describe('bar charts', () => {
  it('scales bars to the largest value and says every value in its text alternative', () => {
    const chart = barChart({
      title: 'Top two',
      series: ['2026', '2025'],
      categories: [
        { label: 'Overall', values: [0.75, 0.5] },
        { label: 'Timeliness', values: [null, 0.25] },
      ],
      format: (v) => `${Math.round(v * 100)} %`,
      max: 1,
      noValue: 'no answers',
    });
    const bars = chart.groups.flatMap((g) => g.bars);
    expect(bars.map((b) => b.width)).toEqual([chart.plotWidth * 0.75, chart.plotWidth * 0.5, 0, chart.plotWidth * 0.25]);
    // Each bar names its series, so a bar of nothing never reads as a bare value (ux.md D24).
    expect(bars.map((b) => b.text)).toEqual(['2026: 75 %', '2025: 50 %', '2026: no answers', '2025: 25 %']);
    expect(chart.description).toBe('Overall: 2026 75 %, 2025 50 %. Timeliness: 2026 no answers, 2025 25 %.');
    expect(chart.height).toBeGreaterThan(0);
  });

  it('draws an all-zero chart without dividing by zero', () => {
    const chart = barChart({ title: 'None', series: ['n'], categories: [{ label: 'A', values: [0] }], format: String, noValue: '—' });
    expect(chart.groups[0]!.bars[0]!.width).toBe(0);
    // One series needs no name on its bar, and no legend.
    expect(chart.groups[0]!.bars[0]!.text).toBe('0');
    expect(chart.legend).toEqual([]);
  });

  it('gives long series names a legend line each and room beside the bars (ux.md D24)', () => {
    const long = 'Izturas laipni un pieklājīgi';
    const chart = barChart({
      title: 'T',
      series: [long, 'Cits'],
      categories: [{ label: 'A', values: [5, 0] }],
      format: String,
      max: 5,
      noValue: '—',
    });
    expect(chart.legend.map((l) => l.y)).toEqual([4, 24]);
    const [full, zero] = chart.groups[0]!.bars as [Bar, Bar];
    expect(zero.text).toBe('Cits: 0');
    expect(full.textX + full.text.length * 6.6).toBeLessThanOrEqual(chart.width);
    expect(full.y).toBeGreaterThan(chart.legend.at(-1)!.y + 14);
  });
});
