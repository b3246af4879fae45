import { describe, expect, it } from 'vitest';
import { checkAuthority } from '#src/settings/authorities.ts';
import { checkCalendarDay, exceptionStatus, type CalendarDayPost } from '#src/settings/calendar-days.ts';
import { checkDeadlineRule, ruleMayChange, type DeadlineRulePost } from '#src/settings/deadline-rules.ts';
import { dateFromText, MIB } from '#src/settings/fields.ts';
import { checkInstitution, isReferencePrefix, type InstitutionPost } from '#src/settings/institution.ts';
import { checkOfficeHours, intervalRows, parseClock, type IntervalPost } from '#src/settings/office-hours.ts';
import { checkTemplate, TEMPLATE_PURPOSES, type TemplatePost } from '#src/settings/reply-templates.ts';
import { checkUnit } from '#src/settings/units.ts';
import { checkService, type ServicePost } from '#src/settings/services.ts';
import { checkSecurity } from '#src/staff/security-settings.ts';
import { fillTemplate, hasBrokenBraces, PLACEHOLDERS, placeholdersIn, unknownPlaceholders } from '#src/settings/templates.ts';
import { seedTemplates } from '#src/settings/templates-seed.ts';
import { endsWithSignature, opensWithGreeting } from '#src/cases/messages.ts';
import { seedDeadlineRules } from '#src/calendar/deadlines.ts';
import { knownTransfers, statutoryHolidays, type CalendarDay } from '#src/calendar/holidays.ts';
import { translateProblems, type FieldProblem } from '#src/forms/errors.ts';
import { translator } from '#src/i18n/index.ts';
import type { Outcome } from '#src/platform/outcome.ts';
import { changedReferenceData } from '#src/settings/cache.ts';
import { staffPaths } from '#src/paths.ts';

const REQUEST_LIMIT = 12 * MIB;

function problemsOf<T>(result: Outcome<T>): FieldProblem[] {
  return result.ok || result.reason !== 'invalid' ? [] : result.problems;
}
const keys = <T>(result: Outcome<T>) => problemsOf(result).map((p) => `${p.field}:${p.key}`);

describe('office hours', () => {
  const rows = (...pairs: Array<[string, string]>): IntervalPost[] => pairs.map(([opens, closes]) => ({ opens, closes }));

  it('accepts the seeded pattern, 08:30–12:30 and 13:00–17:00', () => {
    expect(checkOfficeHours(rows(['08:30', '12:30'], ['13:00', '17:00']))).toEqual({
      ok: true,
      value: [
        { start: '08:30', end: '12:30' },
        { start: '13:00', end: '17:00' },
      ],
    });
  });

  it('puts intervals typed out of order in order, and reads 8.30 as 08:30', () => {
    const result = checkOfficeHours(rows(['13:00', '17:00'], ['8.30', '12.30']));
    expect(result).toEqual({
      ok: true,
      value: [
        { start: '08:30', end: '12:30' },
        { start: '13:00', end: '17:00' },
      ],
    });
  });

  it('treats a day with only empty rows as closed', () => {
    expect(checkOfficeHours(rows(['', ''], ['  ', '']))).toEqual({ ok: true, value: [] });
  });

  it('lets two intervals touch but not overlap', () => {
    expect(checkOfficeHours(rows(['08:30', '12:30'], ['12:30', '17:00'])).ok).toBe(true);
    const overlap = checkOfficeHours(rows(['08:30', '12:30'], ['12:00', '17:00']));
    expect(problemsOf(overlap)).toEqual([{ field: 'interval-2-opens', key: 'overlap', values: { other: '08:30–12:30' } }]);
  });

  it('reports an overlap on the row that comes later on the form, whatever the times', () => {
    const overlap = checkOfficeHours(rows(['13:00', '17:00'], ['08:30', '13:30']));
    expect(problemsOf(overlap)).toEqual([{ field: 'interval-2-opens', key: 'overlap', values: { other: '13:00–17:00' } }]);
  });

  it('finds an interval that lies inside another', () => {
    expect(keys(checkOfficeHours(rows(['08:00', '18:00'], ['', ''], ['10:00', '11:00'])))).toEqual(['interval-3-opens:overlap']);
  });

  it('refuses a closing time that is not after the opening time', () => {
    expect(keys(checkOfficeHours(rows(['17:00', '08:30'])))).toEqual(['interval-1-closes:closesBeforeOpens']);
    expect(keys(checkOfficeHours(rows(['09:00', '09:00'])))).toEqual(['interval-1-closes:closesBeforeOpens']);
  });

  it('refuses times that are not clock times, and half-filled rows', () => {
    expect(keys(checkOfficeHours(rows(['8', '12:60'], ['25:00', '24:00'], ['09:00', ''])))).toEqual([
      'interval-1-opens:clock',
      'interval-1-closes:clock',
      'interval-2-opens:clock',
      'interval-3-closes:clockRequired',
    ]);
  });

  it('allows closing at 24:00 but not opening then', () => {
    expect(parseClock('24:00')).toBe(1440);
    expect(checkOfficeHours(rows(['20:00', '24:00'])).ok).toBe(true);
    expect(keys(checkOfficeHours(rows(['24:00', '24:00'])))).toEqual(['interval-1-opens:clock']);
  });

  it('shows the rows as they stand plus two empty ones, at most six', () => {
    expect(intervalRows(rows(['08:30', '12:30']))).toHaveLength(3);
    expect(intervalRows([])).toEqual(rows(['', ''], ['', '']));
    // A row left empty in the middle keeps its place, so errors still point at their rows.
    expect(intervalRows(rows(['08:30', '12:30'], ['', ''], ['13:00', '']))[2]).toEqual({ opens: '13:00', closes: '' });
    expect(intervalRows(rows(...Array.from({ length: 6 }, (): [string, string] => ['08:00', '09:00'])))).toHaveLength(6);
  });
});

