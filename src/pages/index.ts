import type { APIRoute } from 'astro';
import { pickLocale } from '#src/i18n/languages.ts';
import { publicPaths } from '#src/paths.ts';

// `/` sends the visitor to their language (Accept-Language, else Latvian).
export const GET: APIRoute = ({ request, redirect }) => {
  const response = redirect(publicPaths.home(pickLocale(request.headers.get('accept-language'))), 302);
  response.headers.set('Vary', 'Accept-Language');
  return response;
};
