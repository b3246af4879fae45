// Seed values for a fresh portal: the State Environmental Monitoring Bureau
// (VPVB) as latvia.md describes it. All of it is editable data afterwards;
// a contact marked unconfirmed in latvia.md is seeded as found.

/**
 * Administratīvā procesa likums (ss. 76, 79, 188): a decision is contested to
 * the head of the institution, and the head's decision appealed to the court,
 * each within one month. Kept in migration 0011 word for word for databases
 * seeded before it.
 */
export const seedAppealRoute = {
  appealRouteLv:
    'Šo lēmumu varat apstrīdēt iestādes vadītājam viena mēneša laikā no dienas, kad tas jums paziņots. Vadītāja lēmumu varat pārsūdzēt Administratīvajā rajona tiesā viena mēneša laikā no tā spēkā stāšanās dienas.',
  appealRouteEn:
    'You can contest this decision to the head of the institution within one month of the day it was notified to you. The head’s decision can be appealed to the Administrative District Court within one month of the day it takes effect.',
};

export const seedInstitution = {
  id: 1,
  nameLv: 'Vides pārraudzības valsts birojs',
  nameEn: 'State Environmental Monitoring Bureau',
  shortName: 'VPVB',
  referencePrefix: 'VPVB',
  address: 'Rūpniecības iela 23, Rīga, LV-1045',
  email: 'pasts@vpvb.gov.lv',
  phone: '+371 67321173',
  website: 'https://www.vpvb.gov.lv',
  ...seedAppealRoute,
};

/**
 * The units. S-4.5: the client service unit answers the institution's own
 * line (latvia.md); the other units' direct numbers are not published
 * there, so an administrator adds them.
 */
export const seedUnits = [
  { code: 'KAN', nameLv: 'Klientu apkalpošanas nodaļa', nameEn: 'Client Service Unit', phone: '+371 67321173', isTriage: true },
  { code: 'IVN', nameLv: 'Ietekmes uz vidi novērtējuma nodaļa', nameEn: 'Environmental Impact Assessment Unit', isTriage: false },
  { code: 'PAN', nameLv: 'Piesārņojuma atļauju nodaļa', nameEn: 'Pollution Permits Unit', isTriage: false },
  {
    code: 'KRN',
    nameLv: 'Ķīmisko vielu un rūpniecisko avāriju risku nodaļa',
    nameEn: 'Chemicals and Industrial Accident Risk Unit',
    isTriage: false,
  },
  { code: 'JN', nameLv: 'Juridiskā nodaļa', nameEn: 'Legal Unit', isTriage: false },
];

/**
 * Topics (competence areas) and the unit code that owns each (S-10).
 * m6: `environmentalInformation` marks the topics whose information is
 * environmental information (Aarhus Convention; environmental impact,
 * emissions and permits, accident risks, chemicals), so information requests
 * on them follow that deadline rule. Not 'information-access' (how to get
 * documents in general, answered by the Legal Unit; a client asking for
 * environmental information chooses its subject) nor 'service-quality' (how
 * clients are served): those keep the Freedom of Information Law's 15 days.
 */
export const seedTopics = [
  {
    code: 'eia',
    unit: 'IVN',
    nameLv: 'Ietekmes uz vidi novērtējums',
    nameEn: 'Environmental impact assessment',
    environmentalInformation: true,
  },
  {
    code: 'sea',
    unit: 'IVN',
    nameLv: 'Stratēģiskais ietekmes uz vidi novērtējums',
    nameEn: 'Strategic environmental assessment',
    environmentalInformation: true,
  },
  {
    code: 'public-consultation',
    unit: 'IVN',
    nameLv: 'Sabiedriskā apspriešana',
    nameEn: 'Public consultation',
    environmentalInformation: true,
  },
  {
    code: 'pollution-permits',
    unit: 'PAN',
    nameLv: 'A kategorijas piesārņojošo darbību atļaujas',
    nameEn: 'Category A pollution permits',
    environmentalInformation: true,
  },
  {
    code: 'industrial-accidents',
    unit: 'KRN',
    nameLv: 'Rūpniecisko avāriju riska novērtēšana',
    nameEn: 'Industrial accident risk assessment',
    environmentalInformation: true,
  },
  {
    code: 'chemicals',
    unit: 'KRN',
    nameLv: 'Ķīmiskās vielas un maisījumi',
    nameEn: 'Chemicals and mixtures',
    environmentalInformation: true,
  },
  {
    code: 'information-access',
    unit: 'JN',
    nameLv: 'Informācijas un dokumentu pieejamība',
    nameEn: 'Access to information and documents',
    environmentalInformation: false,
  },
  {
    code: 'service-quality',
    unit: 'KAN',
    nameLv: 'Klientu apkalpošanas kvalitāte',
    nameEn: 'Quality of client service',
    environmentalInformation: false,
  },
];

