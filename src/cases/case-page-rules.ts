import type { FieldError, FieldProblem } from '#src/forms/errors.ts';
import type { Translate } from '#src/i18n/index.ts';
import { CASE_ACTIONS, type CaseAction } from './rules.ts';

// The case page's plain rules, testable without a server: which posted
// action name is an action at all, which fields each action's form has, which
// reply template fills which field, and how a problem is worded so that it
// names its field (ux.md D1) and links to it (`#<action>-<field>`).

const ACTIONS: ReadonlySet<string> = new Set(CASE_ACTIONS);

/**
 * The action a post names, or undefined. A Set of our own names, never an
 * object lookup: `__proto__` or `constructor` are properties of every
 * object and once made the page answer 500 (security review m5).
 */
export function caseActionNamed(name: string): CaseAction | undefined {
  return ACTIONS.has(name) ? (name as CaseAction) : undefined;
}

/**
 * The notices a case page shows after a redirect (`?done=`): its own
 * actions, and booking a reading time for the client (S-13), which happens
 * on a page of its own and comes back here, and an invitation that could
 * not be e-mailed (D6), and an answer kept as a draft (D7). Anything else
 * shows nothing.
 */
const DONE = new Set<string>([...CASE_ACTIONS, 'answer_draft', 'book_for_client', 'book_for_client_no_email', 'invite_to_read_no_email']);
/** `tell`: the action wrote the client a letter, but there is no e-mail address to send it to. */
const TELL = new Set<string>(['phone', 'post', 'in_person', 'email']);
export function doneNotice(t: Translate, done: string | null, tell: string | null = null): string | undefined {
  if (!done || !DONE.has(done)) return undefined;
  const notice = t([`cases:done.${done}`, `reading:caseActions.done.${done}`, 'cases:done.saved']);
  if (!tell || !TELL.has(tell)) return notice;
  return `${notice} ${t([`cases:done.tellClient.${tell}`, 'cases:done.tellClient.post'])}`;
}

/** The fields of each action's form, in the order the form shows them. */
export const FIELDS_OF: Readonly<Record<CaseAction, readonly string[]>> = {
  answer: ['text', 'note'],
  reassign: ['assignee', 'confirmLanguage', 'reason'],
  refer: ['authority', 'scope', 'note'],
  mark_abusive: ['reason'],
  extend_deadline: ['dueOn', 'reason'],
  propose_refusal: ['reason'],
  decide_refusal: ['decision', 'reason'],
  close_complaint: ['outcome', 'remedy', 'text'],
  decide_suggestion: ['decision', 'note', 'implementBy'],
  close_unexamined: ['reason'],
  record_call: ['outcome', 'note'],
  invite_to_read: ['from', 'to', 'times'],
};

/** A field's id on the case page: unique across the page's forms (ux.md D2), the error summary's link target. */
export function fieldId(action: CaseAction, field: string): string {
  return `${action}-${field}`;
}

/**
 * Reply templates (S-14.6.2, S-14.1, S-11/12): which template purpose fills
 * which action's field.
 */
export const TEMPLATE_PURPOSE: Partial<Record<CaseAction, { purpose: string; field: string }>> = {
  answer: { purpose: 'answer', field: 'text' },
  mark_abusive: { purpose: 'abusive', field: 'reason' },
  refer: { purpose: 'referral', field: 'note' },
  propose_refusal: { purpose: 'disproportionate', field: 'reason' },
};

/** Where an action's words live (its title, labels, submit button): the reading capability owns S-13's invitation. */
export const actionWords = (action: CaseAction) =>
  action === 'invite_to_read' ? `reading:caseActions.${action}` : `cases:actions.${action}`;

/** The label's key of a field, where it differs from the field's name. */
const LABEL_OF: Partial<Record<string, string>> = { 'reassign-assignee': 'to' };

// Problems whose shared wording says nothing of the field ("This field is
// required"): without a sentence of the action's own they are prefixed with
// the field's label.
const GENERIC = new Set(['required', 'tooLong', 'choose', 'format', 'date']);

/**
 * An action's problems in words, each naming its field, with the field's id
 * as the error summary links it. A problem with the whole form ('form')
 * keeps that field: it has nothing to link to.
 */
export function actionErrors(t: Translate, action: CaseAction | undefined, problems: readonly FieldProblem[]): FieldError[] {
  return problems.map((p) => {
    const values = p.values ?? {};
    if (p.field === 'form' || !action) {
      return { field: 'form', message: t([`cases:errors.${p.key}`, `reading:errors.${p.key}`, `forms:errors.${p.key}`], values) };
    }
    const id = fieldId(action, p.field);
    const own = t([`${actionWords(action)}.errors.${p.field}.${p.key}`], { ...values, defaultValue: '' });
    if (own) return { field: id, message: own };
    if (!GENERIC.has(p.key)) {
      const domain = t([`cases:errors.${p.key}`, `reading:errors.${p.key}`], { ...values, defaultValue: '' });
      if (domain) return { field: id, message: domain };
    }
    // The label without its format note: "New deadline (YYYY-MM-DD)" → "New deadline".
    const field = t(`${actionWords(action)}.${LABEL_OF[id] ?? p.field}`).replace(/\s*\([^)]*\)$/, '');
    if (p.key === 'tooLong') return { field: id, message: t('cases:case.fieldTooLong', { field, count: Number(values.max) }) };
    // The form's sentence follows the label's colon, so it goes on in lower case
    // ("Jaunais termiņš: ievadiet īstu datumu…"): style guide, docs/0018.
    const problem = t([`forms:errors.${p.key}`], values);
    return {
      field: id,
      message: t('cases:case.fieldProblem', { field, problem: problem.charAt(0).toLocaleLowerCase() + problem.slice(1) }),
    };
  });
}

/**
 * Actions that cannot be undone (ux.md D20): the case ends and the client is
 * told. Their form's first post only checks and shows a confirmation page;
 * the action happens on the post that confirms (decision 0020). A director
 * rejecting a proposed refusal ends nothing, so only "refuse" is asked about.
 */
export function needsConfirming(action: CaseAction, values: Readonly<Record<string, string>>): boolean {
  if (action === 'mark_abusive' || action === 'close_complaint') return true;
  return action === 'decide_refusal' && values.decision === 'refuse';
}

/** Fields whose value is one of the form's choices: the confirmation shows the choice's words, not its code. */
const CHOICE_FIELDS = new Set(['outcome', 'decision', 'scope']);

/**
 * What the confirmation page of `action` says and carries: what was entered
 * (each field with its label, blank ones left out), and whether the client
 * gets a letter: by e-mail, or the official must tell them by their channel
 * (no address), or no one is told (anonymous).
 */
export function confirmationOf(
  t: Translate,
  action: CaseAction,
  values: Readonly<Record<string, string>>,
  client: { anonymous: boolean; contactEmail: string | null; replyChannel: string | null },
) {
  const words = actionWords(action);
  const rows = FIELDS_OF[action]
    .filter((f) => (values[f] ?? '').trim() !== '')
    .map((f) => ({
      label: t(`${words}.${f}`),
      value: CHOICE_FIELDS.has(f) ? t(`${words}.${values[f]}`) : values[f]!,
    }));
  const letter = client.contactEmail ? 'email' : client.anonymous ? 'none' : 'tell';
  return { action, values: Object.fromEntries(FIELDS_OF[action].map((f) => [f, values[f] ?? ''])), rows, letter } as const;
}
