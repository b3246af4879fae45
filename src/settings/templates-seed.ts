import type { TemplatePurpose } from './reply-templates.ts';

// The reply templates a fresh portal starts with: three each for refusing
// an abusive message (S-14.6.2), referring to another authority (S-14.1)
// and a request out of proportion to the institution's resources
// (S-11/12, S-13), and one plain answer. Officials edit the filled-in text
// before it is sent; administrators edit the templates. The seed adds a
// template by its code only when it is missing (src/db/seed.ts).
//
// A template is the body of a letter, not a letter: the letter around it
// brings the greeting, the reference, the signature and, for a refusal,
// how to contest it (ux.md D8; migration 0011 trims the seeded templates
// of older databases the same way).
//
// The wording avoids grammatical agreement with a placeholder: a Latvian
// name such as "Valsts vides dienests" cannot be declined by the portal, so
// each placeholder stands after a colon or on a line of its own.

export type SeedTemplate = {
  code: string;
  purpose: TemplatePurpose;
  nameLv: string;
  nameEn: string;
  bodyLv: string;
  bodyEn: string;
};

export const seedTemplates: readonly SeedTemplate[] = [
  {
    code: 'abusive-offensive-language',
    purpose: 'abusive',
    nameLv: 'Neizskatīšana: aizskaroši izteikumi',
    nameEn: 'Not considered: offensive language',
    bodyLv: `Iesniegumā ir izteikumi, kas aizskar iestādes darbinieku godu un cieņu. Tāpēc iesniegumu pēc būtības neizskatīsim.
Pamatojums: {{reason}}

Ja vēlaties saņemt atbildi, lūdzu, iesniedziet savu jautājumu vēlreiz bez aizskarošiem izteikumiem. Šādu iesniegumu izskatīsim normatīvajos aktos noteiktajā kārtībā un termiņā.`,
    bodyEn: `The submission contains language that offends the dignity of our staff. For this reason we will not examine it on its merits.
Reason: {{reason}}

If you would like an answer, please send your question again without offensive language. We will then examine it in the manner and within the time the law sets.`,
  },
  {
    code: 'abusive-threats',
    purpose: 'abusive',
    nameLv: 'Neizskatīšana: draudi',
    nameEn: 'Not considered: threats',
    bodyLv: `Iesniegumā ir draudi iestādes darbiniekiem. Šādu iesniegumu pēc būtības neizskatīsim, un iestāde var par to informēt Valsts policiju.
Pamatojums: {{reason}}

Ja Jums ir jautājums mūsu iestādes kompetencē, lūdzu, iesniedziet to vēlreiz bez draudiem un aizskarošiem izteikumiem.`,
    bodyEn: `The submission contains threats against our staff. We will not examine it on its merits, and we may inform the State Police.
Reason: {{reason}}

If you have a question we are responsible for, please send it again without threats or offensive language.`,
  },
  {
    code: 'abusive-no-question',
    purpose: 'abusive',
    nameLv: 'Neizskatīšana: provokatīvs saturs bez jautājuma',
    nameEn: 'Not considered: provocative content without a question',
    bodyLv: `Iesniegumā nav ne jautājuma, ne lūguma, uz ko iestāde varētu atbildēt, bet ir provokatīvi un aizskaroši izteikumi. Tāpēc iesniegumu pēc būtības neizskatīsim.
Pamatojums: {{reason}}

Ja vēlaties saņemt skaidrojumu vai palīdzību, lūdzu, rakstiet mums vēlreiz un norādiet, kas Jūs interesē.`,
    bodyEn: `The submission contains no question or request we could answer, only provocative and offensive remarks. For this reason we will not examine it on its merits.
Reason: {{reason}}

If you would like an explanation or help, please write to us again and tell us what you would like to know.`,
  },
  // S-14.1: a referral's note. The letter around it (src/cases/messages.ts)
  // greets, names the authority, says whether the submission was forwarded
  // by email or will be posted, gives the authority's contacts when there
  // are any, and signs; the note says only why. It also goes to the
  // authority with the submission.
  {
    code: 'referral-forwarded',
    purpose: 'referral',
    nameLv: 'Pārsūtīšana kompetentajai iestādei',
    nameEn: 'Forwarded to the authority responsible',
    bodyLv: `Jūsu iesniegumā Nr. {{reference}} minētais jautājums nav mūsu iestādes kompetencē: {{reason}}

Turpmāk par šo jautājumu, lūdzu, sazinieties ar iestādi, kurai iesniegumu pārsūtījām.`,
    bodyEn: `We are not responsible for the matter you raise in your submission no. {{reference}}: {{reason}}

From now on, please contact the authority we have forwarded your submission to about this matter.`,
  },
  {
    code: 'referral-whom-to-contact',
    purpose: 'referral',
    nameLv: 'Kur vērsties turpmāk',
    nameEn: 'Whom to contact from now on',
    bodyLv: `Jūsu iesniegumā Nr. {{reference}} minētais jautājums nav mūsu iestādes kompetencē: {{reason}}

Ar līdzīgiem jautājumiem turpmāk, lūdzu, vērsieties tieši iestādē, kuras kompetencē tie ir.`,
    bodyEn: `We are not responsible for the matter you raise in your submission no. {{reference}}: {{reason}}

With similar questions in future, please contact that authority directly.`,
  },
  {
    code: 'referral-in-part',
    purpose: 'referral',
    nameLv: 'Daļēji citas iestādes kompetencē',
    nameEn: 'Partly within another authority’s competence',
    bodyLv: `Daļa no Jūsu iesniegumā Nr. {{reference}} minētajiem jautājumiem nav mūsu iestādes kompetencē: {{reason}}

Uz pārējiem jautājumiem atbildēsim normatīvajos aktos noteiktajā termiņā.`,
    bodyEn: `We are not responsible for part of what you ask in your submission no. {{reference}}: {{reason}}

We will answer the rest of your submission within the time the law sets.`,
  },
  {
    code: 'disproportionate-refusal',
    purpose: 'disproportionate',
    nameLv: 'Atteikums: nesamērīgs pieprasījums',
    nameEn: 'Refusal: request out of proportion',
    bodyLv: `Pieprasītās informācijas sagatavošanai būtu nepieciešams tik liels darba apjoms, ka tas nav samērīgs ar iestādes resursiem. Ar iestādes vadītāja lēmumu pieprasījumu noraidām.
Pamatojums: {{reason}}

Jūs varat iesniegt jaunu pieprasījumu, kurā informācijas apjoms ir mazāks, piemēram, par īsāku laikposmu vai konkrētu jautājumu.`,
    bodyEn: `Preparing the information you ask for would take so much work that it is out of proportion to our resources. By decision of the head of the institution, we refuse the request.
Reason: {{reason}}

You may send a new, smaller request, for example for a shorter period or about a specific question.`,
  },
  {
    code: 'disproportionate-reading',
    purpose: 'disproportionate',
    nameLv: 'Iepazīšanās ar informāciju iestādē',
    nameEn: 'Viewing the information at our office',
    bodyLv: `Pieprasītās informācijas apjoms ir ļoti liels, un to nav iespējams nosūtīt Jums.
Pamatojums: {{reason}}

Aicinām Jūs iepazīties ar informāciju mūsu iestādē Jums un mums piemērotā laikā. Lūdzu, atbildiet uz šo vēstuli un norādiet, kuras dienas un laiki Jums būtu ērti, vai izvēlieties brīvu laiku saitē, ko saņemsiet atsevišķi.`,
    bodyEn: `The information you ask for is very large, and we cannot send it to you.
Reason: {{reason}}

We invite you to view the information at our office at a time that suits both you and us. Please reply to this letter with the days and times that would suit you, or choose an available time through the link you will receive separately.`,
  },
  {
    code: 'disproportionate-narrow',
    purpose: 'disproportionate',
    nameLv: 'Lūgums precizēt pieprasījumu',
    nameEn: 'Please narrow your request',
    bodyLv: `Pieprasījums aptver ļoti lielu informācijas apjomu, un tā sagatavošana prasītu nesamērīgi daudz darba.
Pamatojums: {{reason}}

Lūdzu, precizējiet, kāda informācija Jums ir visvairāk nepieciešama, piemēram, norādiet konkrētu laikposmu, objektu vai dokumentu veidu. Tiklīdz saņemsim precizēto pieprasījumu, to izskatīsim.`,
    bodyEn: `The request covers a very large amount of information, and preparing it would take a disproportionate amount of work.
Reason: {{reason}}

Please tell us which information you need most, for example a specific period, site or kind of document. We will examine the request as soon as we receive it narrowed down.`,
  },
  {
    code: 'answer-plain',
    purpose: 'answer',
    nameLv: 'Atbilde uz iesniegumu',
    nameEn: 'Answer to a submission',
    bodyLv: `Ja Jums ir vēl kādi jautājumi, lūdzu, atbildiet uz šo vēstuli. Ja apkalpošana Jūs neapmierina, varat iesniegt sūdzību.`,
    bodyEn: `If you have any further questions, please reply to this letter. If you are not satisfied with our service, you may file a complaint.`,
  },
];

