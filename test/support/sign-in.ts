import { currentTotp, totpPeriod } from '#src/staff/totp.ts';
import { DEMO_PASSWORD } from '#src/db/seed.ts';
import { serverNow } from './clock.ts';
import { staffPaths } from '#src/paths.ts';

// Signing staff in against a running server, as a browser would but with
// fetch: password, then the second factor (setting it up the first time,
// and remembering the secret per server and account like an app would).

const secrets = new Map<string, string>();
const usedPeriods = new Map<string, number>();

/**
 * The next code the authenticator shows that this account has not used yet.
 * A code works once (RFC 6238 §5.2): a second sign-in within the same 30
 * seconds takes the next period's code, which the portal accepts early for
 * clock drift; a third waits for the period to turn, as a person would.
 */
export async function unusedTotp(baseUrl: string, email: string, secret: string): Promise<string> {
  const key = `${baseUrl} ${email}`;
  const last = usedPeriods.get(key);
  // The authenticator shows codes of the server's time (its clock may start at a fixed instant).
  let period = totpPeriod(serverNow(baseUrl).getTime());
  if (last !== undefined && period <= last) {
    period = last + 1;
    // Accepted from the period before it on.
    const wait = (period - 1) * 30_000 - serverNow(baseUrl).getTime();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait + 100));
  }
  usedPeriods.set(key, period);
  return currentTotp(secret, period * 30_000 + 1_000);
}

function cookieFrom(response: Response): string | undefined {
  const set = response.headers.getSetCookie().find((c) => c.startsWith('kb_staff='));
  return set?.split(';')[0];
}

async function postForm(url: string, origin: string, body: Record<string, string>, cookie?: string): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { Origin: origin, 'Content-Type': 'application/x-www-form-urlencoded', ...(cookie ? { Cookie: cookie } : {}) },
    body: new URLSearchParams(body),
  });
}

/** Signs in and returns the session cookie ("kb_staff=…"). */
export async function signInWithFetch(baseUrl: string, email: string, password = DEMO_PASSWORD): Promise<string> {
  const first = await postForm(`${baseUrl}${staffPaths.signIn('lv')}`, baseUrl, { email, password });
  let cookie = cookieFrom(first);
  const location = first.headers.get('location') ?? '';
  if (!cookie) throw new Error(`sign-in of ${email} failed with ${first.status}`);
  const key = `${baseUrl} ${email}`;
  if (location.endsWith('/set-up-second-factor')) {
    const page = await (await fetch(`${baseUrl}${location}`, { headers: { Cookie: cookie } })).text();
    const secret = /class="secret"[^>]*>([A-Z2-7 ]+)</.exec(page)?.[1]?.replace(/ /g, '');
    if (!secret) throw new Error('no TOTP secret on the set-up page');
    secrets.set(key, secret);
    const done = await postForm(`${baseUrl}${location}`, baseUrl, { code: await unusedTotp(baseUrl, email, secret) }, cookie);
    cookie = cookieFrom(done) ?? cookie;
  } else if (location.endsWith('/second-factor')) {
    const secret = secrets.get(key);
    if (!secret) throw new Error(`no TOTP secret known for ${email}`);
    const done = await postForm(`${baseUrl}${location}`, baseUrl, { code: await unusedTotp(baseUrl, email, secret) }, cookie);
    cookie = cookieFrom(done);
    if (!cookie) throw new Error('second factor refused');
  }
  return cookie;
}

/** The TOTP secret set up for an account on a server, if the tests set one up. */
export function knownTotpSecret(baseUrl: string, email: string): string | undefined {
  return secrets.get(`${baseUrl} ${email}`);
}

export function rememberTotpSecret(baseUrl: string, email: string, secret: string): void {
  secrets.set(`${baseUrl} ${email}`, secret);
}
