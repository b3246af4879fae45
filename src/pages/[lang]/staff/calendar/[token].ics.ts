import type { APIRoute } from 'astro';
import { database } from '#src/db/client.ts';
import { publicBaseUrl } from '#src/platform/request.ts';
import { calendarFeed } from '#src/reading/feed.ts';
import { publicPaths } from '#src/paths.ts';

// An official's reading room calendar, for their calendar program to
// subscribe to (src/reading/feed.ts). The address is the key: an
// unknown or turned-off one is simply not there.
export const GET: APIRoute = async ({ params, locals, rewrite }) => {
  const ics = await calendarFeed(await database(), params.token ?? '', { locale: locals.locale, baseUrl: publicBaseUrl() });
  if (ics === null) return rewrite(publicPaths.notFound(locals.locale));
  return new Response(ics, {
    headers: {
      'Content-Type': 'text/calendar; charset=utf-8',
      // Programs poll it; nothing in between may keep a copy.
      'Cache-Control': 'private, no-cache',
      'X-Robots-Tag': 'noindex',
    },
  });
};
