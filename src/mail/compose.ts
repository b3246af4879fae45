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
};

export function escapeHtml(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}

export function composeMail(content: MailContent, locale: string): { subject: string; text: string; html: string } {
  const facts = content.facts ?? [];
  const links = content.links ?? [];
  // An empty greeting or signature is left out: the text brought its own (ux.md D8).
  const text = [
    ...(content.greeting ? [content.greeting, ''] : []),
    ...content.paragraphs.flatMap((p) => [p, '']),
    ...(facts.length ? [...facts.map(([k, v]) => `${k}: ${v}`), ''] : []),
    ...links.flatMap((l) => [`${l.label}:`, l.url, '']),
    ...(content.signature ? [content.signature] : []),
  ].join('\n');
  const html = `<!doctype html>
<html lang="${escapeHtml(locale)}"><head><meta charset="utf-8"><title>${escapeHtml(content.subject)}</title></head>
<body style="font-family: Arial, sans-serif; line-height: 1.5; color: #1b1b1b">
${content.greeting ? `<p>${escapeHtml(content.greeting)}</p>` : ''}
${content.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
${facts.length ? `<table>${facts.map(([k, v]) => `<tr><th align="left" style="padding-right: 1em">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</table>` : ''}
${links.map((l) => `<p><a href="${escapeHtml(l.url)}">${escapeHtml(l.label)}</a></p>`).join('\n')}
${content.signature ? `<p>${escapeHtml(content.signature)}</p>` : ''}
</body></html>`;
  return { subject: content.subject, text, html };
}
