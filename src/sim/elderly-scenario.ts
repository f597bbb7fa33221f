/**
 * Elderly residents living alone (独居老人): smart water meters with the daily rhythm of one
 * person's use — a morning and an evening peak, a little at noon, near nothing at night — in
 * Shanghai local time. A few meters (one in fifty: `sim-wm-0002`, `-0052`, …) belong to someone
 * who has stopped using water before the simulation began: they report almost nothing, always
 * less than 0.01 m³ in any 12 hours, so the demo rule `demo-elderly-no-water` (tag
 * `elderly_alone`, < 0.01 m³ in 12 h) raises for them once the platform has watched them for
 * 12 hours. Pure: no I/O.
 */
import { ELDERLY_TAG } from '../rules/demo-rules.ts';
import { between, intBetween, rngFor, type Rng } from './rng.ts';
import { firstOfHour, HOUR, MINUTE, round, shanghaiHour, type ScenarioDef, type SimDevice, type SimReading } from './sim-model.ts';

/** A meter with its resident's habits. */
export interface ElderlyMeter extends SimDevice {
  /** Typical use per day, m³ (one person: 70–160 litres). */
  dailyM3: number;
  /** The resident has stopped using water (the case the rule is for). */
  quiet: boolean;
  batteryPct: number;
}

/** Relative use by local hour 0–23 (interpolated between hours). */
const HOURLY = [
  0.03, 0.02, 0.02, 0.02, 0.04, 0.2, 0.9, 1.6, 1.3, 0.8, 0.6, 0.8, 1.0, 0.5, 0.35, 0.35, 0.5, 0.9, 1.5, 1.4, 1.0, 0.7, 0.35, 0.1,
];
const HOURLY_SUM = HOURLY.reduce((a, b) => a + b, 0);

/** Most a quiet meter's dripping tap lets through, m³ per hour (12 h: at most 0.006 m³). */
export const QUIET_DRIP_M3_PER_HOUR = 0.0005;

/** One meter in fifty is quiet: index 1, 51, 101, … */
export function isQuietIndex(index: number): boolean {
  return index % 50 === 1;
}

/**
 * Share of a day's use per hour at a local hour (fractional); integrates to 1 over 24 hours.
 * @example usageDensity(7.5) // ≈ 0.098 (breakfast), usageDensity(3) // ≈ 0.0013
 */
export function usageDensity(localHour: number): number {
  const i = Math.floor(localHour) % 24;
  const f = localHour - Math.floor(localHour);
  return ((HOURLY[i] ?? 0) * (1 - f) + (HOURLY[(i + 1) % 24] ?? 0) * f) / HOURLY_SUM;
}

/**
 * The reading a meter sends at `tMs`: the volume used since its previous report
 * (`periodMs` earlier), with battery once an hour.
 * @example elderlyReading(meter, Date.UTC(2026, 10, 27, 0, 0), rngFor(1, meter.id, t)) // { deviceId, ts, values: { volume_m3: 0.0152… } }
 */
export function elderlyReading(m: ElderlyMeter, tMs: number, rng: Rng): SimReading {
  const hours = m.periodMs / HOUR;
  let volume: number;
  if (m.quiet) {
    volume = rng() < 0.3 ? QUIET_DRIP_M3_PER_HOUR * hours * rng() : 0;
  } else {
    const expected = m.dailyM3 * usageDensity(shanghaiHour(tMs - m.periodMs / 2)) * hours;
    volume = expected * between(rng, 0.2, 1.8);
  }
  const values: Record<string, number> = { volume_m3: Math.floor(volume * 1e7) / 1e7 };
  if (firstOfHour(tMs, m.periodMs)) values.battery_pct = m.batteryPct;
  return { deviceId: m.id, ts: tMs, values };
}

/** The habits of a planned meter, from the run's seed. */
export function elderlyMeter(d: SimDevice): ElderlyMeter {
  const r = rngFor(d.seed, d.id, 'elderly');
  return { ...d, dailyM3: round(between(r, 0.07, 0.16), 3), quiet: isQuietIndex(d.index), batteryPct: intBetween(r, 55, 100) };
}

/** The elderly scenario. */
export const elderlyScenario: ScenarioDef = {
  name: 'elderly',
  type: 'water_meter',
  idPrefix: 'wm',
  tags: ['sim-elderly', ELDERLY_TAG],
  basePeriodMs: 15 * MINUTE,
  valuesPerReport: 1,
  rateScaled: true,
  deviceName: (index) => `模拟 独居老人水表 ${String(index + 1).padStart(4, '0')}`,
  householdRef(d, place) {
    const r = rngFor(d.seed, d.id, 'household');
    return `${place.name} ${intBetween(r, 1, 40)}号楼 ${intBetween(r, 1, 18)}0${intBetween(r, 1, 4)}室`;
  },
  unit(device) {
    const meter = elderlyMeter(device);
    return {
      device,
      emit(t, rng, out) {
        out.readings.push(elderlyReading(meter, t, rng));
      },
      heartbeat: null,
    };
  },
};
