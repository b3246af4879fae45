import type { Database } from '#src/db/client.ts';
import type { CaseKind } from '#src/cases/schema.ts';
import { rigaDateOf, rigaTimeOf } from '#src/calendar/riga-time.ts';
import type { RegisterState } from '#src/intake/register.ts';
import { listDraftAttachments, saveDraft } from '#src/intake/queries.ts';
import { LIMITS } from '#src/intake/rules.ts';
import { dateText } from '#src/settings/fields.ts';
import { findToRegister } from './queries.ts';
import { registrationFromMail } from './rules.ts';

// Issue 16: a mail from the "to register" queue opens the one register
// (docs/0025) already filled in: a registration draft with the mail's
// sender, text, arrival and files, which the manager checks and sends like
// any registration. Its files passed the upload rules when the mail was read.

/** The register's state for mail `mailId` as a case of `kind`, or undefined when it waits no longer. */
export async function registrationFromQueue(
  db: Database,
  input: { mailId: number; kind: CaseKind; locale: string },
): Promise<RegisterState | undefined> {
  const mail = await findToRegister(db, input.mailId);
  const receivedAt = mail?.receivedAt;
  if (!mail || !receivedAt) return undefined;
  const values = {
    kind: input.kind,
    ...registrationFromMail(mail, { date: dateText(rigaDateOf(receivedAt)), time: rigaTimeOf(receivedAt) }, LIMITS.details),
  };
  const draftId = await saveDraft(db, {
    kind: input.kind,
    locale: input.locale,
    fields: values,
    removeAttachmentIds: [],
    attachments: mail.files,
  });
  return { values, problems: [], draftId, attachments: await listDraftAttachments(db, draftId) };
}
