import { escapeHtml } from '#src/mail/compose.ts';
import type { Translate } from '#src/i18n/index.ts';

// The 503 page when the database is away. It is written here rather than
// rendered by Astro: a rewrite cannot run after a form's body was read, and
// the usual layout asks the database for the institution's name.
export function unavailablePage(locale: string, t: Translate): string {
  const title = escapeHtml(t('pages:unavailable.title'));
  return `<!doctype html>
<html lang="${escapeHtml(locale)}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title} – ${escapeHtml(t('common:siteName'))}</title><link rel="stylesheet" href="/styles/site.css"></head>
<body><a class="skip-link" href="#main">${escapeHtml(t('common:skipLink'))}</a>
<header class="site-header"><div class="container header-inner"><div class="brand"><a class="brand-link" href="/${escapeHtml(locale)}/"><span class="brand-name">${escapeHtml(t('common:siteName'))}</span></a></div></div></header>
<main id="main" class="container" tabindex="-1"><h1>${title}</h1><p>${escapeHtml(t('pages:unavailable.text'))}</p><p><a href="/${escapeHtml(locale)}/">${escapeHtml(t('pages:unavailable.home'))}</a></p></main>
</body></html>`;
}
