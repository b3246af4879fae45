import { formatDate, translator, type Translate } from '#src/i18n/index.ts';
import { composeMail } from '#src/mail/compose.ts';
import type { Institution } from '#src/settings/queries.ts';
import { localName } from '#src/i18n/local-name.ts';

// The letters a case sends its client, in the language they used, each
// with the complaint link (S-5.1).

export type ClientMailKind = 'answer' | 'referral' | 'partial_referral' | 'abusive' | 'extension' | 'refusal';

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
    abusive: [t('mail:case.abusive.intro', { reference: v.reference }), s('reason')],
    extension: [
      t('mail:case.extension.intro', { reference: v.reference, date: s('dueOn') ? formatDate(v.locale, s('dueOn')) : '' }),
      s('reason'),
    ],
    refusal: [t('mail:case.refusal.intro', { reference: v.reference }), s('reason')],
  };
  return composeMail(
    {
      subject: t(`mail:case.${kind}.subject`, { reference: v.reference }),
      greeting: v.name ? t('mail:greetingNamed', { name: v.name }) : t('mail:greeting'),
      paragraphs: paragraphs[kind].filter((p) => p.trim() !== ''),
      links: [
        ...(s('rateUrl') ? [{ label: t('mail:case.rateLink'), url: s('rateUrl') }] : []),
        { label: t('mail:complaintLink'), url: v.complaintUrl },
      ],
      signature: t('mail:case.signature', { official: v.official, institution: institutionName }),
      // m13, S-14.2: an answer pointing to published information links to it.
      linkAddresses: true,
    },
    v.locale,
  );
}
