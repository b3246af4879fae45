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

/** Where links in messages point: PUBLIC_URL, else the address the request came to. */
export function publicBaseUrl(url: URL): string {
  return (config().publicUrl ?? url.origin).replace(/\/$/, '');
}
