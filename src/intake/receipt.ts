import type { Database } from '#src/db/client.ts';
import { registrarOf } from '#src/cases/registrar.ts';
import { caseForStaff, loadCase } from '#src/cases/workspace.ts';
import type { StaffUser } from '#src/staff/sessions.ts';
import { formatDate, formatDateTime, formatLongDate, translator } from '#src/i18n/index.ts';
import { localName } from '#src/i18n/local-name.ts';

// Issue 16: the proof of receipt (for any case) and the acknowledgement
// letter for a client answered by post are printed by the official who has
// the client or the letter in front of them. That is often the one who
// registered it, even when routing gave the case to another unit, so the
// registering official may print both for the case they registered.

/** The case for its printable papers: one the person may see, or one they registered. */
export async function caseForPrinting(db: Database, user: StaffUser, id: number) {
  const seen = await caseForStaff(db, user, id);
  if (seen) return seen;
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  return (await registrarOf(db, id)) === user.id ? loadCase(db, id) : undefined;
}

/** The case fields the papers print. */
type Printed = {
  reference: string;
  kind: string;
  channel: string;
  receivedAt: Date;
  receivedOn: string;
  dueOn: string | null;
  locale: string;
  contactName: string | null;
  postalAddress: string | null;
  details: string;
  particulars: Record<string, string | boolean | null>;
};
type InstitutionName = { nameLv: string; nameEn: string; address: string; phone: string; email: string };

export type Paper = {
  /** The client's language: the paper's. */
  locale: string;
  heading: string;
  institution: string[];
  recipient: string[];
  date: string;
  paragraphs: string[];
  facts: Array<[string, string]>;
  signature: string;
};

/** When it was received, as the paper says it: the date and time, or the date alone when only that is known. */
function receivedText(c: Printed, locale: string): string {
  return c.particulars.receivedTimeUnknown === true ? formatDate(locale, c.receivedOn) : formatDateTime(locale, c.receivedAt);
}

/**
 * The proof of receipt (issue 16): for the client at the counter and for a
 * paper file, any case, web or registered. The text is printed as received;
 * the files are named, not printed.
 */
export function proofOfReceipt(
  c: Printed,
  files: ReadonlyArray<{ filename: string }>,
  institution: InstitutionName,
  today: string,
): Paper & { text: string; files: string[] } {
  const l = c.locale;
  const t = translator(l);
  return {
    locale: l,
    heading: t('register:receipt.heading'),
    institution: [localName(institution, l), institution.address],
    recipient: [c.contactName, c.postalAddress].filter((x): x is string => !!x && x.trim() !== ''),
    date: formatDate(l, today),
    paragraphs: [t('register:receipt.intro', { kind: t(`case:kinds.${c.kind}`).toLowerCase() })],
    facts: [
      [t('register:receipt.reference'), c.reference],
      [t('register:receipt.received'), receivedText(c, l)],
      [t('register:receipt.channel'), t(`register:channels.${c.channel}`)],
      [t('register:receipt.deadline'), c.dueOn ? formatDate(l, c.dueOn) : t('register:receipt.noDeadline')],
    ],
    text: c.details,
    files: files.map((f) => f.filename),
    signature: t('register:receipt.signature'),
  };
}

/**
 * The acknowledgement for a client answered by post (issue 16): what the
 * e-mail acknowledgement says (intake/acknowledgement.ts), on paper. The
 * status link cannot be printed (only its hash is kept): the letter gives
 * the reference and the institution's contacts instead.
 */
export function postalAcknowledgement(c: Printed, institution: InstitutionName, today: string): Paper {
  const l = c.locale;
  const t = translator(l);
  return {
    locale: l,
    heading: t('register:letter.heading', { reference: c.reference }),
    institution: [localName(institution, l), institution.address],
    recipient: [c.contactName, c.postalAddress].filter((x): x is string => !!x && x.trim() !== ''),
    date: formatLongDate(l, today),
    paragraphs: [
      c.contactName ? t('mail:greetingNamed', { name: c.contactName }) : t('mail:greeting'),
      t('register:letter.received', { kind: t(`case:kinds.${c.kind}`).toLowerCase(), date: c.receivedOn }),
      c.dueOn ? t('register:letter.deadline', { date: c.dueOn }) : t('register:letter.noDeadline'),
      t('register:letter.contact', { reference: c.reference, phone: institution.phone, email: institution.email }),
    ],
    facts: [
      [t('mail:acknowledgement.reference'), c.reference],
      [t('register:receipt.received'), receivedText(c, l)],
      ...(c.dueOn ? [[t('mail:acknowledgement.deadline'), formatDate(l, c.dueOn)] as [string, string]] : []),
    ],
    signature: t('mail:signature', { institution: localName(institution, l) }),
  };
}
