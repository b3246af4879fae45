// Every address of the portal, built in one place: pages, redirects, the
// links in letters and the tests use these, so a route that moves moves
// here once (the complaint link every answer must carry, S-5.1, was once
// built in seven places). A test fails on an internal address built by hand
// anywhere else (test/unit/paths.test.ts).

type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue> | URLSearchParams;

/** A path with its query (undefined, null and false left out; true is a bare flag, `?signed-out`) and fragment. */
function address(path: string, query?: Query, fragment?: string): string {
  let search = '';
  if (query instanceof URLSearchParams) search = query.toString();
  else if (query) {
    search = Object.entries(query)
      .filter(([, v]) => v !== undefined && v !== null && v !== false)
      .map(([k, v]) => (v === true ? encodeURIComponent(k) : `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`))
      .join('&');
  }
  return `${path}${search ? `?${search}` : ''}${fragment ? `#${fragment}` : ''}`;
}

const seg = (value: string | number) => encodeURIComponent(String(value));

/** The public side: what a client sees, in their language. */
export const publicPaths = {
  home: (locale: string) => `/${locale}/`,
  /** A public form (complaint, question, suggestion, information-request, callback). */
  form: (locale: string, form: string, query?: Query, fragment?: string) => address(`/${locale}/${seg(form)}`, query, fragment),
  /** S-5.1: the complaint form, the reference filled in. */
  complaint: (locale: string, aboutReference?: string) => address(`/${locale}/complaint`, { about: aboutReference }),
  check: (locale: string, form: string, draft: string) => `/${locale}/${seg(form)}/check/${seg(draft)}`,
  submitted: (locale: string, token: string) => `/${locale}/submitted/${seg(token)}`,
  /** The client's private status page. */
  status: (locale: string, token: string, fragment?: string) => address(`/${locale}/case/${seg(token)}`, undefined, fragment),
  /** Issue 16: the status page after the client added a message, its confirmation in view. */
  statusMessageAdded: (locale: string, token: string) => address(`/${locale}/case/${seg(token)}`, { added: true }, 'add-message'),
  /** The client's private reading page (S-13). */
  reading: (locale: string, token: string, query?: Query) => address(`/${locale}/case/${seg(token)}/reading`, query),
  /** Where the client confirms cancelling their reading time (D17). */
  readingCancel: (locale: string, token: string) => `/${locale}/case/${seg(token)}/reading/cancel`,
  /** Rating an answer (Q-2c). */
  rating: (locale: string, token: string, query?: Query) => address(`/${locale}/rate/${seg(token)}`, query),
  surveys: (locale: string) => `/${locale}/survey`,
  survey: (locale: string, code: string) => `/${locale}/survey/${seg(code)}`,
  surveyThanks: (locale: string, code: string) => `/${locale}/survey/${seg(code)}/thanks`,
  accessibility: (locale: string) => `/${locale}/accessibility`,
  /** S-4.5: the institution's structure, competences and contacts. */
  about: (locale: string) => `/${locale}/about`,
  privacy: (locale: string) => `/${locale}/privacy`,
  /** Issue 17: how to complain, suggest, ask, ask for a call and read documents, in easy-to-read language. */
  easyRead: (locale: string) => `/${locale}/easy-read`,
  /** Issue 16: "who deals with your matter?", the question before the forms (GOV.UK's exit page pattern). */
  matter: (locale: string) => `/${locale}/matter`,
  /** Our forms for a matter of ours (`topic` preselected), or for one the client is not sure of. */
  matterOurs: (locale: string, topic?: string) => address(`/${locale}/matter/ours`, { topic }),
  /** The exit page: the authority that deals with the matter, and its contacts. */
  matterElsewhere: (locale: string, code: string) => `/${locale}/matter/elsewhere/${seg(code)}`,
  /** Issue 17: the published quality results, the newest year or one year (a stable address per year). */
  results: (locale: string, year?: number) => (year ? `/${locale}/results/${year}` : `/${locale}/results`),
  /** The same figures as open data: a year as CSV or JSON. */
  resultsData: (locale: string, year: number, format: 'csv' | 'json') => `/${locale}/results/${year}.${format}`,
  /** The open data's JSON Schema and its DCAT-AP dataset description. */
  resultsSchema: (locale: string) => `/${locale}/results/schema.json`,
  resultsDataset: (locale: string) => `/${locale}/results/dataset.jsonld`,
  requestTooLarge: (locale: string) => `/${locale}/request-too-large`,
  notFound: (locale: string) => `/${locale}/404`,
  forbidden: (locale: string) => `/${locale}/403`,
  conflict: (locale: string) => `/${locale}/409`,
  /** The health check for the load balancer and monitoring: in no language (src/pages/healthz.ts). */
  health: () => '/healthz',
  /** The same page in another language: an address's first segment is its language, so only it changes. */
  inLanguage: (locale: string, pathname: string, search = '') => `/${locale}/${pathname.split('/').slice(2).join('/')}${search}`,
};

