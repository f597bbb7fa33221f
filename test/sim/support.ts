/** Helpers for the simulator's tests: planned devices without a platform, and their output over time. */
import { generateStretch } from '../../src/sim/generate.ts';
import { bindUnits, planDevices } from '../../src/sim/scenarios.ts';
import type { Outbox, Place, ScenarioName, SimDevice, SimUnit } from '../../src/sim/sim-model.ts';

/** Thursday 2026-11-26 00:00 Shanghai time (16:00 UTC the day before). */
export const T0 = Date.UTC(2026, 10, 25, 16, 0, 0);
export const MIN = 60_000;
export const H = 60 * MIN;

/** A few communities (codes and rough places of real ones in 黄浦, 静安, 浦东). */
export const PLACES: Place[] = [
  { code: '310101002001', name: '南京东路第一居委', center: [121.4805, 31.2395], bbox: [121.476, 31.236, 121.485, 31.243] },
  { code: '310106012003', name: '静安寺第三居委', center: [121.4455, 31.2245], bbox: [121.441, 31.221, 121.45, 31.228] },
  { code: '310115004010', name: '陆家嘴第十居委', center: [121.5055, 31.2405], bbox: [121.5, 31.236, 121.511, 31.245] },
  { code: '310115125001', name: '惠南镇第一居委', center: [121.7605, 31.0505], bbox: [121.75, 31.04, 121.77, 31.06] },
];

/**
 * Planned devices of one scenario (seed 7 unless given).
 * @example devicesOf('elderly', 100)
 */
export function devicesOf(scenario: ScenarioName, n: number, seed = 7, rate: number | null = null): SimDevice[] {
  return planDevices({ seed, counts: [[scenario, n]], places: PLACES, rate });
}

/** Devices bound to their generators, the run starting at `simStart`. */
export function unitsOf(scenario: ScenarioName, n: number, simStart = T0, seed = 7, rate: number | null = null): SimUnit[] {
  return bindUnits(devicesOf(scenario, n, seed, rate), { seed, simStart });
}

/** Everything the units send in (from, to]. */
export function run(units: readonly SimUnit[], from: number, to: number, seed = 7): Outbox {
  const out: Outbox = { readings: [], detections: [] };
  generateStretch(units, seed, from, to, out);
  return out;
}

/** A device's readings of one metric over time, oldest first. */
export function series(out: Outbox, deviceId: string, metric: string): Array<{ ts: number; v: number | boolean }> {
  return out.readings
    .filter((r) => r.deviceId === deviceId && r.values[metric] !== undefined)
    .map((r) => ({ ts: r.ts, v: r.values[metric] as number | boolean }))
    .sort((a, b) => a.ts - b.ts);
}
