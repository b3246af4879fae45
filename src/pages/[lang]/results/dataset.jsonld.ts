import type { APIRoute } from 'astro';
import { config } from '#src/config.ts';
import { database } from '#src/db/client.ts';
import { translator } from '#src/i18n/index.ts';
import { absoluteUrl, publicPaths } from '#src/paths.ts';
import { getInstitution } from '#src/settings/queries.ts';
import { datasetJsonLd } from '#src/quality/results/open-data.ts';
import { publishedYears } from '#src/quality/results/queries.ts';
import { openDataHeaders } from '#src/quality/results/responses.ts';

// Issue 17: the DCAT-AP description of the results dataset, for a national
// open data portal to harvest; the publisher is the institution in the settings.
export const GET: APIRoute = async ({ locals }) => {
  const db = await database();
  const [institution, years] = await Promise.all([getInstitution(db), publishedYears(db)]);
  const { locale } = locals;
  const at = (path: string) => absoluteUrl(config().baseUrl, path);
  const [lv, en] = [translator('lv'), translator('en')];
  const body = datasetJsonLd({
    id: at(publicPaths.resultsDataset(locale)),
    landingPage: at(publicPaths.results(locale)),
    schemaUrl: at(publicPaths.resultsSchema(locale)),
    title: { lv: lv('results:title'), en: en('results:title') },
    description: { lv: lv('results:lead'), en: en('results:lead') },
    publisher: {
      name: { lv: institution?.nameLv ?? '', en: institution?.nameEn ?? '' },
      email: institution?.email ?? '',
      website: institution?.website ?? null,
    },
    years: years.map((y) => ({
      year: y.year,
      approvedAt: y.approvedAt,
      csv: at(publicPaths.resultsData(locale, y.year, 'csv')),
      json: at(publicPaths.resultsData(locale, y.year, 'json')),
    })),
  });
  return new Response(JSON.stringify(body, null, 2), {
    headers: openDataHeaders('application/ld+json; charset=utf-8', 'results-dataset.jsonld'),
  });
};
