import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, desc, eq } from 'drizzle-orm';
import { createTestDatabase, engines, type TestDatabase } from '../support/database.ts';
import { seed, seedReplyTemplates } from '#src/db/seed.ts';
import { staffMembers } from '#src/staff/schema.ts';
import { auditLog } from '#src/audit/schema.ts';
import { calendarDays, replyTemplates, topics, units } from '#src/settings/schema.ts';
import { getInstitution, listDeadlineRules, loadCalendar } from '#src/settings/queries.ts';
import { sessionPolicy } from '#src/staff/sessions.ts';
import { ruleInForce } from '#src/calendar/deadlines.ts';
import { isWorkingDay } from '#src/calendar/working-days.ts';
import { authorityPost, getAuthority, saveAuthority } from '#src/settings/authorities.ts';
import {
  calendarYear,
  createCalendarDay,
  removeCalendarDay,
  updateCalendarDay,
  type CalendarDayPost,
} from '#src/settings/calendar-days.ts';
import {
  createDeadlineRule,
  deadlineRuleOverview,
  removeDeadlineRule,
  updateDeadlineRule,
  type DeadlineRulePost,
} from '#src/settings/deadline-rules.ts';
import { MIB } from '#src/settings/fields.ts';
import { institutionPost, saveInstitution } from '#src/settings/institution.ts';
import { officeHoursByWeekday, saveOfficeHours } from '#src/settings/office-hours.ts';
import { getTemplate, saveTemplate, templatePost } from '#src/settings/reply-templates.ts';
import { saveTopic, topicPost, type TopicPost } from '#src/settings/topics.ts';
import { saveUnit, unitPost, type UnitPost } from '#src/settings/units.ts';
import { getSecuritySettings, saveSecuritySettings, securityPost } from '#src/staff/security-settings.ts';

const TODAY = new Date('2026-11-24T10:00:00Z');
const REQUEST_LIMIT = { maxRequestBytes: 12 * MIB };

