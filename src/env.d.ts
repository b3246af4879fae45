/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    /** The interface language of this request (from the URL, else Accept-Language). */
    locale: string;
    /** Translations fixed to `locale`. */
    t: import('./i18n/index.ts').Translate;
    /** A per-request nonce-free id for log correlation. */
    requestId: string;
    /** The staff person asking, set by the staff gate (middleware) on staff addresses that need one. */
    staff?: import('./staff/access.ts').StaffAccess;
    /** Given by the server (scripts/serve.ts) and read back for the request's log line. */
    requestLog?: RequestLog;
  }
  /** What the request's log line says beyond method, path and status. */
  interface RequestLog {
    requestId: string;
    staffId?: number;
  }
}
