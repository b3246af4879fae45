// The public results (issue 17): the figures of a year as the public page,
// its CSV and its JSON show them. Pure functions over the internal reports'
// own results (src/quality/reports/), so the arithmetic has one definition;
// this file only picks the figures, applies the small-cell rule and says
// what changed.
import type { SurveyCriterion } from '#src/quality/schema.ts';
import type { AnswerSummary } from '#src/quality/reports/arithmetic.ts';

/**
 * The small-cell rule: a figure computed from fewer answers or cases than
 * this is withheld, so nobody can be picked out of a small unit, topic or
 * month. Zero is shown: it describes nobody.
 */
export const MINIMUM_CELL = 5;

/** The version of the snapshot's shape: a later shape must still read the older snapshots. */
export const FIGURES_VERSION = 1;

type Numbers = Record<string, number | null>;
/** Figures of one row, with the names of those withheld (their values are null). */
export type Guarded<T extends Numbers> = T & { withheld: Array<keyof T & string> };

/** True when a figure computed from `base` answers or cases must be withheld. */
export function isSmallCell(base: number): boolean {
  return base > 0 && base < MINIMUM_CELL;
}

/**
 * Applies the small-cell rule to a row: each figure names the count it was
 * computed from (a share of closed complaints, from the closed ones); a
 * figure whose count is small becomes null and its name is listed.
 */
export function guard<T extends Numbers>(figures: T, bases: { [K in keyof T]: number }): Guarded<T> {
  const shown = { ...figures } as Numbers;
  const withheld: string[] = [];
  for (const key of Object.keys(figures)) {
    if (isSmallCell(bases[key as keyof T])) {
      shown[key] = null;
      withheld.push(key);
    }
  }
  return { ...(shown as T), withheld: withheld as Array<keyof T & string> };
}

export type AnswerFigures = Guarded<{ answers: number; mean: number | null; topTwoBox: number | null; scaleMax: number | null }>;
export type GroupFigures = AnswerFigures & { key: number | null; name: { lv: string; en: string } | null };
export type ComplaintFigures = Guarded<{ closed: number; justified: number; share: number | null }> & { quarter: string };
export type DeadlineFigures = Guarded<{
  received: number;
  answered: number;
  onTime: number;
  late: number;
  overdueOpen: number;
  medianWorkingDays: number | null;
}> & { month: string };
export type SuggestionFigures = Guarded<{ received: number; decided: number; implemented: number }> & { quarter: string };

/** What is stored on approval and published: nothing but counts, means and shares, each past the small-cell rule. */
export type YearFigures = {
  version: number;
  year: number;
  /** When the figures were computed (an ISO instant). */
  computedAt: string;
  minimumCell: number;
  satisfaction: {
    /** Q-3, per criterion: the year and the year before. */
    year: Array<AnswerFigures & { criterion: SurveyCriterion }>;
    before: Array<AnswerFigures & { criterion: SurveyCriterion }>;
    /** The overall criterion by unit and by topic (a null key: the whole institution, or no topic). */
    byUnit: GroupFigures[];
    byTopic: GroupFigures[];
  };
  /** Q-4, per quarter. */
  complaints: ComplaintFigures[];
  /** Reg. 399 point 23, per month. */
  deadlines: DeadlineFigures[];
  /** S-4.8, per quarter. */
  suggestions: SuggestionFigures[];
};

/** A survey summary as a public row: every figure rests on the answers' count. */
export function answerFigures(s: AnswerSummary): AnswerFigures {
  const n = s.n;
  return guard(
    { answers: n, mean: s.mean, topTwoBox: s.topTwoBox, scaleMax: s.scale?.max ?? null },
    { answers: n, mean: n, topTwoBox: n, scaleMax: n },
  );
}

export function complaintFigures(quarter: string, c: { justified: number; closed: number; share: number | null }): ComplaintFigures {
  return {
    quarter,
    ...guard({ closed: c.closed, justified: c.justified, share: c.share }, { closed: c.closed, justified: c.closed, share: c.closed }),
  };
}

export function deadlineFigures(
  month: string,
  c: { received: number; done: number; onTime: number; late: number; overdueOpen: number; medianWorkingDays: number | null },
): DeadlineFigures {
  return {
    month,
    ...guard(
      {
        received: c.received,
        answered: c.done,
        onTime: c.onTime,
        late: c.late,
        overdueOpen: c.overdueOpen,
        medianWorkingDays: c.medianWorkingDays,
      },
      { received: c.received, answered: c.done, onTime: c.done, late: c.done, overdueOpen: c.overdueOpen, medianWorkingDays: c.done },
    ),
  };
}

