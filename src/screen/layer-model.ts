/**
 * The screen's map layers as GeoJSON text (RFC 7946 FeatureCollections, with `asOf` as a foreign
 * member): jurisdictions coloured by open cases and active alerts, active alerts, open cases and
 * devices as points. Built by string concatenation from parts serialized once (a community's
 * simplified boundary is serialized when the level is simplified, not per request), because the
 * big layers are 6,500 polygons and 100,000 points. Every feature repeats its id in
 * `properties.id` so MapLibre can use `promoteId: 'id'` for feature state. Pure.
 */
import type { JurisdictionLevel } from '../geo/model.ts';
import { levelRank, type WarningLevel } from '../rules/signal-model.ts';
import type { SimplifySettings } from './topology-model.ts';
import { STATUS_CODES, type DeviceSnapshot } from './device-snapshot.ts';

/**
 * Simplification per level: about half a screen pixel at the zoom a level is shown at (the city
 * fits a screen at zoom 9–10, ≈ 100 m a pixel; communities are looked at around zoom 15, ≈ 3 m),
 * and coordinates rounded to match (4 decimals ≈ 10 m, 5 ≈ 1 m).
 */
export const LEVEL_SIMPLIFY: Readonly<Record<JurisdictionLevel, SimplifySettings>> = {
  city: { toleranceM: 100, decimals: 4 },
  district: { toleranceM: 50, decimals: 4 },
  street: { toleranceM: 15, decimals: 5 },
  grid: { toleranceM: 5, decimals: 5 },
  community: { toleranceM: 3, decimals: 5 },
};

/** Coordinates of points are sent with 5 decimals (≈ 1 m). */
const round5 = (x: number): number => Math.round(x * 1e5) / 1e5;

/** `minLon,minLat,maxLon,maxLat` → a box, or null when it is not one. */
export function parseBBox(s: string): [number, number, number, number] | null {
  const parts = s.split(',').map(Number);
  if (parts.length !== 4 || parts.some((x) => !Number.isFinite(x))) return null;
  const [a, b, c, d] = parts as [number, number, number, number];
  if (a > c || b > d || a < -180 || c > 180 || b < -90 || d > 90) return null;
  return [a, b, c, d];
}

/** Whether a point lies in a box (null: everywhere). */
export function inBBox(lon: number, lat: number, b: readonly [number, number, number, number] | null | undefined): boolean {
  return !b || (lon >= b[0] && lon <= b[2] && lat >= b[1] && lat <= b[3]);
}

/** The more severe of two levels (null: none). */
export function worse(a: WarningLevel | null, b: WarningLevel): WarningLevel {
  return a === null || levelRank(b) > levelRank(a) ? b : a;
}

/** A FeatureCollection from features already serialized. */
export function featureCollection(features: readonly string[], members: Record<string, unknown>): string {
  const extra = Object.entries(members)
    .map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`)
    .join(',');
  return `{"type":"FeatureCollection",${extra}${extra ? ',' : ''}"features":[${features.join(',')}]}`;
}

/** A point feature. */
export function pointFeature(lon: number, lat: number, properties: Record<string, unknown>): string {
  return `{"type":"Feature","geometry":{"type":"Point","coordinates":[${round5(lon)},${round5(lat)}]},"properties":${JSON.stringify(properties)}}`;
}

/** A polygon feature whose geometry is already JSON. */
export function shapeFeature(geometryJson: string, properties: Record<string, unknown>): string {
  return `{"type":"Feature","geometry":${geometryJson},"properties":${JSON.stringify(properties)}}`;
}

/** What colours a jurisdiction on the map. */
export interface JurisdictionFigures {
  openCases: number;
  activeAlerts: number;
  /** Most severe active alert level, or null. */
  worstLevel: WarningLevel | null;
}

/** Which part of the jurisdiction layer: polygons with figures, polygons alone, or figures alone. */
export type JurisdictionPart = 'all' | 'shapes' | 'figures';

/** Every part, for the query schema. */
export const JURISDICTION_PARTS = ['all', 'shapes', 'figures'] as const satisfies readonly JurisdictionPart[];

/**
 * Device points as GeoJSON; `properties.status` is `online`, `offline` or `unknown`.
 * @example deviceGeoJson(snap, selectDevices(snap, { scopePath }));
 */
export function deviceGeoJson(s: DeviceSnapshot, selected: Uint32Array): string {
  const features: string[] = new Array<string>(selected.length);
  const types = s.types.map((t) => JSON.stringify(t));
  let k = 0;
  // Hand-built: JSON.stringify of 100,000 small objects costs several times more.
  for (const i of selected) {
    features[k++] =
      `{"type":"Feature","geometry":{"type":"Point","coordinates":[${round5(s.lon[i]!)},${round5(s.lat[i]!)}]},` +
      `"properties":{"id":${JSON.stringify(s.ids[i])},"type":${types[s.type[i]!]},"status":"${STATUS_CODES[s.status[i]!]}"}}`;
  }
  return featureCollection(features, { asOf: s.asOf, count: selected.length });
}

/**
 * Device points as parallel arrays, the compact form for 100,000 points (≈ 25 bytes each before
 * gzip): the i-th device is at (`lon[i]`, `lat[i]`), of type `types[type[i]]`, with status
 * `statuses[status[i]]`. No ids: the map draws and counts devices by place, type and status and
 * names none (a device's own page goes through the device API); they were ~1.4 MB of 100,000.
 */
export function deviceColumns(s: DeviceSnapshot, selected: Uint32Array): string {
  const lon: number[] = [];
  const lat: number[] = [];
  const type: number[] = [];
  const status: number[] = [];
  for (const i of selected) {
    lon.push(round5(s.lon[i]!));
    lat.push(round5(s.lat[i]!));
    type.push(s.type[i]!);
    status.push(s.status[i]!);
  }
  return JSON.stringify({ asOf: s.asOf, count: lon.length, types: s.types, statuses: STATUS_CODES, lon, lat, type, status });
}
