/**
 * The rainstorm scenario's gauges: pure and deterministic; dry before the storm; about a third
 * of the gauges above 15 cm for well over 5 minutes (the demo rule's warning level and
 * duration), some rising 10 cm within 10 minutes (the rise rule); the rest stay below; the
 * water drains away; the storm reaches eastern gauges later.
 */
import { describe, expect, it } from 'vitest';
import { rainGauge, rainGaugeReading, stormPlan, stormShape, FIRST_STORM_AFTER_MS } from '../../src/sim/rainstorm-scenario.ts';
import { rngFor } from '../../src/sim/rng.ts';
import { devicesOf, H, MIN, run, series, T0, unitsOf } from './support.ts';

/** The longest stretch (ms) a series stays above `level`, counted between reports. */
function longestAbove(points: Array<{ ts: number; v: number | boolean }>, level: number): number {
  let best = 0;
  let since: number | null = null;
  for (const p of points) {
    if ((p.v as number) > level) {
      since ??= p.ts;
      best = Math.max(best, p.ts - since);
    } else since = null;
  }
  return best;
}

/** The largest rise within `withinMs`. */
function largestRise(points: Array<{ ts: number; v: number | boolean }>, withinMs: number): number {
  let best = 0;
  for (let i = 0; i < points.length; i++)
    for (let j = i + 1; j < points.length && points[j]!.ts - points[i]!.ts <= withinMs; j++)
      best = Math.max(best, (points[j]!.v as number) - (points[i]!.v as number));
  return best;
}

describe('rainstorm scenario', () => {
  const storm = stormPlan({ seed: 7, simStart: T0 });

  it('is a pure function of device, time and random stream', () => {
    const g = rainGauge(devicesOf('rainstorm', 1)[0]!, storm);
    const t = storm.startMs + 40 * MIN;
    expect(rainGaugeReading(g, t, rngFor(7, g.id, t))).toEqual(rainGaugeReading(g, t, rngFor(7, g.id, t)));
    expect(run(unitsOf('rainstorm', 10), T0, T0 + 3 * H)).toEqual(run(unitsOf('rainstorm', 10), T0, T0 + 3 * H));
  });

  it('has a storm shape that rises, holds and drains', () => {
    expect(stormShape(-1)).toBe(0);
    expect(stormShape(15 * MIN)).toBeCloseTo(0.5);
    expect(stormShape(40 * MIN)).toBe(1);
    expect(stormShape(3 * H)).toBe(0);
  });

  it('floods some gauges above 15 cm for more than 5 minutes, leaves the others below, then drains', () => {
    const units = unitsOf('rainstorm', 60);
    const out = run(units, T0, T0 + 3 * H);
    let deep = 0;
    let rising = 0;
    for (const u of units) {
      const points = series(out, u.device.id, 'water_level_cm');
      expect(points).toHaveLength(180); // every minute
      const before = points.filter((p) => p.ts < T0 + FIRST_STORM_AFTER_MS);
      for (const p of before) expect(p.v).toBeLessThan(1);
      const peak = rainGauge(u.device, storm).peakCm;
      const above = longestAbove(points, 15);
      if (peak >= 18) {
        deep++;
        expect(above, u.device.id).toBeGreaterThan(5 * MIN);
        expect(above).toBeGreaterThan(25 * MIN);
      } else {
        expect(above, u.device.id).toBe(0);
      }
      if (largestRise(points, 10 * MIN) >= 10) rising++;
      // Drained two and a half hours after the storm began.
      for (const p of points.filter((x) => x.ts > storm.startMs + 2.5 * H)) expect(p.v).toBeLessThan(1);
      for (const p of points) expect(p.v).toBeGreaterThanOrEqual(0);
    }
    expect(deep).toBeGreaterThanOrEqual(12);
    expect(deep).toBeLessThanOrEqual(36);
    expect(rising).toBeGreaterThan(0);
  });

  it('reaches eastern gauges later, and comes back every 6 hours', () => {
    const [d] = devicesOf('rainstorm', 1);
    const west = rainGauge({ ...d!, lon: 121.0 }, storm);
    const east = rainGauge({ ...d!, lon: 121.9 }, storm);
    expect(east.delayMs - west.delayMs).toBeGreaterThan(10 * MIN);
    const deep = { ...west, peakCm: 30 };
    const level = (t: number) => rainGaugeReading(deep, t, rngFor(1, 'x', t)).values.water_level_cm as number;
    expect(level(storm.startMs + west.delayMs + 40 * MIN)).toBeGreaterThan(25);
    expect(level(storm.startMs + west.delayMs + 3 * H)).toBeLessThan(1);
    expect(level(storm.startMs + west.delayMs + 6 * H + 40 * MIN)).toBeGreaterThan(25);
  });
});
