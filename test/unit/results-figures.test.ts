import { describe, expect, it } from 'vitest';
import { summariseAnswers } from '#src/quality/reports/arithmetic.ts';
import {
  answerFigures,
  changeOf,
  complaintFigures,
  deadlineFigures,
  differences,
  guard,
  isSmallCell,
  MINIMUM_CELL,
  satisfactionChange,
  suggestionFigures,
  type YearFigures,
} from '#src/quality/results/figures.ts';
import { figureNamer, resultsView } from '#src/quality/results/view.ts';
import { formatCell } from '#src/quality/reports/tables.ts';
import { translator } from '#src/i18n/index.ts';

function figures(overrides: Partial<YearFigures> = {}): YearFigures {
  const five = summariseAnswers([
    { scaleMin: 1, scaleMax: 5, value: 5, answers: 3 },
    { scaleMin: 1, scaleMax: 5, value: 3, answers: 2 },
  ]);
  const before = summariseAnswers([
    { scaleMin: 1, scaleMax: 5, value: 4, answers: 4 },
    { scaleMin: 1, scaleMax: 5, value: 3, answers: 6 },
  ]);
  return {
    version: 1,
    year: 2026,
    computedAt: '2026-11-25T08:00:00.000Z',
    minimumCell: MINIMUM_CELL,
    satisfaction: {
      year: [{ criterion: 'overall', ...answerFigures(five) }],
      before: [{ criterion: 'overall', ...answerFigures(before) }],
      byUnit: [
        {
          key: 3,
          name: { lv: 'Atļauju nodaļa', en: 'Permits Division' },
          ...answerFigures(summariseAnswers([{ scaleMin: 1, scaleMax: 5, value: 1, answers: 2 }])),
        },
      ],
      byTopic: [],
    },
    complaints: [
      complaintFigures('2026-Q1', { justified: 2, closed: 10, share: 0.2 }),
      complaintFigures('2026-Q2', { justified: 1, closed: 3, share: 1 / 3 }),
    ],
    deadlines: [
      deadlineFigures('2026-01', { received: 20, done: 10, onTime: 9, late: 1, overdueOpen: 2, medianWorkingDays: 4 }),
      deadlineFigures('2026-02', { received: 4, done: 20, onTime: 15, late: 5, overdueOpen: 0, medianWorkingDays: 6.5 }),
    ],
    suggestions: [suggestionFigures('2026-Q1', { received: 7, decided: 3, implement: 1 })],
    ...overrides,
  };
}

describe('the small-cell rule (issue 17)', () => {
  it('withholds a figure from 1 to 4 answers or cases, shows zero and five', () => {
    expect([0, 1, 4, 5, 100].map(isSmallCell)).toEqual([false, true, true, false, false]);
    expect(guard({ a: 3, b: 0.5 }, { a: 3, b: 10 })).toEqual({ a: null, b: 0.5, withheld: ['a'] });
    expect(guard({ a: 0 }, { a: 0 })).toEqual({ a: 0, withheld: [] });
  });

  it('withholds every satisfaction figure of a group with fewer than five answers', () => {
    const small = answerFigures(summariseAnswers([{ scaleMin: 1, scaleMax: 5, value: 5, answers: 4 }]));
    expect(small).toEqual({
      answers: null,
      mean: null,
      topTwoBox: null,
      scaleMax: null,
      withheld: ['answers', 'mean', 'topTwoBox', 'scaleMax'],
    });
    const enough = answerFigures(summariseAnswers([{ scaleMin: 1, scaleMax: 5, value: 5, answers: 5 }]));
    expect(enough).toMatchObject({ answers: 5, mean: 5, topTwoBox: 1, withheld: [] });
  });

  it('rests a share on its base: justified of fewer than five closed complaints is withheld, of ten is shown', () => {
    expect(complaintFigures('2026-Q2', { justified: 1, closed: 3, share: 1 / 3 })).toMatchObject({
      closed: null,
      justified: null,
      share: null,
    });
    expect(complaintFigures('2026-Q1', { justified: 2, closed: 10, share: 0.2 })).toMatchObject({
      closed: 10,
      justified: 2,
      share: 0.2,
      withheld: [],
    });
  });

  it('withholds a month’s received count alone when only it is small', () => {
    const row = deadlineFigures('2026-02', { received: 4, done: 20, onTime: 15, late: 5, overdueOpen: 0, medianWorkingDays: 6.5 });
    expect(row).toMatchObject({ received: null, answered: 20, onTime: 15, late: 5, overdueOpen: 0, medianWorkingDays: 6.5 });
    expect(row.withheld).toEqual(['received']);
    const few = suggestionFigures('2026-Q1', { received: 7, decided: 3, implement: 1 });
    expect(few).toMatchObject({ received: 7, decided: null, implemented: null });
  });
});

