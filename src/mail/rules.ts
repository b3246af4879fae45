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

/**
 * A private link's token in a letter: status, reading and rating links,
 * confirmation pages, set-password links, calendar feeds. A finished
 * letter (sent or given up) keeps its words without these tokens: the
 * database keeps secrets only as hashes
 * (docs/0004-private-links-are-stored-as-hashes.md), and a letter kept
 * 90 days with a set-password or status link in clear would undo that
 * (security review m3). The client has the letter; the institution needs
 * the words. PostgreSQL applies it (mail/queries.ts, withoutPrivateLinks).
 */
export const PRIVATE_LINK_PATTERN = '(/(case|rate|submitted|set-password|calendar)/)[A-Za-z0-9_-]{20,}';
export const REDACTED_TOKEN = '[removed]';