describe('calendar exceptions', () => {
  // The date as an administrator types it: 27.06.2026 (docs/0021).
  const parts = (iso: string) => iso.split('-').reverse().join('.');
  const none = '';
  const post = (date: string, kind: string, transferredFrom = ''): CalendarDayPost => ({
    date: date ? parts(date) : none,
    kind,
    nameLv: 'Nosaukums',
    nameEn: 'Name',
    transferredFrom: transferredFrom ? parts(transferredFrom) : none,
  });

  it('accepts the 2026 transfer: Saturday 27 June worked instead of Monday 22 June', () => {
    expect(checkCalendarDay(post('2026-06-27', 'working_day', '2026-06-22'))).toMatchObject({
      ok: true,
      value: { date: '2026-06-27', kind: 'working_day', transferredFrom: '2026-06-22' },
    });
  });

  it('accepts a transferred working Sunday too', () => {
    expect(checkCalendarDay(post('2026-06-28', 'working_day', '2026-06-22')).ok).toBe(true);
  });

  it('refuses a transferred working day on a weekday', () => {
    expect(keys(checkCalendarDay(post('2026-06-23', 'working_day', '2026-06-22')))).toEqual(['date:workingDayNotWeekend']);
  });

  it('says so on the kind when the date is fixed (editing an exception)', () => {
    expect(keys(checkCalendarDay(post('', 'working_day', '2026-06-22'), { fixedDate: '2026-06-23' }))).toEqual([
      'kind:workingDayNotWeekend',
    ]);
  });

  it('needs the weekday a transferred working day replaces, and it must be Monday to Friday', () => {
    expect(keys(checkCalendarDay(post('2026-06-27', 'working_day')))).toEqual(['transferredFrom:transferredFromRequired']);
    expect(keys(checkCalendarDay(post('2026-06-27', 'working_day', '2026-06-21')))).toEqual(['transferredFrom:transferredFromNotWeekday']);
  });

  it('accepts the one-off day off of Monday 29 May 2023', () => {
    expect(checkCalendarDay(post('2023-05-29', 'day_off'))).toMatchObject({
      ok: true,
      value: { date: '2023-05-29', kind: 'day_off', transferredFrom: null },
    });
  });

  it('refuses a day off on a Saturday or Sunday', () => {
    expect(keys(checkCalendarDay(post('2026-05-09', 'day_off')))).toEqual(['date:dayOffNotWeekday']);
    expect(keys(checkCalendarDay(post('2026-05-10', 'day_off')))).toEqual(['date:dayOffNotWeekday']);
  });

  it('accepts a public holiday on any day, Easter Sunday included', () => {
    expect(checkCalendarDay(post('2026-04-05', 'holiday')).ok).toBe(true);
    expect(checkCalendarDay(post('2026-05-04', 'holiday')).ok).toBe(true);
  });

  it('refuses a replaced weekday on anything but a transferred working day', () => {
    expect(keys(checkCalendarDay(post('2026-05-05', 'day_off', '2026-05-04')))).toEqual([
      'transferredFrom:transferredFromOnlyForWorkingDay',
    ]);
  });

  it('refuses dates that do not exist and asks for a missing one', () => {
    expect(dateFromText('31.2.2026')).toBe('invalid');
    expect(dateFromText('29.2.2028')).toBe('2028-02-29');
    expect(dateFromText('1.13.2026')).toBe('invalid');
    expect(dateFromText('x.1.2026')).toBe('invalid');
    expect(keys(checkCalendarDay({ ...post('', 'holiday'), date: '31.2.2026' }))).toEqual(['date:dateInvalid']);
    expect(keys(checkCalendarDay(post('', 'holiday')))).toEqual(['date:dateRequired']);
  });

  it('asks for the kind and both names', () => {
    expect(keys(checkCalendarDay({ ...post('2026-05-05', ''), nameLv: ' ', nameEn: '' }))).toEqual([
      'kind:choose',
      'nameLv:required',
      'nameEn:required',
    ]);
  });

  describe('whether an exception is in force', () => {
    const year = [...statutoryHolidays(2026), ...knownTransfers()];
    const calendar = new Map(year.map((d) => [d.date, d]));
    const status = (date: string, map: ReadonlyMap<string, CalendarDay> = calendar) => exceptionStatus(map.get(date)!, map);

    it('keeps a weekday holiday out of the working days', () => {
      expect(status('2026-05-04')).toEqual({ inForce: true, working: false });
    });
    it('keeps a weekend holiday in force: it shortens the working day before it', () => {
      expect(status('2026-04-05')).toEqual({ inForce: true, working: false, note: 'weekendHoliday' });
    });
    it('makes a transferred Saturday a working day when its weekday is a day off', () => {
      expect(status('2026-06-27')).toEqual({ inForce: true, working: true });
      expect(status('2026-06-22')).toEqual({ inForce: true, working: false });
    });
    it('warns when the weekday a Saturday replaces is still worked', () => {
      const withoutPair = new Map(calendar);
      withoutPair.delete('2026-01-02');
      expect(status('2026-01-17', withoutPair)).toEqual({ inForce: true, working: true, note: 'replacedDayStillWorking' });
    });
    it('shows a day off on a Sunday and a working day on a Tuesday as changing nothing', () => {
      const odd = new Map<string, CalendarDay>([
        ['2026-03-08', { date: '2026-03-08', kind: 'day_off', nameLv: 'a', nameEn: 'a' }],
        ['2026-03-10', { date: '2026-03-10', kind: 'working_day', nameLv: 'b', nameEn: 'b', transferredFrom: '2026-03-09' }],
      ]);
      expect(status('2026-03-08', odd)).toEqual({ inForce: false, working: false, note: 'alreadyWeekend' });
      expect(status('2026-03-10', odd)).toEqual({ inForce: false, working: true, note: 'alreadyWorkingDay' });
    });
  });
});

