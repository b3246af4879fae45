import { describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server.ts';
import { startPostgresPair } from '../support/postgres-pair.ts';
import { submitThroughOutage } from '../support/outage-load.ts';
import { publicPaths } from '#src/paths.ts';

// The database server dies and its synchronous standby is promoted (issue
// 18): the portal, given both hosts in one DATABASE_URL, must answer the
// gap with the translated 503, find the new primary by itself within ten
// seconds of the promotion, and have lost nothing it acknowledged, because
// the old primary acknowledged a commit only once the standby had applied
// it (synchronous_commit = remote_apply).

// Needs PostgreSQL's programs (initdb, pg_basebackup, pg_ctl); CI sets
// TEST_DATABASE_URL where they are, as for the fault tests.
const withPostgres = process.env.TEST_DATABASE_URL ? ['PostgreSQL'] : [];
describe.each(withPostgres)('failover to a synchronous standby (%s)', () => {
  it('under load, the primary dies and the standby is promoted: 503s meanwhile, served again within 10 s, every acknowledged submission on the new primary once', async () => {
    const pair = await startPostgresPair();
    // The portal migrates on the primary; the standby applies it before each
    // migration's commit returns.
    let server: RunningServer | undefined;
    try {
      server = await startServer({ DATABASE_URL: pair.url, DEMO_DATA: '1', REQUEST_TIMEOUT_MS: '4000' });
      const url = server.url;
      const health = async () => (await fetch(`${url}${publicPaths.health()}`)).status;
      const outcome = await submitThroughOutage(server, pair.standbyUrl, {
        down: async () => {
          await pair.killPrimary();
          // What the load balancer sees in the gap: no primary, no health.
          expect(await health()).toBe(503);
        },
        up: pair.promoteStandby,
      });
      expect(outcome.servedAgainAfterMs).toBeLessThan(10_000);
      expect(await health()).toBe(200);
    } finally {
      // Even when the portal did not start: the pair's servers must not outlive the test.
      await server?.stop();
      await pair.destroy();
    }
  });
});
