import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

// S-14.3.1 and S-14.7: a callback goes only to a Latvian number. A foreign
// number (or a caller who says they are abroad: roaming cannot be seen in a
// number, latvia.md) is answered by e-mail instead; a premium-rate number is
// never called back.
export type CallbackNumber =
  | { kind: 'invalid' }
  | { kind: 'premium'; e164: string }
  | { kind: 'foreign'; e164: string; country: string | undefined }
  | { kind: 'latvian'; e164: string; type: 'mobile' | 'landline' | 'toll_free' | 'shared_cost' | 'other' };

export type CallbackDecision = 'callback' | 'email_instead' | 'refuse';

const LATVIAN_TYPES = {
  MOBILE: 'mobile',
  FIXED_LINE: 'landline',
  FIXED_LINE_OR_MOBILE: 'mobile',
  TOLL_FREE: 'toll_free',
  SHARED_COST: 'shared_cost',
} as const;

/** Parses what a client typed; a number without a country code is read as Latvian. */
export function classifyPhoneNumber(input: string): CallbackNumber {
  const trimmed = input.trim().replace(/^00/, '+');
  if (!trimmed || trimmed.length > 40) return { kind: 'invalid' };
  const parsed = parsePhoneNumberFromString(trimmed, 'LV');
  if (!parsed || !parsed.isValid()) return { kind: 'invalid' };
  const type = parsed.getType();
  if (type === 'PREMIUM_RATE') return { kind: 'premium', e164: parsed.number };
  if (parsed.countryCallingCode !== '371') return { kind: 'foreign', e164: parsed.number, country: parsed.country };
  return { kind: 'latvian', e164: parsed.number, type: (type && LATVIAN_TYPES[type as keyof typeof LATVIAN_TYPES]) || 'other' };
}

/** What the portal does with a callback request for this number. */
export function callbackDecision(number: CallbackNumber, options: { abroad: boolean }): CallbackDecision {
  if (number.kind === 'invalid' || number.kind === 'premium') return 'refuse';
  if (number.kind === 'foreign' || options.abroad) return 'email_instead';
  return 'callback';
}
