import { describe, expect, it } from 'vitest';
import {
  fieldNames,
  fieldOrder,
  formatReference,
  inFormOrder,
  isPlainName,
  validateIntake,
  type IntakeContext,
} from '#src/intake/rules.ts';
import { acknowledgementMail } from '#src/intake/acknowledgement.ts';
import type { Institution } from '#src/settings/queries.ts';
import { checkAttachments, detectContentType, downloadName, nameForContent, safeFilename } from '#src/intake/attachments.ts';
import { problemsFromZod, translateProblems } from '#src/forms/errors.ts';
import { cleanText, formFrom, readSmallForm, SMALL_FORM_BYTES } from '#src/forms/read.ts';
import { translator } from '#src/i18n/index.ts';

// Unit 1 is triage (speaks lv, en); unit 2 owns "eia" (lv, ru); unit 3 owns
// "permits" and speaks only Latvian.
const context: IntakeContext = {
  topics: [
    { code: 'eia', id: 10, unitId: 2 },
    { code: 'permits', id: 11, unitId: 3 },
  ],
  triageUnitId: 1,
  languagesByUnit: new Map([
    [1, [['lv', 'en']]],
    [2, [['lv'], ['lv', 'ru']]],
    [3, [['lv']]],
  ]),
};

const question = {
  topic: 'eia',
  details: 'Kad būs lēmums?',
  name: 'Anna',
  replyChannel: 'email',
  email: 'anna@example.lv',
  replyLanguage: 'lv',
};
const fields = (result: ReturnType<typeof validateIntake>) => (result.ok ? [] : result.problems.map((p) => `${p.field}:${p.key}`));

