/**
 * The citizen core's table as Kysely sees it (migration 0011): one row per report a citizen
 * handed in through the portal or Open311. Times are UTC epoch ms; JSON as text.
 */

/** A citizen submission. */
export interface CitizenSubmissionTable {
  id: string;
  /** SHA-256 hex of the follow token; unique. */
  token_hash: string;
  channel: string;
  client_id: string | null;
  /** accepted | held | rejected */
  state: string;
  reason: string | null;
  /** JSON array of flag kinds. */
  flags: string;
  category: string;
  description: string;
  lon: number;
  lat: number;
  crs: string;
  wgs_lon: number;
  wgs_lat: number;
  address: string | null;
  /** Contact while held (cleared on decision). */
  contact_name: string | null;
  contact_phone: string | null;
  contact_email: string | null;
  /** JSON array of attachment ids. */
  photos: string;
  media_url: string | null;
  /** JSON object. */
  attributes: string;
  external_ref: string | null;
  jurisdiction_path: string;
  case_id: string | null;
  case_code: string | null;
  duplicate_of: string | null;
  created_at: number;
  decided_at: number | null;
  decided_by: string | null;
  rating: number | null;
  rating_comment: string | null;
  rated_at: number | null;
}

/** The citizen tables, for `DB`. */
export interface CitizenTables {
  citizen_submissions: CitizenSubmissionTable;
}
