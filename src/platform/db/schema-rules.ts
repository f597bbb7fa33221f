/** The rules tables as Kysely sees them (see migration 0003 for the DDL). */

/** A warning rule; kind-specific parameters and the selector are JSON. */
export interface RuleTable {
  id: string;
  name: string;
  description: string;
  kind: string;
  /** JSON: the kind's parameters, durations in ms. */
  params: string;
  /** JSON: device types and tags the rule applies to. */
  applies_to: string;
  /** The jurisdiction subtree the rule acts in (id and materialized path); null = everywhere. */
  jurisdiction_id: string | null;
  jurisdiction_path: string | null;
  level: string;
  message_template: string;
  enabled: number;
  case_category: string | null;
  revision: number;
  /** The revision at which kind or params last changed: saved state of another one is void. */
  state_revision: number;
  created_at: number;
  updated_at: number;
  created_by: string | null;
  updated_by: string | null;
}

/** The saved evaluation state of one rule for one subject (device), so a restart resumes it. */
export interface RuleStateTable {
  rule_id: string;
  subject: string;
  /** The rule's `state_revision` the state belongs to. */
  state_revision: number;
  /** 0/1: whether the rule is raised for the subject (for the state view without the engine). */
  firing: number;
  /** JSON array of the state's numbers (non-finite ones as strings). */
  state: string;
  /** The subject's jurisdiction when saved, for scope-filtered state views. */
  jurisdiction_path: string;
  updated_at: number;
}

/** Every rules table. */
export interface RulesTables {
  rules: RuleTable;
  rule_state: RuleStateTable;
}