describe.each(engines)('settings on %s', (engine) => {
  let t: TestDatabase;
  let admin: number;

  beforeAll(async () => {
    t = await createTestDatabase(engine);
    await seed(t.db, { demo: true, today: TODAY });
    const [row] = await t.db.select().from(staffMembers).where(eq(staffMembers.role, 'administrator'));
    admin = row!.id;
  });
  afterAll(async () => {
    await t?.drop();
  });

  /** The newest audit entries of an entity, newest first. */
  async function audits(entity: string, entityId?: string | number) {
    return t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, entity), entityId === undefined ? undefined : eq(auditLog.entityId, String(entityId))))
      .orderBy(desc(auditLog.id));
  }
  async function unitByCode(code: string) {
    return (await t.db.select().from(units).where(eq(units.code, code)))[0]!;
  }
  async function triageCodes() {
    return (await t.db.select().from(units).where(eq(units.isTriage, true))).map((u) => u.code);
  }
  const newUnit = (code: string, change: Partial<UnitPost> = {}): UnitPost => ({
    code,
    nameLv: `Nodaļa ${code}`,
    nameEn: `Unit ${code}`,
    email: '',
    phone: '',
    isTriage: false,
    active: true,
    ...change,
  });

  describe('the institution', () => {
    it('stores an edit and audits it with before and after, in bytes', async () => {
      const before = (await getInstitution(t.db))!;
      const result = await saveInstitution(
        t.db,
        admin,
        { ...institutionPost(before), phone: '+371 67000001', attachmentMaxFiles: '2', attachmentMaxMb: '6' },
        REQUEST_LIMIT,
      );
      expect(result).toEqual({ ok: true });
      const after = (await getInstitution(t.db))!;
      expect(after).toMatchObject({ phone: '+371 67000001', attachmentMaxFiles: 2, attachmentMaxBytes: 6 * MIB });
      const [entry] = await audits('institution', 1);
      expect(entry).toMatchObject({ action: 'institution.update', actorStaffId: admin });
      expect(entry!.before).toMatchObject({ phone: before.phone, attachmentMaxFiles: 3 });
      expect(entry!.after).toMatchObject({ phone: '+371 67000001', attachmentMaxFiles: 2 });
      expect(entry!.after).not.toHaveProperty('updatedAt');
    });

    it('stores nothing and audits nothing when the edit is refused', async () => {
      const current = (await getInstitution(t.db))!;
      const count = (await audits('institution')).length;
      const result = await saveInstitution(
        t.db,
        admin,
        { ...institutionPost(current), referencePrefix: 'VP-VB', phone: 'call me' },
        REQUEST_LIMIT,
      );
      expect(result.ok).toBe(false);
      expect((await getInstitution(t.db))!.referencePrefix).toBe(current.referencePrefix);
      expect(await audits('institution')).toHaveLength(count);
    });
  });

  describe('sign-in security', () => {
    it('creates the settings row on the first save, updates it after, and sign-in reads it', async () => {
      const defaults = await getSecuritySettings(t.db);
      expect(defaults.sessionIdleMinutes).toBe(30);
      expect(await saveSecuritySettings(t.db, admin, { ...securityPost(defaults), sessionIdleMinutes: '45' })).toEqual({ ok: true });
      expect(
        await saveSecuritySettings(t.db, admin, { ...securityPost(defaults), sessionIdleMinutes: '45', maxFailuresPerAccount: '7' }),
      ).toEqual({ ok: true });
      expect(await sessionPolicy(t.db)).toMatchObject({ idleMinutes: 45, maxFailuresPerAccount: 7 });
      const [second, first] = await audits('security_settings', 1);
      expect(first).toMatchObject({ action: 'security_settings.create', before: null, after: { sessionIdleMinutes: 45 } });
      expect(second).toMatchObject({
        action: 'security_settings.update',
        before: { maxFailuresPerAccount: 5 },
        after: { maxFailuresPerAccount: 7 },
      });
    });
  });

  describe('units', () => {
    it('adds a unit and audits it, and refuses its code a second time', async () => {
      const result = await saveUnit(t.db, admin, newUnit('TST', { code: 'tst' }));
      expect(result.ok).toBe(true);
      const unit = await unitByCode('TST');
      expect(unit).toMatchObject({ nameEn: 'Unit TST', active: true, isTriage: false });
      expect((await audits('unit', unit.id))[0]).toMatchObject({ action: 'unit.create', before: null, after: { code: 'TST' } });
      expect(await saveUnit(t.db, admin, newUnit('TST'))).toEqual({
        ok: false,
        reason: 'invalid',
        problems: [{ field: 'code', key: 'codeTaken' }],
      });
    });

    it('keeps the code as given when an edit posts another', async () => {
      const unit = await unitByCode('TST');
      expect((await saveUnit(t.db, admin, { ...unitPost(unit), code: 'OTHER', nameLv: 'Testa nodaļa' }, unit.id)).ok).toBe(true);
      expect(await unitByCode('TST')).toMatchObject({ nameLv: 'Testa nodaļa' });
      expect((await audits('unit', unit.id))[0]).toMatchObject({
        action: 'unit.update',
        before: { nameLv: 'Nodaļa TST' },
        after: { nameLv: 'Testa nodaļa', code: 'TST' },
      });
    });

    it('keeps exactly one triage unit: choosing one takes the flag from the other in the same change', async () => {
      expect(await triageCodes()).toEqual(['KAN']);
      const kan = await unitByCode('KAN');
      const tst = await unitByCode('TST');
      expect((await saveUnit(t.db, admin, { ...unitPost(tst), isTriage: true }, tst.id)).ok).toBe(true);
      expect(await triageCodes()).toEqual(['TST']);
      expect((await audits('unit', kan.id))[0]).toMatchObject({
        action: 'unit.update',
        before: { isTriage: true },
        after: { isTriage: false },
      });
      expect((await audits('unit', tst.id))[0]).toMatchObject({
        action: 'unit.update',
        before: { isTriage: false },
        after: { isTriage: true },
      });
      // A new unit may take the role too.
      expect((await saveUnit(t.db, admin, newUnit('TRI', { isTriage: true }))).ok).toBe(true);
      expect(await triageCodes()).toEqual(['TRI']);
      // And back, so the seeded unit has it again.
      expect((await saveUnit(t.db, admin, { ...unitPost(kan), isTriage: true }, kan.id)).ok).toBe(true);
      expect(await triageCodes()).toEqual(['KAN']);
    });

    it('refuses to take the triage flag away without giving it to another unit, or to deactivate the triage unit', async () => {
      const kan = await unitByCode('KAN');
      expect(await saveUnit(t.db, admin, { ...unitPost(kan), isTriage: false }, kan.id)).toEqual({
        ok: false,
        reason: 'invalid',
        problems: [{ field: 'isTriage', key: 'triageNeeded' }],
      });
      expect(await saveUnit(t.db, admin, { ...unitPost(kan), active: false }, kan.id)).toEqual({
        ok: false,
        reason: 'invalid',
        problems: [{ field: 'active', key: 'triageInactive' }],
      });
      expect(await triageCodes()).toEqual(['KAN']);
      expect((await unitByCode('KAN')).active).toBe(true);
    });

    it('refuses to deactivate a unit that still owns active topics, and says how many', async () => {
      const ivn = await unitByCode('IVN');
      const owned = await t.db
        .select()
        .from(topics)
        .where(and(eq(topics.unitId, ivn.id), eq(topics.active, true)));
      expect(owned.length).toBe(3);
      const count = (await audits('unit', ivn.id)).length;
      expect(await saveUnit(t.db, admin, { ...unitPost(ivn), active: false }, ivn.id)).toEqual({
        ok: false,
        reason: 'invalid',
        problems: [{ field: 'active', key: 'unitHasTopics', values: { count: 3 } }],
      });
      expect((await unitByCode('IVN')).active).toBe(true);
      expect(await audits('unit', ivn.id)).toHaveLength(count);
    });

    it('deactivates a unit without active topics, never deleting it', async () => {
      const tst = await unitByCode('TST');
      expect((await saveUnit(t.db, admin, { ...unitPost(tst), active: false }, tst.id)).ok).toBe(true);
      expect(await unitByCode('TST')).toMatchObject({ active: false });
      expect((await audits('unit', tst.id))[0]).toMatchObject({
        action: 'unit.deactivate',
        before: { active: true },
        after: { active: false },
      });
    });
  });

  describe('topics', () => {
    const post = (unitId: number, change: Partial<TopicPost> = {}): TopicPost => ({
      code: 'noise',
      nameLv: 'Troksnis',
      nameEn: 'Noise',
      unitId: String(unitId),
      sortOrder: '50',
      environmentalInformation: false,
      active: true,
      ...change,
    });

    it('gives an active topic only to an active unit', async () => {
      const tst = await unitByCode('TST');
      expect(tst.active).toBe(false);
      expect(await saveTopic(t.db, admin, post(tst.id))).toEqual({
        ok: false,
        reason: 'invalid',
        problems: [{ field: 'unitId', key: 'unitInactive' }],
      });
      expect(await saveTopic(t.db, admin, post(999999))).toEqual({
        ok: false,
        reason: 'invalid',
        problems: [{ field: 'unitId', key: 'choose' }],
      });
    });

    it('seeds the environmental flag on the environmental topics only, and lets the administrator set it (m6)', async () => {
      const flagged = (await t.db.select().from(topics)).filter((tp) => tp.environmentalInformation).map((tp) => tp.code);
      expect(flagged).toEqual(expect.arrayContaining(['eia', 'sea', 'pollution-permits', 'chemicals']));
      expect(flagged).not.toContain('information-access');
      expect(flagged).not.toContain('service-quality');
      const [access] = await t.db.select().from(topics).where(eq(topics.code, 'information-access'));
      expect((await saveTopic(t.db, admin, { ...topicPost(access!), environmentalInformation: true }, access!.id)).ok).toBe(true);
      const [after] = await t.db.select().from(topics).where(eq(topics.id, access!.id));
      expect(after!.environmentalInformation).toBe(true);
      expect((await audits('topic', access!.id))[0]).toMatchObject({
        before: { environmentalInformation: false },
        after: { environmentalInformation: true },
      });
      expect((await saveTopic(t.db, admin, { ...topicPost(after!), environmentalInformation: false }, access!.id)).ok).toBe(true);
    });

    it('adds a topic, moves it to another unit and deactivates it, each audited', async () => {
      const pan = await unitByCode('PAN');
      const krn = await unitByCode('KRN');
      const created = await saveTopic(t.db, admin, post(pan.id));
      expect(created.ok).toBe(true);
      const id = created.ok ? created.value : 0;
      const [row] = await t.db.select().from(topics).where(eq(topics.id, id));
      expect(row).toMatchObject({ code: 'noise', unitId: pan.id, sortOrder: 50 });
      expect((await saveTopic(t.db, admin, { ...topicPost(row!), unitId: String(krn.id) }, id)).ok).toBe(true);
      expect((await saveTopic(t.db, admin, { ...topicPost(row!), unitId: String(krn.id), active: false }, id)).ok).toBe(true);
      const entries = await audits('topic', id);
      expect(entries.map((e) => e.action)).toEqual(['topic.deactivate', 'topic.update', 'topic.create']);
      expect(entries[1]).toMatchObject({ before: { unitId: pan.id }, after: { unitId: krn.id } });
      expect(await saveTopic(t.db, admin, post(pan.id))).toEqual({
        ok: false,
        reason: 'invalid',
        problems: [{ field: 'code', key: 'codeTaken' }],
      });
    });
  });

  describe('authorities', () => {
    it('stores an edit of the contacts and a deactivation, each audited with before and after', async () => {
      const [vvd] = await t.db.query.authorities.findMany({ where: (a, { eq }) => eq(a.code, 'vvd') });
      const result = await saveAuthority(
        t.db,
        admin,
        { ...authorityPost(vvd!), email: 'Info@VVD.gov.lv', address: 'Rūpniecības iela 23, Rīga' },
        vvd!.id,
      );
      expect(result.ok).toBe(true);
      expect(await getAuthority(t.db, vvd!.id)).toMatchObject({ email: 'info@vvd.gov.lv', address: 'Rūpniecības iela 23, Rīga' });
      expect((await audits('authority', vvd!.id))[0]).toMatchObject({
        action: 'authority.update',
        before: { email: 'videssos@vvd.gov.lv', address: null },
        after: { email: 'info@vvd.gov.lv' },
      });
      const again = (await getAuthority(t.db, vvd!.id))!;
      expect((await saveAuthority(t.db, admin, { ...authorityPost(again), active: false }, vvd!.id)).ok).toBe(true);
      expect((await audits('authority', vvd!.id))[0]).toMatchObject({ action: 'authority.deactivate' });
    });
  });

  describe('reply templates', () => {
    it('seeds ten templates once; a second seed changes nothing an administrator did', async () => {
      const all = await t.db.select().from(replyTemplates);
      expect(all).toHaveLength(10);
      const referral = all.find((x) => x.code === 'referral-forwarded')!;
      const result = await saveTemplate(
        t.db,
        admin,
        { ...templatePost(referral), bodyLv: 'Jūsu iesniegums Nr. {{reference}} pārsūtīts: {{authorityName}}.', active: false },
        referral.id,
      );
      expect(result.ok).toBe(true);
      expect(await seedReplyTemplates(t.db)).toEqual([]);
      expect(await getTemplate(t.db, referral.id)).toMatchObject({
        bodyLv: 'Jūsu iesniegums Nr. {{reference}} pārsūtīts: {{authorityName}}.',
        active: false,
      });
      const [entry] = await audits('reply_template', referral.id);
      expect(entry).toMatchObject({ action: 'reply_template.deactivate', before: { active: true }, after: { active: false } });
      expect((entry!.before as { bodyLv: string }).bodyLv).toContain('{{reason}}');
      expect(entry!.after).not.toHaveProperty('updatedAt');
    });

    it('adds a missing seeded template again by its code', async () => {
      await t.db.insert(replyTemplates).values({ code: 'custom', purpose: 'answer', nameLv: 'a', nameEn: 'a', bodyLv: 'a', bodyEn: 'a' });
      expect(await seedReplyTemplates(t.db)).toEqual([]);
      expect((await t.db.select().from(replyTemplates)).length).toBe(11);
    });

    it('refuses a body with a placeholder the portal cannot fill, and keeps the template as it was', async () => {
      const [answer] = await t.db.select().from(replyTemplates).where(eq(replyTemplates.code, 'answer-plain'));
      const result = await saveTemplate(t.db, admin, { ...templatePost(answer!), bodyEn: 'Dear {{client}},' }, answer!.id);
      expect(result).toEqual({
        ok: false,
        reason: 'invalid',
        problems: [{ field: 'bodyEn', key: 'unknownPlaceholder', values: { names: '{{client}}', count: 1 } }],
      });
      expect((await getTemplate(t.db, answer!.id))!.bodyEn).toBe(answer!.bodyEn);
    });
  });

  describe('office hours', () => {
    it('replaces a weekday’s intervals, audited, and the calendar uses them', async () => {
      const result = await saveOfficeHours(t.db, admin, 6, [
        { opens: '09:00', closes: '13:00' },
        { opens: '', closes: '' },
      ]);
      expect(result).toEqual({ ok: true });
      expect((await officeHoursByWeekday(t.db)).get(6)).toEqual([{ start: '09:00', end: '13:00' }]);
      expect((await loadCalendar(t.db)).hours.get(6)).toEqual([{ start: '09:00', end: '13:00' }]);
      expect((await audits('office_hours', 6))[0]).toMatchObject({
        action: 'office_hours.update',
        before: { weekday: 6, intervals: [] },
        after: { weekday: 6, intervals: ['09:00–13:00'] },
      });
    });

    it('refuses overlapping intervals and keeps the day as it was', async () => {
      const result = await saveOfficeHours(t.db, admin, 1, [
        { opens: '08:30', closes: '12:30' },
        { opens: '12:00', closes: '17:00' },
      ]);
      expect(result.ok).toBe(false);
      expect((await officeHoursByWeekday(t.db)).get(1)).toEqual([
        { start: '08:30', end: '12:30' },
        { start: '13:00', end: '17:00' },
      ]);
    });

    it('closes a day when every row is empty', async () => {
      expect(await saveOfficeHours(t.db, admin, 6, [{ opens: '', closes: '' }])).toEqual({ ok: true });
      expect((await officeHoursByWeekday(t.db)).get(6)).toBeUndefined();
    });
  });

  describe('the calendar', () => {
    // The date as an administrator types it: 27.06.2026 (docs/0021).
    const parts = (iso: string) => iso.split('-').reverse().join('.');
    const none = '';
    const post = (date: string, kind: string, from = ''): CalendarDayPost => ({
      date: parts(date),
      kind,
      nameLv: 'Vienreizēja brīvdiena',
      nameEn: 'One-off day off',
      transferredFrom: from ? parts(from) : none,
    });

    it('adds a one-off day off, which deadlines then skip, and audits it', async () => {
      expect(isWorkingDay((await loadCalendar(t.db)).calendar, '2027-05-28')).toBe(true);
      expect(await createCalendarDay(t.db, admin, post('2027-05-28', 'day_off'))).toEqual({ ok: true, value: '2027-05-28' });
      expect(isWorkingDay((await loadCalendar(t.db)).calendar, '2027-05-28')).toBe(false);
      expect((await audits('calendar_day', '2027-05-28'))[0]).toMatchObject({
        action: 'calendar_day.create',
        before: null,
        after: { kind: 'day_off' },
      });
      expect(await createCalendarDay(t.db, admin, post('2027-05-28', 'holiday'))).toEqual({
        ok: false,
        reason: 'invalid',
        problems: [{ field: 'date', key: 'dateTaken' }],
      });
    });

    it('adds a transferred working Saturday, shows its pair missing, then in force with it', async () => {
      expect(
        (await createCalendarDay(t.db, admin, { ...post('2027-06-19', 'working_day', '2027-06-22'), nameEn: 'Working Saturday' })).ok,
      ).toBe(true);
      let row = (await calendarYear(t.db, 2027)).find((d) => d.date === '2027-06-19')!;
      expect(row.status).toEqual({ inForce: true, working: true, note: 'replacedDayStillWorking' });
      expect((await createCalendarDay(t.db, admin, post('2027-06-22', 'day_off'))).ok).toBe(true);
      row = (await calendarYear(t.db, 2027)).find((d) => d.date === '2027-06-19')!;
      expect(row.status).toEqual({ inForce: true, working: true });
      expect(isWorkingDay((await loadCalendar(t.db)).calendar, '2027-06-19')).toBe(true);
    });

    it('adds the day off in lieu with a festival closing day on a Saturday (m7), audited', async () => {
      const festival = {
        ...post('2027-07-10', 'holiday'),
        nameLv: 'XXVIII Vispārējo latviešu Dziesmu un XVIII Deju svētku noslēguma diena',
        nameEn: 'Closing day of the Song and Dance Festival',
      };
      expect(await createCalendarDay(t.db, admin, festival)).toEqual({ ok: true, value: '2027-07-10' });
      const [inLieu] = await t.db.select().from(calendarDays).where(eq(calendarDays.date, '2027-07-12'));
      expect(inLieu).toMatchObject({ kind: 'day_off', nameLv: 'Dziesmu un deju svētku pārceltā brīvdiena' });
      expect(isWorkingDay((await loadCalendar(t.db)).calendar, '2027-07-12')).toBe(false);
      expect((await audits('calendar_day', '2027-07-12'))[0]).toMatchObject({ action: 'calendar_day.create', after: { kind: 'day_off' } });
      // An ordinary holiday on a weekend brings no day off.
      expect((await createCalendarDay(t.db, admin, post('2027-08-14', 'holiday'))).ok).toBe(true);
      expect(await t.db.select().from(calendarDays).where(eq(calendarDays.date, '2027-08-16'))).toEqual([]);
    });

    it('refuses a transferred working day on a weekday and stores nothing', async () => {
      expect((await createCalendarDay(t.db, admin, post('2027-06-16', 'working_day', '2027-06-15'))).ok).toBe(false);
      expect(await t.db.select().from(calendarDays).where(eq(calendarDays.date, '2027-06-16'))).toEqual([]);
    });

    it('edits an exception and removes one entered by mistake, auditing the state it had', async () => {
      expect(await updateCalendarDay(t.db, admin, '2027-05-28', { ...post('', 'day_off'), nameEn: 'Day off by Cabinet order' })).toEqual({
        ok: true,
      });
      expect((await audits('calendar_day', '2027-05-28'))[0]).toMatchObject({
        action: 'calendar_day.update',
        before: { nameEn: 'One-off day off' },
        after: { nameEn: 'Day off by Cabinet order' },
      });
      await removeCalendarDay(t.db, admin, '2027-05-28');
      expect(await t.db.select().from(calendarDays).where(eq(calendarDays.date, '2027-05-28'))).toEqual([]);
      expect((await audits('calendar_day', '2027-05-28'))[0]).toMatchObject({
        action: 'calendar_day.delete',
        before: { date: '2027-05-28', kind: 'day_off', nameEn: 'Day off by Cabinet order' },
        after: null,
      });
      expect(isWorkingDay((await loadCalendar(t.db)).calendar, '2027-05-28')).toBe(true);
    });

    it('refuses as not found (the 404 page) a change or removal of a day another administrator removed', async () => {
      expect((await createCalendarDay(t.db, admin, post('2027-05-27', 'day_off'))).ok).toBe(true);
      await removeCalendarDay(t.db, admin, '2027-05-27');
      const gone = { name: 'RefusedError', reason: 'not_found' };
      await expect(updateCalendarDay(t.db, admin, '2027-05-27', post('', 'day_off'))).rejects.toMatchObject(gone);
      await expect(removeCalendarDay(t.db, admin, '2027-05-27')).rejects.toMatchObject(gone);
      expect(await t.db.select().from(calendarDays).where(eq(calendarDays.date, '2027-05-27'))).toEqual([]);
    });
  });

  describe('deadline rules', () => {
    const post = (change: Partial<DeadlineRulePost> = {}): DeadlineRulePost => ({
      requestKind: 'question',
      effectiveFrom: '1.1.2027',
      amount: '15',
      unit: 'working_days',
      extendedAmount: '1',
      extendedUnit: 'months',
      noteLv: 'Grozījumi',
      noteEn: 'Amendment',
      ...change,
    });

    it('adds a rule from a later date without changing the rule in force for an earlier date', async () => {
      const before = await listDeadlineRules(t.db);
      const earlier = ruleInForce(before, 'question', '2026-12-31');
      expect(earlier).toMatchObject({ amount: 10, unit: 'working_days', effectiveFrom: '2026-03-01' });
      const result = await createDeadlineRule(t.db, admin, post(), TODAY);
      expect(result.ok).toBe(true);
      const after = await listDeadlineRules(t.db);
      expect(ruleInForce(after, 'question', '2026-12-31')).toEqual(earlier);
      expect(ruleInForce(after, 'question', '2026-03-01')).toEqual(ruleInForce(before, 'question', '2026-03-01'));
      expect(ruleInForce(after, 'question', '2027-01-01')).toMatchObject({ amount: 15, effectiveFrom: '2027-01-01' });
      expect((await audits('deadline_rule', result.ok ? result.value : 0))[0]).toMatchObject({
        action: 'deadline_rule.create',
        after: { amount: 15 },
      });
    });

    it('refuses a rule from today, which could change deadlines of cases already received', async () => {
      const result = await createDeadlineRule(t.db, admin, post({ effectiveFrom: '24.11.2026' }), TODAY);
      expect(result).toEqual({ ok: false, reason: 'invalid', problems: [{ field: 'effectiveFrom', key: 'effectiveFromNotFuture' }] });
    });

    it('shows the rule in force today per kind, and refuses to change or remove it', async () => {
      const overview = await deadlineRuleOverview(t.db, TODAY);
      const question = overview.find((o) => o.kind === 'question')!;
      const current = question.rules.find((r) => r.inForce)!;
      expect(current).toMatchObject({ effectiveFrom: '2026-03-01', amount: 10, mayChange: false });
      expect(question.rules.find((r) => r.effectiveFrom === '2027-01-01')).toMatchObject({ inForce: false, mayChange: true });
      expect(overview.map((o) => o.kind)).toContain('environmental_information');
      expect(await updateDeadlineRule(t.db, admin, current.id, post({ effectiveFrom: '1.2.2027' }), TODAY)).toEqual({
        ok: false,
        reason: 'invalid',
        problems: [{ field: 'form', key: 'ruleStarted' }],
      });
      expect(await removeDeadlineRule(t.db, admin, current.id, TODAY)).toEqual({
        ok: false,
        reason: 'invalid',
        problems: [{ field: 'form', key: 'ruleStarted' }],
      });
      expect(ruleInForce(await listDeadlineRules(t.db), 'question', '2026-11-24')).toMatchObject({ id: current.id, amount: 10 });
    });

    it('corrects and removes a rule that has not started, audited', async () => {
      const future = (await deadlineRuleOverview(t.db, TODAY)).find((o) => o.kind === 'question')!.rules.find((r) => r.mayChange)!;
      expect((await updateDeadlineRule(t.db, admin, future.id, post({ amount: '12' }), TODAY)).ok).toBe(true);
      expect((await audits('deadline_rule', future.id))[0]).toMatchObject({
        action: 'deadline_rule.update',
        before: { amount: 15 },
        after: { amount: 12 },
      });
      expect(await removeDeadlineRule(t.db, admin, future.id, TODAY)).toEqual({ ok: true });
      expect((await audits('deadline_rule', future.id))[0]).toMatchObject({
        action: 'deadline_rule.delete',
        before: { amount: 12 },
        after: null,
      });
      expect(ruleInForce(await listDeadlineRules(t.db), 'question', '2027-06-01')).toMatchObject({ effectiveFrom: '2026-03-01' });
    });
  });
});