describe('the institution', () => {
  const valid: InstitutionPost = {
    nameLv: 'Vides pārraudzības valsts birojs',
    nameEn: 'State Environmental Monitoring Bureau',
    shortName: 'VPVB',
    referencePrefix: 'VPVB',
    address: 'Rūpniecības iela 23, Rīga, LV-1045',
    email: 'pasts@vpvb.gov.lv',
    phone: '+371 67321173',
    website: 'https://www.vpvb.gov.lv',
    signLanguageVideoUrl: '',
    appealRouteLv: 'Lēmumu var apstrīdēt iestādes vadītājam viena mēneša laikā.',
    appealRouteEn: 'The decision can be contested to the head of the institution within one month.',
    attachmentMaxFiles: '3',
    attachmentMaxMb: '4',
  };
  const check = (change: Partial<InstitutionPost>) => checkInstitution({ ...valid, ...change }, { maxRequestBytes: REQUEST_LIMIT });

  it('accepts the seeded institution and stores the file size in bytes', () => {
    expect(check({})).toMatchObject({ ok: true, value: { referencePrefix: 'VPVB', attachmentMaxFiles: 3, attachmentMaxBytes: 4 * MIB } });
  });

  it('takes a sign-language video as an https address, or none (issue 17)', () => {
    expect(check({ signLanguageVideoUrl: 'https://video.example.lv/zimju-valoda' })).toMatchObject({
      ok: true,
      value: { signLanguageVideoUrl: 'https://video.example.lv/zimju-valoda' },
    });
    expect(check({ signLanguageVideoUrl: '' })).toMatchObject({ ok: true, value: { signLanguageVideoUrl: null } });
    expect(keys(check({ signLanguageVideoUrl: 'javascript:alert(1)' }))).toEqual(['signLanguageVideoUrl:website']);
  });

  it('needs the wording of how a decision is contested in both languages (it goes into every refusal)', () => {
    expect(keys(check({ appealRouteLv: '  ', appealRouteEn: '' }))).toEqual(['appealRouteLv:required', 'appealRouteEn:required']);
  });

  it('takes reference prefixes of Latin capitals and digits only', () => {
    expect(isReferencePrefix('VPVB')).toBe(true);
    expect(isReferencePrefix('LV2')).toBe(true);
    expect(isReferencePrefix('VP-VB')).toBe(false);
    expect(isReferencePrefix('VP VB')).toBe(false);
    expect(isReferencePrefix('ĀB')).toBe(false);
    expect(isReferencePrefix('ABCDEFGHIJKLM')).toBe(false);
    expect(isReferencePrefix('')).toBe(false);
  });

  it('writes a prefix typed in small letters in capitals, and refuses one with other characters', () => {
    expect(check({ referencePrefix: ' vpvb ' })).toMatchObject({ ok: true, value: { referencePrefix: 'VPVB' } });
    expect(keys(check({ referencePrefix: 'VPVB-' }))).toEqual(['referencePrefix:referencePrefix']);
    expect(keys(check({ referencePrefix: '' }))).toEqual(['referencePrefix:required']);
  });

  it('keeps attachment limits within 1–10 files and 1–10 MB, naming the range', () => {
    expect(problemsOf(check({ attachmentMaxFiles: '11' }))).toEqual([
      { field: 'attachmentMaxFiles', key: 'range', values: { min: 1, max: 10 } },
    ]);
    expect(keys(check({ attachmentMaxMb: '0' }))).toEqual(['attachmentMaxMb:range']);
    expect(keys(check({ attachmentMaxMb: '2.5' }))).toEqual(['attachmentMaxMb:wholeNumber']);
  });

  it('refuses limits whose files together do not fit into one 12 MiB post', () => {
    expect(check({ attachmentMaxFiles: '2', attachmentMaxMb: '6' }).ok).toBe(true);
    expect(problemsOf(check({ attachmentMaxFiles: '3', attachmentMaxMb: '5' }))).toEqual([
      { field: 'attachmentMaxMb', key: 'attachmentsOverRequest', values: { files: 3, mb: 5, limit: 12 } },
    ]);
  });

  it('checks the phone number with the phone library, and refuses a premium-rate one', () => {
    expect(keys(check({ phone: '12345' }))).toEqual(['phone:phoneInvalid']);
    expect(keys(check({ phone: '+371 90123456' }))).toEqual(['phone:phonePremium']);
    expect(check({ phone: '67321173' }).ok).toBe(true);
  });

  it('takes only http(s) web addresses, and none at all', () => {
    expect(keys(check({ website: 'javascript:alert(1)' }))).toEqual(['website:website']);
    expect(keys(check({ website: 'www.vpvb.gov.lv' }))).toEqual(['website:website']);
    expect(check({ website: '' })).toMatchObject({ ok: true, value: { website: null } });
  });
});

