import { readdirSync, readFileSync } from 'node:fs';

// For code run by plain Node outside the Vite bundle (the background jobs in
// scripts/serve.ts): reads locales/*/*.json from disk into the shape
// import.meta.glob gives, and registers it before i18n/index.ts loads.
const root = new URL('../../locales/', import.meta.url);
const files: Record<string, { default: Record<string, unknown> }> = {};
for (const entry of readdirSync(root, { withFileTypes: true })) {
  if (!entry.isDirectory()) continue;
  for (const file of readdirSync(new URL(`${entry.name}/`, root))) {
    if (!file.endsWith('.json')) continue;
    files[`/locales/${entry.name}/${file}`] = { default: JSON.parse(readFileSync(new URL(`${entry.name}/${file}`, root), 'utf8')) };
  }
}
(globalThis as { [key: symbol]: unknown })[Symbol.for('klientu-balss.locales')] = files;
