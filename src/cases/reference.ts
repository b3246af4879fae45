import { sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { referenceCounters } from './schema.ts';
import { formatReference } from '../intake/rules.ts';

type Writer = Pick<Database, 'insert'>;

/**
 * The next reference number of a year. Called inside the submission's
 * transaction: the counter row stays locked until it commits, so numbers are
 * unique and, as the transaction either commits or rolls back whole,
 * without gaps from failed submissions.
 */
export async function nextReference(writer: Writer, prefix: string, year: number): Promise<string> {
  const [row] = await writer
    .insert(referenceCounters)
    .values({ year, last: 1 })
    .onConflictDoUpdate({ target: referenceCounters.year, set: { last: sql`${referenceCounters.last} + 1` } })
    .returning({ last: referenceCounters.last });
  return formatReference(prefix, year, row!.last);
}