describe('units and authorities', () => {
  it('writes a unit code in capitals and keeps the triage unit active', () => {
    const unit = { code: 'kan', nameLv: 'Nodaļa', nameEn: 'Unit', email: '', phone: '', isTriage: false, active: true };
    expect(checkUnit(unit)).toMatchObject({ ok: true, value: { code: 'KAN', email: null } });
    expect(keys(checkUnit({ ...unit, code: 'K A N' }))).toEqual(['code:unitCode']);
    expect(keys(checkUnit({ ...unit, isTriage: true, active: false }))).toEqual(['active:triageInactive']);
  });

  it("checks a unit's published phone number as the institution's own (S-4.5)", () => {
    const unit = { code: 'KAN', nameLv: 'Nodaļa', nameEn: 'Unit', email: '', phone: '', isTriage: false, active: true };
    expect(checkUnit(unit)).toMatchObject({ ok: true, value: { phone: null } });
    expect(checkUnit({ ...unit, phone: ' 67 321 173 ' })).toMatchObject({ ok: true, value: { phone: '67 321 173' } });
    expect(keys(checkUnit({ ...unit, phone: '12' }))).toEqual(['phone:phoneInvalid']);
    expect(keys(checkUnit({ ...unit, phone: '+371 90123456' }))).toEqual(['phone:phonePremium']);
  });
});

