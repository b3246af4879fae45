// Issue 16, GOV.UK's "exit page" pattern: before the forms, one question
// asks what the matter is about. A matter of ours (a topic) or "something
// else, not sure" goes on to our forms; a matter another authority handles
// shows that authority and its public contacts at once (S-14.1), so the
// client need not wait for us to refer it. The plain rules of it: what a
// posted answer means, and which contacts a client can use.

/** What the client chose: one of our topics, another authority, or "something else, not sure". */
export type MatterChoice = { kind: 'ours'; code: string } | { kind: 'elsewhere'; code: string } | { kind: 'unsure' };

/** The radio's value for a choice: `ours:eia`, `elsewhere:vvd`, `unsure`. */
export function choiceValue(choice: MatterChoice): string {
  return choice.kind === 'unsure' ? 'unsure' : `${choice.kind}:${choice.code}`;
}

/**
 * The posted answer as a choice among those the page offered, or undefined
 * (nothing chosen, or a value the page did not offer: an authority taken
 * off the page since, a crafted post); the page then asks again.
 */
export function readChoice(
  value: string,
  offered: { topics: readonly string[]; authorities: readonly string[] },
): MatterChoice | undefined {
  if (value === 'unsure') return { kind: 'unsure' };
  const m = /^(ours|elsewhere):(.+)$/.exec(value);
  if (!m) return undefined;
  const [, kind, code] = m as unknown as [string, 'ours' | 'elsewhere', string];
  const list = kind === 'ours' ? offered.topics : offered.authorities;
  return list.includes(code) ? { kind, code } : undefined;
}

export type ContactKind = 'email' | 'phone' | 'website' | 'address';
export type Contact = { kind: ContactKind; value: string; href: string | undefined };

/**
 * S-14.1: the authority's public contacts a client can use, only those it
 * has (a generic "municipality" entry has none). A phone and an e-mail are
 * links; a website only when it is a web address, never another scheme.
 */
export function publicContacts(authority: {
  email: string | null;
  phone: string | null;
  website: string | null;
  address: string | null;
}): Contact[] {
  const contacts: Contact[] = [];
  const email = authority.email?.trim();
  if (email) contacts.push({ kind: 'email', value: email, href: `mailto:${email}` });
  const phone = authority.phone?.trim();
  if (phone) contacts.push({ kind: 'phone', value: phone, href: `tel:${phone.replace(/[^+\d]/g, '')}` });
  const website = authority.website?.trim();
  if (website) contacts.push({ kind: 'website', value: website, href: /^https?:\/\//i.test(website) ? website : undefined });
  const address = authority.address?.trim();
  if (address) contacts.push({ kind: 'address', value: address, href: undefined });
  return contacts;
}
