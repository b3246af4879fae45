import { describe, expect, it } from 'vitest';
import { isPrivateAddress, robotsTxt } from '#src/platform/robots.ts';
import { publicPaths, staffPaths } from '#src/paths.ts';

const token = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
const at = (path: string) => new URL(path, 'https://portal.example');

describe('private addresses stay out of search engines (security review m11)', () => {
  it.each([
    publicPaths.status('lv', token),
    publicPaths.reading('en', token),
    publicPaths.rating('lv', token),
    publicPaths.submitted('en', token),
    publicPaths.check('lv', 'complaint', 'draft-id'),
    publicPaths.form('en', 'question', { draft: 'draft-id' }),
    staffPaths.signIn('lv'),
    staffPaths.setPassword('en', token),
    staffPaths.calendarFeed('lv', token),
    staffPaths.case('lv', 1),
    staffPaths.home('en'),
  ])('%s is private', (path) => {
    expect(isPrivateAddress(at(path))).toBe(true);
  });

  it.each([
    publicPaths.home('lv'),
    publicPaths.form('en', 'complaint'),
    publicPaths.complaint('lv', 'VPVB-2026-000001'),
    publicPaths.privacy('en'),
    publicPaths.survey('lv', 'yearly-2026'),
  ])('%s is public', (path) => {
    expect(isPrivateAddress(at(path))).toBe(false);
  });

  it('disallows every private section in every interface language in robots.txt', () => {
    const robots = robotsTxt(['lv', 'en', 'ru']);
    for (const l of ['lv', 'en', 'ru']) {
      for (const s of ['case', 'rate', 'submitted', 'staff']) expect(robots).toContain(`Disallow: /${l}/${s}/\n`);
      expect(robots).toContain(`Disallow: /${l}/*/check/\n`);
    }
    expect(robots).toContain('Disallow: /*?draft=');
  });
});
