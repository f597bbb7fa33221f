/**
 * The Open311 table as Kysely sees it (migration 0012): the api keys of the client applications
 * that may post service requests. Only the key's SHA-256 is stored; times are UTC epoch ms.
 */

/** One client application's api_key. */
export interface Open311ApiKeyTable {
  id: string;
  /** The client's name, unique among keys (e.g. `demo`, `district-app`). */
  name: string;
  /** SHA-256 hex of the key; unique. The key itself is shown once, when made. */
  key_hash: string;
  /** The key's first characters, so an operator can tell keys apart without the secret. */
  key_prefix: string;
  /** The jurisdiction the client may report in (its subtree), or null for the whole city. */
  jurisdiction_id: string | null;
  jurisdiction_path: string | null;
  created_at: number;
  /** Who made it: a user id, or `cli` / `demo`. */
  created_by: string;
  revoked_at: number | null;
  last_used_at: number | null;
}

/** The Open311 tables, for `DB`. */
export interface Open311Tables {
  open311_api_keys: Open311ApiKeyTable;
}
