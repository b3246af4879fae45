import { describe, expect, it } from 'vitest';
import {
  anonymisedCase,
  anonymisedEventData,
  anonymisedParticulars,
  checkErasureInput,
  checkRetentionInput,
  checkSubjectQuery,
  DEFAULT_RETENTION_DAYS,
  isDueForAnonymisation,
  isErasable,
  isPastRetention,
  retentionCutoff,
} from '#src/privacy/rules.ts';
import { queryDigests, termDigest } from '#src/privacy/digest.ts';
import { translator } from '#src/i18n/index.ts';
import { retentionNotice } from '#src/privacy/notice.ts';

const closed = (closedAt: string) => ({ closedAt: new Date(closedAt), anonymisedAt: null });

describe('what is due for anonymisation', () => {
  it('seeds five years for closed cases, a year for survey contacts and 90 days for sent mail', () => {
    expect(DEFAULT_RETENTION_DAYS).toEqual({ closed_cases: 1826, survey_contacts: 365, sent_mail: 90 });
  });

  it('keeps a case closed on 1 January 2026 through 1 January 2031 and anonymises it from 2 January (Riga)', () => {
    const c = closed('2026-01-01T10:00:00Z');
    expect(isDueForAnonymisation(c, new Date('2030-12-31T12:00:00Z'), 1826)).toBe(false);
    // 23:59 on 1 January 2031 in Riga (UTC+2 in winter).
    expect(isDueForAnonymisation(c, new Date('2031-01-01T21:59:00Z'), 1826)).toBe(false);
    // 00:00 on 2 January 2031 in Riga, still 1 January in UTC.
    expect(isDueForAnonymisation(c, new Date('2031-01-01T22:00:00Z'), 1826)).toBe(true);
  });

  it('counts from the Riga day of closing: 00:30 in Riga is the next day although UTC says the day before', () => {
    // Closed 2 March 2026 00:30 in Riga = 1 March 22:30 UTC; 10 days → kept through 12 March.
    const c = closed('2026-03-01T22:30:00Z');
    expect(isDueForAnonymisation(c, new Date('2026-03-12T21:59:59Z'), 10)).toBe(false);
    expect(isDueForAnonymisation(c, new Date('2026-03-12T22:00:00Z'), 10)).toBe(true);
    // A minute earlier it was still 1 March in Riga: due a day sooner.
    const earlier = closed('2026-03-01T21:59:00Z');
    expect(isDueForAnonymisation(earlier, new Date('2026-03-11T21:59:59Z'), 10)).toBe(false);
    expect(isDueForAnonymisation(earlier, new Date('2026-03-11T22:00:00Z'), 10)).toBe(true);
  });

  it('uses the summer offset (UTC+3) in summer', () => {
    // Closed 1 July 2026 00:30 in Riga = 30 June 21:30 UTC; 30 days → kept through 31 July.
    const c = closed('2026-06-30T21:30:00Z');
    expect(isDueForAnonymisation(c, new Date('2026-07-31T20:59:59Z'), 30)).toBe(false);
    expect(isDueForAnonymisation(c, new Date('2026-07-31T21:00:00Z'), 30)).toBe(true);
  });

  it('never touches an open case or one already anonymised', () => {
    const now = new Date('2040-01-01T12:00:00Z');
    expect(isDueForAnonymisation({ closedAt: null, anonymisedAt: null }, now, 1)).toBe(false);
    expect(
      isDueForAnonymisation({ closedAt: new Date('2026-01-01T10:00:00Z'), anonymisedAt: new Date('2031-01-02T01:00:00Z') }, now, 1),
    ).toBe(false);
  });

  it('gives a cutoff instant that agrees with the day rule on both sides of it', () => {
    const now = new Date('2026-11-24T10:00:00Z');
    for (const days of [1, 30, 90, 365, 1826]) {
      const cutoff = retentionCutoff(now, days);
      // The cutoff is midnight in Riga.
      expect(
        new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Riga', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(cutoff),
      ).toBe('00:00');
      expect(isPastRetention(new Date(cutoff.getTime() - 1), now, days)).toBe(true);
      expect(isPastRetention(cutoff, now, days)).toBe(false);
    }
  });
});

