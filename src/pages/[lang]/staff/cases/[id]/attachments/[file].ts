import type { APIRoute } from 'astro';
import { database } from '#src/db/client.ts';
import { requireStaff } from '#src/staff/access.ts';
import { attachmentForStaff } from '#src/cases/workspace.ts';
import { notFound } from '#src/platform/outcome.ts';
import { downloadName } from '#src/intake/attachments.ts';

// A client's attachment, only for staff who may see the case, and never
// shown inline: always a download, in a sandbox, its type sniffed by nobody,
// named by what it contains (ASVS 5.0 5.2.2).
export const GET: APIRoute = async (context) => {
  // Signed in or sent to sign in and back here: the middleware's staff gate.
  const { user } = requireStaff(context, 'handleCases');
  const file = await attachmentForStaff(await database(), user, Number(context.params.id), Number(context.params.file));
  if (!file) throw notFound('attachment');
  return new Response(new Uint8Array(file.content), {
    headers: {
      'Content-Type': file.contentType,
      'Content-Length': String(file.size),
      'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(downloadName(file.filename, file.contentType))}`,
      'Content-Security-Policy': "sandbox; default-src 'none'",
      'Cache-Control': 'private, no-store',
    },
  });
};