describe('what changed', () => {
  it('compares as the page rounds, so it never says "rose from 4.1 to 4.1"', () => {
    expect(changeOf(3.8, 4.1)).toEqual({ direction: 'rose', from: 3.8, to: 4.1 });
    expect(changeOf(4.12, 4.08)).toEqual({ direction: 'same', from: 4.1, to: 4.1 });
    expect(changeOf(null, 4)).toBeNull();
  });

  it('says satisfaction rose from 3.4 to 4.2 out of 5, in both languages', () => {
    expect(satisfactionChange(figures())).toEqual({ direction: 'rose', from: 3.4, to: 4.2, scaleMax: 5 });
    const en = resultsView(figures(), translator('en'), 'en');
    expect(en[0]!.change).toBe('Satisfaction rose from 3.4 to 4.2 out of 5 (2025 to 2026).');
    const lv = resultsView(figures(), translator('lv'), 'lv');
    expect(lv[0]!.change).toBe('Apmierinātība pieauga no 3,4 līdz 4,2 no 5 (2025.–2026. gads).');
  });

  it('compares complaints and suggestions by quarter and deadlines by month, naming both periods', () => {
    const [, complaints, deadlines, suggestions] = resultsView(
      figures({
        suggestions: [
          suggestionFigures('2026-Q1', { received: 7, decided: 3, implement: 1 }),
          suggestionFigures('2026-Q2', { received: 9, decided: 5, implement: 2 }),
        ],
      }),
      translator('en'),
      'en',
    );
    // The second quarter's three decided complaints are too few to compare (withheld): no sentence.
    expect(complaints!.change).toBe('');
    const [, enough] = resultsView(
      figures({
        complaints: [
          complaintFigures('2026-Q1', { justified: 2, closed: 10, share: 0.2 }),
          complaintFigures('2026-Q2', { justified: 4, closed: 10, share: 0.4 }),
        ],
      }),
      translator('lv'),
      'lv',
    );
    expect(enough!.change).toMatch(/^Pamatoto sūdzību skaits pieauga no 2 .*1.* līdz 4 .*2.*\.$/);
    expect(deadlines!.change).toBe('The share answered on time fell from 90% in January 2026 to 75% in February 2026.');
    expect(suggestions!.change).toMatch(/^Suggestions received rose from 7 in .*1.* to 9 in .*2.*\.$/);
  });

  it('writes a withheld figure as withheld in the table, and marks the section for its note', () => {
    const [, complaints, deadlines] = resultsView(figures(), translator('en'), 'en');
    const q2 = complaints!.tables[0]!.rows[1]!.map((c) => formatCell('en', c));
    expect(q2).toEqual(['Q2 2026', 'withheld', 'withheld', 'withheld']);
    expect(complaints!.withheld).toBe(true);
    // Only the last two months with the share shown are compared: 90% to 75%.
    expect(deadlines!.change).toBe('The share answered on time fell from 90% in January 2026 to 75% in February 2026.');
  });
});

describe('the difference between the published snapshot and today', () => {
  it('lists each figure that changed, by section, row and field', () => {
    const published = figures();
    const now = figures({
      complaints: [complaintFigures('2026-Q1', { justified: 3, closed: 10, share: 0.3 }), ...published.complaints.slice(1)],
      computedAt: '2026-12-01T08:00:00.000Z',
    });
    expect(differences(published, now)).toEqual([
      { figure: 'complaints.2026-Q1.justified', published: 2, now: 3 },
      { figure: 'complaints.2026-Q1.share', published: 0.2, now: 0.3 },
    ]);
    expect(differences(published, published)).toEqual([]);
  });
});

describe('the figures of the difference table in words, not keys', () => {
  const f = figures();
  it.each([
    [
      'en',
      {
        'complaints.2026-Q1.justified': 'Justified complaints, Q1 2026: justified',
        'deadlines.2026-02.medianWorkingDays': 'Answers on time, February 2026: median working days to answer',
        'satisfaction.overall.mean': 'Satisfaction in 2026, overall satisfaction: average',
        'satisfactionBefore.overall.topTwoBox': 'Satisfaction in 2025, overall satisfaction: share satisfied',
        'satisfactionByUnit.3.answers': 'Overall satisfaction by unit, Permits Division: number of answers',
        'satisfactionByTopic.none.mean': 'Overall satisfaction by topic, No topic: average',
        'suggestions.2026-Q2.implemented': 'Suggestions, Q2 2026: to be implemented',
      },
    ],
    [
      'lv',
      {
        'complaints.2026-Q1.justified': 'Pamatotas sūdzības, 2026. gada 1. ceturksnis: pamatotās',
        'deadlines.2026-02.medianWorkingDays': 'Atbildes termiņā, 2026. g. februāris: darba dienu mediāna līdz atbildei',
        'satisfaction.overall.mean': 'Apmierinātība 2026. gadā, kopējā apmierinātība: vidējais vērtējums',
        'satisfactionByUnit.3.answers': 'Kopējā apmierinātība pa struktūrvienībām, Atļauju nodaļa: atbilžu skaits',
      },
    ],
  ])('in %s', (locale, expected) => {
    const name = figureNamer([f], translator(locale), locale);
    for (const [key, words] of Object.entries(expected)) expect(name(key), key).toBe(words);
  });

  it('shows a key of a format it does not know as it is', () => {
    const name = figureNamer([f], translator('en'), 'en');
    expect(name('complaints.2026-Q1.newField')).toBe('complaints.2026-Q1.newField');
    expect(name('later.x.y')).toBe('later.x.y');
  });
});