describe('services and prices (S-4.5)', () => {
  const service: ServicePost = {
    code: 'document-copies',
    nameLv: 'Dokumentu kopijas',
    nameEn: 'Copies of documents',
    descriptionLv: 'Kopijas papīra formā.',
    descriptionEn: 'Paper copies.',
    priceLv: '',
    priceEn: '',
    unitId: '3',
    website: '',
    sortOrder: '1',
    active: true,
  };

  it('takes a service without a price as free of charge', () => {
    expect(checkService(service)).toMatchObject({ ok: true, value: { priceLv: null, priceEn: null, unitId: 3, website: null } });
  });

  it('wants a price in both languages or in neither, beside the other problems', () => {
    expect(checkService({ ...service, priceLv: '0,15 EUR', priceEn: 'EUR 0.15' })).toMatchObject({
      ok: true,
      value: { priceLv: '0,15 EUR', priceEn: 'EUR 0.15' },
    });
    expect(keys(checkService({ ...service, priceLv: '0,15 EUR' }))).toEqual(['priceEn:priceBoth']);
    expect(keys(checkService({ ...service, priceEn: ' EUR 0.15 ' }))).toEqual(['priceLv:priceBoth']);
    expect(keys(checkService({ ...service, nameLv: '', priceLv: '0,15 EUR', unitId: '', website: 'javascript:alert(1)' }))).toEqual([
      'nameLv:required',
      'unitId:choose',
      'website:website',
      'priceEn:priceBoth',
    ]);
  });

  it('takes an authority’s contacts where it has them (S-14.1: "where possible"), each usable', () => {
    const authority = {
      code: 'municipality',
      nameLv: 'Pašvaldība',
      nameEn: 'Municipality',
      competenceLv: 'Atkritumi',
      competenceEn: 'Waste',
      email: '',
      phone: '',
      website: '',
      address: '',
      active: true,
      onQuestionPage: true,
    };
    expect(checkAuthority(authority)).toMatchObject({ ok: true, value: { email: null, phone: null, website: null, address: null } });
    expect(checkAuthority({ ...authority, phone: '+371 26338800', email: 'VideSOS@vvd.gov.lv' })).toMatchObject({
      ok: true,
      value: { email: 'videsos@vvd.gov.lv' },
    });
    expect(
      keys(checkAuthority({ ...authority, code: 'Valsts vide', phone: 'abc', email: 'vvd.gov.lv', website: 'ftp://vvd.gov.lv' })),
    ).toEqual(['code:slug', 'email:email', 'phone:phoneInvalid', 'website:website']);
  });
});

describe('sign-in security', () => {
  const valid = {
    sessionIdleMinutes: '30',
    sessionAbsoluteHours: '12',
    maxFailuresPerAccount: '5',
    maxFailuresPerAddress: '20',
    failureWindowMinutes: '15',
  };
  it('accepts the defaults', () => {
    expect(checkSecurity(valid)).toEqual({
      ok: true,
      value: {
        sessionIdleMinutes: 30,
        sessionAbsoluteHours: 12,
        maxFailuresPerAccount: 5,
        maxFailuresPerAddress: 20,
        failureWindowMinutes: 15,
      },
    });
  });
  it('keeps each number in its range', () => {
    expect(
      problemsOf(checkSecurity({ ...valid, sessionIdleMinutes: '4', maxFailuresPerAddress: '201', failureWindowMinutes: '' })),
    ).toEqual([
      { field: 'sessionIdleMinutes', key: 'range', values: { min: 5, max: 480 } },
      { field: 'maxFailuresPerAddress', key: 'range', values: { min: 5, max: 200 } },
      { field: 'failureWindowMinutes', key: 'required', values: { min: 1 } },
    ]);
  });
  it('refuses an idle limit longer than the whole session', () => {
    expect(keys(checkSecurity({ ...valid, sessionIdleMinutes: '120', sessionAbsoluteHours: '1' }))).toEqual([
      'sessionIdleMinutes:idleOverAbsolute',
    ]);
  });
});

