import { config } from '#src/config.ts';

/** The client's address: the socket's, or behind a trusted proxy the first X-Forwarded-For. */
export function clientAddressOf(request: Request, socketAddress: () => string): string {
  if (config().trustProxy) {
    const forwarded = request.headers.get('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return socketAddress();
  } catch {
    return 'unknown';
  }
}

/** Where links in messages point: PUBLIC_URL, else the address the request came to. */
export function publicBaseUrl(url: URL): string {
  return (config().publicUrl ?? url.origin).replace(/\/$/, '');
}
