// Report arithmetic (Q-2, Q-3, Q-4, Q-5b). The database counts (GROUP BY);
// these functions turn the counts into the figures a report shows, so the
// arithmetic has one definition, tested without a database.

/** Answers given with one value on one scale (a row of the monthly summary, summed). */
export type ScaleCount = { scaleMin: number; scaleMax: number; value: number; answers: number };

export type AnswerSummary = {
  /** How many answers. */
  n: number;
  /** The mean on the answers' own scale; null without answers, or when the answers mix scales (a mean across scales means nothing). */
  mean: number | null;
  /** Share (0–1) of answers in the top two points of their own scale; null without answers. */
  topTwoBox: number | null;
  /** The one scale all answers share, or null (none, or mixed). */
  scale: { min: number; max: number } | null;
  /** Answers per point of the scale, lowest first (only when there is one scale). */
  distribution: Array<{ value: number; answers: number }>;
};

/**
 * latvia.md: the State Chancellery reports "excellent" plus "good", the top
 * two points; on any scale (5, 6 or 10 points) that is max and max − 1.
 */
export function isTopTwo(value: number, scaleMax: number): boolean {
  return value >= scaleMax - 1;
}

export function summariseAnswers(counts: readonly ScaleCount[]): AnswerSummary {
  let n = 0;
  let sum = 0;
  let top = 0;
  const scales = new Map<string, { min: number; max: number }>();
  for (const c of counts) {
    if (c.answers <= 0) continue;
    n += c.answers;
    sum += c.value * c.answers;
    if (isTopTwo(c.value, c.scaleMax)) top += c.answers;
    scales.set(`${c.scaleMin}-${c.scaleMax}`, { min: c.scaleMin, max: c.scaleMax });
  }
  const scale = scales.size === 1 ? [...scales.values()][0]! : null;
  const distribution: AnswerSummary['distribution'] = [];
  if (scale) {
    for (let value = scale.min; value <= scale.max; value++) {
      distribution.push({ value, answers: counts.filter((c) => c.value === value && c.answers > 0).reduce((s, c) => s + c.answers, 0) });
    }
  }
  return {
    n,
    mean: n > 0 && scale ? sum / n : null,
    topTwoBox: n > 0 ? top / n : null,
    scale,
    distribution,
  };
}

/** A share (0–1), or null when nothing was counted. */
export function share(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/**
 * The median of a distribution given as value → how many (Q-5b: working
 * days to answer). With an even count, the mean of the two middle values,
 * as PostgreSQL's percentile_cont(0.5) and any statistics text give it.
 */
export function medianOf(histogram: ReadonlyArray<{ value: number; count: number }>): number | null {
  const sorted = histogram.filter((h) => h.count > 0).toSorted((a, b) => a.value - b.value);
  const total = sorted.reduce((s, h) => s + h.count, 0);
  if (total === 0) return null;
  const at = (position: number) => {
    let seen = 0;
    for (const h of sorted) {
      seen += h.count;
      if (seen >= position) return h.value;
    }
    return sorted.at(-1)!.value;
  };
  return total % 2 === 1 ? at((total + 1) / 2) : (at(total / 2) + at(total / 2 + 1)) / 2;
}
