/**
 * The shapes the platform answers, written from the server's zod schemas (see /api/docs). The
 * web app reaches the server only over HTTP, so these are copies: when a route's answer changes,
 * change the type here too.
 */

/** Every role, in display order (src/directory/roles.ts). */
export const ROLES = [
  'admin',
  'shift_lead',
  'dispatcher',
  'intake',
  'inspector',
  'handler',
  'community_worker',
  'auditor',
  'gateway',
] as const;
/** One role name. */
export type Role = (typeof ROLES)[number];

/** A user as `/auth/sign-in` and `/auth/me` show it. */
export interface User {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  jurisdictionId: string;
  unitId: string | null;
}

/** `POST /api/v1/auth/sign-in`. */
export interface SignInAnswer {
  user: User;
  csrfToken: string;
  expiresAt: number;
  /** The password is too old: the session may only change it (POST /api/v1/auth/password). */
  passwordExpired: boolean;
}

/** `GET /api/v1/auth/me`. */
export interface Me {
  user: User;
  csrfToken: string | null;
  scope: { id: string; code: string; name: string; level: string };
  unit: { id: string; code: string; name: string } | null;
}

/** `GET /api/v1/demo/accounts` (demo mode only). */
export interface DemoAccounts {
  accounts: Array<{
    username: string;
    displayName: string;
    roles: Role[];
    scope: { id: string; name: string; level: string } | null;
  }>;
}

/** A jurisdiction level, city first. */
export type JurisdictionLevel = 'city' | 'district' | 'street' | 'grid' | 'community';

/** `GET /api/v1/jurisdictions` items. */
export interface Jurisdiction {
  id: string;
  code: string;
  name: string;
  level: JurisdictionLevel;
  parentId: string | null;
  path: string;
  depth: number;
  bbox: [number, number, number, number];
  center: [number, number];
}

/** The case shapes (case-types.ts). */
export * from './case-types.ts';

/** One jurisdiction of a `GET /api/v1/geo/locate` chain, city first. */
export interface JurisdictionRef {
  id: string;
  code: string;
  name: string;
  level: JurisdictionLevel;
}

/** A GeoJSON FeatureCollection as the platform serves it (polygons of a level). */
export interface FeatureCollection {
  type: 'FeatureCollection';
  features: Array<{ type: 'Feature'; geometry: { type: string; coordinates: unknown } | null; properties: Record<string, unknown> | null }>;
}

/** One group's row of the evaluation (综合评价): its key and name, the counts, and the indicators. */
export interface EvaluationRow {
  /** Unit or centre id, jurisdiction path, category code or case source; null for cases with no unit. */
  groupKey: string | null;
  groupName: string | null;
  counts: Record<string, number>;
  indicators: Record<string, number | null>;
}

/** `GET /api/v1/evaluation`. */
export interface EvaluationAnswer {
  from: number;
  to: number;
  groupBy: string;
  scopePath: string;
  rows: EvaluationRow[];
}
