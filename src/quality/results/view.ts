// The public results in the page's language: for each figure a chart, the
// same numbers as a table and a sentence saying what changed. The staff
// publish page and the public page show the same view, so the director
// approves exactly what the public will read.
import type { Translate } from '#src/i18n/index.ts';
import { formatMonth, formatNumber } from '#src/i18n/index.ts';
import { parseQuarter } from '#src/calendar/periods.ts';
import { barChart, type BarChart } from '#src/quality/reports/charts.ts';
import { count, decimal, pct, percent, text, type Cell } from '#src/quality/reports/tables.ts';
import {
  complaintsChange,
  deadlinesChange,
  satisfactionChange,
  suggestionsChange,
  type AnswerFigures,
  type Change,
  type GroupFigures,
  type YearFigures,
} from './figures.ts';

export type ResultsTable = { id: string; caption: string; head: string[]; rows: Cell[][] };
export type ResultsSection = {
  id: string;
  heading: string;
  /** What changed, in one sentence; empty when there is nothing to compare. */
  change: string;
  chart?: BarChart;
  tables: ResultsTable[];
  /** True when some figure in the section was withheld (the small-cell note is shown). */
  withheld: boolean;
};

export function resultsView(f: YearFigures, t: Translate, locale: string): ResultsSection[] {
  const withheldText = t('results:withheldCell');
  /** A figure, or the word for withheld when the small-cell rule took it. */
  const cell = (row: { withheld: string[] }, field: string, make: (v: number | null) => Cell, value: number | null): Cell =>
    row.withheld.includes(field) ? text(withheldText) : make(value);
  const quarterLabel = (key: string) => {
    const q = parseQuarter(key);
    return q ? t('quality:quarter', { quarter: q.quarter, year: q.year }) : key;
  };
  const monthLabel = (m: string) => formatMonth(locale, m);
  const number = (v: number) => formatNumber(locale, v);
  const sentence = (key: string, change: (Change & Record<string, unknown>) | null, values: Record<string, string>) =>
    change ? t(`results:${key}.change.${change.direction}`, values) : '';
  /** The sentence for a figure compared between two periods (quarters or months). */
  const periodSentence = (
    key: string,
    change: (Change & { fromPeriod: string; toPeriod: string }) | null,
    value: (v: number) => string,
    period: (p: string) => string,
  ) =>
    sentence(
      key,
      change,
      change
        ? { from: value(change.from), to: value(change.to), fromPeriod: period(change.fromPeriod), toPeriod: period(change.toPeriod) }
        : {},
    );

  //
  const year = f.year;
  const s = f.satisfaction;
  const answerCells = (r: AnswerFigures) => [
    cell(r, 'answers', count, r.answers),
    cell(r, 'mean', decimal, r.mean),
    cell(r, 'topTwoBox', percent, r.topTwoBox),
  ];
  const sChange = satisfactionChange(f);
  const groupRows = (groups: GroupFigures[], none: string) =>
    groups.map((g) => [text(g.name ? (locale === 'lv' ? g.name.lv : g.name.en) : none), ...answerCells(g)]);
  const groupHead = (first: string) => [
    first,
    t('results:satisfaction.answers'),
    t('results:satisfaction.mean'),
    t('results:satisfaction.topTwo'),
  ];
  const satisfaction: ResultsSection = {
    id: 'satisfaction',
    heading: t('results:satisfaction.heading', { year }),
    change: sentence('satisfaction', sChange, {
      from: sChange ? formatNumber(locale, sChange.from, { minimumFractionDigits: 1, maximumFractionDigits: 1 }) : '',
      to: sChange ? formatNumber(locale, sChange.to, { minimumFractionDigits: 1, maximumFractionDigits: 1 }) : '',
      max: sChange ? number(sChange.scaleMax) : '',
      year: String(year),
      before: String(year - 1),
    }),
    chart: barChart({
      title: t('results:satisfaction.chartTitle', { year }),
      series: [String(year), String(year - 1)],
      categories: s.year.map((r, i) => ({
        label: t(`quality:criteria.${r.criterion}`),
        values: [r.topTwoBox, s.before[i]?.topTwoBox ?? null],
      })),
      format: pct(locale),
      max: 1,
      noValue: t('results:noValue'),
    }),
    tables: [
      {
        id: 'satisfaction-criteria',
        caption: t('results:satisfaction.byCriterion', { year }),
        head: [
          t('results:satisfaction.criterion'),
          `${t('results:satisfaction.answers')} ${year}`,
          `${t('results:satisfaction.mean')} ${year}`,
          `${t('results:satisfaction.topTwo')} ${year}`,
          `${t('results:satisfaction.answers')} ${year - 1}`,
          `${t('results:satisfaction.mean')} ${year - 1}`,
          `${t('results:satisfaction.topTwo')} ${year - 1}`,
        ],
        rows: s.year.map((r, i) => [text(t(`quality:criteria.${r.criterion}`)), ...answerCells(r), ...answerCells(s.before[i]!)]),
      },
      {
        id: 'satisfaction-units',
        caption: t('results:satisfaction.byUnit', { year }),
        head: groupHead(t('results:unit')),
        rows: groupRows(s.byUnit, t('results:wholeInstitution')),
      },
      {
        id: 'satisfaction-topics',
        caption: t('results:satisfaction.byTopic', { year }),
        head: groupHead(t('results:topic')),
        rows: groupRows(s.byTopic, t('results:noTopic')),
      },
    ],
    withheld: [...s.year, ...s.before, ...s.byUnit, ...s.byTopic].some((r) => r.withheld.length > 0),
  };

  //
  const cChange = complaintsChange(f);
  const complaints: ResultsSection = {
    id: 'complaints',
    heading: t('results:complaints.heading', { year }),
    change: periodSentence('complaints', cChange, number, quarterLabel),
    chart: barChart({
      title: t('results:complaints.chartTitle', { year }),
      series: [t('results:complaints.justified')],
      categories: f.complaints.map((r) => ({ label: quarterLabel(r.quarter), values: [r.justified] })),
      format: number,
      noValue: t('results:noValue'),
    }),
    tables: [
      {
        id: 'complaints-quarters',
        caption: t('results:complaints.caption', { year }),
        head: [t('results:quarter'), t('results:complaints.closed'), t('results:complaints.justified'), t('results:complaints.share')],
        rows: f.complaints.map((r) => [
          text(quarterLabel(r.quarter)),
          cell(r, 'closed', count, r.closed),
          cell(r, 'justified', count, r.justified),
          cell(r, 'share', percent, r.share),
        ]),
      },
    ],
    withheld: f.complaints.some((r) => r.withheld.length > 0),
  };

  // Reg. 399 p.23
  const dChange = deadlinesChange(f);
  const share = (r: { onTime: number | null; answered: number | null }) => (r.onTime !== null && r.answered ? r.onTime / r.answered : null);
  const deadlines: ResultsSection = {
    id: 'deadlines',
    heading: t('results:deadlines.heading', { year }),
    change: periodSentence('deadlines', dChange, pct(locale), monthLabel),
    chart: barChart({
      title: t('results:deadlines.chartTitle', { year }),
      series: [t('results:deadlines.onTimeShare')],
      categories: f.deadlines.map((r) => ({ label: monthLabel(r.month), values: [share(r)] })),
      format: pct(locale),
      max: 1,
      noValue: t('results:noValue'),
    }),
    tables: [
      {
        id: 'deadlines-months',
        caption: t('results:deadlines.caption', { year }),
        head: [
          t('results:month'),
          t('results:deadlines.received'),
          t('results:deadlines.answered'),
          t('results:deadlines.onTime'),
          t('results:deadlines.late'),
          t('results:deadlines.overdueOpen'),
          t('results:deadlines.median'),
        ],
        rows: f.deadlines.map((r) => [
          text(monthLabel(r.month)),
          cell(r, 'received', count, r.received),
          cell(r, 'answered', count, r.answered),
          cell(r, 'onTime', count, r.onTime),
          cell(r, 'late', count, r.late),
          cell(r, 'overdueOpen', count, r.overdueOpen),
          cell(r, 'medianWorkingDays', decimal, r.medianWorkingDays),
        ]),
      },
    ],
    withheld: f.deadlines.some((r) => r.withheld.length > 0),
  };

  // S-4.8
  const gChange = suggestionsChange(f);
  const suggestions: ResultsSection = {
    id: 'suggestions',
    heading: t('results:suggestions.heading', { year }),
    change: periodSentence('suggestions', gChange, number, quarterLabel),
    chart: barChart({
      title: t('results:suggestions.chartTitle', { year }),
      series: [t('results:suggestions.received'), t('results:suggestions.implemented')],
      categories: f.suggestions.map((r) => ({ label: quarterLabel(r.quarter), values: [r.received, r.implemented] })),
      format: number,
      noValue: t('results:noValue'),
    }),
    tables: [
      {
        id: 'suggestions-quarters',
        caption: t('results:suggestions.caption', { year }),
        head: [
          t('results:quarter'),
          t('results:suggestions.received'),
          t('results:suggestions.decided'),
          t('results:suggestions.implemented'),
        ],
        rows: f.suggestions.map((r) => [
          text(quarterLabel(r.quarter)),
          cell(r, 'received', count, r.received),
          cell(r, 'decided', count, r.decided),
          cell(r, 'implemented', count, r.implemented),
        ]),
      },
    ],
    withheld: f.suggestions.some((r) => r.withheld.length > 0),
  };
  return [satisfaction, complaints, deadlines, suggestions];
}

