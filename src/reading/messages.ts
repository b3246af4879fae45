import { formatDateIn, translator } from '#src/i18n/index.ts';
import { composeMail } from '#src/mail/compose.ts';
import type { NewMail } from '#src/mail/queries.ts';
import type { OutboxAttachment } from '#src/mail/schema.ts';
import type { Institution } from '#src/settings/queries.ts';
import { readingTimeText } from './format.ts';
import { calendarAttachment, calendarFile } from './ics.ts';
import { absoluteUrl, publicPaths, staffPaths } from '#src/paths.ts';
import { localName } from '#src/i18n/local-name.ts';

// The letters of S-13: the invitation to the client, and for every change
// of a booking one to the client and one to the official, each change with
// its calendar file. Client letters are in the language the client used,
// and carry the complaint link (S-5.1); officials' letters are in Latvian.

export type ReadingChange = 'booked' | 'moved' | 'cancelled' | 'reminder';

export type BookingFacts = {
  bookingId: number;
  /** The booking's version after the change: the calendar file's SEQUENCE is one less. */
  version: number;
  start: Date;
  end: Date;
  placeName: string;
  reference: string;
  caseId: number;
};

export type Recipients = {
  client: { email: string | null; name: string | null; locale: string };
  officials: Array<{ email: string; fullName: string }>;
};

function institutionName(institution: Institution, locale: string): string {
  return localName(institution, locale);
}

function attachmentFor(
  change: ReadingChange,
  b: BookingFacts,
  institution: Institution,
  domain: string,
  locale: string,
  /** The letter's recipient: a cancellation names them (calendarFile). */
  attendee: { name: string; email: string },
): OutboxAttachment[] {
  // A reminder repeats nothing that changed: no calendar file.
  if (change === 'reminder') return [];
  const t = translator(locale);
  const method = change === 'cancelled' ? 'CANCEL' : 'PUBLISH';
  const ics = calendarFile({
    uid: `reading-${b.bookingId}@${domain}`,
    sequence: Math.max(0, b.version - 1),
    method,
    start: b.start,
    end: b.end,
    title: t('reading:calendar.title', { reference: b.reference }),
    description: t('reading:calendar.description', { reference: b.reference, place: b.placeName }),
    location: institution.address,
    organizer: { name: institutionName(institution, locale), email: institution.email },
    attendee,
  });
  return [calendarAttachment(ics, method)];
}

/** The invitation (S-13): a window of days, the link to choose a time. */
export function invitationMail(input: {
  locale: string;
  name: string | null;
  email: string;
  reference: string;
  fromDate: string;
  toDate: string;
  specificTimes: number;
  link: string;
  complaintUrl: string;
  official: string;
  institution: Institution;
}): NewMail {
  const t = translator(input.locale);
  const l = input.locale;
  const content = composeMail(
    {
      subject: t('reading:mail.invitation.subject', { reference: input.reference }),
      greeting: input.name ? t('mail:greetingNamed', { name: input.name }) : t('mail:greeting'),
      paragraphs: [
        t('reading:mail.invitation.intro', { reference: input.reference }),
        input.specificTimes > 0
          ? t('reading:mail.invitation.times', { count: input.specificTimes })
          : t('reading:mail.invitation.window', {
              from: formatDateIn(l, input.fromDate, 'genitive'),
              to: formatDateIn(l, input.toDate, 'dative'),
            }),
        t('reading:mail.where', { address: input.institution.address }),
        t('reading:mail.invitation.private'),
      ],
      links: [
        { label: t('reading:mail.invitation.link'), url: input.link },
        { label: t('mail:complaintLink'), url: input.complaintUrl },
      ],
      signature: t('mail:case.signature', { official: input.official, institution: institutionName(input.institution, l) }),
      reply: { address: input.institution.email, reference: input.reference },
    },
    l,
  );
  return { kind: 'reading.invitation', to: input.email, locale: l, ...content };
}

/**
 * The letters one change sends: to the client (if they gave an e-mail
 * address) and to each official concerned, the calendar file attached.
 */
