import type { APIRoute } from 'astro';
import { database } from '#src/db/client.ts';
import { currentSession, may } from '#src/staff/access.ts';
import { attachmentForStaff } from '#src/cases/workspace.ts';

// A client's attachment, only for staff who may see the case, and never
// shown inline: always a download, in a sandbox, its type sniffed by nobody.
export const GET: APIRoute = async (context) => {
  const session = await currentSession(context);
  const locale = context.locals.locale;
  if (!session || !session.secondFactorDone) return context.redirect(`/${locale}/staff/sign-in`, 303);
  if (!may(session.user, 'handleCases')) return context.rewrite(`/${locale}/403`);
  const file = await attachmentForStaff(await database(), session.user, Number(context.params.id), Number(context.params.file));
  if (!file) return context.rewrite(`/${locale}/404`);
  return new Response(new Uint8Array(file.content), {
    headers: {
      'Content-Type': file.contentType,
      'Content-Length': String(file.size),
      'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
      'Content-Security-Policy': "sandbox; default-src 'none'",
      'Cache-Control': 'private, no-store',
    },
  });
};