const staffRoot = (locale: string) => `/${locale}/staff`;
const settingsRoot = (locale: string) => `${staffRoot(locale)}/admin/settings`;

/** The officials' side. */
export const staffPaths = {
  home: (locale: string) => `${staffRoot(locale)}/`,
  signIn: (locale: string, query?: { next?: string; 'signed-out'?: boolean; 'password-set'?: boolean }) =>
    address(`${staffRoot(locale)}/sign-in`, query),
  signOut: (locale: string) => `${staffRoot(locale)}/sign-out`,
  secondFactor: (locale: string, next?: string) => address(`${staffRoot(locale)}/second-factor`, { next }),
  setUpSecondFactor: (locale: string, next?: string) => address(`${staffRoot(locale)}/set-up-second-factor`, { next }),
  setPassword: (locale: string, token: string) => `${staffRoot(locale)}/set-password/${seg(token)}`,
  account: (locale: string, query?: Query) => address(`${staffRoot(locale)}/account`, query),
  /** The personal reading room feed (a private address: the token is the key). */
  calendarFeed: (locale: string, token: string) => `${staffRoot(locale)}/calendar/${seg(token)}.ics`,

  cases: (locale: string, query?: Query, fragment?: string) => address(`${staffRoot(locale)}/cases`, query, fragment),
  case: (locale: string, id: number, query?: Query, fragment?: string) => address(`${staffRoot(locale)}/cases/${id}`, query, fragment),
  caseReading: (locale: string, id: number, query?: Query) => address(`${staffRoot(locale)}/cases/${id}/reading`, query),
  /** The printable invitation to read documents, for a client without e-mail (S-13, D6). */
  readingLetter: (locale: string, id: number) => `${staffRoot(locale)}/cases/${id}/reading-letter`,
  /** Issue 16: a submission received by post, e-mail, phone, in person or e-address, put in the register (`?kind=` the form). */
  register: (locale: string, query?: Query) => address(`${staffRoot(locale)}/register`, query),
  /** Issue 16: the mailbox's new mail waiting to be registered or dismissed. */
  mailToRegister: (locale: string, query?: Query) => address(`${staffRoot(locale)}/register/mail`, query),
  /** The printable proof of receipt of any case (issue 16). */
  receipt: (locale: string, id: number) => `${staffRoot(locale)}/cases/${id}/receipt`,
  /** The printable acknowledgement for a client answered by post (issue 16). */
  acknowledgementLetter: (locale: string, id: number) => `${staffRoot(locale)}/cases/${id}/acknowledgement-letter`,
  attachment: (locale: string, caseId: number, fileId: number) => `${staffRoot(locale)}/cases/${caseId}/attachments/${fileId}`,

  readingRoom: (locale: string, query?: Query) => address(`${staffRoot(locale)}/reading-room`, query),
  booking: (locale: string, id: number, query?: Query) => address(`${staffRoot(locale)}/reading-room/bookings/${id}`, query),

  quality: (locale: string) => `${staffRoot(locale)}/quality`,
  qualityPage: (locale: string, page: 'self-check' | 'observations' | 'interviews' | 'campaigns', query?: Query) =>
    address(`${staffRoot(locale)}/quality/${page}`, query),
  report: (locale: string, report: string, query?: Query) => address(`${staffRoot(locale)}/quality/reports/${seg(report)}`, query),
  reportCsv: (locale: string, report: string, query?: Query) => address(`${staffRoot(locale)}/quality/reports/${seg(report)}.csv`, query),
  /** Issue 17: the director's publish step for the public results. */
  results: (locale: string, query?: Query) => address(`${staffRoot(locale)}/quality/results`, query),

  admin: {
    audit: (locale: string, query?: Query) => address(`${staffRoot(locale)}/admin/audit`, query),
    dataRequests: (locale: string, page?: 'export' | 'erase', query?: Query) =>
      address(`${staffRoot(locale)}/admin/data-requests${page ? `/${page}` : ''}`, query),
    retention: (locale: string, query?: Query) => address(`${staffRoot(locale)}/admin/retention`, query),
    readingRoom: (locale: string, query?: Query) => address(`${staffRoot(locale)}/admin/reading-room`, query),
    users: (locale: string, query?: Query) => address(`${staffRoot(locale)}/admin/users`, query),
    newUser: (locale: string) => `${staffRoot(locale)}/admin/users/new`,
    user: (locale: string, id: number, query?: Query) => address(`${staffRoot(locale)}/admin/users/${id}`, query),
    /** The settings, or one section of them (`units`, `units/new`, `units/3`, `calendar/2026-01-01/remove`, …). */
    settings: (locale: string, section?: string, query?: Query) =>
      address(`${settingsRoot(locale)}${section ? `/${section.split('/').map(seg).join('/')}` : ''}`, query),
  },
};

/** An address in a letter: the portal's public base (PUBLIC_URL) and a path from above. */
export function absoluteUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${path}`;
}
