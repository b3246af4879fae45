import { describe, expect, it } from 'vitest';
import {
  monthRange,
  parseMonth,
  parseQuarter,
  quarterOfInstant,
  quarterRange,
  quartersEndingWith,
  shiftMonth,
  yearRange,
} from '#src/calendar/periods.ts';

describe('quarters and months in Riga time', () => {
  it('puts a complaint closed on 31 March 23:30 in Riga (20:30 UTC) in the first quarter', () => {
    expect(quarterOfInstant(new Date('2026-03-31T20:30:00Z'))).toEqual({ year: 2026, quarter: 1 });
    expect(quarterOfInstant(new Date('2026-03-31T21:30:00Z'))).toEqual({ year: 2026, quarter: 2 });
    // Winter time: 31 December 22:30 UTC is already 1 January in Riga.
    expect(quarterOfInstant(new Date('2026-12-31T22:30:00Z'))).toEqual({ year: 2027, quarter: 1 });
  });

  it('starts and ends each quarter at Riga midnight, in summer and winter time', () => {
    const q2 = quarterRange({ year: 2026, quarter: 2 });
    expect(q2.start.toISOString()).toBe('2026-03-31T21:00:00.000Z');
    expect(q2.end.toISOString()).toBe('2026-06-30T21:00:00.000Z');
    const q4 = quarterRange({ year: 2026, quarter: 4 });
    expect([q4.from, q4.until]).toEqual(['2026-10-01', '2027-01-01']);
    expect(q4.end.toISOString()).toBe('2026-12-31T22:00:00.000Z');
  });

  it('lists the quarters before across a year boundary', () => {
    expect(quartersEndingWith({ year: 2026, quarter: 1 }, 4)).toEqual([
      { year: 2025, quarter: 2 },
      { year: 2025, quarter: 3 },
      { year: 2025, quarter: 4 },
      { year: 2026, quarter: 1 },
    ]);
  });

  it('reads quarters and months from the address, refusing anything else', () => {
    expect(parseQuarter('2026-Q3')).toEqual({ year: 2026, quarter: 3 });
    expect(parseQuarter('2026-Q5')).toBeUndefined();
    expect(parseMonth('2026-02')).toBe('2026-02');
    expect(parseMonth('2026-13')).toBeUndefined();
    expect(parseMonth("2026-02' or 1=1")).toBeUndefined();
    expect(shiftMonth('2026-01', -1)).toBe('2025-12');
    expect(monthRange('2026-10').end.toISOString()).toBe('2026-10-31T22:00:00.000Z');
    expect(yearRange(2026).start.toISOString()).toBe('2025-12-31T22:00:00.000Z');
  });
});
