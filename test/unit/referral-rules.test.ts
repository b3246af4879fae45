import { describe, expect, it } from 'vitest';
import { translator } from '#src/i18n/index.ts';
import { clientMail } from '#src/cases/messages.ts';
import { actionErrors } from '#src/cases/case-page-rules.ts';
import { authorityLetter, contactsText, deliveryFor, forwardingFor } from '#src/cases/referral-rules.ts';
import { buildCalendar } from '#src/calendar/working-days.ts';
import type { DeadlineRule } from '#src/calendar/deadlines.ts';
import type { Institution } from '#src/settings/queries.ts';

// S-14.1 (issue 13, M3): the referral letter says how the submission went
// and never ends with an empty contacts line; the authority's letter carries
// the submission as text.
const institution = {
  nameLv: 'Vides pārraudzības valsts birojs',
  nameEn: 'Environment State Bureau',
  email: 'pasts@vpvb.gov.lv',
} as Institution;
const letter = (kind: 'referral' | 'partial_referral', locale: string, values: Record<string, string>) =>
  clientMail(kind, {
    locale,
    reference: 'VPVB-2026-000001',
    name: 'Anna',
    institution,
    official: 'Laura Speciāliste',
    complaintUrl: 'https://atsauksmes.example.lv/lv/complaint',
    authorityName: 'Pašvaldība',
    note: 'Par ceļu.',
    ...values,
  });

describe('the referral letter', () => {
  it('names the authority, says it was forwarded by e-mail and gives the contacts when there are some', () => {
    const t = translator('lv');
    const contacts = contactsText(t, { email: 'a@b.lv', phone: null, website: 'https://b.lv', address: ' ' });
    expect(contacts).toBe('e-pasts: a@b.lv; tīmekļvietne: https://b.lv');
    const mail = letter('referral', 'lv', { authorityContacts: contacts, delivery: 'email' });
    expect(mail.text).toContain('Tas ir iestādes “Pašvaldība” kompetencē.');
    expect(mail.text).toContain('Esam pārsūtījuši Jūsu iesniegumu šai iestādei pa e-pastu.');
    expect(mail.text).toContain('Ar šo iestādi varat sazināties arī tieši: e-pasts: a@b.lv; tīmekļvietne: https://b.lv');
    expect(mail.html).toContain('<a href="https://b.lv">https://b.lv</a>');
  });

  it.each(['lv', 'en'])('has no contacts line at all when the authority has no contacts (%s), and says it will be posted', (locale) => {
    const t = translator(locale);
    const contacts = contactsText(t, { email: null, phone: null, website: null, address: null });
    expect(contacts).toBe('');
    for (const kind of ['referral', 'partial_referral'] as const) {
      const mail = letter(kind, locale, { authorityContacts: contacts, delivery: 'post' });
      expect(mail.text).not.toContain(t('mail:case.referral.contacts', { contacts: '' }).trim());
      expect(mail.text).toContain(t(`mail:case.${kind}.byPost`));
      expect(mail.text).not.toContain(t(`mail:case.${kind}.byEmail`));
      expect(mail.text).not.toMatch(/:[ \t]*\n[ \t]*\n/);
    }
  });

  it('tells the official, in both languages, that a template gap is still in the note', () => {
    expect(actionErrors(translator('lv'), 'refer', [{ field: 'note', key: 'unfilledPlaceholder' }])).toEqual([
      { field: 'refer-note', message: 'Piezīmē vēl ir veidnes vieta dubultās figūriekavās: ierakstiet tās vietā savus vārdus' },
    ]);
    expect(actionErrors(translator('en'), 'refer', [{ field: 'note', key: 'unfilledPlaceholder' }])[0]!.message).toContain(
      'gap from the template',
    );
  });

  it('goes by e-mail only to an authority with an address', () => {
    expect(deliveryFor({ email: 'a@b.lv' })).toBe('email');
    expect(deliveryFor({ email: null })).toBe('post');
  });
});

describe('the forwarding limit', () => {
  const rules: DeadlineRule[] = [
    { requestKind: 'referral', effectiveFrom: '2000-01-01', amount: 7, unit: 'working_days', extendedAmount: null, extendedUnit: null },
    { requestKind: 'referral', effectiveFrom: '2026-03-01', amount: 5, unit: 'working_days', extendedAmount: null, extendedUnit: null },
  ] as DeadlineRule[];
  const calendar = buildCalendar([]);
  it('counts the rule in force on the day of receipt, from the next day, working days only', () => {
    // Tuesday 24 November 2026 → Tuesday 1 December (weekends skipped; no holidays in this calendar).
    expect(forwardingFor(calendar, rules, { receivedOn: '2026-11-24' }, '2026-11-24')).toEqual({
      forwardBy: '2026-12-01',
      workingDaysLeft: 5,
      overdue: false,
    });
    expect(forwardingFor(calendar, rules, { receivedOn: '2026-11-24' }, '2026-12-02')).toMatchObject({
      overdue: true,
      workingDaysLeft: -1,
    });
    expect(forwardingFor(calendar, rules, { receivedOn: '2026-02-02' }, '2026-02-02')?.forwardBy).toBe('2026-02-11');
    expect(forwardingFor(calendar, [], { receivedOn: '2026-11-24' }, '2026-11-24')).toBeUndefined();
  });
});

describe('the letter to the authority', () => {
  const c = {
    reference: 'VPVB-2026-000001',
    receivedAt: new Date('2026-11-24T10:00:00Z'),
    kind: 'question' as const,
    details: '<b>Atkritumi</b> mežā',
    particulars: {},
    anonymous: false,
    contactName: 'Anna Kalniņa',
    replyChannel: 'phone' as const,
    contactEmail: 'anna@example.lv',
    contactPhone: '+37120000000',
    postalAddress: 'Rīga',
  };
  const args = {
    scope: 'whole' as const,
    note: 'VVD kompetence.',
    institutionName: 'VPVB',
    institutionEmail: 'pasts@vpvb.gov.lv',
    official: 'Laura',
    attachmentNames: [],
  };
  it('gives only the way the client chose to be answered, escapes their text, and names no one for an anonymous case', () => {
    const named = authorityLetter({ c, ...args });
    expect(named.text).toContain('Atbildi vēlas saņemt: Pa tālruni: +37120000000');
    expect(named.text).not.toContain('anna@example.lv');
    expect(named.text).not.toContain('Rīga');
    expect(named.html).toContain('&lt;b&gt;Atkritumi&lt;/b&gt; mežā');
    // The authority's answer goes to the institution, not to the no-reply sender (referees.md E2).
    expect(named.text).toContain('Lai mums atbildētu, rakstiet uz pasts@vpvb.gov.lv, norādot lietas numuru VPVB-2026-000001.');
    const anonymous = authorityLetter({ c: { ...c, anonymous: true, contactName: null, contactEmail: null, contactPhone: null }, ...args });
    expect(anonymous.text).toContain('Iesniedzējs: anonīms (kontaktinformācijas nav)');
    expect(anonymous.text).not.toContain('Atbildi vēlas saņemt');
  });
});
