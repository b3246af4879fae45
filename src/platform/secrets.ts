import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Database } from '#src/db/client.ts';
import { portalSecrets } from './schema.ts';

// A secret of the portal's own, the same on every instance: the first
// instance to need it writes a random one, the others read that one (the
// insert does nothing when a neighbour won the race). Kept per process once
// read: a secret never changes.

const known = new WeakMap<Database, Map<string, Promise<Buffer>>>();

export function portalSecret(db: Database, name: string): Promise<Buffer> {
  let ofDatabase = known.get(db);
  if (!ofDatabase) known.set(db, (ofDatabase = new Map()));
  let secret = ofDatabase.get(name);
  if (!secret) {
    const reading = readOrMake(db, name);
    reading.catch(() => ofDatabase.delete(name));
    ofDatabase.set(name, (secret = reading));
  }
  return secret;
}

async function readOrMake(db: Database, name: string): Promise<Buffer> {
  await db
    .insert(portalSecrets)
    .values({ name, value: randomBytes(32).toString('base64url') })
    .onConflictDoNothing();
  const [row] = await db.select({ value: portalSecrets.value }).from(portalSecrets).where(eq(portalSecrets.name, name));
  if (!row) throw new Error(`the portal secret ${name} could not be kept`);
  return Buffer.from(row.value, 'base64url');
}
