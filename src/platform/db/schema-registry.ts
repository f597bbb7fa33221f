/**
 * The base-data registry tables as Kysely sees them (migration 0007). Times are UTC epoch ms;
 * JSON as text. Which field lives in `open_fields` (clear) and which in `sealed_fields`
 * (AES-256-GCM, one sealed object per record) is decided by src/registry/classification.ts.
 */

/** One base record: a person (人口), a legal entity (法人) or a dwelling (房屋). */
export interface RegistryRecordTable {
  id: string;
  /** `person`, `entity` or `housing`. */
  kind: string;
  /** Upsert key: keyed hash of the ID number, the credit code, or building|unit|room. */
  natural_key: string;
  community_id: string;
  /** The community's materialized path; binary collation so prefix ranges are exact. */
  jurisdiction_path: string;
  building: string | null;
  /** `|tag|tag|`, or empty: a LIKE on `|tag|` finds a tag on both dialects. */
  tags: string;
  /** Public fields joined and lower-cased, for `q`. Never holds a protected field. */
  search: string;
  /** JSON object of the public and internal fields. */
  open_fields: string;
  /** The sensitive and core fields as one sealed JSON object (`v1.<key id>.<base64url>`), or empty. */
  sealed_fields: string;
  created_at: number;
  updated_at: number;
  updated_by: string;
}

/** A purpose grant (用途授权); see src/registry/grant-model.ts. */
export interface PurposeGrantTable {
  id: string;
  grantee_user_id: string;
  purpose: string;
  /** `records` or `jurisdiction`. */
  scope_kind: string;
  subject_kind: string;
  /** The jurisdiction path covered, or for listed records their deepest common ancestor. */
  scope_path: string;
  /** JSON array of record ids (records scope), else null. */
  scope_ids: string | null;
  case_id: string | null;
  reason: string;
  status: string;
  requested_by: string;
  requested_at: number;
  decided_by: string | null;
  decided_at: number | null;
  decision_note: string | null;
  valid_from: number;
  valid_until: number;
  revoked_at: number | null;
  revoked_by: string | null;
}

/** The registry tables, for `DB`. */
export interface RegistryTables {
  registry_records: RegistryRecordTable;
  purpose_grants: PurposeGrantTable;
}