describe("the public forms' rules", () => {
  it('accepts a complete question and routes it by its topic (S-10)', () => {
    const r = validateIntake('question', question, context);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.submission).toMatchObject({
      unitId: 2,
      routedBy: 'topic',
      replyChannel: 'email',
      replyLanguage: 'lv',
      anonymous: false,
      notices: [],
    });
    expect(r.submission.contact).toEqual({ name: 'Anna', email: 'anna@example.lv', phone: null, address: null });
  });

  it('sends "I don\'t know" to the triage unit', () => {
    const r = validateIntake('question', { ...question, topic: 'unknown' }, context);
    expect(r.ok && r.submission).toMatchObject({ unitId: 1, routedBy: 'triage', topic: null });
  });

  it('names every missing field of an empty form, in the order of the page', () => {
    expect(fields(validateIntake('question', {}, context))).toEqual([
      'topic:required',
      'details:required',
      'name:required',
      'replyChannel:choose',
      'replyLanguage:choose',
    ]);
    expect(fields(validateIntake('complaint', {}, context))).toEqual([
      'topic:required',
      'complaintAbout:choose',
      'details:required',
      'name:required',
      'replyChannel:choose',
      'replyLanguage:choose',
    ]);
    expect(fields(validateIntake('information_request', {}, context))).toContain('informationForm:choose');
  });

  it('lists a wrong e-mail before a wrong phone, as the form shows them (D11)', () => {
    const complaint = { ...question, complaintAbout: 'service', email: 'anna@', replyChannel: 'phone', phone: '12' };
    expect(fields(validateIntake('complaint', complaint, context))).toEqual(['email:email', 'phone:phoneInvalid']);
  });

  it("puts an attachment's problem in its field's place and a whole-form problem first (D11)", () => {
    const problems = [
      { field: 'email', key: 'email' },
      { field: 'attachments', key: 'fileType' },
      { field: 'topic', key: 'required' },
      { field: 'form', key: 'unreadable' },
    ];
    expect(inFormOrder('complaint', problems).map((p) => p.field)).toEqual(['form', 'topic', 'attachments', 'email']);
    // A callback asks for the phone with the call, before the name and e-mail.
    expect(
      inFormOrder('callback', [
        { field: 'email', key: 'email' },
        { field: 'phone', key: 'required' },
      ]).map((p) => p.field),
    ).toEqual(['phone', 'email']);
  });

  it('knows every field a form posts, in its place on the page (D11)', () => {
    for (const kind of ['complaint', 'suggestion', 'question', 'information_request', 'callback'] as const) {
      const order = fieldOrder(kind);
      // A callback's form does not show the written reply's fields.
      const shown = fieldNames(kind).filter(
        (f) => kind !== 'callback' || !['anonymous', 'wantsReply', 'replyChannel', 'address'].includes(f),
      );
      expect(
        shown.filter((f) => !order.includes(f)),
        kind,
      ).toEqual([]);
    }
  });

  it("refuses a topic that is not the institution's", () => {
    expect(fields(validateIntake('question', { ...question, topic: "eia' or 1=1 --" }, context))).toEqual(['topic:choose']);
  });

  it('asks for exactly the contact the chosen channel needs (S-6, S-4.2)', () => {
    expect(fields(validateIntake('question', { ...question, email: '' }, context))).toEqual(['email:requiredForEmail']);
    expect(fields(validateIntake('question', { ...question, replyChannel: 'post', email: '' }, context))).toEqual([
      'address:requiredForPost',
    ]);
    expect(fields(validateIntake('question', { ...question, replyChannel: 'phone', email: '' }, context))).toEqual([
      'phone:requiredForPhone',
    ]);
    expect(fields(validateIntake('question', { ...question, replyChannel: 'in_person', email: '' }, context))).toEqual([
      'email:requiredForInPerson',
    ]);
    expect(
      validateIntake('question', { ...question, replyChannel: 'post', email: '', address: 'Rūpniecības iela 1, Rīga' }, context).ok,
    ).toBe(true);
  });

  it('answers a client abroad by e-mail on every form with a reply by phone, as the callback form does (S-14.7, m3)', () => {
    const extras: Record<string, Record<string, string>> = {
      complaint: { complaintAbout: 'official' },
      information_request: { informationForm: 'electronic' },
      suggestion: { wantsReply: 'yes' },
    };
    for (const kind of ['question', 'complaint', 'suggestion', 'information_request'] as const) {
      const extra = extras[kind] ?? {};
      const byPhone = { ...question, ...extra, replyChannel: 'phone', phone: '29 123 456' };
      const home = validateIntake(kind, byPhone, context);
      expect(home.ok && home.submission, kind).toMatchObject({ replyChannel: 'phone', notices: [] });
      expect(home.ok && home.submission.particulars.abroad, kind).toBeUndefined();
      const abroad = validateIntake(kind, { ...byPhone, abroad: 'yes' }, context);
      expect(abroad.ok && abroad.submission, kind).toMatchObject({ replyChannel: 'email', notices: ['emailInsteadOfCallback'] });
      expect(abroad.ok && abroad.submission.particulars.abroad, kind).toBe(true);
      expect(fields(validateIntake(kind, { ...byPhone, abroad: 'yes', email: '' }, context)), kind).toEqual([
        'email:emailForForeignNumber',
      ]);
    }
    // Abroad changes nothing when the answer goes by e-mail or post anyway.
    const byMail = validateIntake('question', { ...question, abroad: 'yes' }, context);
    expect(byMail.ok && byMail.submission).toMatchObject({ replyChannel: 'email', notices: [] });
    expect(byMail.ok && byMail.submission.particulars.abroad).toBeUndefined();
  });

  it('checks the e-mail address and the lengths', () => {
    expect(fields(validateIntake('question', { ...question, email: 'anna@' }, context))).toEqual(['email:email']);
    const long = validateIntake('question', { ...question, details: 'ā'.repeat(5001) }, context);
    expect(long.ok ? [] : long.problems).toEqual([{ field: 'details', key: 'tooLong', values: { max: 5000 } }]);
  });

  it('lets a complaint go anonymously, warns that it may be left unexamined, and keeps no contact', () => {
    const r = validateIntake(
      'complaint',
      {
        topic: 'eia',
        complaintAbout: 'official',
        details: 'Rupjš darbinieks.',
        anonymous: 'yes',
        name: 'X',
        email: 'x@example.lv',
        replyLanguage: 'lv',
      },
      context,
    );
    expect(r.ok && r.submission).toMatchObject({ anonymous: true, replyChannel: null, notices: ['anonymousComplaint'] });
    expect(r.ok && r.submission.contact).toEqual({ name: null, email: null, phone: null, address: null });
  });

  it('needs no contact for a suggestion unless an answer is wanted', () => {
    const anonymous = validateIntake('suggestion', { topic: 'eia', details: 'Soliņi.', replyLanguage: 'lv' }, context);
    expect(anonymous.ok && anonymous.submission.notices).toEqual(['noReplyWithoutContact']);
    expect(
      fields(validateIntake('suggestion', { topic: 'eia', details: 'Soliņi.', replyLanguage: 'lv', wantsReply: 'yes' }, context)),
    ).toEqual(['name:required', 'replyChannel:choose']);
  });

  it('says at once that the reply will be in Latvian when nobody in the unit speaks the language (S-7)', () => {
    const de = validateIntake('question', { ...question, topic: 'permits', replyLanguage: 'de' }, context);
    expect(de.ok && de.submission).toMatchObject({ requestedLanguage: 'de', replyLanguage: 'lv', notices: ['replyInLatvian'] });
    const ru = validateIntake('question', { ...question, replyLanguage: 'ru' }, context);
    expect(ru.ok && ru.submission).toMatchObject({ replyLanguage: 'ru', notices: [] });
    expect(fields(validateIntake('question', { ...question, replyLanguage: 'xx' }, context))).toEqual(['replyLanguage:choose']);
  });

  describe('callbacks (S-14.3.1, S-14.4, S-14.7)', () => {
    const callback = { topic: 'eia', details: 'Par atļauju.', name: 'Anna', phone: '29 123 456', replyLanguage: 'lv' };
    it('queues a Latvian mobile number for a call', () => {
      const r = validateIntake('callback', callback, context);
      expect(r.ok && r.submission).toMatchObject({
        replyChannel: 'phone',
        callback: { decision: 'callback', phone: '+37129123456', abroad: false },
        notices: [],
      });
    });
    it('queues a Latvian landline for a call', () => {
      const r = validateIntake('callback', { ...callback, phone: '67321173' }, context);
      expect(r.ok && r.submission.callback).toMatchObject({ decision: 'callback', phone: '+37167321173' });
    });
    it('refuses a premium-rate number with its reason', () => {
      expect(fields(validateIntake('callback', { ...callback, phone: '900 12 345' }, context))).toEqual(['phone:phonePremium']);
    });
    it.each([['+49 30 1234567'], ['+370 612 34567']])(
      'asks a foreign number (%s) for an e-mail address, and answers by e-mail',
      (phone) => {
        expect(fields(validateIntake('callback', { ...callback, phone }, context))).toEqual(['email:emailForForeignNumber']);
        const r = validateIntake('callback', { ...callback, phone, email: 'anna@example.de' }, context);
        expect(r.ok && r.submission).toMatchObject({
          replyChannel: 'email',
          callback: { decision: 'email_instead' },
          notices: ['emailInsteadOfCallback'],
        });
      },
    );
    it('answers a client abroad by e-mail even with a Latvian number', () => {
      const r = validateIntake('callback', { ...callback, abroad: 'yes', email: 'anna@example.lv' }, context);
      expect(r.ok && r.submission).toMatchObject({ replyChannel: 'email', callback: { decision: 'email_instead', abroad: true } });
    });
    it('turns a call in a language nobody in the unit speaks into a written answer', () => {
      expect(fields(validateIntake('callback', { ...callback, topic: 'permits', replyLanguage: 'en' }, context))).toEqual([
        'email:emailForLanguage',
      ]);
      const r = validateIntake('callback', { ...callback, topic: 'permits', replyLanguage: 'en', email: 'anna@example.lv' }, context);
      expect(r.ok && r.submission.notices).toEqual(['replyInLatvian', 'writtenInsteadOfCall']);
    });
    it('refuses a number that is not one', () => {
      expect(fields(validateIntake('callback', { ...callback, phone: 'call me' }, context))).toEqual(['phone:phoneInvalid']);
    });
  });

  it('answers a reply by phone to a foreign number by e-mail (S-14.7)', () => {
    const r = validateIntake('question', { ...question, replyChannel: 'phone', phone: '+49 30 1234567' }, context);
    expect(r.ok && r.submission).toMatchObject({ replyChannel: 'email', notices: ['emailInsteadOfCallback'] });
  });

  it('writes reference numbers as PREFIX-YEAR-six digits', () => {
    expect(formatReference('VPVB', 2026, 123)).toBe('VPVB-2026-000123');
    expect(formatReference('VPVB', 2027, 1)).toBe('VPVB-2027-000001');
  });
});