describe('reply template placeholders', () => {
  const template: TemplatePost = {
    code: 'answer-short',
    purpose: 'answer',
    nameLv: 'Īsa atbilde',
    nameEn: 'Short answer',
    bodyLv: 'Labdien!\r\n\r\nAtbilde uz iesniegumu Nr. {{reference}}.\r\n{{officialName}}',
    bodyEn: 'Dear {{clientName}},\n\nYour submission no. {{ reference }}.',
    active: true,
  };

  it('finds every placeholder a body names, once each', () => {
    expect(placeholdersIn('{{reference}} {{ reason }} {{reference}} {{foo}}')).toEqual(['reference', 'reason', 'foo']);
    expect(unknownPlaceholders('{{reference}} {{ reason }} {{foo}} {{Reference}}')).toEqual(['foo', 'Reference']);
  });

  it('accepts a body with known placeholders only, and stores plain newlines', () => {
    expect(checkTemplate(template)).toMatchObject({
      ok: true,
      value: { bodyLv: 'Labdien!\n\nAtbilde uz iesniegumu Nr. {{reference}}.\n{{officialName}}' },
    });
  });

  it('refuses unknown placeholders and names them', () => {
    const result = checkTemplate({ ...template, bodyEn: 'Dear {{client}}, see {{reference}} and {{deadline}}.' });
    expect(problemsOf(result)).toEqual([
      { field: 'bodyEn', key: 'unknownPlaceholder', values: { names: '{{client}}, {{deadline}}', count: 2 } },
    ]);
  });

  it('refuses braces that make no placeholder', () => {
    expect(hasBrokenBraces('No. {{reference}')).toBe(true);
    expect(hasBrokenBraces('No. reference}}')).toBe(true);
    expect(hasBrokenBraces('No. {{reference}} {single}')).toBe(false);
    expect(keys(checkTemplate({ ...template, bodyLv: 'Nr. {{reference}' }))).toEqual(['bodyLv:brokenBraces']);
  });

  it('asks for a purpose the portal knows', () => {
    expect(keys(checkTemplate({ ...template, purpose: 'other' }))).toEqual(['purpose:choose']);
  });

  it('seeds three templates each for abusive, referral and disproportionate, and a plain answer, all valid in both languages', () => {
    const count = (p: string) => seedTemplates.filter((s) => s.purpose === p).length;
    expect(TEMPLATE_PURPOSES.map(count)).toEqual([3, 3, 3, 1]);
    expect(new Set(seedTemplates.map((s) => s.code)).size).toBe(seedTemplates.length);
    for (const seed of seedTemplates) {
      expect(checkTemplate({ ...seed, active: true }), seed.code).toMatchObject({ ok: true });
      // A body, not a letter: the letter brings one greeting and one signature (ux.md D8).
      for (const body of [seed.bodyLv, seed.bodyEn]) {
        expect(opensWithGreeting(body), seed.code).toBe(false);
        expect(endsWithSignature(body), seed.code).toBe(false);
      }
    }
    // S-14.1: a referral's note says why; its letter names the authority, says how the
    // submission went and gives the contacts, so the note neither repeats nor contradicts them.
    for (const seed of seedTemplates.filter((s) => s.purpose === 'referral')) {
      for (const body of [seed.bodyLv, seed.bodyEn]) {
        expect(body).toContain('{{reason}}');
        expect(body).not.toMatch(
          /\{\{(authorityName|authorityContacts|officialName)\}\}|Labdien|Dear|vērsieties iestādē, kuras kompetencē tas ir:|Please contact the authority that is competent:/,
        );
      }
    }
  });
});

describe('fillTemplate', () => {
  it('fills every known placeholder, with or without spaces inside the braces', () => {
    expect(fillTemplate('Nr. {{reference}}; {{ institutionName }}', { reference: 'VPVB-2026-000123', institutionName: 'VPVB' })).toBe(
      'Nr. VPVB-2026-000123; VPVB',
    );
  });

  it('leaves unknown placeholders, and known ones without a value, as they are', () => {
    expect(fillTemplate('{{reference}} {{deadline}} {{reason}}', { reference: 'A-1' })).toBe('A-1 {{deadline}} {{reason}}');
  });

  it('treats values as plain text: no placeholder inside a value is filled, no replacement pattern applies', () => {
    expect(fillTemplate('{{clientName}}: {{reason}}', { clientName: '{{reason}} $& $1', reason: 'x' })).toBe('{{reason}} $& $1: x');
    expect(fillTemplate('{{clientName}}', { clientName: '<b>Anna</b>' })).toBe('<b>Anna</b>');
  });

  it('fills the same placeholder wherever it stands, and knows all seven', () => {
    const values = Object.fromEntries(PLACEHOLDERS.map((p) => [p, p.toUpperCase()]));
    expect(fillTemplate(PLACEHOLDERS.map((p) => `{{${p}}}`).join('|'), values)).toBe(PLACEHOLDERS.map((p) => p.toUpperCase()).join('|'));
    expect(fillTemplate('{{reference}}/{{reference}}', { reference: 'R' })).toBe('R/R');
  });
});

