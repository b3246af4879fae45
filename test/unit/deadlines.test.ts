import { describe, expect, it } from 'vitest';
import { knownTransfers, statutoryHolidays } from '#src/calendar/holidays.ts';
import { buildCalendar } from '#src/calendar/working-days.ts';
import {
  computeDeadline,
  deadlineKindFor,
  dueDate,
  extendedDueDate,
  ruleInForce,
  seedDeadlineRules,
  type DeadlineRule,
} from '#src/calendar/deadlines.ts';

const calendar = buildCalendar([...[2024, 2025, 2026, 2027, 2028].flatMap((y) => statutoryHolidays(y)), ...knownTransfers()]);
const rules = seedDeadlineRules();
const rule = (kind: string, on: string) => ruleInForce(rules, kind, on)!;

describe('the rule in force', () => {
  it('is the old one-month rule for a question received on 28 February 2026', () => {
    expect(rule('question', '2026-02-28')).toMatchObject({ amount: 1, unit: 'months' });
  });
  it('is the 10-working-day rule from 1 March 2026 (latvia.md)', () => {
    expect(rule('question', '2026-03-01')).toMatchObject({ amount: 10, unit: 'working_days' });
    expect(rule('complaint', '2026-11-24')).toMatchObject({ amount: 10, unit: 'working_days' });
  });
  it('shortens forwarding outside our competence from 7 to 5 working days on 1 March 2026', () => {
    expect(rule('referral', '2026-02-27')).toMatchObject({ amount: 7 });
    expect(rule('referral', '2026-03-02')).toMatchObject({ amount: 5 });
  });
  it('seeds one rule per request kind and effective date', () => {
    const keys = rules.map((r) => `${r.requestKind}@${r.effectiveFrom}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const kind of ['question', 'complaint', 'suggestion', 'callback']) {
      expect(rule(kind, '2026-02-28')).toMatchObject({ amount: 1, unit: 'months', extendedAmount: 4, extendedUnit: 'months' });
      expect(rule(kind, '2026-03-01')).toMatchObject({ amount: 10, unit: 'working_days', extendedAmount: 1, extendedUnit: 'months' });
    }
    expect(rule('information_request', '2026-03-01')).toMatchObject({ amount: 15, unit: 'calendar_days', effectiveFrom: '2000-01-01' });
    expect(rule('environmental_information', '2026-03-01')).toMatchObject({ amount: 1, unit: 'months', extendedAmount: 2 });
  });
  it('has none for a kind it does not know', () => {
    expect(ruleInForce(rules, 'survey', '2026-03-02')).toBeUndefined();
  });
  it('ignores a rule that is not yet in force', () => {
    const future: DeadlineRule[] = [...rules, { requestKind: 'question', effectiveFrom: '2027-01-01', amount: 7, unit: 'working_days' }];
    expect(ruleInForce(future, 'question', '2026-12-31')?.amount).toBe(10);
    expect(ruleInForce(future, 'question', '2027-01-01')?.amount).toBe(7);
  });
});

describe('due dates (APL s.42–43)', () => {
  it('gives a question received on Monday 2 March 2026 until Monday 16 March', () => {
    expect(dueDate(calendar, rule('question', '2026-03-02'), '2026-03-02')).toBe('2026-03-16');
  });

  it('moves a month period that ends on a Sunday to Monday', () => {
    // 15 January 2026 + 1 month = Sunday 15 February → Monday 16 February.
    expect(dueDate(calendar, rule('complaint', '2026-01-15'), '2026-01-15')).toBe('2026-02-16');
  });

  it('moves a calendar-day period that ends on a Saturday to Monday', () => {
    // Information request: 15 days from Friday 13 March 2026 = Saturday 28 March.
    expect(dueDate(calendar, rule('information_request', '2026-03-13'), '2026-03-13')).toBe('2026-03-30');
  });

  it('moves a period that ends on Christmas Eve past the whole holiday block', () => {
    expect(dueDate(calendar, rule('information_request', '2026-12-09'), '2026-12-09')).toBe('2026-12-28');
  });

  it('ends a month period from 31 January on the last day of February, rolled forward from a Saturday', () => {
    expect(dueDate(calendar, rule('question', '2026-01-31'), '2026-01-31')).toBe('2026-03-02');
  });

  it('ends a month period from 31 January 2024 on Thursday 29 February, a leap day', () => {
    expect(dueDate(calendar, rule('question', '2024-01-31'), '2024-01-31')).toBe('2024-02-29');
  });

  it('moves a month period that ends on Christmas Eve 2025 past the holidays and the weekend to Monday 29 December', () => {
    expect(dueDate(calendar, rule('complaint', '2025-11-24'), '2025-11-24')).toBe('2025-12-29');
  });

  it('moves a calendar-day period that ends on Good Friday 2026 across Easter to Tuesday 7 April', () => {
    // 19 March + 15 days = Friday 3 April; 4–6 April are Saturday, Easter Sunday, Easter Monday.
    expect(dueDate(calendar, rule('information_request', '2026-03-19'), '2026-03-19')).toBe('2026-04-07');
  });

  it('moves a calendar-day period that ends on the substitute day off Monday 5 May 2025 to Tuesday', () => {
    expect(dueDate(calendar, rule('information_request', '2025-04-20'), '2025-04-20')).toBe('2025-05-06');
  });

  it('keeps a working-day period ending on the working Saturday 17 January 2026 on that Saturday', () => {
    // Received Friday 2 January (a day off): 5–9, 12–16, then Saturday 17 January is the 11th.
    expect(dueDate(calendar, { requestKind: 'x', effectiveFrom: '2000-01-01', amount: 11, unit: 'working_days' }, '2026-01-02')).toBe(
      '2026-01-17',
    );
  });

  it('gives environmental information one month, two at most', () => {
    const env = rule('environmental_information', '2026-11-23');
    expect(dueDate(calendar, env, '2026-11-23')).toBe('2026-12-23');
    // 23 January 2027 is a Saturday.
    expect(extendedDueDate(calendar, env, '2026-11-23')).toBe('2027-01-25');
  });

  it('forwards a referral received on the working Saturday 17 January 2026 within 7 working days', () => {
    expect(dueDate(calendar, rule('referral', '2026-01-17'), '2026-01-17')).toBe('2026-01-27');
  });

  it('forwards a referral within 5 working days from 1 March 2026, and 7 before', () => {
    expect(dueDate(calendar, rule('referral', '2026-03-02'), '2026-03-02')).toBe('2026-03-09');
    expect(dueDate(calendar, rule('referral', '2026-02-02'), '2026-02-02')).toBe('2026-02-11');
  });

  it('gives the longest extension the rule allows', () => {
    expect(extendedDueDate(calendar, rule('question', '2026-03-02'), '2026-03-02')).toBe('2026-04-02');
    expect(extendedDueDate(calendar, rule('complaint', '2026-01-15'), '2026-01-15')).toBe('2026-05-15');
    expect(extendedDueDate(calendar, rule('information_request', '2026-03-02'), '2026-03-02')).toBeUndefined();
  });
});

describe('environmental information (m6)', () => {
  it('counts an information request on an environmental topic by its own rule, others by their kind', () => {
    expect(deadlineKindFor('information_request', { environmentalInformation: true })).toBe('environmental_information');
    expect(deadlineKindFor('information_request', { environmentalInformation: false })).toBe('information_request');
    expect(deadlineKindFor('information_request', null)).toBe('information_request');
    // Only information requests: a question on the same topic keeps the submissions rule.
    expect(deadlineKindFor('question', { environmentalInformation: true })).toBe('question');
  });
  it('gives one month, extendable to two, instead of 15 days', () => {
    const env = rule(deadlineKindFor('information_request', { environmentalInformation: true }), '2026-11-24');
    expect(dueDate(calendar, env, '2026-11-24')).toBe('2026-12-28'); // 24 Dec is Christmas Eve: on to Monday 28 Dec
    expect(extendedDueDate(calendar, env, '2026-11-24')).toBe('2027-01-25');
    expect(dueDate(calendar, rule('information_request', '2026-11-24'), '2026-11-24')).toBe('2026-12-09');
  });
});

describe('computing a deadline from the instant of receipt', () => {
  it('uses the Riga date: 23:59 on 28 February 2026 falls under the old rule', () => {
    const d = computeDeadline(calendar, rules, 'question', new Date('2026-02-28T21:59:00Z'))!;
    expect(d.receivedOn).toBe('2026-02-28');
    expect(d.rule).toMatchObject({ amount: 1, unit: 'months' });
    // 28 March 2026 is a Saturday.
    expect(d.dueOn).toBe('2026-03-30');
    expect(d.rolledForwardFrom).toBe('2026-03-28');
  });

  it('uses the Riga date: 00:30 on 1 March 2026 falls under the new rule', () => {
    const d = computeDeadline(calendar, rules, 'question', new Date('2026-02-28T22:30:00Z'))!;
    expect(d.receivedOn).toBe('2026-03-01');
    expect(d.rule).toMatchObject({ amount: 10, unit: 'working_days' });
    expect(d.dueOn).toBe('2026-03-13');
    expect(d.rolledForwardFrom).toBeUndefined();
    expect(d.latestExtendedDueOn).toBe('2026-04-01');
  });

  it('counts a request received on a holiday from the next day like any other', () => {
    const d = computeDeadline(calendar, rules, 'suggestion', new Date('2026-12-24T10:00:00Z'))!;
    expect(d.receivedOn).toBe('2026-12-24');
    // 28, 29, 30 Dec, 4–8 Jan, 11, 12 Jan.
    expect(d.dueOn).toBe('2027-01-12');
  });

  it('takes the Riga date in summer: 23:30 on Friday 26 June 2026 is received that Friday, 00:30 the next day on Saturday', () => {
    // Saturday 27 June 2026 is a working day (moved from Monday 22 June), so it counts.
    const friday = computeDeadline(calendar, rules, 'callback', new Date('2026-06-26T20:30:00Z'))!;
    expect(friday.receivedOn).toBe('2026-06-26');
    expect(friday.dueOn).toBe('2026-07-09');
    const saturday = computeDeadline(calendar, rules, 'callback', new Date('2026-06-26T21:30:00Z'))!;
    expect(saturday.receivedOn).toBe('2026-06-27');
    expect(saturday.dueOn).toBe('2026-07-10');
  });

  it('explains a working-day deadline step by step', () => {
    const d = computeDeadline(calendar, rules, 'question', new Date('2026-03-02T09:00:00Z'))!;
    expect(d.dueOn).toBe('2026-03-16');
    expect(d.steps).toEqual([
      { step: 'received', date: '2026-03-02' },
      { step: 'period_starts', date: '2026-03-03' },
      { step: 'period_counted', amount: 10, unit: 'working_days', ruleEffectiveFrom: '2026-03-01', endsOn: '2026-03-16' },
      { step: 'due', date: '2026-03-16' },
    ]);
  });

  it('explains a roll-forward across the Christmas holidays, naming the days passed over', () => {
    const d = computeDeadline(calendar, rules, 'information_request', new Date('2026-12-09T12:00:00Z'))!;
    expect(d.rolledForwardFrom).toBe('2026-12-24');
    expect(d.steps).toEqual([
      { step: 'received', date: '2026-12-09' },
      { step: 'period_starts', date: '2026-12-10' },
      { step: 'period_counted', amount: 15, unit: 'calendar_days', ruleEffectiveFrom: '2000-01-01', endsOn: '2026-12-24' },
      {
        step: 'rolled_forward',
        from: '2026-12-24',
        to: '2026-12-28',
        skipped: [
          { date: '2026-12-24', reason: 'holiday', nameLv: 'Ziemassvētku vakars', nameEn: 'Christmas Eve' },
          { date: '2026-12-25', reason: 'holiday', nameLv: 'Pirmie Ziemassvētki', nameEn: 'Christmas Day' },
          { date: '2026-12-26', reason: 'holiday', nameLv: 'Otrie Ziemassvētki', nameEn: 'Second Day of Christmas' },
          { date: '2026-12-27', reason: 'sunday' },
        ],
      },
      { step: 'due', date: '2026-12-28' },
    ]);
  });

  it('names a substitute day off and a weekend among the days passed over', () => {
    const d = computeDeadline(calendar, rules, 'information_request', new Date('2025-04-18T08:00:00Z'))!;
    // 18 April + 15 days = Saturday 3 May; Sunday 4 May; Monday 5 May is the day off in lieu of 4 May.
    expect(d.dueOn).toBe('2025-05-06');
    const rolled = d.steps.find((s) => s.step === 'rolled_forward');
    expect(rolled).toMatchObject({
      from: '2025-05-03',
      skipped: [
        { date: '2025-05-03', reason: 'saturday' },
        { date: '2025-05-04', reason: 'holiday' },
        { date: '2025-05-05', reason: 'day_off', nameEn: 'Day off in lieu of 4 May' },
      ],
    });
  });

  it('returns nothing for a kind without a rule', () => {
    expect(computeDeadline(calendar, rules, 'survey', new Date('2026-03-02T10:00:00Z'))).toBeUndefined();
  });
});