describe('translated field errors', () => {
  it('words a problem for its field in Latvian and in English, with its values', () => {
    const problems = [
      { field: 'name', key: 'required' },
      { field: 'details', key: 'tooLong', values: { max: 5000 } },
    ];
    expect(translateProblems(translator('lv'), problems).map((e) => e.message)).toEqual([
      'Ievadiet savu vārdu un uzvārdu',
      'Ievadiet ne vairāk kā 5000 rakstzīmes',
    ]);
    expect(translateProblems(translator('en'), problems).map((e) => e.message)).toEqual([
      'Enter your name',
      'Enter 5,000 characters or fewer',
    ]);
  });

  it('maps zod issues without a key of ours by their code', async () => {
    const { z } = await import('zod');
    const parsed = z.object({ a: z.string().max(3), b: z.enum(['x']) }).safeParse({ a: 'long', b: 'y' });
    expect(parsed.success).toBe(false);
    if (!parsed.success)
      expect(problemsFromZod(parsed.error)).toEqual([
        { field: 'a', key: 'tooLong', values: { max: 3 } },
        { field: 'b', key: 'choose' },
      ]);
  });
});

describe('reading a posted form', () => {
  it('drops NUL and control characters and mends lone surrogates, which PostgreSQL cannot store', () => {
    expect(cleanText('a\u0000b\u0007c\nd\te')).toBe('abc\nd\te');
    expect(cleanText('x\uD800y')).toBe('x\uFFFDy');
  });
  it('treats files and missing fields as empty text', () => {
    const data = new FormData();
    data.append('file', new File(['x'], 'x.txt'));
    data.append('many', 'one');
    data.append('many', 'two');
    const form = formFrom(data);
    expect(form.text('file')).toBe('');
    expect(form.text('missing')).toBe('');
    expect(form.texts('many')).toEqual(['one', 'two']);
    expect(form.files('file')).toHaveLength(1);
  });
});

