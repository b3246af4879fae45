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

  it('waits as long as the last pass asks: soon after one that had work, the whole interval after an idle one or a failure', async () => {
    // Passes 1 and 2 find mail, 3 none, 4 fails: the waits asked for follow what each gave.
    const waits: Array<number | undefined> = [];
    let passes = 0;
    const loop = repeatPasses(
      async () => {
        passes++;
        if (passes === 4) throw new Error('database down');
        return passes < 3 ? 20 : 0;
      },
      (handled) => {
        waits.push(handled);
        return handled ? 1 : 2;
      },
      () => {},
    );
    await expect.poll(() => passes, { interval: 5 }).toBeGreaterThanOrEqual(5);
    await loop.stop();
    expect(waits.slice(0, 4)).toEqual([20, 20, 0, undefined]);
  });
});
