/**
 * A rainstorm (暴雨积水): standing-water gauges at low points of the road network. The storm
 * crosses the city from west to east (a gauge further east fills up to 20 minutes later); the
 * water rises for 30 minutes, stays for 25, and drains away over an hour. About a third of the
 * gauges stand in low spots that flood to 18–45 cm — above the 15 cm of the demo rule
 * `demo-standing-water-level` for much longer than its 5 minutes, and fast enough for the rise
 * rule — while the rest see 1–12 cm. Storms come every 6 simulated hours, the first 10 minutes
 * after the simulation starts. Pure: no I/O.
 */
import { between, intBetween, rngFor, type Rng } from './rng.ts';
import { firstOfHour, HOUR, MINUTE, round, type RunPlan, type ScenarioDef, type SimDevice, type SimReading } from './sim-model.ts';

/** When storms come: the first at `startMs`, then every `everyMs`. */
export interface StormPlan {
  startMs: number;
  everyMs: number;
}

/** A gauge and how its spot floods. */
export interface RainGauge extends SimDevice {
  /** Deepest water at this spot in a storm, cm. */
  peakCm: number;
  /** How much later than the storm's start the water comes here (the storm moves east). */
  delayMs: number;
  storm: StormPlan;
  batteryPct: number;
}

/** The shape of one storm at a gauge. */
export const STORM_SHAPE = { riseMs: 30 * MINUTE, holdMs: 25 * MINUTE, drainMs: 60 * MINUTE } as const;
/** Storms every 6 simulated hours. */
export const STORM_EVERY_MS = 6 * HOUR;
/** The first storm starts this long after the simulation. */
export const FIRST_STORM_AFTER_MS = 10 * MINUTE;
/** Share of gauges in low spots that flood above the warning level. */
export const DEEP_SHARE = 0.35;

const smooth = (x: number) => x * x * (3 - 2 * x);

/**
 * How full a spot is (0–1) `dt` ms after the storm reached it.
 * @example stormShape(40 * 60_000) // 1 (holding), stormShape(-1) // 0
 */
export function stormShape(dt: number): number {
  const { riseMs, holdMs, drainMs } = STORM_SHAPE;
  if (dt <= 0) return 0;
  if (dt < riseMs) return smooth(dt / riseMs);
  if (dt < riseMs + holdMs) return 1;
  if (dt < riseMs + holdMs + drainMs) return 1 - smooth((dt - riseMs - holdMs) / drainMs);
  return 0;
}

/**
 * Time since the latest storm reached the gauge, or a negative number before the first.
 * @example sinceStorm(gauge, gauge.storm.startMs + gauge.delayMs + 60_000) // 60000
 */
export function sinceStorm(g: RainGauge, tMs: number): number {
  const dt = tMs - g.storm.startMs - g.delayMs;
  return dt < 0 ? dt : dt % g.storm.everyMs;
}

/**
 * The water level at a gauge at `tMs`, cm (0.1 cm resolution, a little sensor noise).
 * @example rainGaugeReading(gauge, t, rngFor(1, gauge.id, t)).values.water_level_cm // 23.4 during the storm
 */
export function rainGaugeReading(g: RainGauge, tMs: number, rng: Rng): SimReading {
  const level = g.peakCm * stormShape(sinceStorm(g, tMs)) + between(rng, -0.3, 0.3);
  const values: Record<string, number> = { water_level_cm: round(Math.max(0, level), 1) };
  if (firstOfHour(tMs, g.periodMs)) values.battery_pct = g.batteryPct;
  return { deviceId: g.id, ts: tMs, values };
}

/** The first storm of a run. */
export function stormPlan(run: RunPlan): StormPlan {
  return { startMs: run.simStart + FIRST_STORM_AFTER_MS, everyMs: STORM_EVERY_MS };
}

/** How a planned gauge's spot floods, from the run's seed; the storm reaches it by longitude. */
export function rainGauge(d: SimDevice, storm: StormPlan): RainGauge {
  const r = rngFor(d.seed, d.id, 'rainstorm');
  const deep = r() < DEEP_SHARE;
  const peakCm = round(deep ? between(r, 18, 45) : between(r, 1, 12), 1);
  // Shanghai spans about 120.85°–122.0° E; the storm takes 20 minutes to cross it.
  const east = Math.min(1, Math.max(0, (d.lon - 120.85) / 1.15));
  return { ...d, peakCm, delayMs: Math.round(east * 20 * MINUTE), storm, batteryPct: intBetween(r, 60, 100) };
}

/** The rainstorm scenario. */
export const rainstormScenario: ScenarioDef = {
  name: 'rainstorm',
  type: 'water_level_gauge',
  idPrefix: 'wl',
  tags: ['sim-rainstorm'],
  basePeriodMs: MINUTE,
  valuesPerReport: 1,
  rateScaled: true,
  deviceName: (index, place) => `模拟 积水监测 ${String(index + 1).padStart(4, '0')} · ${place.name}`,
  householdRef: () => null,
  unit(device, run) {
    const gauge = rainGauge(device, stormPlan(run));
    return {
      device,
      emit(t, rng, out) {
        out.readings.push(rainGaugeReading(gauge, t, rng));
      },
      heartbeat: (wallMs) => ({ deviceId: device.id, ts: wallMs, values: { battery_pct: gauge.batteryPct } }),
    };
  },
};
