import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '#src/db/client.ts';
import { problemsFromZod, type FieldProblem } from '#src/forms/errors.ts';
import { enqueueMail } from '#src/mail/queries.ts';
import { authorities } from '#src/settings/schema.ts';
import { getInstitution, listDeadlineRules, loadCalendar } from '#src/settings/queries.ts';
import { unfilledProblem } from '#src/settings/templates.ts';
import { rigaDateOf } from '#src/calendar/riga-time.ts';
import { translator } from '#src/i18n/index.ts';
import { localName } from '#src/i18n/local-name.ts';
import { caseAttachments, caseReferrals, type CaseStatus } from './schema.ts';
import { authorityLetter, contactsText, deliveryFor, forwardingFor } from './referral-rules.ts';
import type { ActionContext, CaseRow, Change, Tx } from './actions.ts';

// S-14.1: referring the whole case, or a part, to the authority whose
// competence it is. Run inside act() (src/cases/actions.ts), so in its one
// transaction: the referral's row (for the forwarded on time / late
// report), the submission to the authority through the outbox (text and
// the client's files), the history, and the client's letter saying how it
// went. An authority without e-mail gets it by post: the row says so, the
// case page tells the official, and the client's letter says it will be posted.

const ReferralInput = z.object({
  authority: z.string().regex(/^\d+$/, 'choose'),
  scope: z.enum(['whole', 'part'], 'choose'),
  note: z.string().trim().min(1, 'required').max(5000, 'tooLong'),
});

export async function referralChange(
  tx: Tx,
  ctx: ActionContext,
  c: CaseRow,
  now: Date,
  input: { authority: string; scope: string; note: string },
): Promise<Change | { problems: FieldProblem[] }> {
  const parsed = ReferralInput.safeParse(input);
  if (!parsed.success) return { problems: problemsFromZod(parsed.error) };
  const p = parsed.data;
  // A template's gap ({{reason}}) still in the note would reach the client and the authority as it stands.
  const unfilled = unfilledProblem('note', p.note);
  if (unfilled) return unfilled;
  const db = tx as unknown as Database;
  const [authority] = await tx
    .select()
    .from(authorities)
    .where(and(eq(authorities.id, Number(p.authority)), eq(authorities.active, true)));
  if (!authority) return { problems: [{ field: 'authority', key: 'choose' }] };
  const [{ calendar }, rules, institution, files] = await Promise.all([
    loadCalendar(db),
    listDeadlineRules(db),
    getInstitution(db),
    tx.select().from(caseAttachments).where(eq(caseAttachments.caseId, c.id)).orderBy(asc(caseAttachments.id)),
  ]);
  const referredOn = rigaDateOf(now);
  const forwardBy = forwardingFor(calendar, rules, c, referredOn)?.forwardBy ?? null;
  const whole = p.scope === 'whole';
  const delivery = deliveryFor(authority);

  await tx.insert(caseReferrals).values({
    caseId: c.id,
    authorityId: authority.id,
    scope: p.scope,
    referredAt: now,
    referredOn,
    forwardBy,
    delivery,
    staffId: ctx.actor.id,
  });
  if (authority.email) {
    const letter = authorityLetter({
      c,
      scope: p.scope,
      note: p.note,
      institutionName: localName(institution, 'lv'),
      institutionEmail: institution?.email ?? '',
      official: ctx.actor.fullName,
      attachmentNames: files.map((f) => f.filename),
    });
    await enqueueMail(tx, {
      kind: 'case.referral_to_authority',
      to: authority.email,
      locale: 'lv',
      ...letter,
      attachments: files.map((f) => ({ filename: f.filename, contentType: f.contentType, contentBase64: f.content.toString('base64') })),
    });
  }

  const name = localName(authority, c.locale);
  const contacts = contactsText(translator(c.locale), authority);
  return {
    set: whole ? { status: 'referred' as CaseStatus, closedAt: now } : { status: 'in_progress' as CaseStatus },
    events: [
      {
        type: whole ? 'referred' : 'referred_in_part',
        visibleToClient: true,
        data: {
          authorityId: authority.id,
          authorityName: name,
          contacts,
          note: p.note,
          forwardBy,
          delivery,
          // By post: where to send it, for the notice on the case page.
          ...(delivery === 'post' ? { postAddress: authority.address ?? null } : {}),
        },
      },
    ],
    mail: {
      kind: whole ? 'referral' : 'partial_referral',
      values: { authorityName: name, authorityContacts: contacts, note: p.note, delivery },
    },
  };
}
