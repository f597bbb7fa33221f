/**
 * The published application scenarios' tables as Kysely sees them (migration 0013). Times are
 * UTC epoch ms; JSON as text. Revisions are append-only (the register's history and the Atom
 * feed's entries); snapshots are written once and never updated (a hash chain shows a rewrite).
 */

/** One application scenario (应用场景) of the register, as it stands now. */
export interface ScenarioTable {
  id: string;
  /** URL-safe name, unique. */
  slug: string;
  name: string;
  name_en: string;
  department: string;
  /** planned | building | online | retired */
  status: string;
  /** `YYYY-MM-DD` or null. */
  launch_date: string | null;
  watches: string;
  watches_en: string;
  /** JSON array of rule ids whose alerts the scenario counts. */
  rule_ids: string;
  /** JSON array of case small-class codes whose closed cases the scenario counts. */
  categories: string;
  created_at: number;
  updated_at: number;
  version: number;
}

/** A scenario as it was after one change (create or update): the register's history. */
export interface ScenarioRevisionTable {
  id: string;
  scenario_id: string;
  /** The scenario's version after the change; unique with the scenario id. */
  version: number;
  at: number;
  /** create | update */
  action: string;
  actor_id: string;
  /** JSON of the scenario's fields after the change (without figures). */
  data: string;
}

/** A frozen monthly snapshot of the register and its figures. Never updated. */
export interface ScenarioSnapshotTable {
  /** `YYYY-MM`, the primary key: one snapshot per month, whatever the number of processes. */
  month: string;
  /** Position in the chain (1 for the first); unique, so two freezes cannot both follow one snapshot. */
  seq: number;
  /** The document exactly as served (UTF-8 JSON text). */
  document: string;
  /** SHA-256 (hex) of the document's UTF-8 bytes. */
  sha256: string;
  /** The previous snapshot's sha256 (also inside the document), null for the first. */
  prev_sha256: string | null;
  frozen_at: number;
  /** User id, or `system:scheduler`. */
  frozen_by: string;
}

/** The scenario tables, for `DB`. */
export interface ScenarioTables {
  scenarios: ScenarioTable;
  scenario_revisions: ScenarioRevisionTable;
  scenario_snapshots: ScenarioSnapshotTable;
}
