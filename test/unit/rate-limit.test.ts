import { describe, expect, it } from 'vitest';
import { clientKey, clientKeys, windowStart } from '#src/platform/rate-limit.ts';
import { intakeCounts } from '#src/intake/limit.ts';

describe('the keys a client address is counted under', () => {
  it('keeps the address only as a hash, the same under every scope', () => {
    const [intake, posts] = clientKeys('203.0.113.7', 'intake', 'intake-posts');
    expect(intake).toBe(clientKey('intake', '203.0.113.7'));
    expect(posts).toBe(clientKey('intake-posts', '203.0.113.7'));
    expect(intake).not.toContain('203.0.113.7');
    expect(intake.slice('intake:'.length)).toBe(posts.slice('intake-posts:'.length));
    expect(clientKey('intake', '203.0.113.8')).not.toBe(intake);
  });

  it('counts a form post under the keys it was always counted under, the ceiling ten times the limit', () => {
    const [accepted, any] = intakeCounts('2001:db8::1', 30);
    // The first 22 characters of the address's SHA-256 in base64url: the rows a running database counts in.
    expect(accepted.key).toBe('intake:Wv0Z6FbRwY0X1gDf0rX1NJ');
    expect(accepted).toEqual({ key: clientKey('intake', '2001:db8::1'), rule: { limit: 30, windowSeconds: 3600 } });
    expect(any).toEqual({ key: clientKey('intake-posts', '2001:db8::1'), rule: { limit: 300, windowSeconds: 3600 } });
  });

  it('starts a window on its boundary', () => {
    expect(windowStart(new Date('2026-12-04T10:59:59.999Z'), 3600)).toEqual(new Date('2026-12-04T10:00:00Z'));
    expect(windowStart(new Date('2026-12-04T11:00:00Z'), 3600)).toEqual(new Date('2026-12-04T11:00:00Z'));
  });
});