/**
 * Seeded referral templates as they read before issue 13 (M3): each said
 * "we have forwarded" (or told the client to go elsewhere) inside a letter
 * that already greets, says how the submission went and signs. A database
 * whose copy is still exactly this text gets the new one (src/db/seed.ts);
 * one an administrator edited is left as it is.
 */
type EarlierTemplate = Pick<SeedTemplate, 'code' | 'nameLv' | 'nameEn' | 'bodyLv' | 'bodyEn'>;

// The signature the first seeded templates ended with, for recognising them unchanged.
const signatureLv = 'Ar cieņu\n{{officialName}}\n{{institutionName}}';
const signatureEn = 'Yours sincerely\n{{officialName}}\n{{institutionName}}';

export const supersededReferralTemplates: ReadonlyArray<EarlierTemplate> = [
  {
    code: 'referral-forwarded',
    nameLv: 'Pārsūtīšana kompetentajai iestādei',
    nameEn: 'Forwarded to the competent authority',
    bodyLv: `Labdien!

Esam saņēmuši Jūsu iesniegumu Nr. {{reference}}.

Jūsu iesniegumā minētais jautājums nav mūsu iestādes kompetencē. Tāpēc esam pārsūtījuši iesniegumu iestādei, kuras kompetencē tas ir:
{{authorityName}}
{{authorityContacts}}

{{reason}}

Turpmāk par šo jautājumu, lūdzu, sazinieties ar minēto iestādi.

${signatureLv}`,
    bodyEn: `Dear {{clientName}},

We have received your submission no. {{reference}}.

The matter you raise is not within our competence. We have therefore forwarded your submission to the authority that is competent:
{{authorityName}}
{{authorityContacts}}

{{reason}}

From now on, please contact that authority about this matter.

${signatureEn}`,
  },
  {
    code: 'referral-whom-to-contact',
    nameLv: 'Norāde, kur vērsties',
    nameEn: 'Whom to contact instead',
    bodyLv: `Labdien!

Esam saņēmuši Jūsu iesniegumu Nr. {{reference}}.

Jūsu iesniegumā minētais jautājums nav mūsu iestādes kompetencē. Lūdzu, vērsieties iestādē, kuras kompetencē tas ir:
{{authorityName}}
{{authorityContacts}}

{{reason}}

${signatureLv}`,
    bodyEn: `Dear {{clientName}},

We have received your submission no. {{reference}}.

The matter you raise is not within our competence. Please contact the authority that is competent:
{{authorityName}}
{{authorityContacts}}

{{reason}}

${signatureEn}`,
  },
  {
    code: 'referral-in-part',
    nameLv: 'Daļēji citas iestādes kompetencē',
    nameEn: 'Partly within another authority’s competence',
    bodyLv: `Labdien!

Esam saņēmuši Jūsu iesniegumu Nr. {{reference}}.

Daļa no Jūsu iesniegumā minētajiem jautājumiem nav mūsu iestādes kompetencē:
{{reason}}

Par šiem jautājumiem, lūdzu, vērsieties iestādē, kuras kompetencē tie ir:
{{authorityName}}
{{authorityContacts}}

Uz pārējiem jautājumiem atbildēsim normatīvajos aktos noteiktajā termiņā.

${signatureLv}`,
    bodyEn: `Dear {{clientName}},

We have received your submission no. {{reference}}.

Part of what you ask is not within our competence:
{{reason}}

For that part, please contact the authority that is competent:
{{authorityName}}
{{authorityContacts}}

We will answer the rest of your submission within the time the law sets.

${signatureEn}`,
  },
];

