import { describe, expect, it } from 'vitest';
import { repeatPasses } from '#src/platform/repeat.ts';

describe('passes repeated until stopped (the outbox sender, the mailbox reader)', () => {
  it('runs at once and again after each pass, survives a failing pass, and stops after the pass under way', async () => {
    const seen: string[] = [];
    let passes = 0;
    let release: () => void = () => {};
    const loop = repeatPasses(
      async () => {
        passes++;
        if (passes === 2) throw new Error('mailbox down');
        if (passes === 3) await new Promise<void>((resolve) => (release = resolve));
        seen.push(`pass ${passes}`);
      },
      1,
      (error) => seen.push(`failed: ${(error as Error).message}`),
    );
    // The third pass waits; stopping waits for it, and no fourth begins.
    await expect.poll(() => passes, { interval: 5 }).toBe(3);
    const stopped = loop.stop();
    release();
    await stopped;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen).toEqual(['pass 1', 'failed: mailbox down', 'pass 3']);
    expect(passes).toBe(3);
  });
});
