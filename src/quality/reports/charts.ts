// A small bar chart for the reports, laid out on the server (no script, no
// library): horizontal bars, one group per category, one bar per series.
// The page draws it as SVG with role="img"; its text alternative says every
// value, and the same numbers stand in a table beside it.

export type BarChartInput = {
  title: string;
  /** One label per series (e.g. the year and the year before); one series needs no legend. */
  series: readonly string[];
  categories: ReadonlyArray<{ label: string; values: ReadonlyArray<number | null> }>;
  /** How a value is written on its bar and in the text alternative (Intl, in the page's language). */
  format: (value: number) => string;
  /** The value a full-width bar stands for (1 for shares); the largest value when left out. */
  max?: number;
  /** Written where a value is missing (no answers, no cases). */
  noValue: string;
};

export type Bar = { series: number; x: number; y: number; width: number; height: number; text: string; textX: number; textY: number };
export type BarGroup = { label: string; labelY: number; bars: Bar[] };
export type BarChart = {
  title: string;
  description: string;
  width: number;
  height: number;
  plotX: number;
  plotWidth: number;
  legend: Array<{ label: string; series: number; x: number; y: number }>;
  groups: BarGroup[];
};

const WIDTH = 640;
const PLOT_X = 4;
/** Room to the right of the longest bar for its value, at least and at most. */
const VALUE_ROOM = 96;
const MAX_VALUE_ROOM = 340;
/** A generous width of one character of the 12 px value text. */
const CHAR = 6.6;
const BAR = 18;
const BAR_GAP = 4;
const LABEL = 20;
const GROUP_GAP = 14;
const LEGEND_LINE = 20;

export function barChart(input: BarChartInput): BarChart {
  const values = input.categories.flatMap((c) => c.values).filter((v): v is number => v !== null);
  const max = input.max ?? Math.max(0, ...values);
  const many = input.series.length > 1;
  // ux.md D24: with more than one series each bar names its series ("2025: 0"), so a
  // bar of nothing is never a bare "0"; the plot leaves room for the longest such text.
  const textOf = (s: number, value: number | null) => {
    const said = value === null ? input.noValue : input.format(value);
    return many ? `${input.series[s]}: ${said}` : said;
  };
  const longest = Math.max(0, ...input.categories.flatMap((c) => input.series.map((_, s) => textOf(s, c.values[s] ?? null).length)));
  const valueRoom = Math.min(MAX_VALUE_ROOM, Math.max(VALUE_ROOM, Math.ceil(longest * CHAR) + 8));
  const plotWidth = WIDTH - PLOT_X - valueRoom;
  // The legend one series a line, so long names never overlap.
  const legend = many ? input.series.map((label, i) => ({ label, series: i, x: PLOT_X, y: 4 + i * LEGEND_LINE })) : [];
  let y = many ? input.series.length * LEGEND_LINE + 8 : 0;
  const groups: BarGroup[] = input.categories.map((category) => {
    const labelY = y + 14;
    y += LABEL;
    const bars = input.series.map((_, s) => {
      const value = category.values[s] ?? null;
      const width = value === null || max <= 0 ? 0 : (Math.min(value, max) / max) * plotWidth;
      const bar = {
        series: s,
        x: PLOT_X,
        y,
        width,
        height: BAR,
        text: textOf(s, value),
        textX: PLOT_X + width + 6,
        textY: y + BAR - 4,
      };
      y += BAR + BAR_GAP;
      return bar;
    });
    y += GROUP_GAP - BAR_GAP;
    return { label: category.label, labelY, bars };
  });
  const description = input.categories
    .map((c) => {
      const said = input.series.map((label, s) => {
        const v = c.values[s] ?? null;
        const text = v === null ? input.noValue : input.format(v);
        return many ? `${label} ${text}` : text;
      });
      return `${c.label}: ${said.join(', ')}.`;
    })
    .join(' ');
  return { title: input.title, description, width: WIDTH, height: Math.max(y, 24), plotX: PLOT_X, plotWidth, legend, groups };
}
