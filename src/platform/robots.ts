import { locales } from '#src/i18n/languages.ts';

// Private addresses are capability URLs (a status, rating or set-password
// token, a draft id, a calendar-feed key) or the staff area: no search
// engine may keep them (ASVS 5.0 14.3; security review m11). Each gets
// `X-Robots-Tag: noindex, nofollow` and robots.txt disallows them.

/** Sections under /<lang>/ that are private as a whole. */
const PRIVATE_SECTIONS = ['case', 'rate', 'submitted', 'staff'] as const;

export const NO_INDEX = 'noindex, nofollow';

export function isPrivateAddress(url: URL): boolean {
  // ['', '<lang>', '<section or form>', 'check', '<draft>']
  const parts = url.pathname.split('/');
  if ((PRIVATE_SECTIONS as readonly string[]).includes(parts[2] ?? '')) return true;
  // A draft's check page, and a form reopened with its draft id.
  return parts[3] === 'check' || url.searchParams.has('draft');
}

/** robots.txt: every private section in every interface language, the check pages and draft links. */
export function robotsTxt(languages: readonly string[] = locales): string {
  const lines = ['User-agent: *'];
  for (const l of languages) {
    for (const s of PRIVATE_SECTIONS) lines.push(`Disallow: /${l}/${s}/`);
    lines.push(`Disallow: /${l}/*/check/`);
  }
  lines.push('Disallow: /*?draft=', 'Disallow: /*&draft=');
  return `${lines.join('\n')}\n`;
}
