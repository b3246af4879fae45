import type { Database } from '#src/db/client.ts';
import type { FieldProblem } from '#src/forms/errors.ts';
import type { PostedForm } from '#src/forms/read.ts';
import { checkAttachments } from '#src/intake/attachments.ts';
import { malwareScanner, type MalwareScanner } from '#src/intake/malware-scan.ts';
import { intakeContext } from '#src/intake/queries.ts';
import { cachedReference } from '#src/settings/cache.ts';
import { config } from '#src/config.ts';
import { addClientMessage, checkClientMessage } from './client-messages.ts';
import { OPEN_STATUSES } from './rules.ts';
import type { CaseStatus } from './schema.ts';

// Issue 16: the status page's "add to your case" form. The same checks as
// the submission forms (text limit, file type by content, size, count,
// malware scan), and all or nothing: a message is stored only with every
// file it came with, so the official never reads "see the attached" with
// nothing attached. Refused, the text comes back as typed; files cannot
// (a browser never refills a file input), so the client is told to choose
// them again.

export const MESSAGE_FIELD = 'message';

export type MessageFormOutcome = { ok: true } | { ok: false; status: number; problems: FieldProblem[]; values: { message: string } };

/** Whether the page offers the form: only while the case waits for the institution. */
export function mayAddMessage(status: CaseStatus): boolean {
  return OPEN_STATUSES.includes(status);
}

export async function receiveClientMessage(
  db: Database,
  c: { id: number; status: CaseStatus },
  locale: string,
  form: PostedForm,
  options: { baseUrl: string; now?: Date; scan?: MalwareScanner | undefined },
): Promise<MessageFormOutcome> {
  const text = form.text(MESSAGE_FIELD);
  const values = { message: text };
  // Ended while the page was open: said, and the text kept to copy elsewhere.
  if (!mayAddMessage(c.status)) return { ok: false, status: 409, problems: [{ field: 'form', key: 'caseEnded' }], values };
  const files = form.files('attachments');
  const context = await cachedReference(db, 'intake-context', () => intakeContext(db));
  const scan = 'scan' in options ? options.scan : malwareScanner(config().clamd);
  const uploads = await checkAttachments(files, 0, context.attachmentLimits, scan);
  const problems = [...checkClientMessage(text, files.length), ...(uploads.problem ? [uploads.problem] : [])];
  if (problems.length > 0) {
    if (!uploads.problem && uploads.accepted.length > 0) problems.push({ field: 'attachments', key: 'chooseAgain' });
    return { ok: false, status: 400, problems, values };
  }
  const now = options.now ?? new Date();
  const added = await addClientMessage(
    db,
    { caseId: c.id, text, via: 'status_page', locale, attachments: uploads.accepted, receivedAt: now },
    { baseUrl: options.baseUrl },
  );
  if (added.ok) return { ok: true };
  if (added.reason === 'invalid') return { ok: false, status: 400, problems: added.problems, values };
  return { ok: false, status: 409, problems: [{ field: 'form', key: 'caseEnded' }], values };
}
