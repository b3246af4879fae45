import type { Database } from '#src/db/client.ts';
import { act, type ActionContext, type ActionResult } from '#src/cases/actions.ts';
import { enqueueMail } from '#src/mail/queries.ts';
import { getInstitution } from '#src/settings/queries.ts';
import { hashStatusToken, newStatusToken } from '#src/cases/status-link.ts';
import { todayInRiga } from '#src/calendar/riga-time.ts';
import { readingOffers } from './schema.ts';
import { checkInvitation, windowEnd } from './rules.ts';
import { getReadingSettings, bookableRange, openSlots } from './queries.ts';
import { invitationMail } from './messages.ts';
import { absoluteUrl, publicPaths } from '#src/paths.ts';

// S-13: the official invites the client to read the documents in the
// office, offering a window of days and, if they wish, specific times in
// it. A case action like any other (one transaction, the case's version
// checked): the offer, the history entry the client sees, and the letter
// with the invitation's private link. A client without an e-mail address
// gets no letter from here (D6): the outcome says so, so the official is
// told to phone or post the printable invitation instead of "sent".

export type InviteOutcome = Exclude<ActionResult, { ok: true }> | { ok: true; clientMailed: boolean };

export async function inviteToRead(
  db: Database,
  ctx: ActionContext,
  input: { from: string; to: string; times: string },
): Promise<InviteOutcome> {
  let clientMailed = false;
  const result = await act(db, ctx, 'invite_to_read', async (tx, c, now) => {
    const settings = await getReadingSettings(tx);
    const today = todayInRiga(now);
    const range = bookableRange(settings, now);
    // Only times still free can be offered; the client gets a choice that exists.
    const free = await openSlots(tx as unknown as Database, { ...range, notBefore: now });
    const checked = checkInvitation({ ...input, today, daysAhead: settings.daysAhead, slots: free });
    if (!checked.ok) return { problems: checked.problems };
    const token = newStatusToken();
    const [offer] = await tx
      .insert(readingOffers)
      .values({
        caseId: c.id,
        fromDate: checked.fromDate,
        toDate: checked.toDate,
        times: checked.times,
        inviteTokenHash: hashStatusToken(token),
        createdBy: ctx.actor.id,
        createdAt: now,
        expiresAt: windowEnd(checked.toDate),
      })
      .returning({ id: readingOffers.id });
    if (c.contactEmail) {
      const institution = await getInstitution(tx as unknown as Database);
      await enqueueMail(tx, {
        // A letter about the case: the client's reply comes back to it (Reply-To, issue 16).
        caseId: c.id,
        ...invitationMail({
          locale: c.locale,
          name: c.contactName,
          email: c.contactEmail,
          reference: c.reference,
          fromDate: checked.fromDate,
          toDate: checked.toDate,
          specificTimes: checked.times.length,
          link: absoluteUrl(ctx.baseUrl, publicPaths.reading(c.locale, token)),
          complaintUrl: absoluteUrl(ctx.baseUrl, publicPaths.complaint(c.locale, c.reference)),
          official: ctx.actor.fullName,
          institution: institution!,
        }),
      });
      clientMailed = true;
    }
    return {
      set: { status: 'in_progress' },
      events: [
        {
          type: 'reading_invited',
          visibleToClient: true,
          data: { offerId: offer!.id, fromDate: checked.fromDate, toDate: checked.toDate, times: checked.times },
        },
      ],
    };
  });
  return result.ok ? { ok: true, clientMailed } : result;
}
