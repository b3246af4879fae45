// The published results as open data (issue 17): one CSV and one JSON file
// per year at a stable address, a JSON Schema that says what each field
// means, and a DCAT-AP dataset description a national open data portal can
// harvest. Pure builders over the published snapshot: the files carry
// exactly the figures of the public page, small cells withheld alike.
import { stringify } from 'csv-stringify/sync';
import { inertInSpreadsheet } from '#src/quality/reports/tables.ts';
import type { YearFigures } from './figures.ts';

export const LICENSE_URL = 'https://creativecommons.org/licenses/by/4.0/';

/** The columns of the CSV, one figure per row (a long table any tool can pivot). */
export const CSV_COLUMNS = ['year', 'section', 'period', 'group', 'measure', 'value', 'withheld'] as const;

type CsvRow = [number, string, string, string, string, number | null, boolean];

/** Every figure of the snapshot as a row: which section, period and group it belongs to, and its value. */
export function resultRows(f: YearFigures): CsvRow[] {
  const rows: CsvRow[] = [];
  const add = (section: string, period: string, group: string, row: Record<string, unknown> & { withheld: string[] }, skip: string[]) => {
    for (const [measure, value] of Object.entries(row)) {
      if (skip.includes(measure) || measure === 'withheld' || !(typeof value === 'number' || value === null)) continue;
      rows.push([f.year, section, period, group, measure, value, row.withheld.includes(measure)]);
    }
  };
  for (const r of f.satisfaction.year) add('satisfaction', String(f.year), r.criterion, r, ['key']);
  for (const r of f.satisfaction.before) add('satisfaction', String(f.year - 1), r.criterion, r, ['key']);
  for (const r of f.satisfaction.byUnit) add('satisfaction_by_unit', String(f.year), r.name?.en ?? 'whole institution', r, ['key']);
  for (const r of f.satisfaction.byTopic) add('satisfaction_by_topic', String(f.year), r.name?.en ?? 'no topic', r, ['key']);
  for (const r of f.complaints) add('complaints', r.quarter, '', r, []);
  for (const r of f.deadlines) add('deadlines', r.month, '', r, []);
  for (const r of f.suggestions) add('suggestions', r.quarter, '', r, []);
  return rows;
}

/**
 * RFC 4180: comma, CRLF, a dot for decimals, UTF-8 without a byte-order
 * mark (a machine reads it; the page's tables are for people). A unit's or
 * topic's name is text an administrator typed, so it cannot start a formula.
 */
export function resultsCsv(f: YearFigures): string {
  return stringify(
    [
      [...CSV_COLUMNS],
      ...resultRows(f).map(([year, section, period, group, measure, value, withheld]) => [
        year,
        section,
        period,
        inertInSpreadsheet(group),
        measure,
        value === null ? '' : value,
        withheld ? 'true' : 'false',
      ]),
    ],
    { record_delimiter: 'windows' },
  );
}

/** The JSON file: the snapshot itself, with when it was approved, its licence and its schema. */
export function resultsJson(f: YearFigures, meta: { approvedAt: Date; schemaUrl: string }) {
  return {
    $schema: meta.schemaUrl,
    year: f.year,
    approvedAt: meta.approvedAt.toISOString(),
    license: LICENSE_URL,
    figures: f,
  };
}

const nullableNumber = { type: ['number', 'null'] };
const withheld = {
  type: 'array',
  items: { type: 'string' },
  description: 'The fields of this row withheld by the small-cell rule (their value is null).',
};
const answerRow = {
  type: 'object',
  required: ['answers', 'mean', 'topTwoBox', 'scaleMax', 'withheld'],
  properties: {
    answers: { ...nullableNumber, description: 'Number of answers.' },
    mean: { ...nullableNumber, description: 'Mean on the answers’ own scale; null when answers mix scales.' },
    topTwoBox: { ...nullableNumber, description: 'Share (0–1) of answers in the top two points of their scale.' },
    scaleMax: { ...nullableNumber, description: 'The highest point of the scale (5 on a 1–5 scale).' },
    withheld,
  },
};