export function changeMails(input: {
  change: ReadingChange;
  booking: BookingFacts;
  /** Where it was before a move. */
  previous?: { start: Date; end: Date } | undefined;
  /** Who made the change, and why (an official gives a reason). */
  by: 'client' | 'staff';
  reason?: string | undefined;
  recipients: Recipients;
  institution: Institution;
  baseUrl: string;
  /** The private link to cancel or move (only the confirmation carries it: only then is the token known). */
  manageUrl?: string | undefined;
  /** The host in calendar UIDs. */
  domain: string;
}): NewMail[] {
  const mails: NewMail[] = [];
  const b = input.booking;
  const { client } = input.recipients;
  if (client.email) {
    const l = client.locale;
    const t = translator(l);
    const content = composeMail(
      {
        subject: t(`reading:mail.${input.change}.subject`, { reference: b.reference }),
        greeting: client.name ? t('mail:greetingNamed', { name: client.name }) : t('mail:greeting'),
        paragraphs: [
          t(`reading:mail.${input.change}.${input.by === 'staff' && input.change !== 'reminder' ? 'byStaff' : 'intro'}`, {
            reference: b.reference,
            when: readingTimeText(l, b.start, b.end),
            previous: input.previous ? readingTimeText(l, input.previous.start, input.previous.end) : '',
          }),
          input.reason ?? '',
          input.change === 'cancelled' ? '' : t('reading:mail.where', { address: input.institution.address }),
          input.change === 'cancelled' ? '' : t('reading:mail.bring'),
          input.manageUrl ? t('reading:mail.manage') : input.change === 'cancelled' ? '' : t('reading:mail.manageLater'),
        ].filter((p) => p.trim() !== ''),
        facts: [
          [t('reading:mail.facts.reference'), b.reference],
          [t('reading:mail.facts.when'), readingTimeText(l, b.start, b.end)],
          [t('reading:mail.facts.where'), `${input.institution.address} (${b.placeName})`],
        ],
        links: [
          ...(input.manageUrl ? [{ label: t('reading:mail.manageLink'), url: input.manageUrl }] : []),
          { label: t('mail:complaintLink'), url: absoluteUrl(input.baseUrl, publicPaths.complaint(l, b.reference)) },
        ],
        signature: t('mail:signature', { institution: institutionName(input.institution, l) }),
        reply: { address: input.institution.email, reference: b.reference },
      },
      l,
    );
    const attendee = { name: client.name ?? client.email, email: client.email };
    mails.push({
      kind: `reading.${input.change}`,
      to: client.email,
      locale: l,
      // A letter about the case: the client's reply comes back to it (Reply-To, issue 16).
      caseId: b.caseId,
      ...content,
      attachments: attachmentFor(input.change, b, input.institution, input.domain, l, attendee),
    });
  }
  const t = translator('lv');
  const seen = new Set<string>();
  for (const official of input.recipients.officials) {
    if (seen.has(official.email.toLowerCase())) continue;
    seen.add(official.email.toLowerCase());
    const content = composeMail(
      {
        subject: t(`reading:staffMail.${input.change}.subject`, { reference: b.reference }),
        greeting: t('mail:greetingNamed', { name: official.fullName }),
        paragraphs: [
          t(
            [`reading:staffMail.${input.change}.${input.by === 'staff' ? 'byStaff' : 'intro'}`, `reading:staffMail.${input.change}.intro`],
            {
              reference: b.reference,
              when: readingTimeText('lv', b.start, b.end),
              previous: input.previous ? readingTimeText('lv', input.previous.start, input.previous.end) : '',
              by: t(`reading:staffMail.by.${input.by}`),
            },
          ),
          input.reason ? t('reading:staffMail.reason', { reason: input.reason }) : '',
        ].filter((p) => p.trim() !== ''),
        facts: [
          [t('reading:mail.facts.reference'), b.reference],
          [t('reading:mail.facts.when'), readingTimeText('lv', b.start, b.end)],
          [t('reading:mail.facts.place'), b.placeName],
        ],
        links: [{ label: t('reading:staffMail.open'), url: absoluteUrl(input.baseUrl, staffPaths.case('lv', b.caseId)) }],
        signature: t('staff:mail.signature'),
      },
      'lv',
    );
    mails.push({
      kind: `reading.staff_${input.change}`,
      to: official.email,
      locale: 'lv',
      ...content,
      // Referees.md C2: the official's cancellation names the official.
      attachments: attachmentFor(input.change, b, input.institution, input.domain, 'lv', {
        name: official.fullName,
        email: official.email,
      }),
    });
  }
  return mails;
}
