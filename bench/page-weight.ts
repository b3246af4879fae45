// `npm run bench:weight`: what each public page costs to download: the HTML
// and its stylesheet, as sent and gzip-compressed (as a reverse proxy
// serves them), and whether any script is needed (none is). Target (issue
// 8): every public page under 60 KB transferred, compressed.
import { gzipSync } from 'node:zlib';
import { machine, printTable } from './support.ts';
import { startServer } from '../test/support/server.ts';

const server = await startServer();
const pages = ['/lv/', '/en/', '/lv/complaint', '/lv/suggestion', '/lv/question', '/lv/information-request', '/lv/callback', '/lv/survey', '/lv/accessibility', '/lv/privacy', '/lv/staff/sign-in'];
try {
  const css = Buffer.from(await (await fetch(`${server.url}/styles/site.css`)).arrayBuffer());
  const rows = [];
  for (const path of pages) {
    const html = Buffer.from(await (await fetch(`${server.url}${path}`)).arrayBuffer());
    const scripts = (html.toString('utf8').match(/<script\b/g) ?? []).length;
    const total = gzipSync(html).length + gzipSync(css).length;
    rows.push({
      page: path,
      'HTML KB': (html.length / 1024).toFixed(1),
      'HTML gzip KB': (gzipSync(html).length / 1024).toFixed(1),
      'with CSS, gzip KB': (total / 1024).toFixed(1),
      'uncompressed KB': ((html.length + css.length) / 1024).toFixed(1),
      scripts,
      'under 60 KB': total < 60 * 1024 ? 'yes' : 'NO',
    });
  }
  printTable(`Page weight — ${machine()}`, rows);
} finally {
  await server.stop();
}