/** JSON Schema (2020-12) of the JSON file. */
export function resultsJsonSchema(id: string) {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: id,
    title: 'Service quality results of one year',
    description:
      'The figures the director approved for publication. A figure computed from fewer than minimumCell answers or cases is null and named in its row’s withheld list. Clients’ comments and personal data are never included.',
    type: 'object',
    required: ['year', 'approvedAt', 'license', 'figures'],
    properties: {
      $schema: { type: 'string' },
      year: { type: 'integer' },
      approvedAt: { type: 'string', format: 'date-time', description: 'When the director approved these figures.' },
      license: { type: 'string', format: 'uri' },
      figures: {
        type: 'object',
        required: ['version', 'year', 'computedAt', 'minimumCell', 'satisfaction', 'complaints', 'deadlines', 'suggestions'],
        properties: {
          version: { type: 'integer', description: 'The version of this shape.' },
          year: { type: 'integer' },
          computedAt: { type: 'string', format: 'date-time' },
          minimumCell: { type: 'integer', description: 'The smallest number of answers or cases a figure is shown for.' },
          satisfaction: {
            type: 'object',
            description: 'Client satisfaction from the yearly survey (standard criterion Q-3).',
            properties: {
              year: { type: 'array', items: { ...answerRow, properties: { ...answerRow.properties, criterion: { type: 'string' } } } },
              before: {
                type: 'array',
                description: 'The same for the year before.',
                items: { ...answerRow, properties: { ...answerRow.properties, criterion: { type: 'string' } } },
              },
              byUnit: {
                type: 'array',
                description: 'Overall satisfaction by unit; a null name is the whole institution.',
                items: { ...answerRow, properties: { ...answerRow.properties, key: nullableNumber, name: { type: ['object', 'null'] } } },
              },
              byTopic: {
                type: 'array',
                description: 'Overall satisfaction by topic; a null name is answers without a topic.',
                items: { ...answerRow, properties: { ...answerRow.properties, key: nullableNumber, name: { type: ['object', 'null'] } } },
              },
            },
          },
          complaints: {
            type: 'array',
            description: 'Complaints decided per quarter (Riga time) and how many were justified (Q-4).',
            items: {
              type: 'object',
              properties: {
                quarter: { type: 'string', pattern: '^\\d{4}-Q[1-4]$' },
                closed: nullableNumber,
                justified: nullableNumber,
                share: { ...nullableNumber, description: 'Justified as a share (0–1) of those decided.' },
                withheld,
              },
            },
          },
          deadlines: {
            type: 'array',
            description: 'Cabinet Regulation No. 399, point 23: deadlines per month.',
            items: {
              type: 'object',
              properties: {
                month: { type: 'string', pattern: '^\\d{4}-\\d{2}$' },
                received: { ...nullableNumber, description: 'Submissions received in the month.' },
                answered: { ...nullableNumber, description: 'Answered (or closed without an answer) in the month.' },
                onTime: { ...nullableNumber, description: 'Of those answered, by their deadline.' },
                late: { ...nullableNumber, description: 'Of those answered, after their deadline.' },
                overdueOpen: { ...nullableNumber, description: 'Open at the month’s end with the deadline passed.' },
                medianWorkingDays: { ...nullableNumber, description: 'Median working days from receipt to answer.' },
                withheld,
              },
            },
          },
          suggestions: {
            type: 'array',
            description: 'Clients’ suggestions per quarter.',
            items: {
              type: 'object',
              properties: {
                quarter: { type: 'string', pattern: '^\\d{4}-Q[1-4]$' },
                received: nullableNumber,
                decided: nullableNumber,
                implemented: { ...nullableNumber, description: 'Of those decided, accepted to be implemented.' },
                withheld,
              },
            },
          },
        },
      },
    },
  };
}

