import { describe, expect, it } from 'vitest';
import { translator } from '#src/i18n/index.ts';

// translator() keeps each language's texts asked for without values
// (i18n/index.ts, issue 18): what it gives must be what i18next gives,
// whether kept or not.

describe('the translator of a language', () => {
  it('gives a text without values the same every time, in its own language', () => {
    const lv = translator('lv');
    const en = translator('en');
    expect(lv('mail:greeting')).toBe(lv('mail:greeting'));
    expect(lv('mail:greeting')).not.toBe(en('mail:greeting'));
    expect(translator('lv')).toBe(lv);
  });

  it('fills values anew at every call, never from a kept text', () => {
    const en = translator('en');
    const first = en('mail:acknowledgement.subject', { reference: 'VPVB-2026-000001' });
    const second = en('mail:acknowledgement.subject', { reference: 'VPVB-2026-000002' });
    expect(first).toContain('VPVB-2026-000001');
    expect(second).toContain('VPVB-2026-000002');
    expect(second).not.toContain('VPVB-2026-000001');
  });

  it('gives a missing key back as it was asked, and a list of keys its first found text', () => {
    const en = translator('en');
    expect(en('mail:no-such-text')).toBe('no-such-text');
    expect(en(['mail:no-such-text', 'mail:greeting'])).toBe(en('mail:greeting'));
  });
});
