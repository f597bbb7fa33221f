/**
 * Devices on the map (online / offline / unknown): the first answer is drawn in one `setData`;
 * later answers for the same devices change only the points whose status moved, through feature
 * state (no re-tiling of 100,000 points), unless so many moved that one `setData` is cheaper or
 * the clusters (city zoom, see device-clusters.ts) have been behind for long enough.
 * Scenario views filter by device type on the layer.
 */
import type { Map as MapLibreMap } from 'maplibre-gl';
import { SCENARIO_DEFS, type Scenario } from '../scenarios.ts';
import type { DeviceColumns } from '../types.ts';
import { deviceFeatures, statusChanges, statusNames } from './device-model.ts';
import { markDevicesDrawn } from './debug-handle.ts';
import { sameIds } from './same-ids.ts';
import { collection, setSourceData } from './sources.ts';
import type { FilterSpec } from './spec-types.ts';
import { DEVICE_POINTS, LAYER, SOURCE } from './style.ts';
import { deviceClusterStyle } from './device-clusters.ts';

/** Above this many changes a full `setData` replaces per-feature state. */
const MAX_STATE_CHANGES = 5_000;

/**
 * Clusters sum statuses while the source is tiled, so feature state does not reach them: once
 * statuses have moved, a full `setData` brings their offline shares up to date, at most this often
 * (each re-clusters 100,000 points in the worker).
 */
const CLUSTER_REFRESH_MS = 120_000;

/** The device layer's filter in a scenario view: the single devices that watch its concern (all without one). */
export function deviceFilter(scenario: Scenario | null): FilterSpec {
  return scenario ? ['all', DEVICE_POINTS, ['in', ['get', 'type'], ['literal', [...SCENARIO_DEFS[scenario].deviceTypes]]]] : DEVICE_POINTS;
}

/** The device layer. */
export class DeviceLayer {
  private ids: string[] = [];
  private statuses: string[] = [];
  /** When the last full `setData` was made, and whether a status moved since (the clusters are behind). */
  private drawnAt = 0;
  private clustersBehind = false;

  constructor(private readonly map: MapLibreMap) {}

  /** Shows an answer of `/screen/devices?format=columns`. */
  apply(c: DeviceColumns): void {
    if (this.ids.length > 0 && sameIds(this.ids, c.id)) {
      const changes = statusChanges(this.statuses, c);
      this.clustersBehind ||= changes.length > 0;
      const refreshClusters = this.clustersBehind && Date.now() - this.drawnAt >= CLUSTER_REFRESH_MS;
      if (changes.length <= MAX_STATE_CHANGES && !refreshClusters) {
        for (const ch of changes) this.map.setFeatureState({ source: SOURCE.devices, id: ch.id }, { status: ch.status });
        this.statuses = statusNames(c);
        return;
      }
    }
    this.map.removeFeatureState({ source: SOURCE.devices });
    setSourceData(this.map, SOURCE.devices, collection(deviceFeatures(c)));
    // Drawn once the map is idle again: the points are tiled and on screen.
    if (c.id.length > 0) this.map.once('idle', markDevicesDrawn);
    this.ids = c.id;
    this.statuses = statusNames(c);
    this.drawnAt = Date.now();
    this.clustersBehind = false;
  }

  /** Keeps only the devices that watch the scenario's concern (all without one). */
  setScenario(scenario: Scenario | null): void {
    this.map.setFilter(LAYER.devices, deviceFilter(scenario));
    const clusters = deviceClusterStyle(scenario);
    this.map.setFilter(LAYER.deviceClusters, clusters.filter);
    this.map.setPaintProperty(LAYER.deviceClusters, 'circle-radius', clusters.radius);
    this.map.setPaintProperty(LAYER.deviceClusters, 'circle-color', clusters.color);
  }

  /** Forgets the drawn devices (the jurisdiction changed: the next answer is drawn in full). */
  reset(): void {
    this.ids = [];
    this.statuses = [];
  }
}
