import { describe, expect, it } from 'vitest';
import { numberCommittedCases } from '#src/cases/reference.ts';

/**
 * A handle whose numberings (`select number_pending_cases()`) end when the
 * test says: each call is one numbering begun, in order.
 */
function heldNumberings() {
  const begun: Array<{ finish: (numbered: number) => void; fail: (error: Error) => void }> = [];
  const handle = {
    execute: () =>
      new Promise((resolve, reject) => {
        begun.push({ finish: (numbered) => resolve([{ numbered }]), fail: reject });
      }),
  };
  return { handle: handle as unknown as Parameters<typeof numberCommittedCases>[0], begun };
}

const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('numbering the cases committed by Sends (cases/reference.ts)', () => {
  it('begins a numbering at once when none is under way', async () => {
    const { handle, begun } = heldNumberings();
    const first = numberCommittedCases(handle);
    expect(begun).toHaveLength(1);
    begun[0]!.finish(1);
    expect(await first).toBe(1);
    // The next caller, after it ended, begins another.
    const second = numberCommittedCases(handle);
    expect(begun).toHaveLength(2);
    begun[1]!.finish(0);
    expect(await second).toBe(0);
  });

  it('gives the callers that came during a numbering one numbering after it, never the one that may have looked before their commit', async () => {
    const { handle, begun } = heldNumberings();
    const done: string[] = [];
    const first = numberCommittedCases(handle).then(() => done.push('first'));
    const late = ['a', 'b', 'c'].map((name) => numberCommittedCases(handle).then(() => done.push(name)));
    await settled();
    // The first is under way: the three wait, and nothing else begins.
    expect(begun).toHaveLength(1);
    expect(done).toEqual([]);
    begun[0]!.finish(1);
    await first;
    await settled();
    // Only the first caller is answered by the first numbering; one numbering begins for the three.
    expect(done).toEqual(['first']);
    expect(begun).toHaveLength(2);
    // One that comes now waits for a third: the second may have looked before its commit.
    const later = numberCommittedCases(handle).then(() => done.push('later'));
    await settled();
    expect(begun).toHaveLength(2);
    begun[1]!.finish(3);
    await Promise.all(late);
    await settled();
    expect(done).toEqual(['first', 'a', 'b', 'c']);
    expect(begun).toHaveLength(3);
    begun[2]!.finish(1);
    await later;
    expect(done).toEqual(['first', 'a', 'b', 'c', 'later']);
  });

  it('fails the callers of a numbering that failed, and still begins the next one for those who waited behind it', async () => {
    const { handle, begun } = heldNumberings();
    const first = numberCommittedCases(handle);
    const waiting = numberCommittedCases(handle);
    begun[0]!.fail(new Error('connection lost'));
    await expect(first).rejects.toThrow('connection lost');
    await settled();
    expect(begun).toHaveLength(2);
    begun[1]!.finish(2);
    expect(await waiting).toBe(2);
  });

  it('keeps the numberings of different handles apart', async () => {
    const one = heldNumberings();
    const other = heldNumberings();
    const a = numberCommittedCases(one.handle);
    const b = numberCommittedCases(other.handle);
    expect(one.begun).toHaveLength(1);
    expect(other.begun).toHaveLength(1);
    one.begun[0]!.finish(1);
    other.begun[0]!.finish(1);
    expect(await Promise.all([a, b])).toEqual([1, 1]);
  });
});
