import type { Database } from '#src/db/client.ts';
import type { FieldError, FieldProblem } from '#src/forms/errors.ts';
import { readForm } from '#src/forms/read.ts';
import type { Translate } from '#src/i18n/index.ts';
import { localName } from '#src/i18n/local-name.ts';
import { computeDeadline } from '#src/calendar/deadlines.ts';
import { todayInRiga } from '#src/calendar/riga-time.ts';
import { inviteToRead } from '#src/reading/invitations.ts';
import { readingForCase } from '#src/reading/queries.ts';
import { getInstitution, listActiveAuthorities, listActiveTemplates, listDeadlineRules, loadCalendar } from '#src/settings/queries.ts';
import { fillTemplate } from '#src/settings/templates.ts';
import type { StaffUser } from '#src/staff/sessions.ts';
import { staffPaths } from '#src/paths.ts';
import { notFound, shownRefusal } from '#src/platform/outcome.ts';
import { publicBaseUrl } from '#src/platform/request.ts';
import { closeComplaint, closeUnexamined, decideSuggestion } from './endings.ts';
import {
  answerCase,
  decideRefusal,
  extendDeadline,
  markAbusive,
  proposeRefusal,
  reassignCase,
  recordCall,
  referCase,
  type ActionContext,
  type ActionResult,
} from './actions.ts';
import {
  actionErrors,
  caseActionNamed,
  confirmationOf,
  doneNotice,
  fieldId,
  FIELDS_OF,
  needsConfirming,
  TEMPLATE_PURPOSE,
} from './case-page-rules.ts';
import { allowedActions, OPEN_STATUSES, type CaseAction } from './rules.ts';
import { caseForStaff, reassignTargets, workingDaysLeft } from './workspace.ts';
import { markClientMessagesSeen } from './client-messages.ts';
import { forwardingFor } from './referral-rules.ts';
import { ANSWER_DRAFT_MAX, answerDraftOf, forgetAnswerDraftsOfEndedCase, keepAnswerDraft } from './answer-drafts.ts';

// The staff case page as data (architecture.md: a page model for a busy
// page, as intake/flow.ts is for the public forms): the page hands over the
// request, this loads the case, runs a posted action through the case
// capability (whose locked transaction and rules decide), and returns what
// the page shows, or where to go next. Each action's form is a component of
// its own (src/components/cases/actions/) reading its ActionForm from here.

/** One action's form: open after its own error or a chosen template; what was typed; each field's message. */
export type ActionForm = {
  action: CaseAction;
  open: boolean;
  values: Record<string, string>;
  errors: Record<string, string | undefined>;
  /** Reply templates for this action (S-14.6.2, S-14.1, S-11/12): a link per template fills the text. */
  templates: Array<{ name: string; href: string }>;
};

export type CasePageInput = {
  request: Request;
  url: URL;
  user: StaffUser;
  caseId: number;
  locale: string;
  t: Translate;
  now?: Date;
};

type Loaded = NonNullable<Awaited<ReturnType<typeof caseForStaff>>>;

async function runAction(db: Database, action: CaseAction, ctx: ActionContext, posted: Record<string, string>): Promise<ActionResult> {
  const v = (field: string) => posted[field] ?? '';
  // A switch over known names, never a lookup by the posted string: `__proto__` or `constructor` must not find anything.
  switch (action) {
    case 'answer':
      return answerCase(db, ctx, { text: v('text'), note: v('note') });
    case 'reassign':
      return reassignCase(db, ctx, { assignee: v('assignee'), reason: v('reason'), confirmLanguage: v('confirmLanguage') });
    case 'refer':
      return referCase(db, ctx, { authority: v('authority'), scope: v('scope'), note: v('note') });
    case 'mark_abusive':
      return markAbusive(db, ctx, { reason: v('reason') });
    case 'extend_deadline':
      return extendDeadline(db, ctx, { dueOn: v('dueOn'), reason: v('reason') });
    case 'propose_refusal':
      return proposeRefusal(db, ctx, { reason: v('reason') });
    case 'decide_refusal':
      return decideRefusal(db, ctx, { decision: v('decision'), reason: v('reason') });
    case 'close_complaint':
      return closeComplaint(db, ctx, { outcome: v('outcome'), remedy: v('remedy'), text: v('text') });
    case 'decide_suggestion':
      return decideSuggestion(db, ctx, { decision: v('decision'), note: v('note'), implementBy: v('implementBy') });
    case 'close_unexamined':
      return closeUnexamined(db, ctx, { reason: v('reason') });
    case 'record_call':
      return recordCall(db, ctx, { outcome: v('outcome'), note: v('note') });
    case 'invite_to_read':
      return inviteToRead(db, ctx, { from: v('from'), to: v('to'), times: v('times') });
  }
}