describe('what anonymisation keeps', () => {
  it("keeps the structural answers and drops the client's free text", () => {
    expect(
      anonymisedParticulars({
        complaintAbout: 'official',
        officialName: 'Andris Ierēdnis',
        desiredOutcome: 'Atvainošanos',
        relatedReference: 'VPVB-2026-000001',
        informationForm: 'in_office',
        callbackTime: 'pēc 14:00, zvaniet uz 29123456',
        abroad: false,
        callbackDecision: 'callback',
      }),
    ).toEqual({
      complaintAbout: 'official',
      relatedReference: 'VPVB-2026-000001',
      informationForm: 'in_office',
      abroad: false,
      callbackDecision: 'callback',
    });
  });

  it('drops a particular it does not know, so a new form field is removed by default', () => {
    expect(anonymisedParticulars({ complaintAbout: 'service', newFreeText: 'mans personas kods' })).toEqual({ complaintAbout: 'service' });
  });

  it('removes name, contacts and text from a case but nothing the reports count', () => {
    const update = anonymisedCase({ particulars: { desiredOutcome: 'x', complaintAbout: 'decision' } });
    expect(update).toEqual({
      contactName: null,
      contactEmail: null,
      contactPhone: null,
      postalAddress: null,
      details: '',
      particulars: { complaintAbout: 'decision' },
    });
    for (const kept of [
      'kind',
      'status',
      'receivedAt',
      'receivedOn',
      'closedAt',
      'unitId',
      'topicId',
      'replyChannel',
      'replyLanguage',
      'complaintOutcome',
    ]) {
      expect(update).not.toHaveProperty(kept);
    }
  });

  it("keeps the institution's texts in the history and drops what the client wrote", () => {
    expect(anonymisedEventData({ notices: ['replyInLatvian'], unitId: 3, by: 'topic' })).toEqual({
      notices: ['replyInLatvian'],
      unitId: 3,
      by: 'topic',
    });
    expect(anonymisedEventData({ text: 'Atbilde: ziņojums tiks publicēts martā.', channel: 'email' })).toEqual({
      text: 'Atbilde: ziņojums tiks publicēts martā.',
      channel: 'email',
    });
    expect(anonymisedEventData({ clientMessage: 'Mans tālrunis ir 29123456', unitId: 3 })).toEqual({ unitId: 3 });
  });
});

describe('the retention form', () => {
  const valid = { closed_cases: '1826', survey_contacts: '365', sent_mail: '90' };

  it('accepts whole days from 1 to 3650, spaces around them too', () => {
    expect(checkRetentionInput({ closed_cases: '1', survey_contacts: ' 365 ', sent_mail: '3650' })).toEqual({
      ok: true,
      periods: { closed_cases: 1, survey_contacts: 365, sent_mail: 3650 },
    });
  });

  it.each([
    ['0', 'daysRange'],
    ['3651', 'daysRange'],
    ['-5', 'wholeDays'],
    ['1.5', 'wholeDays'],
    ['pieci', 'wholeDays'],
    ['', 'required'],
  ])('refuses %j with %s, naming the field and the range', (value, key) => {
    const result = checkRetentionInput({ ...valid, survey_contacts: value });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([{ field: 'survey_contacts', key, values: { min: 1, max: 3650 } }]);
  });
});

