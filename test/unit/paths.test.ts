import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { absoluteUrl, publicPaths, staffPaths } from '#src/paths.ts';

// Issue 12, part 2: every internal address is built by src/paths.ts. This
// test reads the source and the tests and fails on an address built by
// hand anywhere else, so a route that moves cannot leave a stale copy
// behind (the S-5.1 complaint link was once built in seven places). A test
// whose point is the literal address (a hostile or out-of-range one, an
// address shape with :id, what a builder or the log must produce) says so
// on that line with a comment containing "literal on purpose".

const root = new URL('../../', import.meta.url).pathname;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|astro|mjs)$/.test(name) ? [path] : [];
  });
}

/** What an address built by hand looks like. */
const HAND_BUILT: Array<[string, RegExp]> = [
  // `/${locale}/…`, `/${lang}/staff…`, `/${t.locale}…`
  ['a path starting with an interpolated language', /`\/\$\{[^}]*\b(locale|lang|language|lng)\b[^}]*\}/],
  // '/lv/…', "/en/staff", `/lv/case/…`
  ['a path with a language written in', /['"`]\/(lv|en|ru)\/[a-z0-9-]/],
  // `${baseUrl}/…` or `${origin}/lv`
  ['an absolute address glued by hand', /\$\{[^}]*\b(baseUrl|publicUrl|origin)\b[^}]*\}\/[a-z]/i],
  // href="/lv/…" in markup
  ['a link with a language written in', /href="\/(lv|en|ru)\//],
  // `${server.url}/lv/staff/…`, `${base}/${locale}/…`: a server's address glued to a path
  ['a path with a language glued to an address', /\}\/(lv|en|ru)\/[a-z0-9-]/],
  ['a path with an interpolated language glued to an address', /\}\/\$\{[^}]*\b(locale|lang|language|lng)\b[^}]*\}/],
];

/** Lines of a file that build an address by hand (comments, and lines marked literal on purpose, left out). */
function handBuilt(file: string): string[] {
  const name = relative(root, file);
  const found: string[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (/^\s*(\/\/|\*|\/\*)/.test(line)) return; // comments may show an address
      if (line.includes('literal on purpose')) return; // the address written out is the point of that test
      for (const [what, pattern] of HAND_BUILT) if (pattern.test(line)) found.push(`${name}:${i + 1}: ${what}: ${line.trim()}`);
    });
  return found;
}

describe('the address book (src/paths.ts)', () => {
  it('is the only place in src/ that builds an internal address', () => {
    const files = sourceFiles(join(root, 'src')).filter((file) => relative(root, file) !== 'src/paths.ts');
    expect(files.flatMap(handBuilt)).toEqual([]);
  });

  it('is where the tests take their addresses from too (test/, all of it but this file)', () => {
    const files = sourceFiles(join(root, 'test')).filter((file) => relative(root, file) !== 'test/unit/paths.test.ts');
    expect(files.length).toBeGreaterThan(40);
    expect(files.flatMap(handBuilt)).toEqual([]);
  });

  it('the scan does catch each kind of hand-built address', () => {
    const samples = [
      'const a = `/${locale}/staff/cases/${id}`;',
      "return Astro.redirect('/lv/staff/', 303);",
      'const link = `${baseUrl}/lv/case/${token}`;',
      '<a href="/en/privacy">',
      'await fetch(`${server.url}/lv/staff/cases?scope=all`);',
      'await page.goto(`${server.url}/${locale}/survey/${code}`);',
    ];
    for (const sample of samples)
      expect(
        HAND_BUILT.some(([, p]) => p.test(sample)),
        sample,
      ).toBe(true);
    for (const built of ['const path = staffPaths.case(locale, id);', "await fetch(`${server.url}${staffPaths.case('lv', id)}`);"])
      expect(
        HAND_BUILT.some(([, p]) => p.test(built)),
        built,
      ).toBe(false);
  });

  it('builds public addresses with the language first and the token or code encoded', () => {
    expect(publicPaths.home('lv')).toBe('/lv/');
    expect(publicPaths.complaint('en', 'VPVB/2026/12')).toBe('/en/complaint?about=VPVB%2F2026%2F12');
    expect(publicPaths.complaint('lv')).toBe('/lv/complaint');
    expect(publicPaths.status('lv', 'a/b', 'answer')).toBe('/lv/case/a%2Fb#answer');
    expect(publicPaths.reading('en', 'tok', { moved: true })).toBe('/en/case/tok/reading?moved');
    expect(publicPaths.survey('lv', 'yearly-2026')).toBe('/lv/survey/yearly-2026');
    expect(publicPaths.health()).toBe('/healthz');
  });

  it('builds staff addresses, leaving out empty query values', () => {
    expect(staffPaths.case('lv', 42, { done: 'answer', note: undefined, flag: false })).toBe('/lv/staff/cases/42?done=answer');
    expect(staffPaths.signIn('en', { next: '/en/staff/cases?unit=3' })).toBe('/en/staff/sign-in?next=%2Fen%2Fstaff%2Fcases%3Funit%3D3');
    expect(staffPaths.admin.settings('lv', 'calendar/2026-01-01/remove')).toBe('/lv/staff/admin/settings/calendar/2026-01-01/remove');
    expect(staffPaths.admin.settings('lv')).toBe('/lv/staff/admin/settings');
    expect(staffPaths.reportCsv('lv', 'deadlines', { year: 2026 })).toBe('/lv/staff/quality/reports/deadlines.csv?year=2026');
  });

  it('makes the links in letters from the public base, whatever slashes it ends with', () => {
    expect(absoluteUrl('https://atsauksmes.example.lv/', publicPaths.status('lv', 'tok'))).toBe(
      'https://atsauksmes.example.lv/lv/case/tok',
    );
    expect(absoluteUrl('https://atsauksmes.example.lv', publicPaths.complaint('lv', 'X-1'))).toBe(
      'https://atsauksmes.example.lv/lv/complaint?about=X-1',
    );
  });
});
