import { translator } from '#src/i18n/index.ts';
import { linkify } from '#src/platform/linkify.ts';

// One way to write a message to a client: paragraphs and links, rendered
// as plain text and as simple HTML (multipart), every value escaped.

export type MailLink = { label: string; url: string };
export type MailContent = {
  subject: string;
  greeting: string;
  paragraphs: string[];
  /** Facts as label: value lines (reference, deadline, …). */
  facts?: Array<[string, string]>;
  links?: MailLink[];
  signature: string;
  /** m13, S-14.2: http(s) addresses in the paragraphs are links in the HTML (the text keeps them as text). */
  linkAddresses?: boolean;
  /**
   * Where an answer to the letter goes: the institution's e-mail address,
   * and the case number to give. The letter comes from a no-reply sender,
   * so it says so and where to write instead (referees.md E2).
   */
  reply?: { address: string; reference?: string | undefined } | undefined;
};

/** The closing line of an automatic letter: sent automatically, and where to write to us. */
export function replyNote(reply: MailContent['reply'], locale: string): string {
  if (!reply?.address.trim()) return '';
  const t = translator(locale);
  return reply.reference
    ? t('mail:automatic.replyCase', { address: reply.address, reference: reply.reference })
    : t('mail:automatic.reply', { address: reply.address });
}

export function escapeHtml(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}

/** The text as HTML: everything escaped, its http(s) addresses as links (linkify). */
export function linkedHtml(text: string): string {
  return linkify(text)
    .map((s) => (s.href ? `<a href="${escapeHtml(s.href)}">${escapeHtml(s.text)}</a>` : escapeHtml(s.text)))
    .join('');
}

export function composeMail(content: MailContent, locale: string): { subject: string; text: string; html: string } {
  const facts = content.facts ?? [];
  const links = content.links ?? [];
  const note = replyNote(content.reply, locale);
  // An empty greeting or signature is left out: the text brought its own (ux.md D8).
  const text = [
    ...(content.greeting ? [content.greeting, ''] : []),
    ...content.paragraphs.flatMap((p) => [p, '']),
    ...(facts.length ? [...facts.map(([k, v]) => `${k}: ${v}`), ''] : []),
    ...links.flatMap((l) => [`${l.label}:`, l.url, '']),
    ...(content.signature ? [content.signature] : []),
    // The signature ends without a blank line; everything before it ends with one.
    ...(note ? [...(content.signature ? [''] : []), note] : []),
  ].join('\n');
  const html = `<!doctype html>
<html lang="${escapeHtml(locale)}"><head><meta charset="utf-8"><title>${escapeHtml(content.subject)}</title></head>
<body style="font-family: Arial, sans-serif; line-height: 1.5; color: #1b1b1b">
${content.greeting ? `<p>${escapeHtml(content.greeting)}</p>` : ''}
${content.paragraphs.map((p) => `<p>${content.linkAddresses ? linkedHtml(p) : escapeHtml(p)}</p>`).join('\n')}
${facts.length ? `<table>${facts.map(([k, v]) => `<tr><th align="left" style="padding-right: 1em">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</table>` : ''}
${links.map((l) => `<p><a href="${escapeHtml(l.url)}">${escapeHtml(l.label)}</a></p>`).join('\n')}
${content.signature ? `<p>${escapeHtml(content.signature)}</p>` : ''}
${note ? `<p><small>${escapeHtml(note)}</small></p>` : ''}
</body></html>`;
  return { subject: content.subject, text, html };
}
