import { STATUS_CODES } from 'node:http';

// What every answer of the server gets right at the HTTP level, whoever
// wrote it (a page, the 404 rewrite, Astro's 500, a static file).

/** The methods the portal answers; anything else (TRACE, PUT, PROPFIND…) is 405 (ASVS 5.0 4.1: a crafted method is no 500). */
export const ALLOWED_METHODS = ['GET', 'HEAD', 'POST'] as const;

export function isAllowedMethod(method: string | undefined): boolean {
  return (ALLOWED_METHODS as readonly string[]).includes(method ?? '');
}

/** The reason phrase for a status: Astro copies a Response's statusText, which says `OK` on a page that set 404. */
export function reasonPhrase(status: number): string {
  return STATUS_CODES[status] ?? '';
}

/** An HTML (or plain text) answer names its character set (ASVS 5.0 4.1.1); others are left as they are. */
export function withCharset(contentType: string): string {
  return /^text\/(html|plain)\s*$/i.test(contentType.trim()) ? `${contentType.trim()}; charset=utf-8` : contentType;
}