type Texts = { lv: string; en: string };
const langString = (t: Texts) => [
  { '@language': 'lv', '@value': t.lv },
  { '@language': 'en', '@value': t.en },
];
const EU = 'http://publications.europa.eu/resource/authority';

/**
 * DCAT-AP 2/3 (JSON-LD): the dataset, its publisher (the institution from
 * the settings), licence CC BY 4.0, and two distributions per published
 * year (CSV, JSON) at their stable addresses.
 */
export function datasetJsonLd(input: {
  id: string;
  landingPage: string;
  schemaUrl: string;
  title: Texts;
  description: Texts;
  publisher: { name: Texts; email: string; website: string | null };
  years: Array<{ year: number; approvedAt: Date; csv: string; json: string }>;
}) {
  const distribution = input.years.flatMap((y) =>
    (['csv', 'json'] as const).map((format) => ({
      '@id': format === 'csv' ? y.csv : y.json,
      '@type': 'dcat:Distribution',
      'dct:title': `${y.year} (${format.toUpperCase()})`,
      'dcat:accessURL': { '@id': input.landingPage },
      'dcat:downloadURL': { '@id': format === 'csv' ? y.csv : y.json },
      'dcat:mediaType': { '@id': `http://www.iana.org/assignments/media-types/${format === 'csv' ? 'text/csv' : 'application/json'}` },
      'dct:format': { '@id': `${EU}/file-type/${format.toUpperCase()}` },
      'dct:license': { '@id': LICENSE_URL },
      'dct:issued': { '@type': 'xsd:dateTime', '@value': y.approvedAt.toISOString() },
      'dct:temporal': {
        '@type': 'dct:PeriodOfTime',
        'dcat:startDate': { '@type': 'xsd:date', '@value': `${y.year}-01-01` },
        'dcat:endDate': { '@type': 'xsd:date', '@value': `${y.year}-12-31` },
      },
      ...(format === 'json' ? { 'dct:conformsTo': { '@id': input.schemaUrl } } : {}),
    })),
  );
  const modified = input.years.map((y) => y.approvedAt.getTime());
  return {
    '@context': {
      dcat: 'http://www.w3.org/ns/dcat#',
      dct: 'http://purl.org/dc/terms/',
      foaf: 'http://xmlns.com/foaf/0.1/',
      vcard: 'http://www.w3.org/2006/vcard/ns#',
      xsd: 'http://www.w3.org/2001/XMLSchema#',
    },
    '@id': input.id,
    '@type': 'dcat:Dataset',
    'dct:title': langString(input.title),
    'dct:description': langString(input.description),
    'dct:publisher': {
      '@type': 'foaf:Agent',
      'foaf:name': langString(input.publisher.name),
      ...(input.publisher.website ? { 'foaf:homepage': { '@id': input.publisher.website } } : {}),
    },
    'dcat:contactPoint': {
      '@type': 'vcard:Organization',
      'vcard:fn': input.publisher.name.lv,
      'vcard:hasEmail': { '@id': `mailto:${input.publisher.email}` },
    },
    'dct:license': { '@id': LICENSE_URL },
    'dct:accessRights': { '@id': `${EU}/access-right/PUBLIC` },
    'dct:accrualPeriodicity': { '@id': `${EU}/frequency/ANNUAL` },
    'dcat:theme': { '@id': `${EU}/data-theme/GOVE` },
    'dct:language': [{ '@id': `${EU}/language/LAV` }, { '@id': `${EU}/language/ENG` }],
    'dcat:keyword': [
      ...langString({ lv: 'klientu apmierinātība', en: 'client satisfaction' }),
      ...langString({ lv: 'sūdzības', en: 'complaints' }),
    ],
    'dcat:landingPage': { '@id': input.landingPage },
    ...(modified.length ? { 'dct:modified': { '@type': 'xsd:dateTime', '@value': new Date(Math.max(...modified)).toISOString() } } : {}),
    'dcat:distribution': distribution,
  };
}
