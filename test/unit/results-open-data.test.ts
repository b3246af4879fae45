import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { summariseAnswers } from '#src/quality/reports/arithmetic.ts';
import {
  answerFigures,
  complaintFigures,
  deadlineFigures,
  MINIMUM_CELL,
  suggestionFigures,
  type YearFigures,
} from '#src/quality/results/figures.ts';
import { CSV_COLUMNS, datasetJsonLd, LICENSE_URL, resultsCsv, resultsJson, resultsJsonSchema } from '#src/quality/results/open-data.ts';
import { yearParam } from '#src/quality/results/responses.ts';

const figures: YearFigures = {
  version: 1,
  year: 2026,
  computedAt: '2026-11-25T08:00:00.000Z',
  minimumCell: MINIMUM_CELL,
  satisfaction: {
    year: [{ criterion: 'overall', ...answerFigures(summariseAnswers([{ scaleMin: 1, scaleMax: 5, value: 4, answers: 8 }])) }],
    before: [{ criterion: 'overall', ...answerFigures(summariseAnswers([])) }],
    byUnit: [
      {
        key: 4,
        name: { lv: '=Juridiskā', en: '=HYPERLINK("x")' },
        ...answerFigures(summariseAnswers([{ scaleMin: 1, scaleMax: 5, value: 4, answers: 2 }])),
      },
    ],
    byTopic: [],
  },
  complaints: [complaintFigures('2026-Q1', { justified: 2, closed: 10, share: 0.2 })],
  deadlines: [deadlineFigures('2026-01', { received: 3, done: 12, onTime: 11, late: 1, overdueOpen: 0, medianWorkingDays: 4.5 })],
  suggestions: [suggestionFigures('2026-Q1', { received: 6, decided: 5, implement: 2 })],
};

describe('open data builders (issue 17)', () => {
  it('writes one figure a row, withheld figures empty and marked, names that cannot start a formula', () => {
    const csv = resultsCsv(figures);
    expect(csv.startsWith('\uFEFF')).toBe(false);
    expect(csv).toContain('\r\n');
    const rows: string[][] = parse(csv);
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toContainEqual(['2026', 'satisfaction', '2026', 'overall', 'mean', '4', 'false']);
    expect(rows).toContainEqual(['2026', 'complaints', '2026-Q1', '', 'share', '0.2', 'false']);
    expect(rows).toContainEqual(['2026', 'deadlines', '2026-01', '', 'received', '', 'true']);
    expect(rows).toContainEqual(['2026', 'deadlines', '2026-01', '', 'medianWorkingDays', '4.5', 'false']);
    expect(rows).toContainEqual(['2026', 'satisfaction_by_unit', '2026', `'=HYPERLINK("x")`, 'answers', '', 'true']);
    // The year before has no answers: zero shown, nothing withheld.
    expect(rows).toContainEqual(['2026', 'satisfaction', '2025', 'overall', 'answers', '0', 'false']);
  });

  it('the JSON carries the snapshot, its approval, licence and schema', () => {
    const json = resultsJson(figures, { approvedAt: new Date('2026-11-25T09:00:00Z'), schemaUrl: 'https://x.lv/en/results/schema.json' });
    expect(json).toEqual({
      $schema: 'https://x.lv/en/results/schema.json',
      year: 2026,
      approvedAt: '2026-11-25T09:00:00.000Z',
      license: LICENSE_URL,
      figures,
    });
    const schema = resultsJsonSchema('https://x.lv/en/results/schema.json');
    // Every field a row of the snapshot has is described.
    const deadlineFields = Object.keys(schema.properties.figures.properties.deadlines.items.properties).toSorted();
    expect(deadlineFields).toEqual(Object.keys(figures.deadlines[0]!).toSorted());
    const complaintFields = Object.keys(schema.properties.figures.properties.complaints.items.properties).toSorted();
    expect(complaintFields).toEqual(Object.keys(figures.complaints[0]!).toSorted());
  });

  it('describes the dataset in DCAT-AP with a CSV and a JSON distribution per year', () => {
    const d = datasetJsonLd({
      id: 'https://x.lv/lv/results/dataset.jsonld',
      landingPage: 'https://x.lv/lv/results',
      schemaUrl: 'https://x.lv/lv/results/schema.json',
      title: { lv: 'Rezultāti', en: 'Results' },
      description: { lv: 'Apraksts', en: 'Description' },
      publisher: { name: { lv: 'Birojs', en: 'Bureau' }, email: 'pasts@x.lv', website: 'https://x.lv' },
      years: [
        {
          year: 2026,
          approvedAt: new Date('2026-11-25T09:00:00Z'),
          csv: 'https://x.lv/lv/results/2026.csv',
          json: 'https://x.lv/lv/results/2026.json',
        },
        {
          year: 2025,
          approvedAt: new Date('2026-01-20T09:00:00Z'),
          csv: 'https://x.lv/lv/results/2025.csv',
          json: 'https://x.lv/lv/results/2025.json',
        },
      ],
    });
    expect(d['@type']).toBe('dcat:Dataset');
    expect(d['dct:license']).toEqual({ '@id': LICENSE_URL });
    expect(d['dct:publisher']['foaf:name']).toEqual([
      { '@language': 'lv', '@value': 'Birojs' },
      { '@language': 'en', '@value': 'Bureau' },
    ]);
    expect(d['dcat:contactPoint']['vcard:hasEmail']).toEqual({ '@id': 'mailto:pasts@x.lv' });
    expect(d['dcat:distribution'].map((x) => x['dcat:downloadURL']['@id'])).toEqual([
      'https://x.lv/lv/results/2026.csv',
      'https://x.lv/lv/results/2026.json',
      'https://x.lv/lv/results/2025.csv',
      'https://x.lv/lv/results/2025.json',
    ]);
    expect(d['dcat:distribution'][1]).toMatchObject({ 'dct:conformsTo': { '@id': 'https://x.lv/lv/results/schema.json' } });
    expect(d['dct:modified']).toEqual({ '@type': 'xsd:dateTime', '@value': '2026-11-25T09:00:00.000Z' });
  });

  it('takes a year from the address only as four digits', () => {
    expect(['2026', '26', '2026x', undefined, '0001'].map(yearParam)).toEqual([2026, null, null, null, 1]);
  });
});
