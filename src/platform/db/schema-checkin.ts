/**
 * The check-in tables as Kysely sees them (migration 0008). Times are UTC epoch ms; booleans
 * 0/1. A check-in holds a keyed hash of the person key, never the key itself.
 */

/** A venue with a check-in code (场所码). */
export interface VenueTable {
  id: string;
  /** Unguessable, URL-safe; unique. */
  code: string;
  name: string;
  kind: string;
  address: string;
  lon: number;
  lat: number;
  jurisdiction_id: string;
  /** Materialized path; binary collation so prefix ranges are exact on both dialects. */
  jurisdiction_path: string;
  operator_contact: string | null;
  /** 0/1. */
  active: number;
  created_at: number;
  created_by: string;
  deactivated_at: number | null;
}

/** One check-in: venue, time, health status as given, HMAC-SHA256 of the person key (hex). */
export interface CheckinTable {
  id: string;
  venue_id: string;
  person_hash: string;
  checked_in_at: number;
  status: string;
}

/** The check-in tables, for `DB`. */
export interface CheckinTables {
  venues: VenueTable;
  checkins: CheckinTable;
}
