// A report's numbers as tables: one description serves the page (formatted
// for reading) and the CSV export (formatted for a spreadsheet), so the two
// always carry the same numbers.
import { stringify } from 'csv-stringify/sync';
import { formatDate, formatNumber } from '#src/i18n/index.ts';
import type { BarChart } from './charts.ts';

export type Cell =
  | { kind: 'text'; text: string }
  | { kind: 'number'; value: number | null; digits?: number }
  | { kind: 'percent'; value: number | null }
  | { kind: 'date'; value: string | null };

export const text = (t: string): Cell => ({ kind: 'text', text: t });
export const count = (value: number | null): Cell => ({ kind: 'number', value });
/** Means and medians: one decimal. */
export const decimal = (value: number | null): Cell => ({ kind: 'number', value, digits: 1 });
export const percent = (value: number | null): Cell => ({ kind: 'percent', value });
export const day = (value: string | null): Cell => ({ kind: 'date', value });

export type ReportTable = {
  /** Part of the CSV's address and file name. */
  id: string;
  caption: string;
  head: string[];
  /** The first cell of a row names it (a row header). */
  rows: Cell[][];
  chart?: BarChart;
};

/** A share as a chart writes it on its bar: a percentage with one decimal, as a percent cell on the page. */
export const pct = (locale: string) => (v: number) => formatNumber(locale, v, { style: 'percent', maximumFractionDigits: 1 });

/** Written where there is nothing to count (no answers, no cases). */
export const EMPTY = '—';

/**
 * A cell in words. On the page, Latvian grouping (a no-break space) and a
 * decimal comma; in a CSV the same digits without grouping, so a
 * spreadsheet reads them as numbers.
 */
export function formatCell(locale: string, cell: Cell, target: 'page' | 'csv' = 'page'): string {
  const grouping = target === 'page';
  switch (cell.kind) {
    case 'text':
      return target === 'csv' ? inertInSpreadsheet(cell.text) : cell.text;
    case 'date':
      return cell.value === null ? EMPTY : formatDate(locale, cell.value);
    case 'number':
      return cell.value === null
        ? EMPTY
        : formatNumber(locale, cell.value, {
            minimumFractionDigits: cell.digits ?? 0,
            maximumFractionDigits: cell.digits ?? 0,
            useGrouping: grouping,
          });
    case 'percent':
      return cell.value === null
        ? EMPTY
        : formatNumber(locale, cell.value, { style: 'percent', maximumFractionDigits: 1, useGrouping: grouping });
  }
}

/** What a spreadsheet runs when a cell, or a line of it, starts with it: =, +, -, @, a tab, a carriage return (OWASP, CSV injection), and their full-width forms, which some spreadsheets read the same way. */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/**
 * Text a client wrote (a comment, a name) must not become a formula when a
 * manager opens the CSV in a spreadsheet (CSV injection). Line breaks inside
 * the text become one kind (LF, whatever the client's browser or script
 * sent: CR, LF or CRLF), and every line that starts with a formula
 * character gets a leading apostrophe, the spreadsheets' own mark for "this
 * is text": a cell is one line in one program and several in another, so
 * no line may start a formula. Numbers are not text cells, so a negative
 * number stays a number.
 */
export function inertInSpreadsheet(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => (FORMULA_START.test(line) ? `'${line}` : line))
    .join('\n');
}

/** Latvian spreadsheets read a semicolon-separated file (the comma is the decimal sign). */
export function csvDelimiter(locale: string): string {
  return formatNumber(locale, 1.5).includes(',') ? ';' : ',';
}

/**
 * The table as CSV text: a byte-order mark (so a spreadsheet reads UTF-8),
 * the header, the rows. Quoting is csv-stringify's, not ours: it quotes a
 * cell with the delimiter, a quote or the record delimiter (CRLF) and
 * doubles its quotes, and `quoted_match` makes it quote any cell with a
 * line break or a tab as well. Without that a bare LF in a comment was
 * written unquoted, a spreadsheet started a new row there, and whatever
 * followed it was a live formula (referees.md, X1).
 */
export function tableCsv(locale: string, table: ReportTable): string {
  return `\uFEFF${stringify([table.head, ...table.rows.map((row) => row.map((cell) => formatCell(locale, cell, 'csv')))], {
    delimiter: csvDelimiter(locale),
    record_delimiter: 'windows',
    quoted_match: /[\r\n\t]/,
  })}`;
}

/** A download, never shown inline. */
export function csvResponse(locale: string, fileName: string, table: ReportTable): Response {
  return new Response(tableCsv(locale, table), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${fileName.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
      'Cache-Control': 'private, no-store',
    },
  });
}
