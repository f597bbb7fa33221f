/**
 * A synthetic city of sensors for the rules benchmarks (rules-memory.bench.ts and
 * test/rules/measure-engine.ts): a mix of device types the demo rules watch, what each type
 * reports, and devices shaped like the ones sensing loads from storage.
 */
import type { Device } from '../src/sensing/device-model.ts';
import type { MetricValue, Reading } from '../src/sensing/reading-model.ts';
import { ELDERLY_TAG } from '../src/rules/demo-rules.ts';

/** What each device type reports: metrics and a value for reading number `i`. */
export const METRICS_OF: Readonly<Record<string, ReadonlyArray<readonly [string, (i: number) => MetricValue]>>> = {
  water_level_gauge: [['water_level_cm', (i) => (i % 97) / 4]],
  water_meter: [['volume_m3', (i) => (i % 13) / 1000]],
  manhole_cover: [
    ['tilt_deg', (i) => i % 11],
    ['open', (i) => i % 101 === 0],
  ],
  door_sensor: [['open', (i) => i % 7 === 0]],
};

/**
 * Device types of a mixed city, repeating: water meters (the elderly check and the burst pipe),
 * a standing-water gauge, manhole covers, a door sensor — the types with the most rule state.
 */
export const MIX = ['water_meter', 'water_meter', 'water_meter', 'water_level_gauge', 'manhole_cover', 'manhole_cover', 'door_sensor'];

/** The type of device number `i` in the mixed city. */
export const mixedType = (i: number): string => MIX[i % MIX.length]!;

/** The readings device `id` of `type` sends at `ts` (one per metric of its type). */
export function readingsOf(id: string, type: string, ts: number, i: number, out: Reading[]): void {
  for (const [metric, value] of METRICS_OF[type] ?? []) out.push({ deviceId: id, metric, ts, value: value(i) });
}

/** A UUID-shaped id (36 characters), as long as the platform's own ids. */
export function uuidOf(kind: number, n: number): string {
  const hex = (kind * 1_000_000_007 + n).toString(16).padStart(32, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** A jurisdiction tree of a Shanghai-sized city: 16 districts × 15 streets × 27 communities. */
export function cityTree(): { cityPath: string; communities: Array<{ id: string; path: string }> } {
  const city = uuidOf(1, 0);
  const communities: Array<{ id: string; path: string }> = [];
  for (let d = 0; d < 16; d++)
    for (let s = 0; s < 15; s++)
      for (let c = 0; c < 27; c++) {
        const id = uuidOf(4, communities.length);
        communities.push({ id, path: `/${city}/${uuidOf(2, d)}/${uuidOf(3, d * 15 + s)}/${id}/` });
      }
  return { cityPath: `/${city}/`, communities };
}

/**
 * Device number `i` of the mixed city: every water meter and door sensor is an elderly
 * resident's (the worst case for rule state: both water rules and the door rule apply), with a
 * household; each device has an owner unit and stands in one of `communities`.
 */
export function cityDevice(i: number, communities: ReadonlyArray<{ id: string; path: string }>, at: number): Device {
  const type = mixedType(i);
  const home = type === 'water_meter' || type === 'door_sensor';
  const place = communities[i % communities.length]!;
  return {
    id: `sh-${type.slice(0, 2)}-${String(i).padStart(7, '0')}`,
    type,
    name: null,
    location: [121.4 + (i % 1000) / 10_000, 31.2 + (i % 997) / 10_000],
    jurisdictionId: place.id,
    jurisdictionPath: place.path,
    ownerUnitId: uuidOf(5, i % 192),
    tags: home ? [ELDERLY_TAG] : [],
    householdRef: home ? `hh-${String(i).padStart(8, '0')}` : null,
    offlineAfterS: null,
    createdAt: at,
    updatedAt: at,
  };
}
