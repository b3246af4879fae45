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
/** Room to the right of the longest bar for its value. */
const VALUE_ROOM = 96;
const BAR = 18;
const BAR_GAP = 4;
const LABEL = 20;
const GROUP_GAP = 14;
const LEGEND = 28;

export function barChart(input: BarChartInput): BarChart {
  const values = input.categories.flatMap((c) => c.values).filter((v): v is number => v !== null);
  const max = input.max ?? Math.max(0, ...values);
  const plotWidth = WIDTH - PLOT_X - VALUE_ROOM;
  const many = input.series.length > 1;
  let y = many ? LEGEND : 0;
  const legend = many ? input.series.map((label, i) => ({ label, series: i, x: PLOT_X + i * 150, y: 4 })) : [];
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
        text: value === null ? input.noValue : input.format(value),
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
