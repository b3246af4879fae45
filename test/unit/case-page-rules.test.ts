import { describe, expect, it } from 'vitest';
import {
  actionErrors,
  caseActionNamed,
  confirmationOf,
  doneNotice,
  FIELDS_OF,
  fieldId,
  needsConfirming,
} from '#src/cases/case-page-rules.ts';
import { CASE_ACTIONS } from '#src/cases/rules.ts';
import { translator } from '#src/i18n/index.ts';

describe('the action a case page post names', () => {
  it('is one of the case actions', () => {
    for (const action of CASE_ACTIONS) expect(caseActionNamed(action)).toBe(action);
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', '', 'ANSWER'])('is nothing for %j (security review m5)', (name) => {
    expect(caseActionNamed(name)).toBeUndefined();
  });
});

describe('the fields of the case actions', () => {
  it('have ids unique across the whole page (ux.md D2)', () => {
    const ids = CASE_ACTIONS.flatMap((a) => FIELDS_OF[a].map((f) => fieldId(a, f)));
    expect(new Set(ids).size).toBe(ids.length);
    expect(fieldId('extend_deadline', 'reason')).toBe('extend_deadline-reason');
  });
});

describe('a case action problem in words', () => {
  const lv = translator('lv');
  const en = translator('en');

  it('links to the field and names it, so two blank fields read differently (ux.md D1)', () => {
    const errors = actionErrors(lv, 'extend_deadline', [
      { field: 'dueOn', key: 'date' },
      { field: 'reason', key: 'required' },
    ]);
    expect(errors).toEqual([
      { field: 'extend_deadline-dueOn', message: 'Jaunais termiņš: ievadiet īstu datumu kā diena.mēnesis.gads, piemēram, 04.01.2027.' },
      { field: 'extend_deadline-reason', message: 'Ierakstiet, kāpēc vajadzīgs vairāk laika' },
    ]);
  });

  it('names the field of every required choice and text of every action, in both languages', () => {
    for (const t of [lv, en]) {
      const generic = [t('forms:errors.required'), t('forms:errors.choose')];
      for (const action of CASE_ACTIONS) {
        for (const field of FIELDS_OF[action]) {
          for (const key of ['required', 'choose']) {
            const [error] = actionErrors(t, action, [{ field, key }]);
            expect(error!.message, `${action}.${field}.${key}`).not.toMatch(/^\s*$/);
            expect(generic, `${action}.${field}.${key}`).not.toContain(error!.message);
            // After a label's colon the sentence goes on in lower case.
            expect(error!.message, `${action}.${field}.${key}`).not.toMatch(/: \p{Lu}/u);
          }
        }
      }
    }
  });

  it('words a text too long with the field label, its format note left out', () => {
    expect(actionErrors(lv, 'answer', [{ field: 'text', key: 'tooLong', values: { max: 20000 } }])).toEqual([
      { field: 'answer-text', message: 'Laukā “Atbilde” var ievadīt ne vairāk kā 20\u00a0000 rakstzīmes' },
    ]);
    expect(actionErrors(en, 'invite_to_read', [{ field: 'from', key: 'format' }])[0]!.message).toBe(
      'From date: enter this in the right format',
    );
  });

  it("keeps the standard's own sentences, and a refusal of the whole form has no field to link", () => {
    expect(actionErrors(en, 'extend_deadline', [{ field: 'dueOn', key: 'beyondLaw', values: { latest: '2027-01-04' } }])).toEqual([
      { field: 'extend_deadline-dueOn', message: 'The law allows extending the deadline to 4 January 2027 at the latest' },
    ]);
    expect(actionErrors(en, undefined, [{ field: 'form', key: 'actionNotAllowed' }])).toEqual([
      { field: 'form', message: 'This action is not possible for this case or your role' },
    ]);
  });
});

describe('the notice after a done action', () => {
  const lv = translator('lv');
  it('says what was done, also for a time booked on the reading page (S-13)', () => {
    expect(doneNotice(lv, 'book_for_client')).toContain('Laiks ir rezervēts klienta vārdā');
    expect(doneNotice(lv, 'invite_to_read')).toBe('Uzaicinājums ir nosūtīts klientam.');
  });
  it('never says "sent" to a client without e-mail (D6)', () => {
    expect(doneNotice(lv, 'invite_to_read_no_email')).toMatch(/^Klientam nav e-pasta: sazinieties ar klientu pa tālruni vai pastu\./);
    expect(doneNotice(translator('en'), 'invite_to_read_no_email')).toMatch(/^The client has no email: contact them by phone or post\./);
    expect(doneNotice(lv, 'book_for_client_no_email')).not.toContain('apstiprinājumu');
  });
  it.each(['__proto__', 'constructor', 'nothing', null])('is nothing for %j', (done) => {
    expect(doneNotice(lv, done)).toBeUndefined();
  });
});

describe('actions that cannot be undone (ux.md D20)', () => {
  it('are confirmed first: marking abusive, closing a complaint, refusing; nothing else', () => {
    const asked = CASE_ACTIONS.filter((a) => needsConfirming(a, { decision: 'refuse' }));
    expect(asked.sort()).toEqual(['close_complaint', 'decide_refusal', 'mark_abusive']);
    // Rejecting a proposed refusal ends nothing: the official answers.
    expect(needsConfirming('decide_refusal', { decision: 'reject' })).toBe(false);
    expect(needsConfirming('decide_refusal', { decision: '' })).toBe(false);
  });

  it('show what was entered in words, carry every field, and say who gets a letter', () => {
    const lv = translator('lv');
    const values = { outcome: 'justified', remedy: 'Atvainojāmies.', text: '' };
    const client = { anonymous: false, contactEmail: 'a@example.lv', replyChannel: 'email' };
    const shown = confirmationOf(lv, 'close_complaint', values, client);
    expect(shown.rows).toEqual([
      { label: 'Vai sūdzība bija pamatota?', value: 'Pamatota' },
      { label: 'Veiktie labojumi', value: 'Atvainojāmies.' },
    ]);
    expect(shown.values).toEqual(values);
    expect(shown.letter).toBe('email');
    expect(confirmationOf(lv, 'mark_abusive', { reason: 'x' }, { ...client, contactEmail: null }).letter).toBe('tell');
    expect(confirmationOf(lv, 'mark_abusive', { reason: 'x' }, { anonymous: true, contactEmail: null, replyChannel: null }).letter).toBe(
      'none',
    );
  });
});
