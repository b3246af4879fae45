import { describe, expect, it } from 'vitest';
import { publicPaths } from '#src/paths.ts';

describe('the same page in another language', () => {
  it('changes only the first segment of the address, keeping the rest and the query', () => {
    expect(publicPaths.inLanguage('en', '/lv/staff/admin/settings/units/3', '?done=saved')).toBe(
      '/en/staff/admin/settings/units/3?done=saved',
    );
    expect(publicPaths.inLanguage('lv', '/en/')).toBe('/lv/');
    expect(publicPaths.inLanguage('lv', '/en')).toBe('/lv/');
  });
});