type Posted = { status: number; action: CaseAction | undefined; values: Record<string, string>; problems: FieldProblem[] };
/** An action that cannot be undone, its input good: to be confirmed on a page of its own (D20). */
type ToConfirm = { confirm: { action: CaseAction; values: Record<string, string>; version: number } };

/** A post: the action run, a confirmation to ask for, or the refusal as the page shows it. */
async function receive(db: Database, input: CasePageInput): Promise<{ redirect: string } | ToConfirm | Posted> {
  const form = await readForm(input.request);
  const action = form.readable ? caseActionNamed(form.text('action')) : undefined;
  if (!action) return { status: 400, action: undefined, values: {}, problems: [{ field: 'form', key: 'actionNotAllowed' }] };
  const values = Object.fromEntries(FIELDS_OF[action].map((f) => [f, form.text(f)]));
  // D7: "Save draft" on the answer form keeps the text for this official, sends nothing.
  if (action === 'answer' && form.text('draft') === 'save') return saveDraft(db, input, values.text ?? '');
  const ctx: ActionContext = {
    actor: input.user,
    caseId: input.caseId,
    version: Number(form.text('version')),
    baseUrl: publicBaseUrl(),
    ...(input.now ? { now: input.now } : {}),
  };
  // D20 (decision 0020): the confirmation page posts `confirm=yes` to act, or `confirm=back` to return to the form as typed.
  const confirm = form.text('confirm');
  if (needsConfirming(action, values) && confirm !== 'yes') {
    if (confirm === 'back') return { status: 200, action, values, problems: [] };
    const checked = await runAction(db, action, { ...ctx, check: true }, values);
    if (checked.ok) return { confirm: { action, values, version: ctx.version } };
    return refused(action, values, checked);
  }
  const result = await runAction(db, action, ctx, values);
  if (result.ok) {
    // D7: an answered or closed case has no use for anybody's answer draft (the text is in its history if it was sent).
    await forgetAnswerDraftsOfEndedCase(db, input.caseId);
    // Handed to another unit, the case is no longer this official's to see: back to their list, told it was done.
    const stillTheirs = action !== 'reassign' || (await caseForStaff(db, input.user, input.caseId)) !== undefined;
    // D6: an invitation to a client without e-mail went nowhere; the notice says to phone or post it.
    const notice = 'clientMailed' in result && result.clientMailed === false ? 'invite_to_read_no_email' : action;
    const done = { done: notice, ...(result.tellClient ? { tell: result.tellClient } : {}) };
    return {
      redirect: stillTheirs ? staffPaths.case(input.locale, input.caseId, done) : staffPaths.cases(input.locale, done),
    };
  }
  return refused(action, values, result);
}

function refused(action: CaseAction, values: Record<string, string>, result: Extract<ActionResult, { ok: false }>): Posted {
  // Another unit's case (or one gone meanwhile) is simply not there for this person.
  if (result.reason === 'not_found') throw notFound();
  const shown = shownRefusal(result, { conflict: 'caseChanged', forbidden: 'actionNotAllowed' });
  return { status: shown.status, action, values, problems: shown.problems };
}

