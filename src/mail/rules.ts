// When to try a message again after a failed send: exponential back-off from
// 30 seconds, capped at an hour; after MAX_ATTEMPTS (about a day of tries)
// the message is marked failed for an administrator to see.
export const MAX_ATTEMPTS = 30;
const FIRST_DELAY_MS = 30_000;
const MAX_DELAY_MS = 60 * 60_000;

/** Delay before attempt number `attempts + 1`, given `attempts` made so far (≥ 1). */
export function retryDelayMs(attempts: number): number {
  const exponent = Math.max(0, attempts - 1);
  return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.min(exponent, 20));
}

export function shouldGiveUp(attempts: number): boolean {
  return attempts >= MAX_ATTEMPTS;
}
