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

/**
 * Where links in messages point: always the configured address (PUBLIC_URL,
 * or the loopback demo's own), never the Host a request names; a forged Host
 * must not put another site's address into the institution's letters
 * (security review m1). The request's URL is no longer read.
 */
export function publicBaseUrl(_requestUrl?: URL): string {
  return config().baseUrl;
}
