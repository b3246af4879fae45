import { config } from '#src/config.ts';
import { clientAddressBehind } from '#src/platform/proxy-trust.ts';

/** The client's address: the socket's, or behind trusted proxies the one they name (read from the right, never the client-written left). */
export function clientAddressOf(request: Request, socketAddress: () => string): string {
  let socket: string;
  try {
    socket = socketAddress();
  } catch {
    socket = 'unknown';
  }
  return clientAddressBehind(config().trustProxy, socket, request.headers.get('x-forwarded-for'));
}

/**
 * Where links in messages point: always the configured address (PUBLIC_URL,
 * or the loopback demo's own), never the Host a request names; a forged Host
 * must not put another site's address into the institution's letters
 * (security review m1). The request's URL is no longer read.
 */
export function publicBaseUrl(): string {
  return config().baseUrl;
}
