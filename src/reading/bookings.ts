import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '#src/db/client.ts';
import { problemsFromZod, type FieldProblem } from '#src/forms/errors.ts';
import { getInstitution } from '#src/settings/queries.ts';
import { cases } from '#src/cases/schema.ts';
import { maySeeCase, type Actor } from '#src/cases/rules.ts';
import { hashStatusToken, newStatusToken } from '#src/cases/status-link.ts';
import { readingBookings, readingPlaces } from './schema.ts';
import { clientEarliestStart, clientMayChange, mayRecordAttendance, offeredSlots, type FreeSlot, type Slot } from './rules.ts';
import { bookableRange, getReadingSettings, latestOffer, slotPlan } from './queries.ts';
import { writeChange } from './write-change.ts';
import { absoluteUrl, publicPaths } from '#src/paths.ts';

// S-13: a booking is made, moved, cancelled and its outcome recorded, each
// in one transaction with the case history and the letters to both sides
// (outbox; write-change.ts writes them). That no seat is booked twice is not
// checked here but enforced by the database (the EXCLUDE constraint of
// migration 0004): of any number of requests racing for the last seat
// exactly one insert succeeds, and the others come back as a typed "slot
// taken", never as an error page.

export type ReadingFailure = 'not_found' | 'slot_taken' | 'already_booked' | 'too_late' | 'too_early' | 'conflict' | 'closed';
export type ReadingOutcome =
  { ok: true; bookingId: number } | { ok: false; reason: ReadingFailure } | { ok: false; reason: 'invalid'; problems: FieldProblem[] };

/**
 * How a refused change is shown on its form. A time taken meanwhile, a
 * booking changed meanwhile or made in another tab is a conflict (409) shown
 * with the state as it is now, never an error page (issue 6); the rest are
 * the form's own errors (400). `keepChoice` says whether the chosen time
 * still makes sense to show as chosen.
 */
export function refusal(outcome: Exclude<ReadingOutcome, { ok: true }>): {
  status: 400 | 409;
  problems: FieldProblem[];
  keepChoice: boolean;
} {
  if (outcome.reason === 'invalid') return { status: 400, problems: outcome.problems, keepChoice: true };
  const conflict = outcome.reason === 'slot_taken' || outcome.reason === 'conflict' || outcome.reason === 'already_booked';
  return {
    status: conflict ? 409 : 400,
    problems: [{ field: outcome.reason === 'slot_taken' ? 'slot' : 'form', key: outcome.reason }],
    keepChoice: false,
  };
}

/** Who acts: the client through a private link to their case, or a signed-in official. */
export type ReadingActor = { kind: 'client'; caseId: number } | { kind: 'staff'; user: Actor & { fullName: string } };

type CaseRow = typeof cases.$inferSelect;
type BookingRow = typeof readingBookings.$inferSelect;

