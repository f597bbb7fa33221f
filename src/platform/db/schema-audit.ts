/**
 * The audit tables as Kysely sees them (see migration 0006 for the DDL and indexes). Times are
 * UTC epoch ms; the detail is JSON text. Rows are only ever inserted: the hash chain over them
 * is the audit module's (src/audit/chain-model.ts).
 */

/** One audit entry in the chain. */
export interface AuditLogTable {
  seq: number;
  id: string;
  at: number;
  actor_kind: string;
  actor_id: string | null;
  actor_name: string;
  action: string;
  subject_kind: string;
  subject_id: string | null;
  /** Materialized jurisdiction path; binary collation so subtree ranges are exact on both dialects. */
  subject_path: string | null;
  purpose: string | null;
  grant_id: string | null;
  outcome: string;
  detail: string;
  dedupe_key: string | null;
  prev_hash: string;
  hash: string;
}

/** The chain's head: one row (id 1), the last seq (0 when empty) and its hash. */
export interface AuditHeadTable {
  id: number;
  last_seq: number;
  last_hash: string;
}

/** The audit tables, for `DB`. */
export interface AuditTables {
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
}
