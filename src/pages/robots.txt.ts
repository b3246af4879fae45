import type { APIRoute } from 'astro';
import { robotsTxt } from '#src/platform/robots.ts';

// Made from the interface languages, so a third language is disallowed too.
export const GET: APIRoute = () =>
  new Response(robotsTxt(), { headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'public, max-age=3600' } });
