import type { Plugin } from 'vite';

// Astro's server build keeps a map from each page to a function that imports
// its module (`() => import("./chunks/….mjs")`) and calls that function on
// every request. Node resolves the specifier again each time, looking up
// package.json scopes on the way, although the module was loaded long ago:
// about 5 % of the server's time in a form post or a Send, by its CPU
// profile (issue 18, docs/0031). The production build wraps each entry so
// that a page's module is imported once and the same promise reused; a
// failed import is tried again on the next request.

/** The virtual module whose code builds that map (astro/dist/vite-plugin-pages). */
export const PAGES_MODULE = '\0virtual:astro:pages';

/** The map's module with each import done once. Throws when the module is no longer the shape this expects. */
export function importPagesOnce(code: string): string {
  // An Astro that builds the map differently must not be left slower without a word: the build stops here.
  if (!/\bconst pageMap = new Map\(/.test(code) || !/\bexport \{ pageMap \};/.test(code))
    throw new Error(`${PAGES_MODULE} no longer exports "pageMap" as src/platform/page-modules.ts expects`);
  return `${code}
for (const [component, load] of pageMap) {
  let loading;
  pageMap.set(component, () => (loading ??= load().catch((error) => { loading = undefined; throw error; })));
}
`;
}

/** The Vite plugin for astro.config.mjs: production builds only (the dev server reloads pages as they change). */
export function pageModulesOnce(): Plugin {
  return {
    name: 'klientu-balss:page-modules-once',
    apply: 'build',
    transform: {
      filter: { id: new RegExp(`^${PAGES_MODULE}$`) },
      handler: (code) => ({ code: importPagesOnce(code), map: null }),
    },
  };
}