/** S-14.1: the referral directory, as last published (latvia.md). */
export const seedAuthorities = [
  {
    code: 'vvd',
    nameLv: 'Valsts vides dienests',
    nameEn: 'State Environmental Service',
    competenceLv: 'Vides inspekcija, A, B un C kategorijas atļaujas, radiācijas drošība, dabas resursi, zvejas kontrole',
    competenceEn: 'Environmental inspection, category A, B and C permits, radiation safety, natural resources, fishing control',
    email: 'videssos@vvd.gov.lv',
    phone: '+371 26338800',
    website: 'https://www.vvd.gov.lv',
    address: null,
  },
  {
    code: 'dap',
    nameLv: 'Dabas aizsardzības pārvalde',
    nameEn: 'Nature Conservation Agency',
    competenceLv: 'Īpaši aizsargājamās dabas teritorijas un sugas, mikroliegumi',
    competenceEn: 'Protected areas and species, micro-reserves',
    email: null,
    phone: '+371 80000130',
    website: 'https://www.daba.gov.lv',
    address: null,
  },
  {
    code: 'lvgmc',
    nameLv: 'Latvijas Vides, ģeoloģijas un meteoroloģijas centrs',
    nameEn: 'Latvian Environment, Geology and Meteorology Centre',
    competenceLv: 'Vides monitoringa dati, ģeoloģija, meteoroloģija, gaisa kvalitāte',
    competenceEn: 'Environmental monitoring data, geology, meteorology, air quality',
    email: null,
    phone: null,
    website: 'https://www.meteo.lv',
    address: null,
  },
  {
    code: 'pvd',
    nameLv: 'Pārtikas un veterinārais dienests',
    nameEn: 'Food and Veterinary Service',
    competenceLv: 'Pārtikas drošība, veterinārija, dzīvnieku labturība',
    competenceEn: 'Food safety, veterinary matters, animal welfare',
    email: 'pasts@pvd.gov.lv',
    phone: '+371 67027402',
    website: 'https://www.pvd.gov.lv',
    address: null,
  },
  {
    code: 'vi',
    nameLv: 'Veselības inspekcija',
    nameEn: 'Health Inspectorate',
    competenceLv: 'Sabiedrības higiēna, dzeramais un peldūdens, troksnis',
    competenceEn: 'Public hygiene, drinking and bathing water, noise',
    email: 'vi@vi.gov.lv',
    phone: null,
    website: 'https://www.vi.gov.lv',
    address: 'Klijānu iela 7, Rīga, LV-1012',
  },
  {
    code: 'vmd',
    nameLv: 'Valsts meža dienests',
    nameEn: 'State Forest Service',
    competenceLv: 'Nelikumīga koku ciršana mežā (reģionālās virsmežniecības)',
    competenceEn: 'Illegal felling in forests (regional offices)',
    email: null,
    phone: null,
    website: 'https://www.vmd.gov.lv',
    address: null,
  },
  {
    code: 'municipality',
    nameLv: 'Pašvaldība',
    nameEn: 'Municipality',
    competenceLv: 'Izmesti atkritumi, koku ciršana ārpus meža, klaiņojoši dzīvnieki, vietējā būvniecība (katra pašvaldība atsevišķi)',
    competenceEn: 'Dumped waste, felling outside forests, stray animals, local building (each municipality separately)',
    email: null,
    phone: null,
    website: null,
    address: null,
  },
  {
    code: 'dvi',
    nameLv: 'Datu valsts inspekcija',
    nameEn: 'Data State Inspectorate',
    competenceLv: 'Personas datu aizsardzība',
    competenceEn: 'Personal data protection',
    email: null,
    phone: null,
    website: 'https://www.dvi.gov.lv',
    address: null,
  },
];

/**
 * S-4.5: the services the structure page lists with their prices, each
 * with the code of the unit that gives it. Consultations and reading
 * documents in the office are free; copies on paper cost what the price
 * list says. The prices are an example to be checked against the
 * institution's price list in force (not confirmed in latvia.md): they are
 * settings, and an administrator corrects them.
 */
