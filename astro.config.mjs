// @ts-check
import { readFileSync } from 'node:fs';
import { defineConfig } from 'astro/config';
import node from '@astrojs/node';
import { pageModulesOnce } from './src/platform/page-modules.ts';

// The interface languages live in locales/languages.json (the first is the
// default): adding a language is a folder under locales/ plus one line there.
const languages = JSON.parse(readFileSync(new URL('./locales/languages.json', import.meta.url), 'utf8'));
const locales = languages.map((/** @type {{ code: string }} */ l) => l.code);

// Behind an HTTPS reverse proxy the origin check compares against the public
// host, so it must be named (comma-separated host names).
const allowedDomains = (process.env.ALLOWED_DOMAINS ?? '')
  .split(',')
  .map((h) => h.trim())
  .filter(Boolean)
  .map((hostname) => ({ hostname, protocol: 'https' }));

export default defineConfig({
  output: 'server',
  adapter: node({ mode: 'middleware', bodySizeLimit: 12 * 1024 * 1024 }),
  i18n: {
    locales,
    defaultLocale: locales[0],
    // `/` is answered by src/pages/index.ts, which honours Accept-Language.
    routing: { prefixDefaultLocale: true, redirectToDefaultLocale: false },
  },
  security: {
    checkOrigin: true,
    allowedDomains,
  },
  // Staff sessions live in our own PostgreSQL table (src/staff), not in
  // Astro's file-system session store, so any number of instances share them.
  session: false,
  build: {
    // Every stylesheet is a file: the CSP allows no inline styles.
    inlineStylesheets: 'never',
  },
  devToolbar: { enabled: false },
  vite: {
    // Each page's module imported once, not on every request (issue 18).
    plugins: [pageModulesOnce()],
    ssr: {
      // Loaded at run time from node_modules: PGlite finds its WASM next to
      // itself, and a production server on PostgreSQL never loads it;
      // argon2 is a native addon.
      external: ['@electric-sql/pglite', 'postgres', 'argon2'],
    },
  },
});
