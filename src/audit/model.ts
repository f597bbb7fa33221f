/**
 * The audit log's contract: what a module hands the log when something worth answering for
 * happens (a sign-in, a permission change, a read of personal data, a grant, an export, a
 * deletion, a case transition). Entries are append-only and hash-chained by the audit service;
 * callers only describe what happened. Pure types, no I/O.
 *
 * Never put personal information in clear into an entry: name the record by its id, the
 * purpose by its code, the grant by its id. The log is read by auditors, who may not see the
 * data the entry is about.
 */

/** Who did it: a signed-in person or machine, or the platform itself (scheduler, policies). */
export type AuditActor =
  | { kind: 'user'; userId: string; username: string }
  | { kind: 'system'; name: string }
  /** Someone not (yet) identified, e.g. a failed sign-in for an unknown username. */
  | { kind: 'anonymous'; label: string };

/** What the entry is about. `path` is the jurisdiction path it belongs to, for scoped search. */
export interface AuditSubject {
  /** e.g. `person`, `entity`, `housing`, `grant`, `case`, `user`, `session`, `venue`, `checkins`, `audit`. */
  kind: string;
  /** The record's id, or null for a whole kind (e.g. an export or a purge). */
  id: string | null;
  /** Materialized jurisdiction path (`/…/`) the subject lives in, or null if it has none. */
  path: string | null;
}

/**
 * One thing that happened, as a module reports it.
 * @example { actor: { kind: 'user', userId, username }, action: 'registry.read', subject: { kind: 'person', id, path }, purpose: 'welfare_visit', grantId, outcome: 'ok', detail: { masked: false } }
 */
export interface AuditInput {
  actor: AuditActor;
  /** Dotted verb, module first: `auth.sign_in`, `registry.read`, `grant.approve`, `checkin.purge`, `case.dispatch` … */
  action: string;
  subject: AuditSubject;
  /** Purpose code the act was done under (用途), e.g. `welfare_visit`, or null. */
  purpose?: string | null;
  /** The purpose grant that allowed it, if any. */
  grantId?: string | null;
  /** `ok` (done), `denied` (refused by a rule), `failed` (tried and failed). Default `ok`. */
  outcome?: 'ok' | 'denied' | 'failed';
  /** Small JSON facts without personal data: counts, field names, masked or not, reasons. */
  detail?: Record<string, unknown>;
  /** When it happened (epoch ms); the log's clock if omitted. */
  at?: number;
  /**
   * Makes the entry idempotent: an entry whose key is already in the log is not appended again
   * (e.g. a bus event id, so a redelivered event is logged once). Omit for plain entries.
   */
  dedupeKey?: string | null;
}

/**
 * Where modules send entries. `record` resolves once the entries are stored in the chain, so
 * a caller that must not act unaudited (a read of personal data) awaits it before answering.
 */
export interface AuditRecorder {
  record(entries: AuditInput | readonly AuditInput[]): Promise<void>;
}
