/**
 * The database's tables as Kysely sees them. Times are UTC epoch milliseconds (bigint);
 * JSON is stored as text; booleans as 0/1 integers so both dialects agree.
 */
import type { ColumnType, Generated } from 'kysely';
import type { SensingTables } from './schema-sensing.ts';
import type { RulesTables } from './schema-rules.ts';
import type { AlertsTables } from './schema-alerts.ts';
import type { CasesTables } from './schema-cases.ts';
import type { CheckinTables } from './schema-checkin.ts';
import type { AuditTables } from './schema-audit.ts';
import type { SecurityTables } from './schema-security.ts';
import type { RegistryTables } from './schema-registry.ts';
import type { WelfareTables } from './schema-welfare.ts';
import type { CitizenTables } from './schema-citizen.ts';
import type { BridgeTables } from './schema-bridge.ts';
import type { Open311Tables } from './schema-open311.ts';
import type { ScenarioTables } from './schema-scenarios.ts';

/** Key-value facts about this installation (e.g. whether the demo city is loaded). */
export interface MetaTable {
  key: string;
  value: string;
}

/** A jurisdiction (市/区/街镇/网格/居村) with its boundary. */
export interface JurisdictionTable {
  id: string;
  code: string;
  name: string;
  level: string;
  parent_id: string | null;
  /** Materialized path of ids from the top, `/id1/id2/`, for subtree checks. */
  path: string;
  depth: number;
  min_lon: number;
  min_lat: number;
  max_lon: number;
  max_lat: number;
  center_lon: number;
  center_lat: number;
  /** GeoJSON Polygon or MultiPolygon, WGS-84. */
  geometry: string;
  created_at: number;
}

/** An operation centre or a department (including asset owners). */
export interface UnitTable {
  id: string;
  code: string;
  kind: string;
  department_kind: string | null;
  name: string;
  name_en: string | null;
  jurisdiction_id: string;
  created_at: number;
}

/** One cell of the responsibility matrix: (category, jurisdiction) → unit. */
export interface ResponsibilityTable {
  id: string;
  category_code: string;
  jurisdiction_id: string;
  unit_id: string;
  created_at: number;
  created_by: string | null;
}

/** A person who signs in. */
export interface UserTable {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  /** JSON array of role names. */
  roles: string;
  jurisdiction_id: string;
  unit_id: string | null;
  disabled: number;
  failures: number;
  last_failure_at: number | null;
  locked_until: number | null;
  password_changed_at: number;
  created_at: number;
}

/** A browser session; the id is the SHA-256 of the cookie value, never the value itself. */
export interface SessionTable {
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  revoked_at: number | null;
  /** When the session last proved the password (sign-in or re-authentication); admin actions need it recent. */
  reauth_at: ColumnType<number | null, number | null | undefined, number | null>;
}

/** A bearer token for machines; only its SHA-256 is stored. */
export interface ApiTokenTable {
  id: string;
  name: string;
  token_hash: string;
  user_id: string;
  created_at: number;
  expires_at: number | null;
  revoked_at: number | null;
  last_used_at: number | null;
}

/** Every table, for `Kysely<DB>`. */
export interface DB
  extends
    SensingTables,
    RulesTables,
    AlertsTables,
    CasesTables,
    AuditTables,
    SecurityTables,
    CheckinTables,
    RegistryTables,
    WelfareTables,
    CitizenTables,
    BridgeTables,
    Open311Tables,
    ScenarioTables {
  meta: MetaTable;
  jurisdictions: JurisdictionTable;
  units: UnitTable;
  responsibilities: ResponsibilityTable;
  users: UserTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
}

/** Unused marker so `Generated` stays importable for later tables with defaults. */
export type AutoId = Generated<number>;