export function suggestionFigures(quarter: string, c: { received: number; decided: number; implement: number }): SuggestionFigures {
  return {
    quarter,
    ...guard(
      { received: c.received, decided: c.decided, implemented: c.implement },
      { received: c.received, decided: c.decided, implemented: c.decided },
    ),
  };
}

// ---------------------------------------------------------------------------
// What changed: the sentence beside each chart.

export type Change = { direction: 'rose' | 'fell' | 'same'; from: number; to: number };

/**
 * From one figure to the next, compared as the page writes them (`digits`
 * decimals), so the sentence never says "rose from 4.1 to 4.1". Null when
 * either is missing or withheld: then nothing is said.
 */
export function changeOf(from: number | null | undefined, to: number | null | undefined, digits = 1): Change | null {
  if (from === null || from === undefined || to === null || to === undefined) return null;
  const round = (v: number) => Math.round(v * 10 ** digits) / 10 ** digits;
  const a = round(from);
  const b = round(to);
  return { direction: b > a ? 'rose' : b < a ? 'fell' : 'same', from: a, to: b };
}

/** the overall mean, the year before to this year, when both are on the same scale. */
export function satisfactionChange(f: YearFigures): (Change & { scaleMax: number }) | null {
  const now = f.satisfaction.year.find((r) => r.criterion === 'overall');
  const before = f.satisfaction.before.find((r) => r.criterion === 'overall');
  if (!now || !before || now.scaleMax === null || now.scaleMax !== before.scaleMax) return null;
  const change = changeOf(before.mean, now.mean);
  return change && { ...change, scaleMax: now.scaleMax };
}

/** The last period with the figure shown, and the one before it. */
function lastTwo<R>(rows: readonly R[], value: (r: R) => number | null): [R, R] | null {
  const shown = rows.filter((r) => value(r) !== null);
  return shown.length >= 2 ? [shown.at(-2)!, shown.at(-1)!] : null;
}

export function complaintsChange(f: YearFigures) {
  const pair = lastTwo(f.complaints, (r) => r.justified);
  const change = pair && changeOf(pair[0].justified, pair[1].justified, 0);
  return change && { ...change, fromPeriod: pair[0].quarter, toPeriod: pair[1].quarter };
}

/** Reg. 399 p.23: the share answered on time, the month before to the last month. */
export function deadlinesChange(f: YearFigures) {
  const onTimeShare = (r: DeadlineFigures) => (r.onTime !== null && r.answered ? r.onTime / r.answered : null);
  const pair = lastTwo(f.deadlines, onTimeShare);
  const change = pair && changeOf(onTimeShare(pair[0]), onTimeShare(pair[1]), 3);
  return change && { ...change, fromPeriod: pair[0].month, toPeriod: pair[1].month };
}

export function suggestionsChange(f: YearFigures) {
  const pair = lastTwo(f.suggestions, (r) => r.received);
  const change = pair && changeOf(pair[0].received, pair[1].received, 0);
  return change && { ...change, fromPeriod: pair[0].quarter, toPeriod: pair[1].quarter };
}

// ---------------------------------------------------------------------------
// The difference between a published snapshot and today's figures (staff).

export type Difference = { figure: string; published: number | null | undefined; now: number | null | undefined };

/** Every figure as `section.row.field` → value; a row is named by its period, criterion or key. */
export function flattenFigures(f: YearFigures): Map<string, number | null> {
  const out = new Map<string, number | null>();
  const rowName = (r: Record<string, unknown>) => String(r.criterion ?? r.quarter ?? r.month ?? (r.key === null ? 'none' : r.key));
  const add = (section: string, rows: ReadonlyArray<Record<string, unknown>>) => {
    for (const r of rows) {
      for (const [field, value] of Object.entries(r)) {
        if (typeof value === 'number' || value === null) {
          if (field === 'key') continue;
          out.set(`${section}.${rowName(r)}.${field}`, value as number | null);
        }
      }
    }
  };
  add('satisfaction', f.satisfaction.year);
  add('satisfactionBefore', f.satisfaction.before);
  add('satisfactionByUnit', f.satisfaction.byUnit);
  add('satisfactionByTopic', f.satisfaction.byTopic);
  add('complaints', f.complaints);
  add('deadlines', f.deadlines);
  add('suggestions', f.suggestions);
  return out;
}

/** The figures that differ (the time of computing aside), in the published snapshot's order, then the new ones. */
export function differences(published: YearFigures, now: YearFigures): Difference[] {
  const a = flattenFigures(published);
  const b = flattenFigures(now);
  const out: Difference[] = [];
  for (const [figure, value] of a) {
    if (!b.has(figure) || b.get(figure) !== value) out.push({ figure, published: value, now: b.get(figure) });
  }
  for (const [figure, value] of b) if (!a.has(figure)) out.push({ figure, published: undefined, now: value });
  return out;
}
