import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { count, tableCsv, text, type ReportTable } from '../../src/quality/report-tables.ts';

// A report's CSV is opened in a spreadsheet by a manager: what clients wrote
// must arrive as text, never as a formula (CSV injection).
const table = (cells: ReturnType<typeof text>[]): ReportTable => ({
  id: 'comments',
  caption: 'Comments',
  head: ['Comment', 'Answers'],
  rows: cells.map((c, i) => [c, count(i - 1)]),
});

function cellsOf(csv: string): string[][] {
  return parse(csv.replace(/^\uFEFF/, ''), { delimiter: ';' }) as string[][];
}

describe('report CSV', () => {
  it('keeps a comment that looks like a formula as text, with the apostrophe spreadsheets read as "text"', () => {
    const csv = tableCsv('lv', table([text('=HYPERLINK("https://evil.example","x")'), text('+1+1'), text('@SUM(A1)'), text('-2+3'), text('\t=1')]));
    const rows = cellsOf(csv).slice(1).map((r) => r[0]);
    expect(rows).toEqual(["'=HYPERLINK(\"https://evil.example\",\"x\")", "'+1+1", "'@SUM(A1)", "'-2+3", "'\t=1"]);
  });

  it('leaves ordinary text and negative numbers as they are', () => {
    const csv = tableCsv('lv', table([text('Ļoti laba apkalpošana'), text('Pakalpojums – ātrs')]));
    const rows = cellsOf(csv).slice(1);
    expect(rows).toEqual([
      ['Ļoti laba apkalpošana', '-1'],
      ['Pakalpojums – ātrs', '0'],
    ]);
  });
});
