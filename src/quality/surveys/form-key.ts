import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

// A survey form's key is issued by the server with the form and spent by
// the one response it stores (the unique index on survey_responses.form_key
// makes a second post of it store nothing). A key the server did not issue
// for this survey is refused, so answers cannot be made up in a loop
// without fetching a form for each (security review M5; the rate limit per
// address and survey does the rest). The key is signed rather than stored,
// so showing a form writes nothing.
//
// Shape: <issued at, seconds, base36>.<16 random bytes>.<HMAC-SHA256, 16 bytes>

/** A form left open longer than this asks to be sent again (nothing typed is lost). */
export const FORM_KEY_LIFETIME_SECONDS = 2 * 24 * 3600;

const SHAPE = /^([0-9a-z]{1,10})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{22})$/;

function signature(secret: Buffer, surveyId: number, issued: string, nonce: string): Buffer {
  return createHmac('sha256', secret).update(`survey-form-key\n${surveyId}\n${issued}\n${nonce}`).digest().subarray(0, 16);
}

export function issueFormKey(secret: Buffer, surveyId: number, now: Date): string {
  const issued = Math.floor(now.getTime() / 1000).toString(36);
  const nonce = randomBytes(16).toString('base64url');
  return `${issued}.${nonce}.${signature(secret, surveyId, issued, nonce).toString('base64url')}`;
}

export type FormKeyCheck = 'valid' | 'unknown' | 'expired';

export function checkFormKey(secret: Buffer, key: string, surveyId: number, now: Date): FormKeyCheck {
  const parts = SHAPE.exec(key);
  if (!parts) return 'unknown';
  const [, issued, nonce, mac] = parts as unknown as [string, string, string, string];
  const expected = signature(secret, surveyId, issued, nonce);
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'unknown';
  const issuedAt = parseInt(issued, 36) * 1000;
  // A key from the future is one the server did not issue (clocks of the
  // instances agree to well within a minute).
  if (issuedAt > now.getTime() + 60_000) return 'unknown';
  if (now.getTime() - issuedAt > FORM_KEY_LIFETIME_SECONDS * 1000) return 'expired';
  return 'valid';
}
