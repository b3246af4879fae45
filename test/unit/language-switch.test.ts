import { describe, expect, it } from 'vitest';
import { publicPaths } from '#src/paths.ts';

describe('the same page in another language', () => {
  it('changes only the first segment of the address, keeping the rest and the query', () => {
    // What the builder makes of an address, so the addresses are written out.
    const from = '/lv/staff/admin/settings/units/3'; // literal on purpose: the address the builder rewrites
    const to = '/en/staff/admin/settings/units/3?done=saved'; // literal on purpose: what it must become
    expect(publicPaths.inLanguage('en', from, '?done=saved')).toBe(to);
    expect(publicPaths.inLanguage('lv', '/en/')).toBe('/lv/'); // literal on purpose: the bare language root
    expect(publicPaths.inLanguage('lv', '/en')).toBe('/lv/'); // literal on purpose: without its slash
  });
});
