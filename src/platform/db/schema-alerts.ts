/**
 * The alerts tables as Kysely sees them (see migration 0004 for the DDL). Times are UTC epoch
 * ms; JSON as text; booleans as 0/1.
 */

/** One alert: a rule firing for one subject, from raise to clear or close. */
export interface AlertTable {
  id: string;
  rule_id: string;
  subject_key: string;
  device_id: string | null;
  /** blue | yellow | orange | red */
  level: string;
  /** raised | acknowledged | cleared | closed */
  state: string;
  /** 1 while raised or acknowledged; a partial unique index keeps one active alert per (rule, subject). */
  active: number;
  /** Small class code of the case catalogue, if the rule or detection names one. */
  category: string | null;
  message: string;
  /** JSON: number, boolean or null. */
  value: string;
  jurisdiction_path: string;
  jurisdiction_id: string | null;
  lon: number | null;
  lat: number | null;
  /** JSON object of the signal's details. */
  details: string;
  /** Event time of the raise signal. */
  raised_at: number;
  /** Time of the latest history entry. */
  updated_at: number;
  /** Event time of the latest signal applied to this alert (for out-of-order checks). */
  last_signal_ts: number;
  /** When the input that raised it arrived. */
  received_at: number;
  acknowledged_at: number | null;
  acknowledged_by: string | null;
  ended_at: number | null;
  ended_by: string | null;
  close_note: string | null;
  /** The policy whose actions were requested last. */
  policy_id: string | null;
  /** JSON array of the action kinds requested so far. */
  requested_actions: string;
  /** Number of history entries. */
  version: number;
}

/** One entry of an alert's history; also the outbox of `alerts` bus events. */
export interface AlertHistoryTable {
  id: string;
  alert_id: string;
  seq: number;
  type: string;
  at: number;
  event_ts: number | null;
  level: string;
  from_level: string | null;
  actor_id: string | null;
  note: string | null;
  /** JSON: number, boolean or null. */
  value: string;
  /** When the entry's bus event was published; null until then. */
  published_at: number | null;
}

/** What a policy asked for when an alert changed (a case, a community task, a notice). */
export interface AlertActionTable {
  id: string;
  alert_id: string;
  /** The history entry (and bus event) that carried it. */
  event_id: string;
  policy_id: string;
  /** create_case | community_task | notify_only */
  action: string;
  /** JSON of the whole request as published. */
  payload: string;
  created_at: number;
}

/** An alert policy, set at one jurisdiction; applies to alerts in its subtree. */
export interface AlertPolicyTable {
  id: string;
  jurisdiction_id: string;
  position: number;
  name: string;
  enabled: number;
  /** JSON of the match conditions. */
  match: string;
  /** JSON array of actions. */
  actions: string;
  updated_at: number;
  updated_by: string | null;
}

/** Every alerts table. */
export interface AlertsTables {
  alerts: AlertTable;
  alert_history: AlertHistoryTable;
  alert_actions: AlertActionTable;
  alert_policies: AlertPolicyTable;
}
