import { and, eq } from 'drizzle-orm';
import type { Database } from '#src/db/client.ts';
import { caseEvents } from './schema.ts';

/**
 * The official who put case `caseId` in the register (issue 16: its
 * `registered` event), or undefined for a client's own submission. The
 * register gives a registration sent twice its case again only if an
 * official registered it, and the registering official may print its
 * papers (intake/receipt.ts).
 */
export async function registrarOf(db: Pick<Database, 'select'>, caseId: number): Promise<number | undefined> {
  const [event] = await db
    .select({ staffId: caseEvents.actorStaffId })
    .from(caseEvents)
    .where(and(eq(caseEvents.caseId, caseId), eq(caseEvents.type, 'registered')))
    .limit(1);
  return event?.staffId ?? undefined;
}
