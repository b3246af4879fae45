import { describe, expect, it } from 'vitest';
import { callbackDecision, classifyPhoneNumber } from '#src/contact/phone.ts';
import { replyLanguage } from '#src/intake/language.ts';

describe('callback numbers (S-14.3.1, S-14.7)', () => {
  it('queues a Latvian mobile number for a callback', () => {
    const n = classifyPhoneNumber('29 123 456');
    expect(n).toEqual({ kind: 'latvian', e164: '+37129123456', type: 'mobile' });
    expect(callbackDecision(n, { abroad: false })).toBe('callback');
  });

  it('queues a Latvian landline written with the country code', () => {
    const n = classifyPhoneNumber('+371 67321173');
    expect(n).toEqual({ kind: 'latvian', e164: '+37167321173', type: 'landline' });
    expect(callbackDecision(n, { abroad: false })).toBe('callback');
  });

  it('reads 00 as the international prefix', () => {
    expect(classifyPhoneNumber('00371 29123456')).toMatchObject({ kind: 'latvian', e164: '+37129123456' });
  });

  it('refuses a premium-rate number', () => {
    const n = classifyPhoneNumber('90012345');
    expect(n).toEqual({ kind: 'premium', e164: '+37190012345' });
    expect(callbackDecision(n, { abroad: false })).toBe('refuse');
  });

  it('answers a German number by e-mail', () => {
    const n = classifyPhoneNumber('+49 30 1234567');
    expect(n).toMatchObject({ kind: 'foreign', country: 'DE' });
    expect(callbackDecision(n, { abroad: false })).toBe('email_instead');
  });

  it('answers a Lithuanian number by e-mail', () => {
    const n = classifyPhoneNumber('+370 612 34567');
    expect(n).toMatchObject({ kind: 'foreign', country: 'LT', e164: '+37061234567' });
    expect(callbackDecision(n, { abroad: false })).toBe('email_instead');
  });

  it('answers a Latvian number by e-mail when the client says they are abroad', () => {
    expect(callbackDecision(classifyPhoneNumber('29123456'), { abroad: true })).toBe('email_instead');
  });

  it.each(['', 'abc', '123', '2912345', '+371 2912345678901', '<script>'])('refuses "%s" as not a phone number', (input) => {
    const n = classifyPhoneNumber(input);
    expect(n).toEqual({ kind: 'invalid' });
    expect(callbackDecision(n, { abroad: false })).toBe('refuse');
  });
});

describe('reply language (S-7, S-14.5)', () => {
  const unit = [
    ['lv', 'en'],
    ['lv', 'ru'],
  ];
  it('replies in Latvian when Latvian is asked for', () => {
    expect(replyLanguage('lv', [])).toEqual({ requested: 'lv', replyIn: 'lv', fallbackToLatvian: false });
  });
  it('replies in Russian when an official of the unit speaks it', () => {
    expect(replyLanguage('ru', unit)).toEqual({ requested: 'ru', replyIn: 'ru', fallbackToLatvian: false });
  });
  it('falls back to Latvian, and says so, when nobody in the unit speaks German', () => {
    expect(replyLanguage('de', unit)).toEqual({ requested: 'de', replyIn: 'lv', fallbackToLatvian: true });
  });
  it('falls back to Latvian for an empty unit', () => {
    expect(replyLanguage('en', [])).toMatchObject({ replyIn: 'lv', fallbackToLatvian: true });
  });
});
