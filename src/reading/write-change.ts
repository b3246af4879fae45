import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '#src/db/client.ts';
import { enqueueMail } from '#src/mail/queries.ts';
import type { Institution } from '#src/settings/queries.ts';
import { staffMembers } from '#src/staff/schema.ts';
import { caseEvents, type cases } from '#src/cases/schema.ts';
import { latestOffer } from './queries.ts';
import { changeMails, type ReadingChange } from './messages.ts';

// What a change of a booking leaves behind (S-13), inside the transaction
// that made it: the case history entry the client sees and, for a booking
// made, moved or cancelled, the letters to both sides in the outbox. The
// decisions (who may, which time, the races) are in bookings.ts.

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];
type CaseRow = typeof cases.$inferSelect;
/** Who acted: the client, or an official (ReadingActor in bookings.ts). */
type ChangeActor = { kind: 'client' } | { kind: 'staff'; user: { id: number } };

function domainOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).hostname || 'klientu-balss.local';
  } catch {
    return 'klientu-balss.local';
  }
}

/** The officials a change concerns: the case's assignee and whoever invited the client. */
async function officialsFor(tx: Pick<Database, 'select'>, c: CaseRow, inviterId: number | null) {
  const ids = [c.assigneeId, inviterId].filter((id): id is number => id !== null);
  if (ids.length === 0) return [];
  return tx
    .select({ email: staffMembers.email, fullName: staffMembers.fullName })
    .from(staffMembers)
    .where(and(inArray(staffMembers.id, ids), eq(staffMembers.active, true)));
}

/**
 * Writes one change of a booking into the case history and, unless it is
 * the client's attendance (a fact for the history only), its letters.
 */
export async function writeChange(
  tx: Tx,
  input: {
    change: ReadingChange | 'attended' | 'no_show';
    c: CaseRow;
    booking: { id: number; version: number; start: Date; end: Date; placeName: string };
    previous?: { start: Date; end: Date };
    actor: ChangeActor;
    reason?: string;
    now: Date;
    baseUrl: string;
    institution: Institution;
    manageUrl?: string;
  },
): Promise<void> {
  const { c, booking } = input;
  const by = input.actor.kind;
  await tx.insert(caseEvents).values({
    caseId: c.id,
    at: input.now,
    type: `reading_${input.change}`,
    actorStaffId: input.actor.kind === 'staff' ? input.actor.user.id : null,
    // S-4.5: the client follows every step of their appointment.
    visibleToClient: true,
    data: {
      bookingId: booking.id,
      start: booking.start.toISOString(),
      end: booking.end.toISOString(),
      place: booking.placeName,
      by,
      ...(input.previous ? { previousStart: input.previous.start.toISOString(), previousEnd: input.previous.end.toISOString() } : {}),
      ...(input.reason ? { reason: input.reason } : {}),
    },
  });
  if (input.change === 'attended' || input.change === 'no_show') return;
  const offer = await latestOffer(tx, c.id);
  const mails = changeMails({
    change: input.change,
    booking: {
      bookingId: booking.id,
      version: booking.version,
      start: booking.start,
      end: booking.end,
      placeName: booking.placeName,
      reference: c.reference,
      caseId: c.id,
    },
    previous: input.previous,
    by,
    reason: input.reason,
    recipients: {
      client: { email: c.contactEmail, name: c.contactName, locale: c.locale },
      officials: await officialsFor(tx, c, offer?.createdBy ?? null),
    },
    institution: input.institution,
    baseUrl: input.baseUrl,
    manageUrl: input.manageUrl,
    domain: domainOf(input.baseUrl),
  });
  for (const mail of mails) await enqueueMail(tx, mail);
}