/** The sections and fields `flattenFigures` names, each worded in results:staff.figures. */
const FIGURE_SECTIONS = new Set([
  'satisfaction',
  'satisfactionBefore',
  'satisfactionByUnit',
  'satisfactionByTopic',
  'complaints',
  'deadlines',
  'suggestions',
]);
const FIGURE_FIELDS = new Set([
  'answers',
  'mean',
  'topTwoBox',
  'scaleMax',
  'closed',
  'justified',
  'share',
  'received',
  'answered',
  'onTime',
  'late',
  'overdueOpen',
  'medianWorkingDays',
  'decided',
  'implemented',
]);

/**
 * The director's difference table names each figure in words, not by its
 * key (`complaints.2026-Q1.justified` → "Justified complaints, Q1 2026:
 * justified"): the section, the row (criterion, quarter, month, unit or
 * topic, named as in either snapshot) and the field. A key this version
 * does not know (a snapshot of a later format) is shown as it is.
 */
export function figureNamer(snapshots: readonly YearFigures[], t: Translate, locale: string): (figure: string) => string {
  const groups = new Map<string, string>();
  for (const f of snapshots) {
    for (const [section, rows] of [
      ['satisfactionByUnit', f.satisfaction.byUnit],
      ['satisfactionByTopic', f.satisfaction.byTopic],
    ] as const) {
      for (const g of rows) if (g.key !== null && g.name) groups.set(`${section}.${g.key}`, locale === 'lv' ? g.name.lv : g.name.en);
    }
  }
  const lowerFirst = (s: string) => s.charAt(0).toLocaleLowerCase(locale) + s.slice(1);
  return (figure) => {
    const parts = figure.split('.');
    const section = parts[0]!;
    const field = parts.at(-1)!;
    const row = parts.slice(1, -1).join('.');
    const year = snapshots[0]?.year ?? 0;
    if (parts.length < 3 || !FIGURE_SECTIONS.has(section) || !FIGURE_FIELDS.has(field)) return figure;
    let rowName: string;
    if (section === 'satisfaction' || section === 'satisfactionBefore') rowName = lowerFirst(t(`quality:criteria.${row}`));
    else if (section === 'complaints' || section === 'suggestions') {
      const q = parseQuarter(row);
      rowName = q ? t('quality:quarter', { quarter: q.quarter, year: q.year }) : row;
    } else if (section === 'deadlines') rowName = /^\d{4}-\d{2}$/.test(row) ? formatMonth(locale, row) : row;
    else if (row === 'none') rowName = t(section === 'satisfactionByUnit' ? 'results:wholeInstitution' : 'results:noTopic');
    else rowName = groups.get(`${section}.${row}`) ?? row;
    return t('results:staff.figures.name', {
      section: t(`results:staff.figures.sections.${section}`, { year: section === 'satisfactionBefore' ? year - 1 : year }),
      row: rowName,
      field: t(`results:staff.figures.fields.${field}`),
    });
  };
}