describe('attachments', () => {
  const pdf = Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF');
  const png = Buffer.from(
    '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201e2215bc10000000049454e44ae426082',
    'hex',
  );
  const limits = { maxFiles: 2, maxBytes: 1024 };

  it('recognises files by their content, not their name', async () => {
    expect(await detectContentType('scan.pdf', pdf)).toBe('application/pdf');
    expect(await detectContentType('photo.jpg', png)).toBe('image/png');
    expect(await detectContentType('notes.txt', Buffer.from('Labdien, šeit ir piezīmes.'))).toBe('text/plain; charset=utf-8');
    expect(await detectContentType('invoice.pdf', Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'))).toBeUndefined();
    expect(await detectContentType('page.html', Buffer.from('<html><script>alert(1)</script></html>'))).toBeUndefined();
    expect(await detectContentType('notes.txt', Buffer.from([0xff, 0xfe, 0x00, 0x41]))).toBeUndefined();
  });

  it('accepts files within the limits and names the first one refused', async () => {
    const ok = await checkAttachments([new File([pdf], 'a.pdf'), new File([png], 'b.png')], 0, limits);
    expect(ok.accepted.map((a) => [a.filename, a.contentType])).toEqual([
      ['a.pdf', 'application/pdf'],
      ['b.png', 'image/png'],
    ]);
    expect(ok.problem).toBeUndefined();
    const tooMany = await checkAttachments([new File([pdf], 'a.pdf'), new File([png], 'b.png')], 1, limits);
    expect(tooMany.accepted).toHaveLength(1);
    expect(tooMany.problem).toEqual({ field: 'attachments', key: 'tooManyFiles', values: { max: 2 } });
    const big = await checkAttachments([new File([Buffer.alloc(2048, 0x41)], 'big.txt')], 0, limits);
    expect(big.problem).toMatchObject({ key: 'fileTooLarge', values: { file: 'big.txt' } });
    const wrong = await checkAttachments([new File(['<svg/>'], 'x.svg')], 0, limits);
    expect(wrong.problem).toMatchObject({ key: 'fileType', values: { file: 'x.svg' } });
  });

  it('keeps only a safe file name', () => {
    expect(safeFilename('C:\\Users\\anna\\lēmums.pdf')).toBe('lēmums.pdf');
    expect(safeFilename('../../etc/passwd')).toBe('passwd');
    expect(safeFilename('a"<b>.pdf')).toBe('ab.pdf');
    expect(safeFilename('')).toBe('attachment');
  });
});

describe('an attachment is named by what it contains', () => {
  const pdf = Buffer.from('%PDF-1.4\n<html><body><script>alert(1)</script></body></html>\n%%EOF\n');
  const limits = { maxFiles: 5, maxBytes: 1024 * 1024 };

  it('refuses a PDF whose name claims another type, with a message naming the right extension', async () => {
    const result = await checkAttachments([new File([pdf], 'report.hta')], 0, limits);
    expect(result.accepted).toEqual([]);
    expect(result.problem).toEqual({
      field: 'attachments',
      key: 'fileNameType',
      values: { file: 'report.hta', type: 'PDF', extension: 'pdf' },
    });
    const en = translator('en');
    expect(translateProblems(en, [result.problem!])[0]!.message).toContain('rename it to end in .pdf');
    expect(translateProblems(translator('lv'), [result.problem!])[0]!.message).toContain('beigtos ar .pdf');
  });

  it('stores a file as <name>.<extension of its detected type>', async () => {
    const result = await checkAttachments(
      [new File([pdf], 'lēmums'), new File([pdf], 'Report v1.2'), new File([pdf], 'scan.PDF'), new File([pdf], 'x.hta.pdf')],
      0,
      limits,
    );
    expect(result.problem).toBeUndefined();
    expect(result.accepted.map((a) => a.filename)).toEqual(['lēmums.pdf', 'Report v1.2.pdf', 'scan.pdf', 'x.hta.pdf']);
  });

  it('accepts the other names of a type, and no trailing dot hides an extension', () => {
    expect(nameForContent('photo.JPEG', 'image/jpeg')).toBe('photo.jpeg');
    expect(nameForContent('old.xls', 'application/x-ole-storage')).toBe('old.xls');
    expect(nameForContent('photo.jpg', 'image/png')).toBeUndefined();
    expect(nameForContent('notes.txt', 'text/plain; charset=utf-8')).toBe('notes.txt');
  });

  it('downloads a file stored before the check under the extension of its content', () => {
    expect(downloadName('report.hta', 'application/pdf')).toBe('report.hta.pdf');
    expect(downloadName('report.pdf', 'application/pdf')).toBe('report.pdf');
  });
});

describe('a name is one line of plain text (security review M4)', () => {
  const phishing = 'Jane\r\n\r\nIMPORTANT: your permit has been suspended. Pay at https://vpvb-payments.example/pay\r\n\r\nSincerely';

  it.each(['Līga Kalna', 'Jānis Bērziņš-Ozols', "Anne-Marie O'Neill", 'J. Bērziņš', 'A.Ozola', 'Ļubova Šuvajeva'])('accepts %s', (n) => {
    expect(isPlainName(n)).toBe(true);
    expect(validateIntake('question', { ...question, name: n }, context).ok).toBe(true);
  });

  it.each([
    phishing,
    'Jane\nDoe',
    'Jane\tDoe',
    'Jane https://x.example',
    'visit www.example',
    'Pay at vpvb-payments.lv',
    'Jane\u202Eevil',
    'Jane\u2028Doe',
  ])('refuses %j', (n) => {
    expect(isPlainName(n)).toBe(false);
    expect(fields(validateIntake('question', { ...question, name: n }, context))).toEqual(['name:plainName']);
  });

  it("refuses the same in a complaint's official's name, with a translated message", () => {
    const r = validateIntake(
      'complaint',
      { ...question, complaintAbout: 'official', officialName: 'Ozols\nhttps://evil.example' },
      context,
    );
    expect(fields(r)).toContain('officialName:plainName');
    const problem = r.ok ? undefined : r.problems.find((p) => p.field === 'officialName');
    expect(translateProblems(translator('lv'), [problem!])[0]!.message).toBe(
      'Ierakstiet vārdu vienā rindā, bez tīmekļa adresēm un īpašām rakstzīmēm',
    );
    expect(translateProblems(translator('en'), [problem!])[0]!.message).toBe(
      'Write the name on one line, without web addresses or special characters',
    );
  });
});

describe('the acknowledgement quotes nothing the sender typed', () => {
  it('greets without the name and names only the reference', () => {
    const mail = acknowledgementMail({
      locale: 'en',
      reference: 'VPVB-2026-000123',
      kind: 'question',
      dueOn: '2026-12-15',
      statusUrl: 'https://portal.example/en/case/token',
      complaintUrl: 'https://portal.example/en/complaint?about=VPVB-2026-000123',
      institution: { nameLv: 'Birojs', nameEn: 'The Bureau', shortName: 'VPVB', email: 'pasts@vpvb.gov.lv' } as Institution,
      notices: [],
      requestedLanguage: 'en',
      replyLanguage: 'en',
    });
    expect(mail.text).toContain('Hello,');
    expect(mail.text).toContain('VPVB-2026-000123');
    expect(mail.text).not.toMatch(/Dear/);
    // Referees.md E2: the sender is no-reply, so the letter says where to write.
    expect(mail.text).toContain('To reply, write to pasts@vpvb.gov.lv, giving the case number VPVB-2026-000123.');
  });
});

describe('a post from a sender over the limit (security review m10)', () => {
  const post = (body: string, headers: Record<string, string> = {}) =>
    new Request('http://portal.test/en/question', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(body.length), ...headers },
      body,
    });

  it('is read when small, to show back what was typed', async () => {
    expect((await readSmallForm(post('details=Labdien'))).text('details')).toBe('Labdien');
  });

  it('is not read when large, or when it does not say how large', async () => {
    expect((await readSmallForm(post(`details=${'x'.repeat(SMALL_FORM_BYTES + 1)}`))).readable).toBe(false);
    const chunked = new Request('http://portal.test/en/question', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'transfer-encoding': 'chunked' },
      body: 'details=x',
    });
    expect((await readSmallForm(chunked)).readable).toBe(false);
  });

  it('is an empty form when it has no body and says neither length nor chunks (RFC 9112, 6.3)', async () => {
    const empty = new Request('http://portal.test/en/question/check/x', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    const form = await readSmallForm(empty);
    expect(form.readable).toBe(true);
    expect(form.text('details')).toBe('');
  });

  it('reads an empty body as an empty form and leaves the request as it came (a Send, issue 18)', async () => {
    const send = post('');
    const form = await readSmallForm(send);
    expect(form.readable).toBe(true);
    expect(form.texts('details')).toEqual([]);
    // Never read: a page may still answer with Astro.rewrite().
    expect(send.bodyUsed).toBe(false);
    // Not a form at all is still not a form, empty or not.
    expect((await readSmallForm(post('', { 'content-type': 'text/plain' }))).readable).toBe(false);
  });
});
