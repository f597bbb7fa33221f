/**
 * Devices from the compact column answer (`format=columns`: ~25 bytes a device) to what the map
 * draws: which devices a scenario view keeps, their status codes (the groups count offline ones,
 * see device-clusters.ts) and the single devices inside a box (drawn from street zoom on, where a
 * view holds a few thousand of the 100,000 — only those go to the map's worker). Pure.
 */
import { deviceInScenario, type Scenario } from '../scenarios.ts';
import type { DeviceColumns } from '../types.ts';

/** Status codes a point carries (`s`): 0 unknown, 1 online, 2 offline. */
export const DEVICE_STATUS_CODE = { unknown: 0, online: 1, offline: 2 } as const;

/** What a single device point carries: its status code (its feature id is its index in the answer). */
export interface DevicePointProps {
  s: number;
}

/** A single device on the map. */
export interface DevicePoint {
  type: 'Feature';
  id: number;
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: DevicePointProps;
}

/** West, south, east, north. */
export type Box = readonly [number, number, number, number];

/**
 * Indices of the devices of the scenario's types, ascending (all without one).
 * @example keptDevices(c, 'water') // the water level gauges
 */
export function keptDevices(c: DeviceColumns, scenario: Scenario | null): Uint32Array {
  const keepType = c.types.map((t) => deviceInScenario(scenario, t));
  const out = new Uint32Array(c.type.length);
  let k = 0;
  for (let i = 0; i < c.type.length; i++) if (keepType[c.type[i]!]) out[k++] = i;
  return out.subarray(0, k);
}

/** Status codes per device (see {@link DEVICE_STATUS_CODE}), in answer order. */
export function statusCodes(c: DeviceColumns): Uint8Array {
  const byIndex = c.statuses.map((s) => DEVICE_STATUS_CODE[s] ?? 0);
  return Uint8Array.from(c.status, (s) => byIndex[s] ?? 0);
}

/** Points of the kept devices inside `box`. */
export function devicePointsIn(c: DeviceColumns, codes: Uint8Array, keep: Uint32Array, box: Box): DevicePoint[] {
  const [w, s, e, n] = box;
  const out: DevicePoint[] = [];
  for (const i of keep) {
    const lon = c.lon[i]!;
    const lat = c.lat[i]!;
    if (lon < w || lon > e || lat < s || lat > n) continue;
    out.push({ type: 'Feature', id: i, geometry: { type: 'Point', coordinates: [lon, lat] }, properties: { s: codes[i]! } });
  }
  return out;
}

/** Whether `inner` lies inside `outer`. */
export function boxContains(outer: Box, inner: Box): boolean {
  return inner[0] >= outer[0] && inner[1] >= outer[1] && inner[2] <= outer[2] && inner[3] <= outer[3];
}

/** `box` grown by `share` of its width and height on every side. */
export function grownBox(box: Box, share: number): Box {
  const dx = (box[2] - box[0]) * share;
  const dy = (box[3] - box[1]) * share;
  return [box[0] - dx, box[1] - dy, box[2] + dx, box[3] + dy];
}
