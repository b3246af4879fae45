import type { APIRoute } from 'astro';
import { config } from '#src/config.ts';
import { absoluteUrl, publicPaths } from '#src/paths.ts';
import { resultsJsonSchema } from '#src/quality/results/open-data.ts';
import { openDataHeaders } from '#src/quality/results/responses.ts';

// Issue 17: what each field of the results' JSON means (JSON Schema 2020-12).
export const GET: APIRoute = ({ locals }) =>
  new Response(JSON.stringify(resultsJsonSchema(absoluteUrl(config().baseUrl, publicPaths.resultsSchema(locals.locale))), null, 2), {
    headers: openDataHeaders('application/schema+json; charset=utf-8', 'results-schema.json'),
  });
