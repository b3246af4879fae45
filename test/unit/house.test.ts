import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// The house rules of issue 12 that a reader could break without noticing:
// imports name the room instead of climbing to it, no file grows past what
// one person reads in a sitting, and a capability never reaches up into a
// page or a component (a request walks page → capability → database).

const root = new URL('../../', import.meta.url).pathname;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return /\.(ts|astro|mjs)$/.test(name) ? [path] : [];
  });
}

const source = files(join(root, 'src')).map((path) => ({ name: relative(root, path), text: readFileSync(path, 'utf8') }));
const importsOf = (text: string) => [...text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!);

describe('the house rules (issue 12)', () => {
  it('has no import in src/ that climbs more than one folder', () => {
    const climbing = source.flatMap(({ name, text }) =>
      importsOf(text)
        .filter((i) => i.startsWith('../../'))
        .map((i) => `${name}: ${i}`),
    );
    expect(climbing).toEqual([]);
  });

  it('has no file in src/ over 400 lines', () => {
    const long = source.map(({ name, text }) => ({ name, lines: text.split('\n').length })).filter((f) => f.lines > 400);
    expect(long).toEqual([]);
  });

  it('has no capability that imports a page, a component or a layout', () => {
    const ui = /^#src\/(pages|components|layouts)\//;
    const upward = source
      .filter(({ name }) => name.endsWith('.ts') && !/^src\/(pages|components|layouts)\//.test(name))
      .flatMap(({ name, text }) =>
        importsOf(text)
          .filter((i) => ui.test(i) || /\.astro$/.test(i))
          .map((i) => `${name}: ${i}`),
      );
    expect(upward).toEqual([]);
  });

  it('the import reader sees the forms imports take', () => {
    expect(importsOf("import { a } from '../../x.ts';\nimport '#src/y.ts';\nconst m = await import('#src/pages/z.astro');")).toEqual([
      '../../x.ts',
      '#src/y.ts',
      '#src/pages/z.astro',
    ]);
  });
});
