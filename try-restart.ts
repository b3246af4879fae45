import { startPrivatePostgres } from './test/support/private-postgres.ts';
import { startServer } from './test/support/server.ts';
const cluster = await startPrivatePostgres();
const server = await startServer({ DATABASE_URL: cluster.url, DEMO_DATA: '1', REQUEST_TIMEOUT_MS: '4000' });
const t0 = Date.now();
const log: string[] = [];
const body = () => new URLSearchParams({ topic: 'eia', details: 'x', name: 'Anna', replyChannel: 'email', email: 'f@example.lv', replyLanguage: 'lv' });
let done = false;
const clients = Array.from({ length: 4 }, async (_, c) => {
  while (!done) {
    const s = Date.now();
    try {
      const r = await fetch(`${server.url}/lv/question`, { method: 'POST', redirect: 'manual', headers: { Origin: server.url }, body: body() });
      if (r.status !== 303 || Date.now() - s > 100) log.push(`${c} t=${s - t0} ${r.status} ${Date.now() - s}ms`);
    } catch (e) { log.push(`${c} t=${s - t0} net ${Date.now() - s}ms`); }
  }
});
setTimeout(async () => { log.push(`-- stop at ${Date.now() - t0}`); await cluster.stop(); log.push(`-- stopped at ${Date.now() - t0}`); setTimeout(async () => { await cluster.start(); log.push(`-- started at ${Date.now() - t0}`); setTimeout(() => { done = true; }, 8000); }, 2000); }, 1000);
await Promise.all(clients);
console.log(log.length, log.slice(-25).join('\n'));
await server.stop(); await cluster.destroy();