/** D7: the official's answer kept as their draft; refused when it is longer than an answer may be, or the answer is not theirs to give. */
async function saveDraft(db: Database, input: CasePageInput, text: string): Promise<{ redirect: string } | Posted> {
  const values = { text, note: '' };
  if (text.length > ANSWER_DRAFT_MAX) {
    return { status: 400, action: 'answer', values, problems: [{ field: 'text', key: 'tooLong', values: { max: ANSWER_DRAFT_MAX } }] };
  }
  const view = await caseForStaff(db, input.user, input.caseId);
  if (!view) throw notFound();
  const today = todayInRiga(input.now ?? new Date());
  const facts = { ...view.c, callbackDecision: (view.c.particulars.callbackDecision as string | undefined) ?? null };
  if (!allowedActions(input.user, facts, today).includes('answer')) {
    return { status: 409, action: 'answer', values, problems: [{ field: 'form', key: 'caseChanged' }] };
  }
  await keepAnswerDraft(db, { staffId: input.user.id, caseId: input.caseId, text, ...(input.now ? { now: input.now } : {}) });
  return { redirect: staffPaths.case(input.locale, input.caseId, { done: 'answer_draft' }, 'action-answer') };
}

/** The case page for `user`: a redirect after a done action, or everything the page renders. */
export async function casePage(db: Database, input: CasePageInput) {
  const { user, caseId, locale, t, url } = input;
  let view: Loaded | undefined = await caseForStaff(db, user, caseId);
  // Another unit's case is simply not there for this person.
  if (!view) throw notFound();
  // Issue 16: the holder opening the case has seen what the client added (the page still marks it new this once).
  if (view.c.clientMessageUnreadSince) await markClientMessagesSeen(db, view.c, user.id, input.now ?? new Date());

  let posted: Posted = { status: 200, action: undefined, values: {}, problems: [] };
  if (input.request.method === 'POST') {
    const outcome = await receive(db, input);
    if ('redirect' in outcome) return outcome;
    if ('confirm' in outcome) {
      const { action, values, version } = outcome.confirm;
      return {
        confirming: {
          ...confirmationOf(t, action, values, view.c),
          version,
          reference: view.c.reference,
          contactEmail: view.c.contactEmail,
          replyChannel: view.c.replyChannel,
          title: t(`cases:confirm.${action}.title`, { reference: view.c.reference }),
        },
      };
    }
    posted = outcome;
    // Show the case as it is now (another official's change included); keep what this one typed.
    view = await caseForStaff(db, user, caseId);
    if (!view) throw notFound();
  }

  const c = view.c;
  const [{ calendar }, rules, authorities, targets, reading, allTemplates] = await Promise.all([
    loadCalendar(db),
    listDeadlineRules(db),
    listActiveAuthorities(db),
    reassignTargets(db),
    // S-13: the reading appointment of this case, if the client was invited.
    readingForCase(db, c.id),
    listActiveTemplates(db),
  ]);
  // D7: the answer this official kept (on purpose, or caught when their session had ended).
  const draft = await answerDraftOf(db, user.id, c.id);
  const now = input.now ?? new Date();
  const today = todayInRiga(now);
  const actions = allowedActions(user, { ...c, callbackDecision: (c.particulars.callbackDecision as string | undefined) ?? null }, today);
  // The rule the case was counted by (m6: an environmental information request's own).
  const deadline = computeDeadline(calendar, rules, rules.find((r) => r.id === c.deadlineRuleId)?.requestKind ?? c.kind, c.receivedAt);
  const left = c.dueOn && OPEN_STATUSES.includes(c.status) ? workingDaysLeft(calendar, today, c.dueOn) : null;

  // Reply templates: a link per template fills its action's text, in the client's language, with this case's values.
  const templates = allTemplates.filter((tpl) => Object.values(TEMPLATE_PURPOSE).some((p) => p?.purpose === tpl.purpose));
  const chosen = templates.find((tpl) => tpl.id === Number(url.searchParams.get('template')));
  const chosenAction = chosen && actions.find((a) => TEMPLATE_PURPOSE[a]?.purpose === chosen.purpose);
  const institution = chosen ? await getInstitution(db) : undefined;
  const prefill =
    chosen && chosenAction
      ? fillTemplate(localName(chosen, c.locale, 'body'), {
          reference: c.reference,
          clientName: c.contactName ?? '',
          officialName: user.fullName,
          institutionName: localName(institution, c.locale),
        })
      : undefined;

  const failed = posted.action;
  // The draft fills the answer unless what was just posted, or a chosen template, does.
  const draftShown = draft !== undefined && actions.includes('answer') && failed !== 'answer' && chosenAction !== 'answer';
  const forms = new Map<CaseAction, ActionForm>(
    actions.map((a) => {
      const errors = failed === a ? actionErrors(t, a, posted.problems) : [];
      const purpose = TEMPLATE_PURPOSE[a];
      return [
        a,
        {
          action: a,
          open: failed === a || chosenAction === a || (a === 'answer' && draftShown),
          values: Object.fromEntries(
            FIELDS_OF[a].map((f) => [
              f,
              (failed === a
                ? posted.values[f]
                : chosenAction === a && purpose?.field === f
                  ? prefill
                  : a === 'answer' && f === 'text' && draftShown
                    ? draft?.text
                    : '') ?? '',
            ]),
          ),
          errors: Object.fromEntries(errors.filter((e) => e.field !== 'form').map((e) => [e.field.slice(a.length + 1), e.message])),
          templates: templates
            .filter((tpl) => tpl.purpose === purpose?.purpose)
            .map((tpl) => ({ name: localName(tpl, locale), href: staffPaths.case(locale, c.id, { template: tpl.id }, `action-${a}`) })),
        },
      ];
    }),
  );
  // The summary at the top: a form's own problems link to `#<action>-<field>`; a refusal of the whole form has no field.
  const errors: FieldError[] = actionErrors(t, failed, posted.problems);

  return {
    status: posted.status,
    view,
    c,
    actions,
    forms,
    errors,
    deadline,
    left,
    /** The example in date fields' hints. */
    today,
    done:
      doneNotice(t, url.searchParams.get('done'), url.searchParams.get('tell')) ??
      (url.searchParams.get('draft') === 'kept' && draftShown ? t('cases:case.draftKept') : undefined),
    /** When the answer shown was kept as a draft. */
    answerDraftAt: draftShown ? draft.updatedAt : undefined,
    // What this official typed for an action no longer open to them (another changed the case): shown, not lost.
    unsent: failed && !actions.includes(failed) ? unsentTexts(posted.values) : [],
    reading: {
      offer: reading.offer,
      booking: reading.booking,
      bookingHref: reading.booking ? staffPaths.booking(locale, reading.booking.id) : undefined,
      bookForClientHref: reading.offer && reading.offer.expiresAt > now ? staffPaths.caseReading(locale, c.id) : undefined,
    },
    authorities,
    // S-14.1: by when a case that is not ours must be forwarded (shown in the refer action).
    forwarding: forwardingFor(calendar, rules, c, todayInRiga(now)),
    targets,
    /** S-11/12: the official's reasons, for the director deciding. */
    proposedRefusal: String(view.history.findLast((h) => h.type === 'refusal_proposed')?.data.reason ?? ''),
    particulars: Object.entries(c.particulars).filter(([, v]) => v !== null && v !== '' && v !== false),
    title: t('cases:case.title', { reference: c.reference }),
  };
}

/** The props of one field of an action's form: its id unique on the page, what was typed, its message. */
export function fieldProps(form: ActionForm, name: string) {
  return { name, id: fieldId(form.action, name), value: form.values[name] ?? '', error: form.errors[name] };
}

export type CasePage = Exclude<Awaited<ReturnType<typeof casePage>>, { redirect: string } | { confirming: unknown }>;
export type ActionToConfirm = Extract<Awaited<ReturnType<typeof casePage>>, { confirming: unknown }>['confirming'];

/** The free text of a refused post (choices left out: they say nothing on their own). */
function unsentTexts(values: Record<string, string>): string[] {
  return Object.entries(values)
    .filter(([k, v]) => v.trim() !== '' && !['scope', 'decision', 'outcome', 'assignee', 'authority', 'confirmLanguage'].includes(k))
    .map(([, v]) => v);
}
