import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { count, tableCsv, text, type ReportTable } from '#src/quality/reports/tables.ts';

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
    const csv = tableCsv(
      'lv',
      table([text('=HYPERLINK("https://evil.example","x")'), text('+1+1'), text('@SUM(A1)'), text('-2+3'), text('\t=1')]),
    );
    const rows = cellsOf(csv)
      .slice(1)
      .map((r) => r[0]);
    expect(rows).toEqual(['\'=HYPERLINK("https://evil.example","x")', "'+1+1", "'@SUM(A1)", "'-2+3", "'\t=1"]);
  });

  it('leaves ordinary text and negative numbers as they are', () => {
    const csv = tableCsv('lv', table([text('Ļoti laba apkalpošana'), text('Pakalpojums – ātrs')]));
    const rows = cellsOf(csv).slice(1);
    expect(rows).toEqual([
      ['Ļoti laba apkalpošana', '-1'],
      ['Pakalpojums – ātrs', '0'],
    ]);
  });

  describe('whatever line breaks a client typed', () => {
    const breaks = { LF: '\n', CR: '\r', CRLF: '\r\n', 'LF LF': '\n\n', 'CR LF CR': '\r\n\r' };
    const formulas = ['=2+2', '+2+2', '-2+2', '@SUM(A1)', '\t=1', '\r=3+3', '＝1+1', '=HYPERLINK("https://evil.example";"x")'];
    const comments = Object.values(breaks).flatMap((br) =>
      formulas.flatMap((f) => [`ok${br}${f}`, `${f}${br}${f}`, `a;b,c${br}"quoted"${br}${f}`]),
    );

    for (const locale of ['lv', 'en']) {
      it(`keeps each comment in one cell, with no line a spreadsheet would run (${locale})`, () => {
        const csv = tableCsv(locale, table(comments.map(text)));
        // Strict: every quote balanced, every record as wide as the header.
        const rows = parse(csv, {
          bom: true,
          delimiter: locale === 'lv' ? ';' : ',',
          relax_quotes: false,
          relax_column_count: false,
        }) as string[][];
        expect(rows.length).toBe(comments.length + 1);
        const cells = rows.slice(1).map((r) => r[0]!);
        const lines = cells.flatMap((c) => c.split(/\r\n|\r|\n/));
        expect(lines.filter((l) => /^[=+\-@\t\r＝＋－＠]/.test(l))).toEqual([]);
        // Nothing is lost: the same words, each line marked as text where it had to be.
        expect(cells.map((c) => c.replace(/^'/gm, ''))).toEqual(comments.map((c) => c.replace(/\r\n?/g, '\n')));
        // And no physical line of the file, read as a naive reader would, starts a formula either.
        expect(csv.split(/\r\n|\r|\n/).filter((l) => /^[=+\-@\t＝＋－＠]/.test(l))).toEqual([]);
      });
    }
  });
});
