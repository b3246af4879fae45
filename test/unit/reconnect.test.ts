import { describe, expect, it } from 'vitest';
import { reconnectDelaySeconds } from '#src/db/client.ts';

// After a database restart the pool must find the server again within a
// second, however many connects failed while it was away (issue 8).
describe('the pause before the next connection attempt', () => {
  it('starts in tens of milliseconds and never exceeds one second', () => {
    for (let i = 0; i < 200; i++) {
      expect(reconnectDelaySeconds(0)).toBeLessThanOrEqual(0.05);
      expect(reconnectDelaySeconds(1)).toBeGreaterThanOrEqual(0.05);
      for (const failures of [5, 20, 1000]) {
        const delay = reconnectDelaySeconds(failures);
        expect(delay).toBeGreaterThanOrEqual(0.5);
        expect(delay).toBeLessThanOrEqual(1);
      }
    }
  });
});
