import type { APIRoute } from 'astro';
import { config } from '#src/config.ts';
import { database } from '#src/db/client.ts';
import { absoluteUrl, publicPaths } from '#src/paths.ts';
import { notFound } from '#src/platform/outcome.ts';
import { latestPublished } from '#src/quality/results/queries.ts';
import { resultsJson } from '#src/quality/results/open-data.ts';
import { openDataHeaders, yearParam } from '#src/quality/results/responses.ts';

// Issue 17: a published year's figures as JSON, described by the JSON Schema.
export const GET: APIRoute = async ({ params, locals }) => {
  const year = yearParam(params.year);
  const published = year === null ? undefined : await latestPublished(await database(), year);
  if (!published) throw notFound();
  const body = resultsJson(published.figures, {
    approvedAt: published.approvedAt,
    schemaUrl: absoluteUrl(config().baseUrl, publicPaths.resultsSchema(locals.locale)),
  });
  return new Response(JSON.stringify(body, null, 2), {
    headers: openDataHeaders('application/json; charset=utf-8', `results-${published.year}.json`),
  });
};
