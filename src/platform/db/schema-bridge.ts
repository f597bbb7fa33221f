/**
 * The 12345 / 一网通办 bridge's tables as Kysely sees them (migration 0014). Times are UTC epoch
 * ms; booleans 0/1. A source system's signing secret is stored sealed (AES-256-GCM under a key
 * derived from the data key, bound to the system id), never in clear.
 */

/** An outside system that posts requests and receives status callbacks. */
export interface BridgeSystemTable {
  id: string;
  /** Unique display name, e.g. `12345 市民服务热线`. */
  name: string;
  /** `hotline` (12345), `portal` (一网通办), or `other`. */
  channel: string;
  callback_url: string;
  /** The HMAC secret, sealed: `v1.<key id>.<…>`. */
  secret_sealed: string;
  /** The `gateway` account that may post as this system (one system per account). */
  gateway_user_id: string | null;
  /** 0/1: an inactive system may not post and receives no callbacks. */
  active: number;
  created_at: number;
  created_by: string;
  updated_at: number;
}

/** One request taken in: idempotency by (system, external id); the fingerprint tells a changed repeat. */
export interface BridgeRequestTable {
  id: string;
  system_id: string;
  external_id: string;
  /** SHA-256 of the request as validated (canonical JSON). */
  fingerprint: string;
  case_id: string;
  case_code: string;
  created_at: number;
}

/** One row of the category mapping: normalized category text → small class code. */
export interface BridgeMappingTable {
  /** Normalized (NFKC, trimmed, inner spaces collapsed, lower case). */
  text: string;
  /** As the admin wrote it. */
  label: string;
  category: string;
  updated_at: number;
  updated_by: string;
}

/** One status callback to one system, retried until delivered or dead. */
export interface BridgeCallbackTable {
  id: string;
  system_id: string;
  case_id: string;
  case_code: string;
  external_id: string;
  /** The case timeline entry it reports (unique with the system: a redelivered bus event is sent once). */
  event_id: string;
  /** `accepted`, `dispatched`, `handled`, `closed`, `rejected`, `merged`, `voided`. */
  event: string;
  /** The JSON body exactly as signed and sent. */
  payload: string;
  attempts: number;
  next_attempt_at: number | null;
  /** `pending`, `delivered`, `dead`. */
  state: string;
  last_error: string | null;
  last_status: number | null;
  created_at: number;
  delivered_at: number | null;
}

/** The bridge tables, for `DB`. */
export interface BridgeTables {
  bridge_systems: BridgeSystemTable;
  bridge_requests: BridgeRequestTable;
  bridge_mapping: BridgeMappingTable;
  bridge_callbacks: BridgeCallbackTable;
}
