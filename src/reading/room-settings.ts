import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '#src/db/client.ts';
import { recordAudit } from '#src/audit/queries.ts';
import { problemsFromZod, type FieldProblem } from '#src/forms/errors.ts';
import { readingClosures, readingPlaces, readingRoomSettings } from './schema.ts';
import { getReadingSettings } from './queries.ts';
import { dateField } from '#src/calendar/date-text.ts';

// S-13 and the Roles of the standard: the administrator keeps the reading
// room's seats, the slot length, the client's cut-off, how far ahead times
// are offered, and the days it is closed. Each change is checked here and
// written with its audit entry in one transaction.

export type AdminResult = { ok: true } | { ok: false; problems: FieldProblem[] };

const whole = (min: number, max: number) =>
  z
    .string()
    .trim()
    .min(1, 'required')
    .regex(/^\d+$/, 'wholeNumber')
    .transform(Number)
    .pipe(z.number().min(min, 'outOfRange').max(max, 'outOfRange'));

const SettingsInput = z.object({
  slotMinutes: whole(15, 240),
  clientCutoffHours: whole(0, 336),
  daysAhead: whole(1, 365),
});

export async function updateReadingSettings(db: Database, actorId: number, raw: Record<string, string>): Promise<AdminResult> {
  const parsed = SettingsInput.safeParse(raw);
  if (!parsed.success) {
    // The range goes into the message, so the administrator knows what fits.
    const ranges: Record<string, { min: number; max: number }> = {
      slotMinutes: { min: 15, max: 240 },
      clientCutoffHours: { min: 0, max: 336 },
      daysAhead: { min: 1, max: 365 },
    };
    return { ok: false, problems: problemsFromZod(parsed.error).map((p) => ({ ...p, values: { ...p.values, ...ranges[p.field] } })) };
  }
  await db.transaction(async (tx) => {
    const before = await getReadingSettings(tx);
    await tx
      .insert(readingRoomSettings)
      .values({ id: 1, ...parsed.data, updatedAt: new Date() })
      .onConflictDoUpdate({ target: readingRoomSettings.id, set: { ...parsed.data, updatedAt: new Date() } });
    await recordAudit(tx, {
      actorStaffId: actorId,
      action: 'reading_settings.update',
      entity: 'reading_room_settings',
      entityId: 1,
      before,
      after: parsed.data,
    });
  });
  return { ok: true };
}

const PlaceName = z.string().trim().min(1, 'required').max(100, 'tooLong');

export async function addPlace(db: Database, actorId: number, name: string): Promise<AdminResult> {
  const parsed = PlaceName.safeParse(name);
  if (!parsed.success) return { ok: false, problems: problemsFromZod(parsed.error).map((p) => ({ ...p, field: 'name' })) };
  await db.transaction(async (tx) => {
    const [row] = await tx.insert(readingPlaces).values({ name: parsed.data }).returning();
    await recordAudit(tx, {
      actorStaffId: actorId,
      action: 'reading_place.create',
      entity: 'reading_place',
      entityId: row!.id,
      after: row!,
    });
  });
  return { ok: true };
}

/** Renames a seat or takes it out of use (never deleted: its bookings keep it). */
export async function updatePlace(
  db: Database,
  actorId: number,
  id: number,
  input: { name: string; active: boolean },
): Promise<AdminResult> {
  const parsed = PlaceName.safeParse(input.name);
  if (!parsed.success) return { ok: false, problems: problemsFromZod(parsed.error).map((p) => ({ ...p, field: `place-${id}` })) };
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(readingPlaces).where(eq(readingPlaces.id, id)).for('update');
    if (!before) return { ok: false, problems: [{ field: 'form', key: 'notFound' }] } as const;
    const [after] = await tx
      .update(readingPlaces)
      .set({ name: parsed.data, active: input.active })
      .where(eq(readingPlaces.id, id))
      .returning();
    await recordAudit(tx, {
      actorStaffId: actorId,
      action: 'reading_place.update',
      entity: 'reading_place',
      entityId: id,
      before,
      after: after!,
    });
    return { ok: true } as const;
  });
}

const ClosureInput = z
  .object({
    fromDate: dateField,
    toDate: dateField,
    reason: z.string().trim().min(1, 'required').max(500, 'tooLong'),
  })
  .refine((c) => c.fromDate <= c.toDate, { message: 'beforeFrom', path: ['toDate'] });

export async function addClosure(
  db: Database,
  actorId: number,
  raw: { fromDate: string; toDate: string; reason: string },
): Promise<AdminResult> {
  const parsed = ClosureInput.safeParse({ ...raw, fromDate: raw.fromDate.trim(), toDate: raw.toDate.trim() });
  if (!parsed.success) return { ok: false, problems: problemsFromZod(parsed.error) };
  await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(readingClosures)
      .values({ ...parsed.data, createdBy: actorId })
      .returning();
    await recordAudit(tx, {
      actorStaffId: actorId,
      action: 'reading_closure.create',
      entity: 'reading_closure',
      entityId: row!.id,
      after: row!,
    });
  });
  return { ok: true };
}

export async function removeClosure(db: Database, actorId: number, id: number): Promise<AdminResult> {
  return db.transaction(async (tx) => {
    const [before] = await tx.delete(readingClosures).where(eq(readingClosures.id, id)).returning();
    if (!before) return { ok: false, problems: [{ field: 'form', key: 'notFound' }] } as const;
    await recordAudit(tx, { actorStaffId: actorId, action: 'reading_closure.delete', entity: 'reading_closure', entityId: id, before });
    return { ok: true } as const;
  });
}