describe('searching for a person', () => {
  it.each(['29 123 456', '+371 29123456', '0037129123456', '+371 29 12 34 56', '29123456'])(
    'reads the phone %j as +37129123456',
    (phone) => {
      expect(checkSubjectQuery({ email: '', phone })).toEqual({ ok: true, query: { email: null, phone: '+37129123456' } });
    },
  );

  it('compares e-mail addresses without regard to case', () => {
    expect(checkSubjectQuery({ email: '  Anna.Kalnina@Example.LV ', phone: '' })).toEqual({
      ok: true,
      query: { email: 'anna.kalnina@example.lv', phone: null },
    });
  });

  it('needs an address or a number, and says which is wrong', () => {
    expect(checkSubjectQuery({ email: '', phone: ' ' })).toEqual({ ok: false, problems: [{ field: 'email', key: 'searchTerm' }] });
    expect(checkSubjectQuery({ email: 'anna@', phone: '12' })).toEqual({
      ok: false,
      problems: [
        { field: 'email', key: 'email', values: {} },
        { field: 'phone', key: 'phoneInvalid' },
      ],
    });
  });

  it('keeps a digest of a term, the same for the same term, never the term itself', async () => {
    const a = await termDigest('email:anna@example.lv');
    expect(a).toBe(await termDigest('email:anna@example.lv'));
    expect(a).not.toBe(await termDigest('email:anne@example.lv'));
    expect(a).not.toContain('anna');
    const digests = await queryDigests({ email: null, phone: '+37129123456' });
    expect(digests).not.toHaveProperty('emailDigest');
    expect(digests.phoneDigest).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(digests.phoneDigest).not.toContain('29123456');
  });
});

describe('the erasure step', () => {
  it('needs a ground and an explicit confirmation', () => {
    expect(checkErasureInput({ ground: '', note: '', confirmed: false, includeOpen: false })).toEqual({
      ok: false,
      problems: [
        { field: 'ground', key: 'chooseGround', values: {} },
        { field: 'confirmed', key: 'confirmErasure', values: {} },
      ],
    });
    expect(checkErasureInput({ ground: 'objection', note: ' Nr. 1-7/42 ', confirmed: true, includeOpen: false })).toEqual({
      ok: true,
      input: { ground: 'objection', note: 'Nr. 1-7/42', includeOpen: false },
    });
  });

  it('erases closed cases, and open ones only when the client withdraws them (Art. 17(3)(b))', () => {
    const open = { closedAt: null, anonymisedAt: null };
    const done = { closedAt: new Date('2026-01-01T10:00:00Z'), anonymisedAt: null };
    expect(isErasable(done, false)).toBe(true);
    expect(isErasable(open, false)).toBe(false);
    expect(isErasable(open, true)).toBe(true);
    expect(isErasable({ ...done, anonymisedAt: new Date('2026-06-01T10:00:00Z') }, true)).toBe(false);
  });
});

describe('the privacy texts in Latvian', () => {
  const t = translator('lv');
  it.each([
    [1, 'Atrasta 1 lieta.'],
    [2, 'Atrastas 2 lietas.'],
    [10, 'Atrastas 10 lietas.'],
    [11, 'Atrastas 11 lietas.'],
    [21, 'Atrasta 21 lieta.'],
  ])('counts %i cases as "%s"', (count, text) => {
    expect(t('privacy:requests.casesFound', { count })).toBe(text);
  });

  it('words a range error with the field and the limits', () => {
    expect(t('privacy:errors.sent_mail.daysRange', { min: 1, max: 3650 })).toBe('Vēstuļu termiņam jābūt no 1 līdz 3650 dienām');
  });
});

describe("the privacy notice's retention paragraph", () => {
  it('states the periods in force, in Latvian cases', () => {
    const text = retentionNotice(translator('lv'), { closed_cases: 1826, survey_contacts: 21, sent_mail: 1 });
    expect(text).toBe(
      'Lietas personas datus glabājam 1826 dienas pēc lietas slēgšanas, aptaujā sniegto kontaktinformāciju – 21 dienu, bet jums nosūtīto vēstuļu kopijas un mums rakstītās e-pasta vēstules, kas netika pievienotas lietai, – 1 dienu. Pēc tam personas dati tiek anonimizēti vai dzēsti; saglabājas tikai statistika.',
    );
    expect(retentionNotice(translator('lv'), { closed_cases: 10, survey_contacts: 365, sent_mail: 90 })).toContain(
      'glabājam 10 dienas pēc',
    );
    expect(retentionNotice(translator('en'), { closed_cases: 1826, survey_contacts: 365, sent_mail: 1 })).toContain(
      'for 1,826 days after the case is closed',
    );
  });

  it('says nothing specific while a period is missing', () => {
    expect(retentionNotice(translator('en'), { closed_cases: 1826, survey_contacts: 365 })).toBeUndefined();
  });
});
