// `npm run user:create -- --email … --name "…" --role administrator [--unit CODE] [--languages en,ru]`
// Creates a staff account on the configured database (e.g. the first
// administrator of a fresh production database) and prints its one-time
// link to choose a password; the link is also sent by e-mail through the
// outbox when the server runs.
import { parseArgs } from 'node:util';
import { eq } from 'drizzle-orm';
import { config } from '#src/config.ts';
import { closeSharedDatabase } from '#src/db/client.ts';
import { prepareDatabase } from '#src/server/startup.ts';
import { units } from '#src/settings/schema.ts';
import { staffMembers, STAFF_ROLES, type StaffRole } from '#src/staff/schema.ts';
import { issuePasswordLink } from '#src/staff/sign-in.ts';
import { recordAudit } from '#src/audit/queries.ts';

const { values } = parseArgs({
  options: {
    email: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string', default: 'administrator' },
    unit: { type: 'string' },
    languages: { type: 'string', default: '' },
    locale: { type: 'string', default: 'lv' },
  },
});
const fail = (message: string): never => {
  console.error(message);
  process.exit(2);
};
const email = values.email?.trim().toLowerCase() || fail('--email is required');
const name = values.name?.trim() || fail('--name is required');
if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) fail(`not an e-mail address: ${email}`);
if (!(STAFF_ROLES as readonly string[]).includes(values.role!)) fail(`--role must be one of ${STAFF_ROLES.join(', ')}`);
const c = config();
try {
  const { open } = await prepareDatabase(c);
  const db = open.db;
  let unitId: number | null = null;
  if (values.unit) {
    const [unit] = await db.select({ id: units.id }).from(units).where(eq(units.code, values.unit));
    unitId = unit?.id ?? fail(`no unit with code ${values.unit}`);
  }
  const token = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(staffMembers)
      .values({
        email,
        fullName: name,
        role: values.role as StaffRole,
        unitId,
        languages: [
          'lv',
          ...values
            .languages!.split(',')
            .map((l) => l.trim())
            .filter((l) => l && l !== 'lv'),
        ],
      })
      .returning();
    await recordAudit(tx, {
      actorStaffId: null,
      action: 'staff.create',
      entity: 'staff',
      entityId: row!.id,
      after: { email, fullName: name, role: values.role, unitId, via: 'user:create' },
    });
    return issuePasswordLink(tx, row!.id);
  });
  const base = c.baseUrl;
  console.log(
    `Created ${values.role} ${email}. Choose the password within 72 hours at:\n${base}/${values.locale}/staff/set-password/${token}`,
  );
} catch (error) {
  const code = (error as { cause?: { code?: string } }).cause?.code;
  console.error(code === '23505' ? `An account with ${email} exists already.` : error);
  process.exitCode = 1;
} finally {
  await closeSharedDatabase();
}
