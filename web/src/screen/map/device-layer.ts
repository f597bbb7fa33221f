/**
 * Devices on the map (online / offline / unknown): the first answer is drawn in one `setData`;
 * later answers for the same devices change only the points whose status moved, through feature
 * state (no re-tiling of 100,000 points), unless so many moved that one `setData` is cheaper.
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
import { LAYER, SOURCE } from './style.ts';

/** Above this many changes a full `setData` replaces per-feature state. */
const MAX_STATE_CHANGES = 5_000;

/** The device layer's filter in a scenario view: the devices that watch its concern (null: all). */
export function deviceFilter(scenario: Scenario | null): FilterSpec | null {
  return scenario ? ['in', ['get', 'type'], ['literal', [...SCENARIO_DEFS[scenario].deviceTypes]]] : null;
}

/** The device layer. */
export class DeviceLayer {
  private ids: string[] = [];
  private statuses: string[] = [];

  constructor(private readonly map: MapLibreMap) {}

  /** Shows an answer of `/screen/devices?format=columns`. */
  apply(c: DeviceColumns): void {
    if (this.ids.length > 0 && sameIds(this.ids, c.id)) {
      const changes = statusChanges(this.statuses, c);
      if (changes.length <= MAX_STATE_CHANGES) {
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
  }

  /** Keeps only the devices that watch the scenario's concern (all without one). */
  setScenario(scenario: Scenario | null): void {
    this.map.setFilter(LAYER.devices, deviceFilter(scenario));
  }

  /** Forgets the drawn devices (the jurisdiction changed: the next answer is drawn in full). */
  reset(): void {
    this.ids = [];
    this.statuses = [];
  }
}
