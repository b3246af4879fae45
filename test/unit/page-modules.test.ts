import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
// Astro's own code for the map of pages (not among its exports): what the build really hands the plugin.
import { pluginPages } from '../../node_modules/astro/dist/vite-plugin-pages/pages.js';
import { importPagesOnce, PAGES_MODULE } from '#src/platform/page-modules.ts';

// Issue 18: the production build imports each page's module once, not on
// every request (src/platform/page-modules.ts).

const components = ['src/pages/[lang]/index.astro', 'src/pages/[lang]/[form]/index.astro'];

/** The map's module as Astro writes it for two pages. */
async function astroPagesModule(): Promise<string> {
  const routes = components.map((component) => ({ component, prerender: false, type: 'page' }));
  const plugin = pluginPages({ routesList: { routes } } as never) as unknown as {
    load: { handler: (this: unknown, id: string) => Promise<{ code: string }> };
  };
  const context = { environment: { name: 'ssr' }, resolve: async (id: string) => ({ id }) };
  return (await plugin.load.handler.call(context, PAGES_MODULE)).code;
}

const folder = mkdtempSync(join(tmpdir(), 'kb-pages-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
let written = 0;

/** Evaluates the module with each `import(…)` counted: `load` answers instead. */
async function evaluate(code: string, load: (specifier: string) => Promise<unknown>) {
  const file = join(folder, `pages-${++written}.mjs`);
  writeFileSync(file, code.replaceAll('import(', 'globalThis.__loadPage('));
  (globalThis as Record<string, unknown>).__loadPage = load;
  return (await import(pathToFileURL(file).href)) as { pageMap: Map<string, () => Promise<unknown>> };
}

describe('each page module imported once', () => {
  it("Astro's map of pages still has the shape the plugin wraps", async () => {
    const code = await astroPagesModule();
    expect(code).toContain('import("');
    expect(() => importPagesOnce(code)).not.toThrow();
  });

  it('imports a page once however many requests ask for it, and each page its own', async () => {
    const loads: string[] = [];
    const { pageMap } = await evaluate(importPagesOnce(await astroPagesModule()), async (specifier) => {
      loads.push(specifier);
      return { specifier };
    });
    const home = pageMap.get(components[0]!)!;
    const form = pageMap.get(components[1]!)!;
    const first = await home();
    expect(await home()).toBe(first);
    await Promise.all([form(), form(), form()]);
    expect(loads).toHaveLength(2);
    expect(new Set(loads).size).toBe(2);
  });

  it('tries a failed import again on the next request', async () => {
    let attempts = 0;
    const { pageMap } = await evaluate(importPagesOnce(await astroPagesModule()), async () => {
      attempts++;
      if (attempts === 1) throw new Error('disk gone for a moment');
      return { ok: true };
    });
    const home = pageMap.get(components[0]!)!;
    await expect(home()).rejects.toThrow('disk gone');
    expect(await home()).toEqual({ ok: true });
    expect(await home()).toEqual({ ok: true });
    expect(attempts).toBe(2);
  });

  it('stops the build when the module is no longer a map of pages', () => {
    expect(() => importPagesOnce('export const pages = [];')).toThrow(/pageMap/);
  });
});
