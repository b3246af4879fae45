// Reading a posted form defensively: whatever arrives (a wrong content type,
// a broken multipart body, invalid UTF-8, NUL bytes) becomes plain values a
// form can show again, never an exception that would end in a 500.

export type PostedForm = {
  /** False when the body could not be read as a form at all. */
  readable: boolean;
  text: (name: string) => string;
  texts: (name: string) => string[];
  files: (name: string) => File[];
};

// PostgreSQL text cannot hold NUL; other C0 controls (but tab, newline and
// carriage return) have no business in a form either.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

export function cleanText(value: string): string {
  // Lone surrogates (from broken input) cannot be stored or encoded: replace them.
  return value.replace(CONTROL, '').toWellFormed();
}

export function formFrom(data: FormData | undefined): PostedForm {
  const values = (name: string) => (data ? data.getAll(name) : []);
  return {
    readable: data !== undefined,
    text: (name) => {
      const v = values(name)[0];
      return typeof v === 'string' ? cleanText(v) : '';
    },
    texts: (name) =>
      values(name)
        .filter((v): v is string => typeof v === 'string')
        .map(cleanText),
    files: (name) => values(name).filter((v): v is File => typeof v !== 'string' && v.size > 0),
  };
}

// A request's form parsed once, however many steps read it (the intake
// limit, the first-post check, the page's own work: issue 18).
const parsed = new WeakMap<Request, Promise<PostedForm>>();

export function readForm(request: Request): Promise<PostedForm> {
  let form = parsed.get(request);
  if (!form) parsed.set(request, (form = parseForm(request)));
  return form;
}

async function parseForm(request: Request): Promise<PostedForm> {
  const type = request.headers.get('content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data')) {
    return formFrom(undefined);
  }
  // A body declared empty (the check page's Send, `Content-Length: 0` from a
  // browser) is an empty form: no copy of the request made and read for
  // nothing (2 to 3 % of a Send's server time, issue 18). Only a declared
  // zero: a Request made in code may carry a body and no length at all.
  if (request.headers.get('content-length') === '0') return formFrom(new FormData());
  try {
    // The request's own body, not a copy of it: a copy tees the body's
    // stream, and undici's Request and web streams were 13 % of a form
    // post's time (issue 18's profile). A page that has read its form can
    // no longer be rewritten by Astro with the same request; the one place
    // that rewrites after a page (the refused pages, middleware.ts) gives
    // Astro a bodiless request of its own.
    return formFrom(await request.formData());
  } catch {
    return formFrom(undefined);
  }
}

/** A post small enough to read even when its sender is over a limit: text fields only, no attachments. */
export const SMALL_FORM_BYTES = 64 * 1024;

/**
 * Reads the post only if its body is known to be small (Content-Length at
 * most SMALL_FORM_BYTES), else an unreadable form. For a refused sender: what
 * they typed can still be shown back, but nobody over the rate limit makes
 * the server parse megabytes (security review m10).
 */
export async function readSmallForm(request: Request): Promise<PostedForm> {
  // The length the request declares. One with neither Content-Length nor
  // Transfer-Encoding has no body (RFC 9112, 6.3); a chunked one does not say.
  const declared = request.headers.get('content-length') ?? (request.headers.has('transfer-encoding') ? null : '0');
  if (declared === null || !/^\d+$/.test(declared) || Number(declared) > SMALL_FORM_BYTES) return formFrom(undefined);
  return readForm(request);
}
