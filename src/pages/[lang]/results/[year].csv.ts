import type { APIRoute } from 'astro';
import { database } from '#src/db/client.ts';
import { notFound } from '#src/platform/outcome.ts';
import { publishedFigures } from '#src/quality/results/queries.ts';
import { resultsCsv } from '#src/quality/results/open-data.ts';
import { openDataHeaders, yearParam } from '#src/quality/results/responses.ts';

// Issue 17: a published year's figures as CSV, at a stable address.
export const GET: APIRoute = async ({ params }) => {
  const year = yearParam(params.year);
  const figures = year === null ? undefined : await publishedFigures(await database(), year);
  if (!figures) throw notFound();
  return new Response(resultsCsv(figures), { headers: openDataHeaders('text/csv; charset=utf-8', `results-${figures.year}.csv`) });
};
