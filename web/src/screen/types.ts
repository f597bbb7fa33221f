/**
 * The shapes the screen routes answer (src/screen/routes.ts, src/live/event-model.ts), copied
 * here because the browser reaches the server only over HTTP: when a route's answer changes,
 * change the type here too.
 */
import type { CaseState, JurisdictionLevel, Light } from '../api/types.ts';

/** The four warning levels, mildest first (src/rules/signal-model.ts). */
export const WARNING_LEVELS = ['blue', 'yellow', 'orange', 'red'] as const;
/** One warning level. */
export type WarningLevel = (typeof WARNING_LEVELS)[number];

/** `GET /api/v1/screen/kpis`. */
export interface ScreenKpis {
  asOf: number;
  scopePath: string;
  timeZone: string;
  today: { from: number; to: number };
  month: { from: number; to: number };
  cases: {
    today: number;
    dispatchedToday: number;
    open: number;
    overdue: number;
    onTimeHandlingRate: number | null;
    closingRate: number | null;
  };
  alerts: { active: number; byLevel: Record<WarningLevel, number> };
  devices: { total: number; online: number; offline: number; unknown: number; onlineRate: number | null; asOf: number };
  readingsPerSecond: number;
}

/** A GeoJSON point feature whose properties are `P`. */
export interface PointFeature<P> {
  type: 'Feature';
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: P;
}

/** A polygon or multipolygon feature (or none, for a jurisdiction without a boundary). */
export interface ShapeFeature<P> {
  type: 'Feature';
  geometry: { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] } | null;
  properties: P;
}

/** A FeatureCollection with the platform's foreign members. */
export interface Collection<F> {
  type: 'FeatureCollection';
  asOf: number;
  count: number;
  features: F[];
}

/** Properties of a jurisdiction in `/screen/jurisdictions`. */
export interface JurisdictionProps {
  id: string;
  code: string;
  name: string;
  level: JurisdictionLevel;
  openCases: number;
  activeAlerts: number;
  worstLevel: WarningLevel | null;
}

/** Properties of an active alert in `/screen/alerts`. */
export interface AlertProps {
  id: string;
  level: WarningLevel;
  state: 'raised' | 'acknowledged' | 'cleared' | 'closed';
  category: string | null;
  message: string;
  raisedAt: number;
  jurisdictionId: string;
}

/** Properties of an open case in `/screen/cases`. */
export interface CaseProps {
  id: string;
  code: string;
  state: CaseState;
  category: string;
  urgency: string;
  light: Light | null;
  dueAt: number | null;
  reportedAt: number;
  jurisdictionId: string;
}

/** `GET /api/v1/screen/devices?format=columns`: the i-th device is at (`lon[i]`, `lat[i]`). */
export interface DeviceColumns {
  asOf: number;
  count: number;
  types: string[];
  statuses: Array<'unknown' | 'online' | 'offline'>;
  lon: number[];
  lat: number[];
  type: number[];
  status: number[];
}

/** `GET /api/v1/jurisdictions/:id`. */
export interface JurisdictionDetail {
  id: string;
  code: string;
  name: string;
  level: JurisdictionLevel;
  parentId: string | null;
  path: string;
  bbox: [number, number, number, number];
  center: [number, number];
  ancestors: Array<{ id: string; code: string; name: string; level: JurisdictionLevel }>;
  childCount: number;
}

/** Fields of every live event. */
interface LiveBase {
  id: string;
  path: string;
  at: number;
  lon: number | null;
  lat: number | null;
  category: string | null;
}

/** An alert changed (src/live/event-model.ts LiveAlert). */
export interface LiveAlert extends LiveBase {
  kind: 'alert';
  type: 'alert.raised' | 'alert.level_changed' | 'alert.acknowledged' | 'alert.cleared' | 'alert.closed';
  alertId: string;
  level: WarningLevel;
  state: AlertProps['state'];
  message: string;
}

/** A case moved in the loop (src/live/event-model.ts LiveCase). */
export interface LiveCase extends LiveBase {
  kind: 'case';
  /** `case.<timeline entry type>`, e.g. `case.dispatched`. */
  type: string;
  caseId: string;
  code: string;
  state: CaseState;
  urgency: string;
  message: string;
  dueAt: number | null;
}

/** One event of the live feed. */
export type LiveEvent = LiveAlert | LiveCase;
