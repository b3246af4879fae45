import { eq } from 'drizzle-orm';
import type { Database } from '#src/db/client.ts';
import { formatDateIn, formatDateTime, formatLongDate, translator } from '#src/i18n/index.ts';
import { localName } from '#src/i18n/local-name.ts';
import { todayInRiga } from '#src/calendar/riga-time.ts';
import { cases } from '#src/cases/schema.ts';
import { getInstitution } from '#src/settings/queries.ts';
import { staffMembers } from '#src/staff/schema.ts';
import { latestOffer } from './queries.ts';

// S-13 for a client without e-mail (ux.md D6): the invitation as a letter
// the official prints and posts, or reads out on the phone. It is written
// in the client's language and says how to book without a private link
// (only the link's hash is stored, so the letter cannot carry it): by
// phone or e-mail, the official then books on the client's behalf; or
// from the case's status page, whose link the client got when they sent
// the request.

export type InvitationLetter = {
  /** The client's language: the letter's. */
  locale: string;
  reference: string;
  hasEmail: boolean;
  recipient: string[];
  date: string;
  heading: string;
  greeting: string;
  paragraphs: string[];
  /** The specific times offered, as text; empty when any free time in the period will do. */
  times: string[];
  /** After the times: how to book, and what to bring. */
  closing: string[];
  facts: Array<[string, string]>;
  signature: string;
};

/** The printable invitation of a case's latest offer, or undefined when the case has none. */
export async function invitationLetter(db: Database, caseId: number, now: Date = new Date()): Promise<InvitationLetter | undefined> {
  const [c] = await db.select().from(cases).where(eq(cases.id, caseId));
  const offer = c && (await latestOffer(db, caseId));
  const institution = await getInstitution(db);
  if (!c || !offer || !institution) return undefined;
  const [official] = await db.select({ fullName: staffMembers.fullName }).from(staffMembers).where(eq(staffMembers.id, offer.createdBy));
  const l = c.locale;
  const t = translator(l);
  const contacts = { phone: institution.phone, email: institution.email, reference: c.reference };
  return {
    locale: l,
    reference: c.reference,
    hasEmail: !!c.contactEmail,
    recipient: [c.contactName, c.postalAddress].filter((x): x is string => !!x && x.trim() !== ''),
    date: formatLongDate(l, todayInRiga(now)),
    heading: t('reading:letter.heading'),
    greeting: c.contactName ? t('mail:greetingNamed', { name: c.contactName }) : t('mail:greeting'),
    paragraphs: [
      t('reading:mail.invitation.intro', { reference: c.reference }),
      offer.times.length > 0
        ? t('reading:letter.times')
        : t('reading:mail.invitation.window', {
            from: formatDateIn(l, offer.fromDate, 'genitive'),
            to: formatDateIn(l, offer.toDate, 'dative'),
          }),
    ],
    times: offer.times.map((iso) => formatDateTime(l, new Date(iso))),
    closing: [t('reading:letter.howToBook', contacts), t('reading:client.bring')],
    facts: [
      [t('reading:mail.facts.reference'), c.reference],
      [t('reading:letter.period'), `${formatLongDate(l, offer.fromDate)} – ${formatLongDate(l, offer.toDate)}`],
      [t('reading:mail.facts.where'), institution.address],
      [t('reading:letter.phone'), institution.phone],
      [t('reading:letter.email'), institution.email],
    ],
    signature: t('mail:case.signature', { official: official?.fullName ?? '', institution: localName(institution, l) }).replace(
      /\n\n+/g,
      '\n',
    ),
  };
}
