import type { APIRoute } from 'astro';
import { databaseHealth } from '#src/db/health.ts';

// For load balancers and monitoring: 200 when the database answers, else 503.
export const GET: APIRoute = async () => {
  const health = await databaseHealth();
  return new Response(JSON.stringify(health), {
    status: health.status === 'ok' ? 200 : 503,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
  });
};
