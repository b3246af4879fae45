import { formatDate, formatLanguageName, translator } from '#src/i18n/index.ts';
import { composeMail } from '#src/mail/compose.ts';
import type { CaseKind } from '#src/cases/schema.ts';
import type { Institution } from '#src/settings/queries.ts';
import type { IntakeNotice } from './rules.ts';
import { localName } from '#src/i18n/local-name.ts';
import { config } from '#src/config.ts';
import { clientKey, windowStart, type RateLimit } from '#src/platform/rate-limit.ts';
import { addToCaseLine } from '#src/cases/messages.ts';

export type AcknowledgementInput = {
  locale: string;
  reference: string;
  kind: CaseKind;
  dueOn: string | null;
  statusUrl: string;
  complaintUrl: string;
  institution: Institution;
  notices: readonly IntakeNotice[];
  requestedLanguage: string;
  replyLanguage: string;
};

/**
 * Confirmations one address gets in a day (ACKNOWLEDGEMENTS_PER_ADDRESS,
 * default 5). The address is typed by whoever submits and confirmed by
 * nobody, so without a cap the portal would mail a stranger as often as
 * someone posts a form with their address (security review M4). A person
 * who really submits more in a day still has the reference and the status
 * link on the confirmation page, and the answers to their cases still come.
 * Counted in the rate-limit table under a hash of the address, by the
 * submission's own statement (case-statement.ts) and on its clock.
 */
export function acknowledgementCounter(
  address: string,
  now: Date,
  perDay = config().acknowledgementsPerAddress,
): { key: string; windowStart: Date; rule: RateLimit } {
  const rule = { limit: perDay, windowSeconds: 86_400 };
  return { key: clientKey('acknowledgement', address.trim().toLowerCase()), windowStart: windowStart(now, rule.windowSeconds), rule };
}

/**
 * The e-mail that confirms a submission, in the client's language, with the
 * status link (S-4.5) and the right to complain (S-5.1). It goes to an address
 * nobody has confirmed, so it quotes nothing the sender typed, not even the
 * name: only the reference the institution gave (security review M4).
 */
export function acknowledgementMail(input: AcknowledgementInput): { subject: string; text: string; html: string } {
  const t = translator(input.locale);
  const institutionName = localName(input.institution, input.locale);
  const notices = input.notices
    .filter((n) => n === 'replyInLatvian' || n === 'emailInsteadOfCallback' || n === 'writtenInsteadOfCall')
    .map((n) => t(`intake:notices.${n}`, { language: formatLanguageName(input.locale, input.requestedLanguage) }));
  return composeMail(
    {
      subject: t('mail:acknowledgement.subject', { reference: input.reference }),
      greeting: t('mail:greeting'),
      paragraphs: [
        t('mail:acknowledgement.received', { kind: t(`intake:kinds.${input.kind}`) }),
        ...notices,
        t('mail:acknowledgement.follow'),
        addToCaseLine(t, 'link'),
      ],
      facts: [
        [t('mail:acknowledgement.reference'), input.reference],
        ...(input.dueOn ? [[t('mail:acknowledgement.deadline'), formatDate(input.locale, input.dueOn)] as [string, string]] : []),
      ],
      links: [
        { label: t('mail:acknowledgement.statusLink'), url: input.statusUrl },
        { label: t('mail:complaintLink'), url: input.complaintUrl },
      ],
      signature: t('mail:signature', { institution: institutionName }),
      reply: { address: input.institution.email, reference: input.reference },
    },
    input.locale,
  );
}
