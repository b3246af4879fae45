import type { FieldProblem } from '#src/forms/errors.ts';

// Reply templates' placeholders (S-14.6.2 refusals, S-14.1 referrals,
// S-11/12 out-of-proportion requests, plain answers): which names a body
// may use, and filling them in. Pure: the settings pages check a body with
// it, and case handling fills a template with it.

/** The names a template body may use, each written as {{name}}. */
export const PLACEHOLDERS = [
  'reference',
  'clientName',
  'authorityName',
  'authorityContacts',
  'reason',
  'officialName',
  'institutionName',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

const KNOWN = new Set<string>(PLACEHOLDERS);

// {{name}}, with spaces allowed inside the braces ({{ name }}).
const TOKEN = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** Every placeholder a body names, known or not, once each, in order of appearance. */
export function placeholdersIn(body: string): string[] {
  return [...new Set([...body.matchAll(TOKEN)].map((m) => m[1]!))];
}

/** The placeholders a body names that the portal cannot fill. */
export function unknownPlaceholders(body: string): string[] {
  return placeholdersIn(body).filter((name) => !KNOWN.has(name));
}

/**
 * Braces that do not make a placeholder ("{{reference}" or "reason}}"):
 * the official would send them to the client as they stand.
 */
export function hasBrokenBraces(body: string): boolean {
  const rest = body.replace(TOKEN, '');
  return rest.includes('{{') || rest.includes('}}');
}

/**
 * A body with its placeholders filled in, in one pass: a value is plain
 * text and is never itself searched for placeholders (a client's name
 * "{{reason}}" stays as typed). A placeholder with no value, or one the
 * portal does not know, is left as it is, so the official sees what is
 * still to be written.
 */
export function fillTemplate(body: string, values: Partial<Record<Placeholder, string>>): string {
  return body.replace(TOKEN, (whole, name: string) => {
    if (!KNOWN.has(name)) return whole;
    const value = values[name as Placeholder];
    return value === undefined ? whole : value;
  });
}

/**
 * What a text about to be sent still holds of a template: its placeholders
 * ({{reason}}), filled or not by the portal, and braces that are half of
 * one. Empty when the text is ready to go (mission.md m2).
 */
export function unfilledPlaceholders(text: string): string[] {
  const names = placeholdersIn(text).map((name) => `{{${name}}}`);
  return hasBrokenBraces(text) ? [...names, '{{ }}'] : names;
}

/**
 * A text that still holds a template's placeholder ({{reason}}) or a
 * broken one is not sent: the client would read it as it stands (m2).
 */
export function unfilledProblem(field: string, value: string): { problems: FieldProblem[] } | undefined {
  const names = unfilledPlaceholders(value);
  return names.length > 0 ? { problems: [{ field, key: 'unfilledPlaceholder', values: { names: names.join(', ') } }] } : undefined;
}