export const seedServices = [
  {
    code: 'eia-consultation',
    unit: 'IVN',
    nameLv: 'Konsultācija par ietekmes uz vidi novērtējumu',
    nameEn: 'Advice on environmental impact assessment',
    descriptionLv:
      'Paskaidrojam, vai jūsu iecerei vajadzīgs ietekmes uz vidi novērtējums, kādi ir procedūras soļi un kādi dokumenti jāiesniedz.',
    descriptionEn:
      'We explain whether your project needs an environmental impact assessment, the steps of the procedure and the documents to submit.',
    priceLv: null,
    priceEn: null,
    website: 'https://www.vpvb.gov.lv',
  },
  {
    code: 'permit-consultation',
    unit: 'PAN',
    nameLv: 'Konsultācija par A kategorijas piesārņojošās darbības atļauju',
    nameEn: 'Advice on a category A pollution permit',
    descriptionLv: 'Paskaidrojam, kā pieteikties atļaujai, to grozīt vai pārskatīt un kas jānorāda iesniegumā.',
    descriptionEn: 'We explain how to apply for a permit, change it or have it reviewed, and what the application must say.',
    priceLv: null,
    priceEn: null,
    website: null,
  },
  {
    code: 'accident-risk-consultation',
    unit: 'KRN',
    nameLv: 'Konsultācija par rūpniecisko avāriju riska novērtēšanu',
    nameEn: 'Advice on industrial accident risk assessment',
    descriptionLv: 'Paskaidrojam, kādi dokumenti par avāriju risku jāsagatavo uzņēmumam, kas strādā ar bīstamām ķīmiskām vielām.',
    descriptionEn: 'We explain which documents on accident risk a company that works with dangerous chemicals must prepare.',
    priceLv: null,
    priceEn: null,
    website: null,
  },
  {
    code: 'reading-documents',
    unit: 'JN',
    nameLv: 'Iepazīšanās ar dokumentiem birojā',
    nameEn: 'Reading documents in the office',
    descriptionLv: 'Jūs varat iepazīties ar lietas dokumentiem mūsu birojā norunātā laikā. Pieprasiet to ar informācijas pieprasījumu.',
    descriptionEn: 'You can read the documents of a case in our office at a time agreed with you. Ask for it with an information request.',
    priceLv: null,
    priceEn: null,
    website: null,
  },
  {
    code: 'document-copies',
    unit: 'JN',
    nameLv: 'Dokumentu kopijas papīra formā',
    nameEn: 'Paper copies of documents',
    descriptionLv: 'Izsniedzam dokumentu kopijas papīra formā. Elektroniski nosūtītas kopijas ir bez maksas.',
    descriptionEn: 'We make paper copies of documents. Copies sent by email are free of charge.',
    priceLv: '0,15 EUR par A4 lapas pusi',
    priceEn: 'EUR 0.15 per side of an A4 page',
    website: null,
  },
];

/** latvia.md: seed Mon–Fri 8:30–12:30 and 13:00–17:00. */
export const seedOfficeHours = [1, 2, 3, 4, 5].flatMap((weekday) => [
  { weekday, opensAt: '08:30', closesAt: '12:30' },
  { weekday, opensAt: '13:00', closesAt: '17:00' },
]);

/**
 * Demo staff, one of each role, seeded only when DEMO_DATA is on (the
 * embedded default). Never in production.
 */
export const demoStaff = [
  { email: 'administrators@demo.vpvb.lv', fullName: 'Ilze Administratore', role: 'administrator', unit: 'KAN', languages: ['lv', 'en'] },
  { email: 'direktors@demo.vpvb.lv', fullName: 'Jānis Direktors', role: 'director', unit: null, languages: ['lv', 'en', 'de'] },
  { email: 'vaditaja@demo.vpvb.lv', fullName: 'Dace Vadītāja', role: 'manager', unit: 'IVN', languages: ['lv', 'en'] },
  { email: 'ierednis@demo.vpvb.lv', fullName: 'Andris Ierēdnis', role: 'official', unit: 'IVN', languages: ['lv', 'ru'] },
  { email: 'specialiste@demo.vpvb.lv', fullName: 'Laura Speciāliste', role: 'official', unit: 'IVN', languages: ['lv', 'en'] },
  { email: 'triaza@demo.vpvb.lv', fullName: 'Māris Klientu Konsultants', role: 'official', unit: 'KAN', languages: ['lv', 'en', 'ru'] },
  { email: 'atlaujas@demo.vpvb.lv', fullName: 'Santa Atļauju Speciāliste', role: 'official', unit: 'PAN', languages: ['lv'] },
] as const;
