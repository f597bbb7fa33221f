/**
 * The elderly scenario's meters: pure and deterministic; a daily rhythm in Shanghai time; the
 * quiet ones really stay under 0.01 m³ in every 12 hours (so the demo rule raises), and the
 * others never do (so it does not raise for them), whatever `--rate` does to their periods.
 */
import { describe, expect, it } from 'vitest';
import { elderlyReading, elderlyMeter, isQuietIndex, usageDensity } from '../../src/sim/elderly-scenario.ts';
import { rngFor } from '../../src/sim/rng.ts';
import { ELDERLY_TAG } from '../../src/rules/demo-rules.ts';
import { devicesOf, H, MIN, run, series, T0, unitsOf } from './support.ts';

/** The smallest sum of `values` over any window of `windowMs` ending at a report time (starting ≥ from). */
function minWindowSum(points: Array<{ ts: number; v: number | boolean }>, windowMs: number, from: number): number {
  let min = Infinity;
  for (let i = 0; i < points.length; i++) {
    const end = points[i]!.ts;
    if (end - windowMs < from) continue;
    let sum = 0;
    for (let j = i; j >= 0 && points[j]!.ts > end - windowMs; j--) sum += points[j]!.v as number;
    min = Math.min(min, sum);
  }
  return min;
}

/** The largest sum over any such window. */
function maxWindowSum(points: Array<{ ts: number; v: number | boolean }>, windowMs: number, from: number): number {
  return -minWindowSum(
    points.map((p) => ({ ts: p.ts, v: -(p.v as number) })),
    windowMs,
    from,
  );
}

describe('elderly scenario', () => {
  it('is a pure function of device, time and random stream', () => {
    const [d] = devicesOf('elderly', 1);
    const m = elderlyMeter(d!);
    const t = T0 + 8 * H;
    expect(elderlyReading(m, t, rngFor(7, m.id, t))).toEqual(elderlyReading(m, t, rngFor(7, m.id, t)));
    expect(run(unitsOf('elderly', 20), T0, T0 + 24 * H)).toEqual(run(unitsOf('elderly', 20), T0, T0 + 24 * H));
    // Another seed, other habits.
    expect(run(unitsOf('elderly', 20, T0, 8), T0, T0 + 24 * H, 8)).not.toEqual(run(unitsOf('elderly', 20), T0, T0 + 24 * H));
  });

  it('tags meters for the demo rule and names their household', () => {
    const [d] = devicesOf('elderly', 1);
    expect(d).toMatchObject({ id: 'sim-wm-0001', type: 'water_meter', tags: ['sim', 'sim-elderly', ELDERLY_TAG] });
    expect(d!.householdRef).toMatch(/号楼 \d+室$/);
  });

  it('follows the day: peaks in the morning and evening, almost nothing at night', () => {
    expect(usageDensity(7.5)).toBeGreaterThan(20 * usageDensity(3));
    let day = 0;
    for (let m = 0; m < 24 * 60; m++) day += usageDensity(m / 60) / 60;
    expect(day).toBeCloseTo(1, 2);
    const out = run(unitsOf('elderly', 50), T0, T0 + 7 * 24 * H);
    let night = 0;
    let morning = 0;
    for (const r of out.readings) {
      const local = (((r.ts - T0) % (24 * H)) + 24 * H) % (24 * H);
      if (local > 1 * H && local <= 4 * H) night += r.values.volume_m3 as number;
      if (local > 6 * H && local <= 9 * H) morning += r.values.volume_m3 as number;
    }
    expect(morning).toBeGreaterThan(20 * night);
  });

  it('one meter in fifty is quiet: under 0.01 m³ in every 12 h; the others always above', () => {
    const units = unitsOf('elderly', 100);
    const out = run(units, T0, T0 + 3 * 24 * H);
    const quiet = units.filter((u) => isQuietIndex(u.device.index)).map((u) => u.device.id);
    expect(quiet).toEqual(['sim-wm-0002', 'sim-wm-0052']);
    for (const u of units) {
      const points = series(out, u.device.id, 'volume_m3');
      expect(points).toHaveLength(3 * 24 * 4); // every 15 min
      const min = minWindowSum(points, 12 * H, T0);
      if (quiet.includes(u.device.id)) {
        // Every 12-hour window, from the first report on.
        expect(maxWindowSum(points, 12 * H, T0)).toBeLessThan(0.01);
      } else {
        expect(min, u.device.id).toBeGreaterThan(0.01);
      }
    }
  });

  it('keeps both promises when --rate makes meters report every minute', () => {
    const units = unitsOf('elderly', 60, T0, 7, 1); // 60 meters at 1 reading/s → every minute
    expect(units[0]!.device.periodMs).toBe(MIN);
    const out = run(units, T0, T0 + 26 * H);
    for (const u of units) {
      const points = series(out, u.device.id, 'volume_m3');
      if (isQuietIndex(u.device.index)) expect(maxWindowSum(points, 12 * H, T0)).toBeLessThan(0.01);
      else expect(minWindowSum(points, 12 * H, T0)).toBeGreaterThan(0.01);
    }
  });

  it('sends battery once an hour and values the platform accepts', () => {
    const out = run(unitsOf('elderly', 5), T0, T0 + 6 * H);
    const battery = out.readings.filter((r) => r.deviceId === 'sim-wm-0001' && r.values.battery_pct !== undefined);
    expect(battery).toHaveLength(6);
    for (const r of out.readings) {
      const v = r.values.volume_m3 as number;
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(100);
      expect(r.ts).toBeGreaterThan(T0);
      expect(r.ts).toBeLessThanOrEqual(T0 + 6 * H);
    }
  });
});
