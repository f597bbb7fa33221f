/**
 * The welfare-visit table as Kysely sees it (migration 0010). One row per welfare-visit task an
 * alert policy asked for (独居老人关爱): the household and residents the platform found for the
 * alerting water meter, who holds the task's grant, and the visit's outcome. Times are UTC epoch
 * ms. No personal data: records are named by their registry ids.
 */

/** A welfare visit. */
export interface WelfareVisitTable {
  id: string;
  /** The alert policy's action request id; the case filed for it has it as its source ref (unique). */
  request_id: string;
  alert_id: string;
  policy_id: string;
  device_id: string | null;
  /** The case filed for the request; null until its first event is seen. */
  case_id: string | null;
  /** The registry housing record, or null when none was found. */
  housing_id: string | null;
  /** JSON array of registry person ids tagged elderly_alone living there. */
  person_ids: string;
  /** Why no household or resident was found (`no_household_ref`, `household_not_found`, `no_elderly_resident`), or null. */
  link_reason: string | null;
  /** The alert's jurisdiction path, for scoped reads. */
  jurisdiction_path: string;
  /** open | visited | closed */
  status: string;
  /** The user who accepted the task and holds its grant, or null. */
  holder_user_id: string | null;
  /** The welfare_visit grant the task carries now, or null (none yet, or ended). */
  grant_id: string | null;
  /** The case event the current grant was issued for, so a redelivered event issues none again. */
  grant_event_id: string | null;
  /** visited_well | needs_help | not_home | hospitalised | deceased, or null. */
  outcome: string | null;
  outcome_note: string | null;
  visited_at: number | null;
  outcome_by: string | null;
  outcome_at: number | null;
  created_at: number;
  updated_at: number;
}

/** The welfare tables, for `DB`. */
export interface WelfareTables {
  welfare_visits: WelfareVisitTable;
}
