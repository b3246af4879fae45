import { database, type Database } from '#src/db/client.ts';
import type { CaseKind } from '#src/cases/schema.ts';
import { config } from '#src/config.ts';
import { readSmallForm } from '#src/forms/read.ts';
import { clientAddressOf, publicBaseUrl } from '#src/platform/request.ts';
import { countIntakePost, intakeCounts, overLimit, plainPost, readCountedPost, refusedPost, type RefusedPost } from './limit.ts';
import { findDraft, type Draft } from './queries.ts';
import { sendDraft } from './submit.ts';

// "Send" on the check page. Its post carries no fields, so it is read only
// if small (security review m10), and the usual Send is counted against the
// intake limits by the statement that writes the case (one round trip and
// one commit fewer, issue 18). Any other post (no declared length, a large
// body, a robot's) is counted before it is read, as every public post was.
// Every post is counted once; a draft sent before gives its confirmation
// again, even past the limit.

export type SendOutcome =
  | { next: 'submitted'; token: string }
  /** The draft no longer passes the rules: back to the form, which shows why. */
  | { next: 'form' }
  | { next: 'not_found' }
  /** The check page again, with the refusal (429 past the limit, 400 unreadable or a robot's) and the draft it shows. */
  | { next: 'refused'; refused: RefusedPost; draft: Draft };

export async function receiveSend(
  clientWrites: Database,
  request: Request,
  socketAddress: () => string,
  draftId: string,
  kind: CaseKind,
): Promise<SendOutcome> {
  const address = clientAddressOf(request, socketAddress);
  const countedBySend = plainPost(await readSmallForm(request));
  let refused = countedBySend ? undefined : refusedPost(await readCountedPost(clientWrites, request, socketAddress));
  if (!refused) {
    const result = await sendDraft(clientWrites, draftId, {
      baseUrl: publicBaseUrl(),
      kind,
      // Numbered on the main pool (SubmitOptions.numberOn).
      numberOn: await database(),
      ...(countedBySend ? { intakeLimit: intakeCounts(address, config().intakeRateLimit) } : {}),
    });
    // The confirmation page finds the case by its status link: no number to read here.
    if (result.ok) return { next: 'submitted', token: result.token };
    if (result.reason === 'over_limit') refused = overLimit(result.retryAfterSeconds);
    else {
      // No statement wrote anything, so none counted the post: counted here.
      if (countedBySend) await countIntakePost(clientWrites, address, config().intakeRateLimit);
      return { next: result.reason === 'not_found' ? 'not_found' : 'form' };
    }
  }
  const draft = await findDraft(clientWrites, draftId, kind);
  if (!draft) return { next: 'not_found' };
  // Sent before: the same confirmation, even past the limit.
  if (refused.status === 429 && draft.submittedCaseId !== null && draft.submittedToken)
    return { next: 'submitted', token: draft.submittedToken };
  return { next: 'refused', refused, draft };
}
