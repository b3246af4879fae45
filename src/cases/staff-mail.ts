import { and, eq } from 'drizzle-orm';
import { translator } from '#src/i18n/index.ts';
import { composeMail } from '#src/mail/compose.ts';
import { enqueueMail } from '#src/mail/queries.ts';
import { absoluteUrl, staffPaths } from '#src/paths.ts';
import { staffMembers } from '#src/staff/schema.ts';
import type { Tx } from './actions.ts';

// Letters from a case to officials, written in the same transaction as the
// change they report. In Latvian, the working language (as the deadline
// reminders).

/**
 * S-11/12: a proposed refusal waits for the director; every active director
 * is told at once, so the proposal does not wait for someone to look at the
 * workspace (mission.md m12).
 */
export async function tellDirectorsOfProposedRefusal(
  tx: Tx,
  c: { id: number; reference: string },
  values: { official: string; reason: string; baseUrl: string },
): Promise<void> {
  const directors = await tx
    .select({ email: staffMembers.email })
    .from(staffMembers)
    .where(and(eq(staffMembers.role, 'director'), eq(staffMembers.active, true)));
  if (directors.length === 0) return;
  const t = translator('lv');
  const mail = composeMail(
    {
      subject: t('cases:decisionMail.refusalProposedSubject', { reference: c.reference }),
      greeting: t('mail:greeting'),
      paragraphs: [t('cases:decisionMail.refusalProposed', { reference: c.reference, official: values.official }), values.reason],
      links: [{ label: t('cases:mail.open'), url: absoluteUrl(values.baseUrl, staffPaths.case('lv', c.id)) }],
      signature: t('staff:mail.signature'),
    },
    'lv',
  );
  for (const { email } of directors) await enqueueMail(tx, { kind: 'case.refusal_proposed', to: email, locale: 'lv', ...mail });
}