describe('deadline rules', () => {
  const rules = seedDeadlineRules().map((r, i) => ({ ...r, id: i + 1 }));
  const today = '2026-11-24';
  const post = (change: Partial<DeadlineRulePost> = {}): DeadlineRulePost => ({
    requestKind: 'question',
    effectiveFrom: '1.1.2027',
    amount: '15',
    unit: 'working_days',
    extendedAmount: '',
    extendedUnit: 'none',
    noteLv: '',
    noteEn: '',
    ...change,
  });
  const check = (change: Partial<DeadlineRulePost> = {}, editingId?: number) =>
    checkDeadlineRule(post(change), { today, rules, ...(editingId ? { editingId } : {}) });

  it('accepts a new rule that starts after today', () => {
    expect(check()).toEqual({
      ok: true,
      value: {
        requestKind: 'question',
        effectiveFrom: '2027-01-01',
        amount: 15,
        unit: 'working_days',
        extendedAmount: null,
        extendedUnit: null,
        noteLv: null,
        noteEn: null,
      },
    });
    expect(check({ effectiveFrom: '25.11.2026' }).ok).toBe(true);
  });

  it('refuses a new rule from today or earlier: cases already received keep their rule', () => {
    expect(keys(check({ effectiveFrom: '24.11.2026' }))).toEqual(['effectiveFrom:effectiveFromNotFuture']);
    expect(keys(check({ effectiveFrom: '1.3.2026' }))).toEqual(['effectiveFrom:effectiveFromNotFuture']);
  });

  it('lets the first rule of a kind start at any date', () => {
    expect(checkDeadlineRule(post({ effectiveFrom: '1.1.2000' }), { today, rules: [] }).ok).toBe(true);
  });

  it('allows one rule per kind and date', () => {
    const future = [...rules, { id: 99, requestKind: 'question', effectiveFrom: '2027-01-01', amount: 10, unit: 'working_days' as const }];
    expect(keys(checkDeadlineRule(post(), { today, rules: future }))).toEqual(['effectiveFrom:ruleExists']);
    // …but a rule being edited does not clash with itself.
    expect(checkDeadlineRule(post(), { today, rules: future, editingId: 99 }).ok).toBe(true);
  });

  it('wants an extension whole: its length and its unit, longer than the period', () => {
    expect(keys(check({ extendedAmount: '1' }))).toEqual(['extendedUnit:extendedBoth']);
    expect(keys(check({ extendedUnit: 'months' }))).toEqual(['extendedAmount:extendedBoth']);
    expect(keys(check({ extendedAmount: '10', extendedUnit: 'working_days' }))).toEqual(['extendedAmount:extendedNotLonger']);
    expect(check({ extendedAmount: '1', extendedUnit: 'months' })).toMatchObject({
      ok: true,
      value: { extendedAmount: 1, extendedUnit: 'months' },
    });
  });

  it('keeps periods within sense for their unit', () => {
    expect(problemsOf(check({ amount: '0' }))).toEqual([{ field: 'amount', key: 'periodRange', values: { max: 250 } }]);
    expect(problemsOf(check({ amount: '25', unit: 'months' }))).toEqual([{ field: 'amount', key: 'periodRange', values: { max: 24 } }]);
    expect(keys(check({ amount: 'ten', unit: 'weeks', requestKind: 'letter' }))).toEqual([
      'requestKind:choose',
      'unit:choose',
      'amount:wholeNumber',
    ]);
  });

  it('lets only a rule that has not started yet change', () => {
    expect(ruleMayChange({ effectiveFrom: '2026-11-25' }, today)).toBe(true);
    expect(ruleMayChange({ effectiveFrom: '2026-11-24' }, today)).toBe(false);
    expect(ruleMayChange({ effectiveFrom: '2026-03-01' }, today)).toBe(false);
  });
});

