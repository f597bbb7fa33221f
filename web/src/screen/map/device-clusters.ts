/**
 * Devices grouped at city and district zoom. 100,000 circles a few pixels wide cannot be read
 * there, and drawing them all is what made panning crawl under software WebGL; the devices
 * source is clustered up to DEVICE_CLUSTER_MAX_ZOOM, each cluster a circle sized by its count and
 * coloured by its share of offline devices (what operators look for). From the next zoom on,
 * every device is its own point again. Clusters count per scenario while clustering, so a
 * scenario view sizes and colours them by its own devices only. Pure.
 */
import { SCENARIOS, SCENARIO_DEFS, type Scenario } from '../scenarios.ts';
import { DEVICE_COLOR } from './colors.ts';
import type { ColorValue, ExpressionSpec, FilterSpec, NumberValue } from './spec-types.ts';

/** Tiles of this zoom and below draw clusters; from the next zoom (one street, 街道, fills the view) devices are points. */
export const DEVICE_CLUSTER_MAX_ZOOM = 13;

/** Cluster radius, px: ~200 clusters over Shanghai at city zoom. */
export const DEVICE_CLUSTER_RADIUS = 40;

/** Offline share at which a cluster is fully the offline colour. */
const OFFLINE_SHARE_FULL = 0.3;

const countKey = (s: Scenario | null) => `n_${s ?? 'all'}`;
const offlineKey = (s: Scenario | null) => `off_${s ?? 'all'}`;

/** 1 when the device is of the scenario's types (always without one), else 0. */
function inScenario(s: Scenario | null): ExpressionSpec {
  return s ? ['case', ['in', ['get', 'type'], ['literal', [...SCENARIO_DEFS[s].deviceTypes]]], 1, 0] : ['literal', 1];
}

/**
 * What the source sums while clustering: devices and offline devices, for all and per scenario.
 * @example deviceClusterProperties().n_all // ['+', ['literal', 1]]
 */
export function deviceClusterProperties(): Record<string, ExpressionSpec> {
  const out: Record<string, ExpressionSpec> = {};
  for (const s of [null, ...SCENARIOS]) {
    out[countKey(s)] = ['+', inScenario(s)];
    out[offlineKey(s)] = ['+', ['*', inScenario(s), ['case', ['==', ['get', 'status'], 'offline'], 1, 0]]];
  }
  return out;
}

/** The clusters that hold devices of the scenario (all clusters without one). */
export function deviceClusterFilter(s: Scenario | null): FilterSpec {
  return ['all', ['has', 'point_count'], ['>', ['get', countKey(s)], 0]];
}

/** A cluster's radius, px, from how many of the scenario's devices it holds. */
export function deviceClusterRadius(s: Scenario | null): NumberValue {
  return ['step', ['get', countKey(s)], 5, 10, 8, 100, 11, 1000, 15, 5000, 20];
}

/** A cluster's colour: online's when none is offline, offline's from OFFLINE_SHARE_FULL offline. */
export function deviceClusterColor(s: Scenario | null): ColorValue {
  const share: ExpressionSpec = ['/', ['get', offlineKey(s)], ['max', 1, ['get', countKey(s)]]];
  return ['interpolate', ['linear'], share, 0, DEVICE_COLOR.online, OFFLINE_SHARE_FULL, DEVICE_COLOR.offline];
}

/** The cluster layer's filter and data-driven paint in a scenario view (all devices without one). */
export function deviceClusterStyle(s: Scenario | null): { filter: FilterSpec; radius: NumberValue; color: ColorValue } {
  return { filter: deviceClusterFilter(s), radius: deviceClusterRadius(s), color: deviceClusterColor(s) };
}
