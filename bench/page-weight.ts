// `npm run bench:weight`: what each public page costs to download: the HTML
// and its stylesheet, as sent and gzip-compressed (as a reverse proxy
// serves them), and whether any script is needed (none is). Target (issue
// 8): every public page under 60 KB transferred, compressed. The pages a
// client reaches on the way are measured too: a form with its errors, the
// check page, the confirmation, the status page and the survey. Exits 1
// when a page is over.
import { gzipSync } from 'node:zlib';
import { machine, printTable } from './support.ts';
import { startServer } from '../test/support/server.ts';

// The machine's clock: a benchmark needs no fixed day (and no libfaketime).
const server = await startServer({}, { clock: 'real' });
const LIMIT = 60 * 1024;

type Fetched = { label: string; html: Buffer };
const get = async (path: string, label = path): Promise<Fetched> => ({
  label,
  html: Buffer.from(await (await fetch(`${server.url}${path}`)).arrayBuffer()),
});
const post = (path: string, body: Record<string, string>) =>
  fetch(`${server.url}${path}`, { method: 'POST', redirect: 'manual', headers: { Origin: server.url }, body: new URLSearchParams(body) });

try {
  const css = Buffer.from(await (await fetch(`${server.url}/styles/site.css`)).arrayBuffer());
  const pages: Fetched[] = [];
  for (const path of [
    '/lv/',
    '/en/',
    '/lv/complaint',
    '/lv/suggestion',
    '/lv/question',
    '/lv/information-request',
    '/lv/callback',
    '/lv/survey',
    '/lv/accessibility',
    '/lv/privacy',
    '/lv/staff/sign-in',
    '/lv/no-such-page',
  ]) {
    pages.push(await get(path));
  }
  // The survey itself, as linked from its list.
  const survey = /href="(\/lv\/survey\/[^"]+)"/.exec(pages.find((p) => p.label === '/lv/survey')!.html.toString('utf8'))?.[1];
  if (survey) pages.push(await get(survey, '/lv/survey/… (the form)'));
  // A question's way through: the form with its errors, the check page, the confirmation, the status page.
  const refused = await post('/lv/question', { details: '' });
  pages.push({ label: '/lv/question (with errors)', html: Buffer.from(await refused.arrayBuffer()) });
  const first = await post('/lv/question', {
    topic: 'eia',
    details: 'Kad būs lēmums?',
    name: 'Anna',
    replyChannel: 'email',
    email: 'weight@example.lv',
    replyLanguage: 'lv',
  });
  const check = first.headers.get('location')!;
  pages.push(await get(check, '/lv/question/check/…'));
  const sent = await post(check, {});
  const confirmation = sent.headers.get('location')!;
  pages.push(await get(confirmation, '/lv/submitted/…'));
  pages.push(await get(confirmation.replace('/submitted/', '/case/'), '/lv/case/… (status)'));

  const rows = pages.map(({ label, html }) => {
    const total = gzipSync(html).length + gzipSync(css).length;
    return {
      page: label,
      'HTML KB': (html.length / 1024).toFixed(1),
      'HTML gzip KB': (gzipSync(html).length / 1024).toFixed(1),
      'with CSS, gzip KB': (total / 1024).toFixed(1),
      'uncompressed KB': ((html.length + css.length) / 1024).toFixed(1),
      scripts: (html.toString('utf8').match(/<script\b/g) ?? []).length,
      'under 60 KB': total < LIMIT ? 'yes' : 'NO',
    };
  });
  printTable(`Page weight — ${machine()}`, rows);
  if (rows.some((r) => r['under 60 KB'] !== 'yes' || r.scripts > 0)) process.exitCode = 1;
} finally {
  await server.stop();
}