describe('every problem the settings rules raise has words in both languages', () => {
  const problems: FieldProblem[] = [
    ...problemsOf(
      checkOfficeHours([
        { opens: '9', closes: '' },
        { opens: '10:00', closes: '09:00' },
        { opens: '08:00', closes: '18:00' },
        { opens: '08:30', closes: '09:30' },
      ]),
    ),
    ...problemsOf(
      checkCalendarDay({
        date: '23.6.2026',
        kind: 'working_day',
        nameLv: '',
        nameEn: '',
        transferredFrom: '',
      }),
    ),
    ...problemsOf(
      checkCalendarDay({
        date: '27.6.2026',
        kind: 'working_day',
        nameLv: 'a',
        nameEn: 'a',
        transferredFrom: '28.6.2026',
      }),
    ),
    ...problemsOf(
      checkCalendarDay({
        date: '27.6.2026',
        kind: 'day_off',
        nameLv: 'a',
        nameEn: 'a',
        transferredFrom: '31.2.2026',
      }),
    ),
    ...problemsOf(
      checkCalendarDay({
        date: '',
        kind: 'x',
        nameLv: 'a',
        nameEn: 'a',
        transferredFrom: '',
      }),
    ),
    ...problemsOf(
      checkTemplate({ code: 'A B', purpose: '', nameLv: '', nameEn: '', bodyLv: '{{x}}', bodyEn: '{{reference}', active: true }),
    ),
    ...problemsOf(
      checkSecurity({
        sessionIdleMinutes: 'x',
        sessionAbsoluteHours: '0',
        maxFailuresPerAccount: '',
        maxFailuresPerAddress: '5',
        failureWindowMinutes: '5',
      }),
    ),
    ...problemsOf(
      checkSecurity({
        sessionIdleMinutes: '120',
        sessionAbsoluteHours: '1',
        maxFailuresPerAccount: '5',
        maxFailuresPerAddress: '5',
        failureWindowMinutes: '5',
      }),
    ),
    ...problemsOf(checkUnit({ code: '', nameLv: '', nameEn: '', email: 'x', phone: '', isTriage: true, active: false })),
    ...problemsOf(checkUnit({ code: 'X', nameLv: 'a', nameEn: 'a', email: '', phone: '', isTriage: true, active: false })),
    ...problemsOf(
      checkAuthority({
        code: 'a',
        nameLv: 'a',
        nameEn: 'a',
        competenceLv: '',
        competenceEn: '',
        email: '',
        phone: '+371 90123456',
        website: 'x',
        address: '',
        active: true,
        onQuestionPage: true,
      }),
    ),
    ...problemsOf(
      checkDeadlineRule(
        {
          requestKind: '',
          effectiveFrom: '',
          amount: '',
          unit: '',
          extendedAmount: '',
          extendedUnit: '',
          noteLv: '',
          noteEn: '',
        },
        { today: '2026-11-24', rules: [] },
      ),
    ),
    ...problemsOf(
      checkDeadlineRule(
        {
          requestKind: 'question',
          effectiveFrom: '1.1.2026',
          amount: '300',
          unit: 'working_days',
          extendedAmount: '1',
          extendedUnit: 'none',
          noteLv: '',
          noteEn: '',
        },
        { today: '2026-11-24', rules: seedDeadlineRules() },
      ),
    ),
    ...problemsOf(
      checkService({
        code: 'A B',
        nameLv: '',
        nameEn: '',
        descriptionLv: '',
        descriptionEn: '',
        priceLv: 'x',
        priceEn: '',
        unitId: '',
        website: 'x',
        sortOrder: 'x',
        active: true,
      }),
    ),
    // The database's own checks (each entity's save in src/settings/<entity>.ts).
    { field: 'unitId', key: 'serviceUnitInactive' },
    { field: 'code', key: 'codeTaken' },
    { field: 'isTriage', key: 'triageNeeded' },
    { field: 'active', key: 'unitHasTopics', values: { count: 3 } },
    { field: 'unitId', key: 'unitInactive' },
    { field: 'date', key: 'dateTaken' },
    { field: 'effectiveFrom', key: 'ruleExists' },
    { field: 'extendedAmount', key: 'extendedNotLonger' },
    { field: 'form', key: 'ruleStarted' },
    { field: 'attachmentMaxMb', key: 'attachmentsOverRequest', values: { files: 3, mb: 5, limit: 12 } },
    { field: 'phone', key: 'phonePremium' },
    { field: 'referencePrefix', key: 'referencePrefix' },
  ];

  it.each(['lv', 'en'])('in %s, with no key or placeholder left in the words', (locale) => {
    const t = translator(locale);
    expect(new Set(problems.map((p) => p.key)).size).toBeGreaterThan(30);
    for (const error of translateProblems(t, problems, ['admin'])) {
      // An interpolation left unfilled shows as {{min}}; the names of unknown placeholders ({{x}}) are meant to show.
      expect(error.message, error.field).not.toMatch(
        /errors\.|admin:|forms:|\{\{(names|min|max|count|files|mb|limit|hours|opens|other|example)\}\}/,
      );
      expect(error.message.length, error.field).toBeGreaterThan(5);
    }
  });

  it('chooses the Latvian plural for the number of topics a unit still answers', () => {
    const t = translator('lv');
    const say = (count: number) =>
      translateProblems(t, [{ field: 'active', key: 'unitHasTopics', values: { count } }], ['admin'])[0]!.message;
    expect(say(1)).toContain('1 aktīva tēma');
    expect(say(3)).toContain('3 aktīvas tēmas');
    expect(say(11)).toContain('11 aktīvas tēmas');
    expect(say(21)).toContain('21 aktīva tēma');
  });
});

describe('who may empty the reference and page caches (security review m9)', () => {
  const saved = { method: 'POST', pathname: staffPaths.admin.settings('lv', 'topics'), administrator: true, status: 303 };

  it("forgets after an administrator's saved change", () => {
    expect(changedReferenceData(saved)).toBe(true);
  });

  it('keeps the caches for a post by nobody, by another role, refused, or elsewhere', () => {
    expect(changedReferenceData({ ...saved, administrator: false })).toBe(false);
    expect(changedReferenceData({ ...saved, status: 400 })).toBe(false);
    expect(changedReferenceData({ ...saved, status: 403 })).toBe(false);
    expect(changedReferenceData({ ...saved, method: 'GET' })).toBe(false);
    expect(changedReferenceData({ ...saved, pathname: staffPaths.account('lv') })).toBe(false);
  });
});