/** The SQLSTATE of a database error, wherever the driver put it (drizzle wraps it in `cause`). */
export function sqlState(error: unknown): string | undefined {
  let e: unknown = error;
  for (let depth = 0; depth < 4 && e !== null && typeof e === 'object'; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}
/** exclusion_violation: the seat is taken at an overlapping time. */
const SEAT_TAKEN = '23P01';
/** unique_violation: the case already has an active booking. */
const CASE_BOOKED = '23505';

const reasonText = z.string().trim().min(1, 'required').max(2000, 'tooLong');

/** Finds the posted slot among the choices; a known slot that is no longer free is "taken", anything else invalid. */
function pickSlot(
  plan: { slots: Slot[]; free: FreeSlot[] },
  allowed: (s: Slot) => boolean,
  posted: string,
): { slot: FreeSlot } | { ok: false; reason: 'slot_taken' } | { ok: false; reason: 'invalid'; problems: FieldProblem[] } {
  const slot = plan.free.find((s) => allowed(s) && s.start.toISOString() === posted);
  if (slot) return { slot };
  if (posted && plan.slots.some((s) => allowed(s) && s.start.toISOString() === posted)) return { ok: false, reason: 'slot_taken' };
  return { ok: false, reason: 'invalid', problems: [{ field: 'slot', key: 'chooseTime' }] };
}

/**
 * The client books one of the times the invitation offers, or an official
 * does on their behalf (agreed by phone, S-13). Tries each free seat of
 * that time in turn; the database decides each race.
 */
export async function bookReading(
  db: Database,
  input: { caseId: number; slot: string; baseUrl: string; now?: Date; actor?: ReadingActor },
): Promise<ReadingOutcome> {
  const now = input.now ?? new Date();
  const actor: ReadingActor = input.actor ?? { kind: 'client', caseId: input.caseId };
  const [c] = await db.select().from(cases).where(eq(cases.id, input.caseId));
  if (!c) return { ok: false, reason: 'not_found' };
  // An official books for the client only on a case they may see (another unit's is not there).
  if (actor.kind === 'staff' ? !maySeeCase(actor.user, c) : actor.caseId !== c.id) return { ok: false, reason: 'not_found' };
  const offer = await latestOffer(db, c.id);
  if (!offer || offer.expiresAt <= now) return { ok: false, reason: 'closed' };
  const [existing] = await db
    .select({ id: readingBookings.id })
    .from(readingBookings)
    .where(and(eq(readingBookings.caseId, c.id), eq(readingBookings.status, 'active')));
  if (existing) return { ok: false, reason: 'already_booked' };
  const settings = await getReadingSettings(db);
  // The client's cut-off is for the client's own booking; an official agrees the time with them.
  const notBefore = actor.kind === 'staff' ? now : clientEarliestStart(now, settings.clientCutoffHours);
  const plan = await slotPlan(db, { from: offer.fromDate, to: offer.toDate, notBefore });
  const offered = new Set(offeredSlots(plan.slots, offer).map((s) => s.start.getTime()));
  const picked = pickSlot(plan, (s) => offered.has(s.start.getTime()), input.slot);
  if (!('slot' in picked)) return picked;
  const { slot } = picked;
  const [institution, places] = await Promise.all([getInstitution(db), db.select().from(readingPlaces)]);
  for (const placeId of slot.freePlaceIds) {
    const token = newStatusToken();
    try {
      const bookingId = await db.transaction(async (tx) => {
        const [row] = await tx
          .insert(readingBookings)
          .values({
            caseId: c.id,
            placeId,
            offerId: offer.id,
            startsAt: slot.start,
            endsAt: slot.end,
            manageTokenHash: hashStatusToken(token),
            createdAt: now,
            updatedAt: now,
          })
          .returning({ id: readingBookings.id, version: readingBookings.version });
        await writeChange(tx, {
          change: 'booked',
          c,
          booking: {
            id: row!.id,
            version: row!.version,
            start: slot.start,
            end: slot.end,
            placeName: places.find((p) => p.id === placeId)?.name ?? '',
          },
          actor,
          now,
          baseUrl: input.baseUrl,
          institution: institution!,
          manageUrl: absoluteUrl(input.baseUrl, publicPaths.reading(c.locale, token)),
        });
        return row!.id;
      });
      return { ok: true, bookingId };
    } catch (error) {
      const state = sqlState(error);
      // Another client took this seat a moment ago: try the next free one.
      if (state === SEAT_TAKEN) continue;
      // A second tab of the same client booked first.
      if (state === CASE_BOOKED) return { ok: false, reason: 'already_booked' };
      throw error;
    }
  }
  return { ok: false, reason: 'slot_taken' };
}

type Loaded = { b: BookingRow; c: CaseRow; placeName: string };

async function loadForChange(
  db: Database,
  bookingId: number,
  version: number,
  actor: ReadingActor,
): Promise<Loaded | { ok: false; reason: ReadingFailure }> {
  if (!Number.isSafeInteger(bookingId)) return { ok: false, reason: 'not_found' };
  const [row] = await db
    .select({ b: readingBookings, c: cases, placeName: readingPlaces.name })
    .from(readingBookings)
    .innerJoin(cases, eq(cases.id, readingBookings.caseId))
    .innerJoin(readingPlaces, eq(readingPlaces.id, readingBookings.placeId))
    .where(eq(readingBookings.id, bookingId));
  if (!row) return { ok: false, reason: 'not_found' };
  // A client reaches only their own case's booking; an official only a case they may see.
  if (actor.kind === 'client' && row.c.id !== actor.caseId) return { ok: false, reason: 'not_found' };
  if (actor.kind === 'staff' && !maySeeCase(actor.user, row.c)) return { ok: false, reason: 'not_found' };
  if (row.b.version !== version || row.b.status !== 'active') return { ok: false, reason: 'conflict' };
  return row;
}

/**
 * Moves a booking to another time: the client (until the cut-off) to
 * another time the invitation offers; an official to any free time, with a
 * reason. The same booking keeps its calendar UID; SEQUENCE goes up.
 */
export async function moveReading(
  db: Database,
  input: { bookingId: number; version: number; slot: string; actor: ReadingActor; reason?: string; baseUrl: string; now?: Date },
): Promise<ReadingOutcome> {
  const now = input.now ?? new Date();
  const loaded = await loadForChange(db, input.bookingId, input.version, input.actor);
  if ('ok' in loaded) return loaded;
  const { b, c } = loaded;
  const settings = await getReadingSettings(db);
  let reason: string | undefined;
  let plan: { slots: Slot[]; free: FreeSlot[] };
  let allowed: (s: Slot) => boolean = (s) => s.start.getTime() !== b.startsAt.getTime();
  if (input.actor.kind === 'client') {
    if (!clientMayChange(b.startsAt, now, settings.clientCutoffHours)) return { ok: false, reason: 'too_late' };
    const offer = await latestOffer(db, c.id);
    if (!offer || offer.expiresAt <= now) return { ok: false, reason: 'closed' };
    plan = await slotPlan(db, {
      from: offer.fromDate,
      to: offer.toDate,
      notBefore: clientEarliestStart(now, settings.clientCutoffHours),
      exceptBookingId: b.id,
    });
    const offered = new Set(offeredSlots(plan.slots, offer).map((s) => s.start.getTime()));
    allowed = (s) => offered.has(s.start.getTime()) && s.start.getTime() !== b.startsAt.getTime();
  } else {
    const parsed = reasonText.safeParse(input.reason ?? '');
    if (!parsed.success)
      return { ok: false, reason: 'invalid', problems: problemsFromZod(parsed.error).map((p) => ({ ...p, field: 'reason' })) };
    reason = parsed.data;
    const range = bookableRange(settings, now);
    plan = await slotPlan(db, { ...range, notBefore: now, exceptBookingId: b.id });
  }
  const picked = pickSlot(plan, allowed, input.slot);
  if (!('slot' in picked)) return picked;
  const { slot } = picked;
  const [institution, places] = await Promise.all([getInstitution(db), db.select().from(readingPlaces)]);
  for (const placeId of slot.freePlaceIds) {
    try {
      const outcome = await db.transaction(async (tx): Promise<ReadingOutcome> => {
        const [row] = await tx
          .update(readingBookings)
          // A new time gets its own reminder.
          .set({
            placeId,
            startsAt: slot.start,
            endsAt: slot.end,
            version: sql`${readingBookings.version} + 1`,
            updatedAt: now,
            reminderSentAt: null,
          })
          .where(and(eq(readingBookings.id, b.id), eq(readingBookings.version, b.version), eq(readingBookings.status, 'active')))
          .returning({ version: readingBookings.version });
        if (!row) return { ok: false, reason: 'conflict' };
        await writeChange(tx, {
          change: 'moved',
          c,
          booking: {
            id: b.id,
            version: row.version,
            start: slot.start,
            end: slot.end,
            placeName: places.find((p) => p.id === placeId)?.name ?? '',
          },
          previous: { start: b.startsAt, end: b.endsAt },
          actor: input.actor,
          ...(reason ? { reason } : {}),
          now,
          baseUrl: input.baseUrl,
          institution: institution!,
        });
        return { ok: true, bookingId: b.id };
      });
      return outcome;
    } catch (error) {
      if (sqlState(error) === SEAT_TAKEN) continue;
      throw error;
    }
  }
  return { ok: false, reason: 'slot_taken' };
}

/** Cancels a booking: the client until the cut-off, an official with a reason. The seat is free again at once. */
export async function cancelReading(
  db: Database,
  input: { bookingId: number; version: number; actor: ReadingActor; reason?: string; baseUrl: string; now?: Date },
): Promise<ReadingOutcome> {
  const now = input.now ?? new Date();
  const loaded = await loadForChange(db, input.bookingId, input.version, input.actor);
  if ('ok' in loaded) return loaded;
  const { b, c, placeName } = loaded;
  let reason: string | undefined;
  if (input.actor.kind === 'client') {
    const settings = await getReadingSettings(db);
    if (!clientMayChange(b.startsAt, now, settings.clientCutoffHours)) return { ok: false, reason: 'too_late' };
  } else {
    const parsed = reasonText.safeParse(input.reason ?? '');
    if (!parsed.success)
      return { ok: false, reason: 'invalid', problems: problemsFromZod(parsed.error).map((p) => ({ ...p, field: 'reason' })) };
    reason = parsed.data;
  }
  const institution = await getInstitution(db);
  return db.transaction(async (tx): Promise<ReadingOutcome> => {
    const [row] = await tx
      .update(readingBookings)
      .set({ status: 'cancelled', version: sql`${readingBookings.version} + 1`, updatedAt: now })
      .where(and(eq(readingBookings.id, b.id), eq(readingBookings.version, b.version), eq(readingBookings.status, 'active')))
      .returning({ version: readingBookings.version });
    if (!row) return { ok: false, reason: 'conflict' };
    await writeChange(tx, {
      change: 'cancelled',
      c,
      booking: { id: b.id, version: row.version, start: b.startsAt, end: b.endsAt, placeName },
      actor: input.actor,
      ...(reason ? { reason } : {}),
      now,
      baseUrl: input.baseUrl,
      institution: institution!,
    });
    return { ok: true, bookingId: b.id };
  });
}

/**
 * The reading room's staff record whether the client came (recorded in the
 * case history). Any official of the room may, whoever handles the case:
 * it is a fact seen at the desk.
 */
export async function recordAttendance(
  db: Database,
  input: { bookingId: number; version: number; outcome: string; user: Actor & { fullName: string }; baseUrl: string; now?: Date },
): Promise<ReadingOutcome> {
  const now = input.now ?? new Date();
  const outcome = z.enum(['attended', 'no_show']).safeParse(input.outcome);
  if (!outcome.success) return { ok: false, reason: 'invalid', problems: [{ field: 'outcome', key: 'choose' }] };
  if (!Number.isSafeInteger(input.bookingId)) return { ok: false, reason: 'not_found' };
  const [row] = await db
    .select({ b: readingBookings, c: cases, placeName: readingPlaces.name })
    .from(readingBookings)
    .innerJoin(cases, eq(cases.id, readingBookings.caseId))
    .innerJoin(readingPlaces, eq(readingPlaces.id, readingBookings.placeId))
    .where(eq(readingBookings.id, input.bookingId));
  if (!row) return { ok: false, reason: 'not_found' };
  if (row.b.version !== input.version || row.b.status !== 'active') return { ok: false, reason: 'conflict' };
  if (!mayRecordAttendance(row.b.startsAt, now)) return { ok: false, reason: 'too_early' };
  const institution = await getInstitution(db);
  return db.transaction(async (tx): Promise<ReadingOutcome> => {
    const [updated] = await tx
      .update(readingBookings)
      .set({ status: outcome.data, version: sql`${readingBookings.version} + 1`, updatedAt: now })
      .where(and(eq(readingBookings.id, row.b.id), eq(readingBookings.version, row.b.version), eq(readingBookings.status, 'active')))
      .returning({ version: readingBookings.version });
    if (!updated) return { ok: false, reason: 'conflict' };
    await writeChange(tx, {
      change: outcome.data,
      c: row.c,
      booking: { id: row.b.id, version: updated.version, start: row.b.startsAt, end: row.b.endsAt, placeName: row.placeName },
      actor: { kind: 'staff', user: input.user },
      now,
      baseUrl: input.baseUrl,
      institution: institution!,
    });
    return { ok: true, bookingId: row.b.id };
  });
}
