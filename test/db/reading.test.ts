import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, desc, eq, inArray, like } from 'drizzle-orm';
import { createTestDatabase, engines, type TestDatabase } from '../support/database.ts';
import { staffByName, submittedCase, TEST_BASE_URL as baseUrl, type StaffPerson } from '../support/factories.ts';
import { seed } from '#src/db/seed.ts';
import { caseEvents, cases } from '#src/cases/schema.ts';
import { outboxMessages } from '#src/mail/schema.ts';
import { staffMembers } from '#src/staff/schema.ts';
import { auditLog } from '#src/audit/schema.ts';
import { hashStatusToken } from '#src/cases/status-link.ts';
import { readingBookings, readingPlaces } from '#src/reading/schema.ts';
import { inviteToRead } from '#src/reading/invitations.ts';
import { bookReading, cancelReading, moveReading, recordAttendance, sqlState } from '#src/reading/bookings.ts';
import { openSlots } from '#src/reading/queries.ts';
import { clientDoneKey, clientReading, readingAccess } from '#src/reading/client-view.ts';
import { invitationLetter } from '#src/reading/letter.ts';
import { addClosure, addPlace, updatePlace } from '#src/reading/room-settings.ts';
import { sendReadingReminders } from '#src/reading/reminders.ts';
import { calendarFeed, issueCalendarFeed, stopCalendarFeed } from '#src/reading/feed.ts';
import { runMaintenance } from '#src/server/maintenance.ts';
import { staffPaths } from '#src/paths.ts';

// S-13 on every engine: the database, not the application, keeps two
// clients off one seat; one active booking per case; cancelling frees the
// seat; a reminder goes out once, however many instances try.

// Tuesday 24 November 2026, 12:00 in Riga.
const now = new Date('2026-11-24T10:00:00Z');
const at = (iso: string) => new Date(iso).toISOString();

