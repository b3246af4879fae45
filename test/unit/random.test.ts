import { describe, expect, it } from 'vitest';
import { randomBase64url, randomBuffer, randomHex } from '#src/platform/random.ts';

// The portal's random tokens come from a pool of the OS's CSPRNG
// (platform/random.ts): each byte is handed out once, across refills, and
// a request larger than the pool is served on its own.

describe('random tokens from the pool', () => {
  it('gives tokens of the asked length, never the same twice, across many refills of the pool', () => {
    const seen = new Set<string>();
    // 24 bytes each: 10 000 draws empty the 4 KiB pool about sixty times, at every offset.
    for (let i = 0; i < 10_000; i++) {
      const token = randomBase64url(24);
      expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
      seen.add(token);
    }
    expect(seen.size).toBe(10_000);
    expect(randomHex(12)).toMatch(/^[0-9a-f]{24}$/);
  });

  it('hands out copies that later draws do not change, and serves more than the pool at once', () => {
    const first = randomBuffer(32);
    const kept = Buffer.from(first);
    for (let i = 0; i < 300; i++) randomBuffer(32);
    expect(first.equals(kept)).toBe(true);
    const large = randomBuffer(10_000);
    expect(large.length).toBe(10_000);
    // Not all one value: a buffer of zeros would mean nothing was drawn.
    expect(new Set(large).size).toBeGreaterThan(200);
  });

  it('spreads the bytes over all values (no byte value missing from 64 KiB)', () => {
    const counts = new Array<number>(256).fill(0);
    for (let i = 0; i < 16; i++) for (const b of randomBuffer(4096)) counts[b]!++;
    expect(Math.min(...counts)).toBeGreaterThan(0);
  });
});
