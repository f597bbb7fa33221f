/**
 * Generating a stretch of simulated time: every report time of every device in (from, to],
 * each with its own random stream derived from (seed, device, time), so what a device sends
 * at a time is the same in every run with the seed — a rerun over the same stretch sends
 * duplicates, which the platform stores once. Pure: no I/O.
 */
import { rngFor } from './rng.ts';
import type { Outbox, SimUnit } from './sim-model.ts';

/**
 * The first report time after `from` on the grid `phase + k · period`.
 * @example firstAfter(1000, 300, 1_000) // 1300
 */
export function firstAfter(period: number, phase: number, from: number): number {
  return phase + (Math.floor((from - phase) / period) + 1) * period;
}

/**
 * Appends to `out` what the units send in the simulated stretch (from, to], in time order per
 * device.
 * @example const out = { readings: [], detections: [] }; generateStretch(units, 7, t0, t0 + 60_000, out);
 */
export function generateStretch(units: readonly SimUnit[], seed: number, from: number, to: number, out: Outbox): void {
  for (const u of units) {
    const { id, periodMs, phaseMs } = u.device;
    for (let t = firstAfter(periodMs, phaseMs, from); t <= to; t += periodMs) u.emit(t, rngFor(seed, id, t), out);
  }
}

/**
 * How many report times the units have in a simulated span (to size a stretch).
 * @example reportsPerMs(units) * 60_000 // reports per simulated minute
 */
export function reportsPerMs(units: readonly SimUnit[]): number {
  let r = 0;
  for (const u of units) r += 1 / u.device.periodMs;
  return r;
}