describe.each(engines)('reading appointments on %s', (engine) => {
  let t: TestDatabase;
  let who: (name: string) => StaffPerson;
  beforeAll(async () => {
    t = await createTestDatabase(engine);
    await seed(t.db, { demo: true, today: now });
    ({ who } = await staffByName(t.db));
  });
  afterAll(async () => {
    await t?.drop();
  });

  /** An information request from a client, returned with its status token. */
  async function request(email = 'lasitaja@example.lv') {
    const fields = { details: 'Lūdzu visus ietekmes novērtējuma materiālus.', email, informationForm: 'in_office' };
    return submittedCase(t.db, 'information_request', fields, { now, baseUrl });
  }
  async function invite(caseId: number, window: { from: string; to: string; times?: string } = { from: '2026-11-30', to: '2026-12-04' }) {
    const [c] = await t.db.select().from(cases).where(eq(cases.id, caseId));
    const result = await inviteToRead(
      t.db,
      { actor: who('specialiste'), caseId, version: c!.version, baseUrl, now },
      { times: '', ...window },
    );
    expect(result).toEqual({ ok: true, clientMailed: true });
  }
  async function invitedCase(email?: string, window?: { from: string; to: string; times?: string }) {
    const r = await request(email);
    await invite(r.caseId, window);
    return r;
  }
  async function booking(id: number) {
    return (await t.db.select().from(readingBookings).where(eq(readingBookings.id, id)))[0]!;
  }
  const mailsTo = (to: string) =>
    t.db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, to)).orderBy(asc(outboxMessages.id));

  it('invites the client with a private link, in the case history the client sees', async () => {
    const r = await invitedCase('invited@example.lv');
    const [c] = await t.db.select().from(cases).where(eq(cases.id, r.caseId));
    expect(c!.status).toBe('in_progress');
    const [event] = await t.db
      .select()
      .from(caseEvents)
      .where(and(eq(caseEvents.caseId, r.caseId), eq(caseEvents.type, 'reading_invited')));
    expect(event).toMatchObject({
      visibleToClient: true,
      actorStaffId: who('specialiste').id,
      data: { fromDate: '2026-11-30', toDate: '2026-12-04', times: [] },
    });
    const mail = (await mailsTo('invited@example.lv')).find((m) => m.kind === 'reading.invitation')!;
    expect(mail.subject).toBe(`Aicinām iepazīties ar dokumentiem birojā (${r.reference})`);
    // A letter about the case: a reply to it comes back to the case (issue 16).
    expect(mail.caseId).toBe(r.caseId);
    const token = new RegExp(`${baseUrl}/lv/case/([A-Za-z0-9_-]{43})/reading`).exec(mail.textBody)![1]!; // literal on purpose: parses the token out of the letter
    expect(await readingAccess(t.db, token)).toEqual({ caseId: r.caseId, via: 'invitation' });
    expect(await readingAccess(t.db, r.token)).toEqual({ caseId: r.caseId, via: 'status' });
    // Monday to Friday, eight hour slots a day, all after the cut-off.
    const view = (await clientReading(t.db, r.caseId, now))!;
    expect(view.choices).toHaveLength(40);
    expect(view.choices[0]!.start.toISOString()).toBe(at('2026-11-30T06:30:00Z'));
  });

  it('tells the official when a client without e-mail could not be sent the invitation, and offers a letter (D6)', async () => {
    const fields = {
      details: 'Lūdzu visus ietekmes novērtējuma materiālus.',
      informationForm: 'in_office',
      replyChannel: 'post',
      email: '',
      address: 'Brīvības iela 1, Rīga, LV-1010',
    };
    const r = await submittedCase(t.db, 'information_request', fields, { now, baseUrl });
    const [c] = await t.db.select().from(cases).where(eq(cases.id, r.caseId));
    expect(c!.contactEmail).toBeNull();
    const mailsBefore = await t.db.select({ id: outboxMessages.id }).from(outboxMessages);
    const result = await inviteToRead(
      t.db,
      { actor: who('specialiste'), caseId: r.caseId, version: c!.version, baseUrl, now },
      { from: '2026-11-30', to: '2026-12-04', times: '' },
    );
    expect(result).toEqual({ ok: true, clientMailed: false });
    // No letter to anyone was queued for the client (there is nowhere to send it).
    const mailsAfter = await t.db.select({ id: outboxMessages.id, kind: outboxMessages.kind }).from(outboxMessages);
    expect(mailsAfter.filter((m) => !mailsBefore.some((b) => b.id === m.id)).map((m) => m.kind)).not.toContain('reading.invitation');
    // The invitation is still recorded, and the printable letter says how to book without a link.
    const letter = (await invitationLetter(t.db, r.caseId, now))!;
    expect(letter.hasEmail).toBe(false);
    expect(letter.recipient.join('\n')).toContain('Brīvības iela 1');
    expect(letter.paragraphs.join(' ')).toContain('no 2026. gada 30. novembra līdz 2026. gada 4. decembrim');
    expect(letter.closing[0]).toContain(c!.reference);
    expect(letter.facts.map(([k]) => k)).toEqual(['Lietas numurs', 'Piedāvātais laikposms', 'Vieta', 'Tālrunis', 'E-pasts']);
    // Booking from the status page says nothing about an e-mail.
    const reading = (await clientReading(t.db, r.caseId, now))!;
    expect(reading.clientHasEmail).toBe(false);
    expect(clientDoneKey('book', reading.clientHasEmail)).toBe('reading:client.done.bookNoEmail');
    expect(clientDoneKey('book', true)).toBe('reading:client.done.book');
  });

  it('refuses an invitation window without a free time, or for a question', async () => {
    const r = await request();
    const [c] = await t.db.select().from(cases).where(eq(cases.id, r.caseId));
    const ctx = { actor: who('specialiste'), caseId: r.caseId, version: c!.version, baseUrl, now };
    // Christmas Eve is a public holiday: no reading time that day.
    expect(await inviteToRead(t.db, ctx, { from: '2026-12-24', to: '2026-12-24', times: '' })).toMatchObject({
      reason: 'invalid',
      problems: [{ field: 'to', key: 'noSlots' }],
    });
    expect(await inviteToRead(t.db, ctx, { from: '2026-11-30', to: '2027-03-01', times: '' })).toMatchObject({
      reason: 'invalid',
      problems: [{ field: 'to', key: 'tooFar' }],
    });
    // S-13 is about requests for information: a question is answered, not read in the office.
    const q = await submittedCase(t.db, 'question', { details: 'Kad būs lēmums?', name: 'Anna', email: 'q@example.lv' }, { now, baseUrl });
    expect(await inviteToRead(t.db, { ...ctx, caseId: q.caseId, version: 1 }, { from: '2026-11-30', to: '2026-12-04', times: '' })).toEqual(
      { ok: false, reason: 'forbidden' },
    );
  });

  it('forbids overlapping active bookings of a seat in the database itself (SQLSTATE 23P01)', async () => {
    const a = await request();
    const b = await request();
    const [place] = await t.db.select().from(readingPlaces).orderBy(asc(readingPlaces.id)).limit(1);
    const row = (caseId: number, start: string, end: string) => ({
      caseId,
      placeId: place!.id,
      startsAt: new Date(start),
      endsAt: new Date(end),
      manageTokenHash: hashStatusToken(`${caseId} ${start} ${end}`),
    });
    const [first] = await t.db
      .insert(readingBookings)
      .values(row(a.caseId, '2027-02-01T08:00:00Z', '2027-02-01T09:00:00Z'))
      .returning();
    const overlap = await t.db
      .insert(readingBookings)
      .values(row(b.caseId, '2027-02-01T08:30:00Z', '2027-02-01T09:30:00Z'))
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(sqlState(overlap)).toBe('23P01');
    // Touching is not overlapping: [08:00, 09:00) and [09:00, 10:00).
    await t.db.insert(readingBookings).values(row(b.caseId, '2027-02-01T09:00:00Z', '2027-02-01T10:00:00Z'));
    // A second active booking of a case is refused too (23505); a cancelled one blocks nothing.
    const second = await t.db
      .insert(readingBookings)
      .values(row(a.caseId, '2027-02-02T08:00:00Z', '2027-02-02T09:00:00Z'))
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(sqlState(second)).toBe('23505');
    await t.db.update(readingBookings).set({ status: 'cancelled' }).where(eq(readingBookings.id, first!.id));
    await t.db.insert(readingBookings).values(row(a.caseId, '2027-02-01T08:00:00Z', '2027-02-01T08:30:00Z'));
  });

  it('gives the last free seat to exactly one of 50 clients racing for it; the others get a typed conflict', async () => {
    // Two seats; one is taken, so 50 clients race for the other.
    await addPlace(t.db, who('administrators').id, 'Lasītava, 2. vieta');
    const [second] = await t.db.select().from(readingPlaces).where(eq(readingPlaces.name, 'Lasītava, 2. vieta'));
    const slot = at('2026-12-02T09:30:00Z'); // Wednesday 11:30 in Riga
    const early = await invitedCase('early@example.lv');
    expect(await bookReading(t.db, { caseId: early.caseId, slot, baseUrl, now })).toMatchObject({ ok: true });
    const racers = [];
    for (let i = 0; i < 50; i++) racers.push(await invitedCase(`racer${i}@example.lv`));
    const results = await Promise.all(racers.map((r) => bookReading(t.db, { caseId: r.caseId, slot, baseUrl, now })));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual(Array.from({ length: 49 }, () => ({ ok: false, reason: 'slot_taken' })));
    const taken = await t.db
      .select()
      .from(readingBookings)
      .where(and(eq(readingBookings.startsAt, new Date(slot)), eq(readingBookings.status, 'active')));
    expect(taken).toHaveLength(2);
    expect(new Set(taken.map((b) => b.placeId)).size).toBe(2);
    // The time is no longer offered to anyone.
    expect(
      (await openSlots(t.db, { from: '2026-12-02', to: '2026-12-02', notBefore: now })).map((s) => s.start.toISOString()),
    ).not.toContain(slot);
    // Only the winner was told it is booked, and only one history entry was written.
    const winner = racers[results.findIndex((r) => r.ok)]!;
    expect((await mailsTo(`racer${results.findIndex((r) => r.ok)}@example.lv`)).map((m) => m.kind)).toContain('reading.booked');
    const booked = await t.db
      .select()
      .from(caseEvents)
      .where(
        and(
          inArray(
            caseEvents.caseId,
            racers.map((r) => r.caseId),
          ),
          eq(caseEvents.type, 'reading_booked'),
        ),
      );
    expect(booked.map((e) => e.caseId)).toEqual([winner.caseId]);
    // Back to one seat for the rest of the suite (its bookings stay).
    expect(await updatePlace(t.db, who('administrators').id, second!.id, { name: second!.name, active: false })).toEqual({ ok: true });
  });

  it('keeps one active booking per case even when one client books twice at once', async () => {
    const r = await invitedCase('twice@example.lv');
    const [a, b] = await Promise.all([
      bookReading(t.db, { caseId: r.caseId, slot: at('2026-12-03T06:30:00Z'), baseUrl, now }),
      bookReading(t.db, { caseId: r.caseId, slot: at('2026-12-03T07:30:00Z'), baseUrl, now }),
    ]);
    expect([a, b].filter((x) => x.ok)).toHaveLength(1);
    expect([a, b].filter((x) => !x.ok)).toEqual([{ ok: false, reason: 'already_booked' }]);
    const active = await t.db
      .select()
      .from(readingBookings)
      .where(and(eq(readingBookings.caseId, r.caseId), eq(readingBookings.status, 'active')));
    expect(active).toHaveLength(1);
  });

  it('confirms a booking to both sides with a calendar file and a private link to change it', async () => {
    const r = await invitedCase('confirm@example.lv');
    const result = await bookReading(t.db, { caseId: r.caseId, slot: at('2026-12-04T12:00:00Z'), baseUrl, now });
    expect(result).toMatchObject({ ok: true });
    const mail = (await mailsTo('confirm@example.lv')).find((m) => m.kind === 'reading.booked')!;
    expect(mail.textBody).toContain('piektdiena, 2026. gada 4. decembris, 14:00–15:00');
    const ics = Buffer.from(mail.attachments[0]!.contentBase64, 'base64').toString('utf8');
    expect(ics).toContain('DTSTART:20261204T120000Z');
    expect(ics).toContain('LOCATION:Rūpniecības iela 23\\, Rīga\\, LV-1045');
    const manage = new RegExp(`${baseUrl}/lv/case/([A-Za-z0-9_-]{43})/reading`).exec(mail.textBody)![1]!; // literal on purpose: parses the token out of the letter
    expect(await readingAccess(t.db, manage)).toEqual({ caseId: r.caseId, via: 'booking' });
    const official = (await mailsTo('specialiste@demo.vpvb.lv')).filter((m) => m.kind === 'reading.staff_booked').at(-1)!;
    expect(official.subject).toBe(`Lasītavā rezervēts laiks: ${r.reference}`);
    expect(official.attachments).toHaveLength(1);
    // The client's letter is about the case (replies come back to it); the official's is not the client's to answer.
    expect(mail.caseId).toBe(r.caseId);
    expect(official.caseId).toBeNull();
  });

  it('frees the seat when the client cancels, until the cut-off and not after', async () => {
    const slot = at('2026-12-01T13:00:00Z');
    const r = await invitedCase('cancel@example.lv');
    const other = await invitedCase('next@example.lv');
    const made = await bookReading(t.db, { caseId: r.caseId, slot, baseUrl, now });
    if (!made.ok) throw new Error(made.reason);
    expect(await bookReading(t.db, { caseId: other.caseId, slot, baseUrl, now })).toEqual({ ok: false, reason: 'slot_taken' });
    const actor = { kind: 'client', caseId: r.caseId } as const;
    // 15:00 on Tuesday 1 December: the cut-off (24 h) has passed at 15:30 the day before.
    expect(
      await cancelReading(t.db, { bookingId: made.bookingId, version: 1, actor, baseUrl, now: new Date('2026-11-30T13:30:00Z') }),
    ).toEqual({ ok: false, reason: 'too_late' });
    // Another client's link cannot cancel it.
    expect(
      await cancelReading(t.db, { bookingId: made.bookingId, version: 1, actor: { kind: 'client', caseId: other.caseId }, baseUrl, now }),
    ).toEqual({ ok: false, reason: 'not_found' });
    expect(await cancelReading(t.db, { bookingId: made.bookingId, version: 1, actor, baseUrl, now })).toEqual({
      ok: true,
      bookingId: made.bookingId,
    });
    expect(await booking(made.bookingId)).toMatchObject({ status: 'cancelled', version: 2 });
    expect(await bookReading(t.db, { caseId: other.caseId, slot, baseUrl, now })).toMatchObject({ ok: true });
    const cancelled = (await mailsTo('cancel@example.lv')).find((m) => m.kind === 'reading.cancelled')!;
    const ics = Buffer.from(cancelled.attachments[0]!.contentBase64, 'base64').toString('utf8');
    expect(ics).toContain('METHOD:CANCEL');
    expect(ics).toContain('SEQUENCE:1');
    expect(ics).toContain(`UID:reading-${made.bookingId}@atsauksmes.example.lv`);
  });

  it('moves a booking: the client within the offer, an official anywhere with a reason the client reads', async () => {
    const r = await invitedCase('move@example.lv');
    const made = await bookReading(t.db, { caseId: r.caseId, slot: at('2026-11-30T08:30:00Z'), baseUrl, now });
    if (!made.ok) throw new Error(made.reason);
    const client = { kind: 'client', caseId: r.caseId } as const;
    // Outside the invitation's window: not a choice for the client.
    expect(
      await moveReading(t.db, { bookingId: made.bookingId, version: 1, slot: at('2026-12-08T08:30:00Z'), actor: client, baseUrl, now }),
    ).toMatchObject({ reason: 'invalid' });
    expect(
      await moveReading(t.db, { bookingId: made.bookingId, version: 1, slot: at('2026-11-30T11:00:00Z'), actor: client, baseUrl, now }),
    ).toEqual({ ok: true, bookingId: made.bookingId });
    expect(await booking(made.bookingId)).toMatchObject({ version: 2, startsAt: new Date('2026-11-30T11:00:00Z') });
    // A stale version loses.
    expect(
      await moveReading(t.db, { bookingId: made.bookingId, version: 1, slot: at('2026-11-30T12:00:00Z'), actor: client, baseUrl, now }),
    ).toEqual({ ok: false, reason: 'conflict' });
    const official = { kind: 'staff', user: who('ierednis') } as const;
    expect(
      await moveReading(t.db, {
        bookingId: made.bookingId,
        version: 2,
        slot: at('2026-12-08T08:30:00Z'),
        actor: official,
        reason: '',
        baseUrl,
        now,
      }),
    ).toMatchObject({ reason: 'invalid', problems: [{ field: 'reason', key: 'required' }] });
    expect(
      await moveReading(t.db, {
        bookingId: made.bookingId,
        version: 2,
        slot: at('2026-12-08T08:30:00Z'),
        actor: official,
        reason: 'Dokumenti būs pieejami tikai no 8. decembra.',
        baseUrl,
        now,
      }),
    ).toEqual({ ok: true, bookingId: made.bookingId });
    // An official of another unit does not see the case at all.
    expect(
      await cancelReading(t.db, {
        bookingId: made.bookingId,
        version: 3,
        actor: { kind: 'staff', user: who('atlaujas') },
        reason: 'x',
        baseUrl,
        now,
      }),
    ).toEqual({ ok: false, reason: 'not_found' });
    const moved = await t.db
      .select()
      .from(caseEvents)
      .where(and(eq(caseEvents.caseId, r.caseId), eq(caseEvents.type, 'reading_moved')))
      .orderBy(asc(caseEvents.id));
    expect(moved.map((e) => [e.data.by, e.data.reason ?? null, e.visibleToClient])).toEqual([
      ['client', null, true],
      ['staff', 'Dokumenti būs pieejami tikai no 8. decembra.', true],
    ]);
    const last = (await mailsTo('move@example.lv')).filter((m) => m.kind === 'reading.moved').at(-1)!;
    expect(last.textBody).toContain('Dokumenti būs pieejami tikai no 8. decembra.');
    expect(Buffer.from(last.attachments[0]!.contentBase64, 'base64').toString('utf8')).toContain('SEQUENCE:2');
  });

  it('offers only the specific times the official chose', async () => {
    const r = await invitedCase('specific@example.lv', {
      from: '2026-12-07',
      to: '2026-12-11',
      times: '2026-12-09 10:30\n2026-12-10 13:00',
    });
    const view = (await clientReading(t.db, r.caseId, now))!;
    expect(view.choices.map((s) => s.start.toISOString())).toEqual([at('2026-12-09T08:30:00Z'), at('2026-12-10T11:00:00Z')]);
    expect(await bookReading(t.db, { caseId: r.caseId, slot: at('2026-12-09T06:30:00Z'), baseUrl, now })).toMatchObject({
      reason: 'invalid',
    });
    expect(await bookReading(t.db, { caseId: r.caseId, slot: at('2026-12-10T11:00:00Z'), baseUrl, now })).toMatchObject({ ok: true });
  });

  it('removes closed days from the choices, and records the closure in the audit log', async () => {
    expect(
      await addClosure(t.db, who('administrators').id, { fromDate: '2026-12-14', toDate: '2026-12-15', reason: 'Inventarizācija' }),
    ).toEqual({ ok: true });
    const free = await openSlots(t.db, { from: '2026-12-14', to: '2026-12-16', notBefore: now });
    expect([...new Set(free.map((s) => s.date))]).toEqual(['2026-12-16']);
    const [audit] = await t.db
      .select()
      .from(auditLog)
      .where(like(auditLog.action, 'reading_closure.%'))
      .orderBy(desc(auditLog.id))
      .limit(1);
    expect(audit).toMatchObject({ action: 'reading_closure.create', actorStaffId: who('administrators').id });
  });

  it('records attendance in the case history, only once the time has begun', async () => {
    const r = await invitedCase('came@example.lv');
    const made = await bookReading(t.db, { caseId: r.caseId, slot: at('2026-12-01T06:30:00Z'), baseUrl, now });
    if (!made.ok) throw new Error(made.reason);
    const user = who('ierednis');
    expect(await recordAttendance(t.db, { bookingId: made.bookingId, version: 1, outcome: 'attended', user, baseUrl, now })).toEqual({
      ok: false,
      reason: 'too_early',
    });
    const later = new Date('2026-12-01T07:00:00Z');
    expect(await recordAttendance(t.db, { bookingId: made.bookingId, version: 1, outcome: 'attended', user, baseUrl, now: later })).toEqual(
      { ok: true, bookingId: made.bookingId },
    );
    expect((await booking(made.bookingId)).status).toBe('attended');
    const [event] = await t.db
      .select()
      .from(caseEvents)
      .where(and(eq(caseEvents.caseId, r.caseId), eq(caseEvents.type, 'reading_attended')));
    expect(event).toMatchObject({ actorStaffId: user.id, visibleToClient: true });
    // Attended frees nothing to double-book, and cannot be recorded twice.
    expect(await recordAttendance(t.db, { bookingId: made.bookingId, version: 1, outcome: 'no_show', user, baseUrl, now: later })).toEqual({
      ok: false,
      reason: 'conflict',
    });
  });

  it('sends the reminder on the working day before, once, however many runs race for it', async () => {
    const r = await invitedCase('remind@example.lv', { from: '2026-12-21', to: '2026-12-21' });
    // Monday 21 December 2026, 09:30 in Riga: reminded on Friday 18 December.
    const made = await bookReading(t.db, { caseId: r.caseId, slot: at('2026-12-21T07:30:00Z'), baseUrl, now });
    if (!made.ok) throw new Error(made.reason);
    const reminders = () =>
      t.db
        .select()
        .from(outboxMessages)
        .where(and(eq(outboxMessages.toAddress, 'remind@example.lv'), eq(outboxMessages.kind, 'reading.reminder')));
    expect(await sendReadingReminders(t.db, { baseUrl, now: new Date('2026-12-17T10:00:00Z') })).toBe(0);
    const friday = new Date('2026-12-18T10:00:00Z');
    const runs = await Promise.all([
      sendReadingReminders(t.db, { baseUrl, now: friday }),
      sendReadingReminders(t.db, { baseUrl, now: friday }),
      runMaintenance(t.db, friday).then((m) => m.readingReminders),
    ]);
    // Other bookings of this suite are due by then too; this one is reminded once.
    expect(await reminders()).toHaveLength(1);
    expect(runs.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);
    expect(await sendReadingReminders(t.db, { baseUrl, now: new Date('2026-12-18T14:00:00Z') })).toBe(0);
    expect((await reminders())[0]!.subject).toBe(`Atgādinājums: iepazīšanās ar dokumentiem birojā (${r.reference})`);
    expect((await booking(made.bookingId)).reminderSentAt).toEqual(friday);
  });
  it('gives each official a private calendar feed of the reading times of their cases, with no client in it', async () => {
    const r = await invitedCase('feed.client@example.lv', { from: '2026-12-07', to: '2026-12-11' });
    const view = (await clientReading(t.db, r.caseId, now))!;
    const made = await bookReading(t.db, { caseId: r.caseId, slot: view.choices[0]!.start.toISOString(), baseUrl, now });
    if (!made.ok) throw new Error(made.reason);
    const inviter = who('specialiste');
    const token = await issueCalendarFeed(t.db, inviter.id);
    const feed = (await calendarFeed(t.db, token, { locale: 'lv', baseUrl, now }))!;
    const unfolded = feed.replace(/\r?\n[ \t]/g, '');
    // Folded at 75 octets, as the letters' files (RFC 5545 §3.1, referees.md C3).
    expect(Math.max(...feed.split('\r\n').map((line) => Buffer.byteLength(line, 'utf8')))).toBeLessThanOrEqual(75);
    // The same UID and SEQUENCE as the letters' calendar files: one entry per booking.
    expect(unfolded).toContain(`UID:reading-${made.bookingId}@atsauksmes.example.lv`);
    expect(unfolded).toContain(`SUMMARY:Lasītava: ${r.reference}`);
    expect(unfolded).toContain(
      `DTSTART:${view.choices[0]!.start.toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d{3}Z$/, 'Z')}`,
    );
    expect(unfolded).toContain(`URL:${baseUrl}${staffPaths.booking('lv', made.bookingId)}`);
    expect(unfolded).toContain('X-WR-CALNAME:Lasītavas laiki');
    // The reference only: neither the client's name nor address.
    expect(unfolded).not.toContain('Anna');
    expect(unfolded).not.toContain('feed.client@example.lv');
    // Another unit's official has no such time in theirs.
    const other = await issueCalendarFeed(t.db, who('triaza').id);
    expect(await calendarFeed(t.db, other, { locale: 'lv', baseUrl, now })).not.toContain(`reading-${made.bookingId}@`);
    // A cancelled time leaves the feed.
    const cancelled = await cancelReading(t.db, {
      bookingId: made.bookingId,
      version: 1,
      actor: { kind: 'client', caseId: r.caseId },
      baseUrl,
      now,
    });
    expect(cancelled.ok).toBe(true);
    expect(await calendarFeed(t.db, token, { locale: 'lv', baseUrl, now })).not.toContain(`reading-${made.bookingId}@`);
    // A new address ends the old one; turning it off ends the new one; a disabled account has none.
    const replaced = await issueCalendarFeed(t.db, inviter.id);
    expect(await calendarFeed(t.db, token, { locale: 'lv', baseUrl, now })).toBeNull();
    expect(await calendarFeed(t.db, replaced, { locale: 'en', baseUrl, now })).toContain('X-WR-CALNAME:Reading room times');
    await t.db.update(staffMembers).set({ active: false }).where(eq(staffMembers.id, inviter.id));
    expect(await calendarFeed(t.db, replaced, { locale: 'lv', baseUrl, now })).toBeNull();
    await t.db.update(staffMembers).set({ active: true }).where(eq(staffMembers.id, inviter.id));
    await stopCalendarFeed(t.db, inviter.id);
    expect(await calendarFeed(t.db, replaced, { locale: 'lv', baseUrl, now })).toBeNull();
    expect(await calendarFeed(t.db, 'not-a-token', { locale: 'lv', baseUrl, now })).toBeNull();
    // The audit log says what happened, never the address.
    const audit = await t.db
      .select()
      .from(auditLog)
      .where(and(like(auditLog.action, 'reading_feed.%'), eq(auditLog.entityId, String(inviter.id))))
      .orderBy(asc(auditLog.id));
    expect(audit.map((a) => a.action)).toEqual(['reading_feed.create', 'reading_feed.replace', 'reading_feed.delete']);
    expect(JSON.stringify(audit)).not.toContain(replaced);
  });
  it("lets an official book an offered time on the client's behalf, inside the client's cut-off, and says so", async () => {
    const r = await invitedCase('phoned@example.lv', { from: '2026-11-25', to: '2026-11-27' });
    // Wednesday 08:30 in Riga, less than a day ahead: past the client's own cut-off.
    const early = at('2026-11-25T06:30:00Z');
    expect(await bookReading(t.db, { caseId: r.caseId, slot: early, baseUrl, now })).toMatchObject({ ok: false, reason: 'invalid' });
    // Another unit's official cannot reach the case at all.
    const stranger = { kind: 'staff', user: who('triaza') } as const;
    expect(await bookReading(t.db, { caseId: r.caseId, slot: early, baseUrl, now, actor: stranger })).toEqual({
      ok: false,
      reason: 'not_found',
    });
    const official = { kind: 'staff', user: who('specialiste') } as const;
    const made = await bookReading(t.db, { caseId: r.caseId, slot: early, baseUrl, now, actor: official });
    if (!made.ok) throw new Error(made.reason);
    expect((await booking(made.bookingId)).startsAt.toISOString()).toBe(early);
    const [event] = await t.db
      .select()
      .from(caseEvents)
      .where(and(eq(caseEvents.caseId, r.caseId), eq(caseEvents.type, 'reading_booked')));
    expect(event).toMatchObject({ actorStaffId: who('specialiste').id, visibleToClient: true, data: { by: 'staff' } });
    // The client's confirmation says it was agreed, and still carries the link to move or cancel.
    const confirmation = (await mailsTo('phoned@example.lv')).find((m) => m.kind === 'reading.booked')!;
    expect(confirmation.textBody).toContain(
      `Kā vienojāmies, esam rezervējuši Jums laiku, lai iepazītos ar dokumentiem lietā ${r.reference}`,
    );
    expect(confirmation.textBody).toMatch(new RegExp(`${baseUrl}/lv/case/[A-Za-z0-9_-]{43}/reading`)); // literal on purpose: parses the token out of the letter
    // A second booking for the same case is refused, whoever tries.
    expect(await bookReading(t.db, { caseId: r.caseId, slot: at('2026-11-26T06:30:00Z'), baseUrl, now, actor: official })).toEqual({
      ok: false,
      reason: 'already_booked',
    });
  });
});
