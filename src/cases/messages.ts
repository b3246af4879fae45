import { formatDateIn, formatLanguageName, translator, type Translate } from '#src/i18n/index.ts';
import { composeMail } from '#src/mail/compose.ts';
import { config, type Config } from '#src/config.ts';
import type { Institution } from '#src/settings/queries.ts';
import { localName } from '#src/i18n/local-name.ts';

// The letters a case sends its client, in the language they used, each
// with the complaint link (S-5.1).

export type ClientMailKind =
  | 'answer'
  | 'referral'
  | 'partial_referral'
  | 'abusive'
  | 'extension'
  | 'refusal'
  | 'complaint_closed'
  | 'suggestion_decided'
  | 'language_changed';

/**
 * Issue 16: whether a client's e-mail reply to one of our letters reaches
 * their case: only when the mailbox is read (IMAP_URL) and its address is
 * known (IMAP_ADDRESS), for then the mail worker gives each letter about a
 * case a Reply-To carrying its token (scripts/serve.ts). Otherwise no letter
 * may say "reply to this e-mail" (docs/0016: letters say only what happens).
 */
export function repliesReachCase(settings: Pick<Config, 'imap'> = config()): boolean {
  return Boolean(settings.imap?.address);
}

/**
 * Issue 16: where the client can add to an open case. A letter that carries
 * the status link points below (`link`); the others cannot carry it (only its
 * hash is kept) and point to the confirmation e-mail (`confirmation`).
 */
export function addToCaseLine(t: Translate, where: 'link' | 'confirmation', replies = repliesReachCase()): string {
  return t(`mail:addToCase.${where}${replies ? 'OrReply' : ''}`);
}

/** Letters after which the case stays open: the client may still add to it. */
const CASE_STAYS_OPEN: readonly ClientMailKind[] = ['extension', 'language_changed', 'partial_referral'];

export type ClientMailValues = {
  locale: string;
  reference: string;
  name: string | null;
  institution: Institution;
  official: string;
  complaintUrl: string;
  [key: string]: unknown;
};

/**
 * S-14.1: the authority named, how the submission went to it (forwarded by
 * e-mail, or to be posted), the official's note, and the authority's
 * contacts only when there are any: never an empty "contact them" line.
 */
export function referralParagraphs(t: Translate, kind: 'referral' | 'partial_referral', v: ClientMailValues): string[] {
  const s = (key: string) => (typeof v[key] === 'string' ? (v[key] as string) : '');
  const contacts = s('authorityContacts').trim();
  return [
    t(`mail:case.${kind}.intro`, { reference: v.reference, authority: s('authorityName') }),
    t(`mail:case.${kind}.${s('delivery') === 'post' ? 'byPost' : 'byEmail'}`),
    s('note'),
    contacts ? t('mail:case.referral.contacts', { contacts }) : '',
  ];
}

export function clientMail(kind: ClientMailKind, v: ClientMailValues): { subject: string; text: string; html: string } {
  const t = translator(v.locale);
  const institutionName = localName(v.institution, v.locale);
  const s = (key: string) => (typeof v[key] === 'string' ? (v[key] as string) : '');
  const paragraphs: Record<ClientMailKind, string[]> = {
    answer: [t('mail:case.answer.intro', { reference: v.reference }), s('answer')],
    referral: referralParagraphs(t, 'referral', v),
    partial_referral: referralParagraphs(t, 'partial_referral', v),
    // A decision not to examine, or to refuse, says how to contest it (Administratīvā procesa likums).
    abusive: [t('mail:case.abusive.intro', { reference: v.reference }), s('reason'), s('appealRoute')],
    extension: [
      t('mail:case.extension.intro', { reference: v.reference, date: s('dueOn') ? formatDateIn(v.locale, s('dueOn'), 'dative') : '' }),
      s('reason'),
    ],
    refusal: [t('mail:case.refusal.intro', { reference: v.reference }), s('reason'), s('appealRoute')],
    // S-5.3: the outcome, the remedy, the answer, and where to turn next.
    complaint_closed: [
      t(`mail:case.complaint_closed.${s('outcome') === 'justified' ? 'justified' : 'unjustified'}`, { reference: v.reference }),
      s('remedy') ? t('mail:case.complaint_closed.remedy', { remedy: s('remedy') }) : '',
      s('text'),
      t('mail:case.complaint_closed.next', { institution: institutionName }),
    ],
    // S-4.8: what becomes of the suggestion.
    suggestion_decided: [
      t(`mail:case.suggestion_decided.${s('decision')}`, {
        reference: v.reference,
        date: s('implementBy') ? formatDateIn(v.locale, s('implementBy'), 'dative') : '',
      }),
      s('note'),
    ],
    // S-7, S-14.5: told before the answer that it will be in Latvian after all.
    language_changed: [
      t('mail:case.language_changed.intro', {
        reference: v.reference,
        language: s('language') ? formatLanguageName(v.locale, s('language')) : '',
      }),
    ],
  };
  const body = [...paragraphs[kind], ...(CASE_STAYS_OPEN.includes(kind) ? [addToCaseLine(t, 'confirmation')] : [])].filter(
    (p) => p.trim() !== '',
  );
  // A text the official wrote as a whole letter (an old template, a habit)
  // keeps its own greeting and signature; the letter adds none (ux.md D8).
  const written = s('text') || s('answer') || s('reason');
  return composeMail(
    {
      subject: t(`mail:case.${kind}.subject`, { reference: v.reference }),
      greeting: opensWithGreeting(written) ? '' : v.name ? t('mail:greetingNamed', { name: v.name }) : t('mail:greeting'),
      paragraphs: body,
      links: [
        ...(s('rateUrl') ? [{ label: t('mail:case.rateLink'), url: s('rateUrl') }] : []),
        { label: t('mail:complaintLink'), url: v.complaintUrl },
      ],
      signature: endsWithSignature(written) ? '' : t('mail:case.signature', { official: v.official, institution: institutionName }),
      // m13, S-14.2: an answer pointing to published information links to it.
      linkAddresses: true,
      reply: { address: v.institution.email, reference: v.reference },
    },
    v.locale,
  );
}

// The greetings and closings officials write in either language.
const GREETING =
  /^\s*(labdien|labrīt|labvakar|sveicināt|sveiki|godātais|godātā|cienījamais|cienījamā|cien\.|dear|hello|good (morning|afternoon|evening))\b/iu;
const CLOSING = /^\s*(ar cieņu|ar vislabākajiem vēlējumiem|yours sincerely|yours faithfully|kind regards|best regards|regards)\b/imu;

/** The text begins with a greeting of its own. */
export function opensWithGreeting(text: string): boolean {
  return GREETING.test(text);
}

/** The text ends with a closing of its own (in its last five lines). */
export function endsWithSignature(text: string): boolean {
  return CLOSING.test(text.trimEnd().split('\n').slice(-5).join('\n'));
}
