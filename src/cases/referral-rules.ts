import { addWorkingDays, workingDaysBetween, type CalendarData, type IsoDate } from '#src/calendar/working-days.ts';
import { ruleInForce, type DeadlineRule } from '#src/calendar/deadlines.ts';
import { formatDateTime, translator, type Translate } from '#src/i18n/index.ts';
import { composeMail } from '#src/mail/compose.ts';
import type { CaseKind, ReplyChannel } from './schema.ts';

// S-14.1 and latvia.md "outside competence": a submission that is another
// authority's to answer is forwarded to it within the referral rule's
// working days of receipt (5 from 1 March 2026), and the client is told to
// whom and how. The plain rules of it, testable without a database: how it
// goes (e-mail when the authority has an address, else post), by when, the
// authority's contacts as the client reads them, and the letter that
// carries the submission to the authority.

export type ReferralDelivery = 'email' | 'post';

/** By e-mail through the outbox when the authority has an address; else the official posts it. */
export function deliveryFor(authority: { email: string | null }): ReferralDelivery {
  return authority.email ? 'email' : 'post';
}

export type Forwarding = { forwardBy: IsoDate; workingDaysLeft: number; overdue: boolean };

/**
 * The last day to forward a case received on `receivedOn`, counted as the
 * law counts (from the day after receipt, working days only), and where
 * `today` stands against it; undefined when no referral rule is in force.
 */
export function forwardingFor(
  calendar: CalendarData,
  rules: readonly DeadlineRule[],
  c: { receivedOn: IsoDate },
  today: IsoDate,
): Forwarding | undefined {
  const rule = ruleInForce(rules, 'referral', c.receivedOn);
  if (!rule) return undefined;
  const forwardBy = addWorkingDays(calendar, c.receivedOn, rule.amount);
  return { forwardBy, workingDaysLeft: workingDaysBetween(calendar, today, forwardBy), overdue: today > forwardBy };
}

type Contacts = { email: string | null; phone: string | null; website: string | null; address: string | null };

/**
 * The authority's public contacts in the reader's language, each with its
 * label ("e-pasts: …; tālrunis: …"), or '' when it has none: a letter then
 * leaves the contacts line out rather than end it with a colon.
 */
export function contactsText(t: Translate, authority: Contacts): string {
  return (['email', 'phone', 'website', 'address'] as const)
    .filter((k) => authority[k]?.trim())
    .map((k) => t(`mail:case.referral.contact.${k}`, { value: authority[k]!.trim() }))
    .join('; ');
}

export type ForwardedCase = {
  reference: string;
  receivedAt: Date;
  kind: CaseKind;
  details: string;
  particulars: Record<string, string | boolean | null>;
  anonymous: boolean;
  contactName: string | null;
  replyChannel: ReplyChannel | null;
  contactEmail: string | null;
  contactPhone: string | null;
  postalAddress: string | null;
};

/** Only what the authority needs to answer the client: the way they chose, and its address. */
function chosenContact(t: Translate, c: ForwardedCase): string {
  const value = { email: c.contactEmail, phone: c.contactPhone, post: c.postalAddress, in_person: null }[c.replyChannel ?? 'in_person'];
  const fallback = [c.contactEmail, c.contactPhone, c.postalAddress].find(Boolean);
  if (c.replyChannel && value) return `${t(`intake:channels.${c.replyChannel}`)}: ${value}`;
  return fallback ?? t('mail:referralToAuthority.noContact');
}

/**
 * The letter that forwards the submission (in Latvian: authorities are
 * Latvian): our reference and date of receipt, the kind, what the client
 * wrote, who they are and how they want to be answered (nothing for an
 * anonymous submission), and the official's note. The client's files go
 * as attachments. Everything the client wrote is text: composeMail escapes it.
 */
export function authorityLetter(input: {
  c: ForwardedCase;
  scope: 'whole' | 'part';
  note: string;
  institutionName: string;
  /** The institution's e-mail address: the authority's answer goes there. */
  institutionEmail: string;
  official: string;
  attachmentNames: string[];
}): { subject: string; text: string; html: string } {
  const t = translator('lv');
  const { c } = input;
  const particulars = Object.entries(c.particulars)
    .filter(([, v]) => v !== null && v !== '' && v !== false)
    .map(([k, v]): [string, string] => [
      t(`cases:particulars.${k}`, { defaultValue: k }),
      typeof v === 'boolean' ? t('intake:check.yes') : t(`cases:values.${String(v)}`, { defaultValue: String(v) }),
    ]);
  const client: Array<[string, string]> = c.anonymous
    ? [[t('mail:referralToAuthority.client'), t('mail:referralToAuthority.anonymous')]]
    : [
        [t('mail:referralToAuthority.client'), c.contactName?.trim() || t('mail:referralToAuthority.noName')],
        [t('mail:referralToAuthority.reply'), chosenContact(t, c)],
      ];
  return composeMail(
    {
      subject: t('mail:referralToAuthority.subject', { reference: c.reference }),
      greeting: t('mail:greeting'),
      paragraphs: [
        t(`mail:referralToAuthority.${input.scope}`),
        input.note ? t('mail:referralToAuthority.note', { note: input.note }) : '',
        t('mail:referralToAuthority.details'),
        c.details,
      ].filter((p) => p.trim() !== ''),
      facts: [
        [t('mail:referralToAuthority.reference'), c.reference],
        [t('mail:referralToAuthority.received'), formatDateTime('lv', c.receivedAt)],
        [t('mail:referralToAuthority.kind'), t(`case:kinds.${c.kind}`)],
        ...particulars,
        ...client,
        [
          t('mail:referralToAuthority.attachments'),
          input.attachmentNames.length ? input.attachmentNames.join(', ') : t('mail:referralToAuthority.noAttachments'),
        ],
      ],
      signature: t('mail:case.signature', { official: input.official, institution: input.institutionName }),
      reply: { address: input.institutionEmail, reference: c.reference },
    },
    'lv',
  );
}