/**
 * Seeded templates as they read before the language review (ux.md §3:
 * "not considered", plain English in the referral letters). Like the ones
 * above, a database whose copy is still one of the seeded texts gets the
 * text as now seeded.
 */
export const supersededWordingTemplates: ReadonlyArray<EarlierTemplate> = [
  {
    code: 'abusive-offensive-language',
    nameLv: 'Neizskatīšana: aizskaroši izteikumi',
    nameEn: 'Not examined: offensive language',
    bodyLv:
      'Iesniegumā ir izteikumi, kas aizskar iestādes darbinieku godu un cieņu. Tāpēc iesniegumu pēc būtības neizskatīsim.\nPamatojums: {{reason}}\n\nJa vēlaties saņemt atbildi, lūdzu, iesniedziet savu jautājumu vēlreiz bez aizskarošiem izteikumiem. Šādu iesniegumu izskatīsim normatīvajos aktos noteiktajā kārtībā un termiņā.',
    bodyEn:
      'The submission contains language that offends the dignity of our staff. For this reason we will not examine it on its merits.\nReason: {{reason}}\n\nIf you would like an answer, please send your question again without offensive language. We will then examine it in the manner and within the time the law sets.',
  },
  {
    code: 'abusive-threats',
    nameLv: 'Neizskatīšana: draudi',
    nameEn: 'Not examined: threats',
    bodyLv:
      'Iesniegumā ir draudi iestādes darbiniekiem. Šādu iesniegumu pēc būtības neizskatīsim, un iestāde var par to informēt Valsts policiju.\nPamatojums: {{reason}}\n\nJa Jums ir jautājums mūsu iestādes kompetencē, lūdzu, iesniedziet to vēlreiz bez draudiem un aizskarošiem izteikumiem.',
    bodyEn:
      'The submission contains threats against our staff. We will not examine it on its merits, and we may inform the State Police.\nReason: {{reason}}\n\nIf you have a question within our competence, please send it again without threats or offensive language.',
  },
  {
    code: 'abusive-no-question',
    nameLv: 'Neizskatīšana: provokatīvs saturs bez jautājuma',
    nameEn: 'Not examined: provocative content without a question',
    bodyLv:
      'Iesniegumā nav ne jautājuma, ne lūguma, uz ko iestāde varētu atbildēt, bet ir provokatīvi un aizskaroši izteikumi. Tāpēc iesniegumu pēc būtības neizskatīsim.\nPamatojums: {{reason}}\n\nJa vēlaties saņemt skaidrojumu vai palīdzību, lūdzu, rakstiet mums vēlreiz un norādiet, kas Jūs interesē.',
    bodyEn:
      'The submission contains no question or request we could answer, only provocative and offensive remarks. For this reason we will not examine it on its merits.\nReason: {{reason}}\n\nIf you would like an explanation or help, please write to us again and tell us what you would like to know.',
  },
  {
    code: 'referral-forwarded',
    nameLv: 'Pārsūtīšana kompetentajai iestādei',
    nameEn: 'Forwarded to the competent authority',
    bodyLv:
      'Jūsu iesniegumā Nr. {{reference}} minētais jautājums nav mūsu iestādes kompetencē: {{reason}}\n\nTurpmāk par šo jautājumu, lūdzu, sazinieties ar iestādi, kurai iesniegumu pārsūtījām.',
    bodyEn:
      'The matter you raise in your submission no. {{reference}} is not within our competence: {{reason}}\n\nFrom now on, please contact the authority we have forwarded your submission to about this matter.',
  },
  {
    code: 'referral-whom-to-contact',
    nameLv: 'Kur vērsties turpmāk',
    nameEn: 'Whom to contact from now on',
    bodyLv:
      'Jūsu iesniegumā Nr. {{reference}} minētais jautājums nav mūsu iestādes kompetencē: {{reason}}\n\nAr līdzīgiem jautājumiem turpmāk, lūdzu, vērsieties tieši iestādē, kuras kompetencē tie ir.',
    bodyEn:
      'The matter you raise in your submission no. {{reference}} is not within our competence: {{reason}}\n\nWith similar questions in future, please turn directly to the authority whose competence they are.',
  },
  {
    code: 'referral-in-part',
    nameLv: 'Daļēji citas iestādes kompetencē',
    nameEn: 'Partly within another authority’s competence',
    bodyLv:
      'Daļa no Jūsu iesniegumā Nr. {{reference}} minētajiem jautājumiem nav mūsu iestādes kompetencē: {{reason}}\n\nUz pārējiem jautājumiem atbildēsim normatīvajos aktos noteiktajā termiņā.',
    bodyEn:
      'Part of what you ask in your submission no. {{reference}} is not within our competence: {{reason}}\n\nWe will answer the rest of your submission within the time the law sets.',
  },
  {
    code: 'disproportionate-reading',
    nameLv: 'Iepazīšanās ar informāciju iestādē',
    nameEn: 'Viewing the information at our office',
    bodyLv:
      'Pieprasītās informācijas apjoms ir ļoti liels, un to nav iespējams nosūtīt Jums.\nPamatojums: {{reason}}\n\nAicinām Jūs iepazīties ar informāciju mūsu iestādē Jums un mums piemērotā laikā. Lūdzu, atbildiet uz šo vēstuli un norādiet, kuras dienas un laiki Jums būtu ērti, vai izvēlieties brīvu laiku saitē, ko saņemsiet atsevišķi.',
    bodyEn:
      'The information you ask for is very large, and we cannot send it to you.\nReason: {{reason}}\n\nWe invite you to view the information at our office at a time that suits both you and us. Please reply to this letter with the days and times that would suit you, or choose a free time through the link you will receive separately.',
  },
];

/** Every earlier seeded version of a template, oldest first. */
export const earlierSeededTemplates: ReadonlyArray<EarlierTemplate> = [...supersededReferralTemplates, ...supersededWordingTemplates];
