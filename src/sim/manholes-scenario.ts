/**
 * Manhole covers (窨井盖): a tilt sensor on each cover reads 0–2° (it sits a little askew, and
 * traffic rattles it); now and then — about once in 250 cover-hours — a cover is knocked askew
 * (18–60°) or lifted (`open: true`) for 10 to 90 minutes, which the demo rule
 * `demo-manhole-cover` (> 15° or open) turns into an urgent case. Incidents are drawn per
 * cover and hour from the seed, so they do not depend on how often the cover reports. Pure.
 */
import { between, intBetween, rngFor, type Rng } from './rng.ts';
import { firstOfHour, HOUR, MINUTE, round, type ScenarioDef, type SimDevice, type SimReading } from './sim-model.ts';

/** A cover and its resting tilt. */
export interface ManholeCover extends SimDevice {
  /** How askew the cover rests, degrees (0.2–1.5). */
  baseTiltDeg: number;
  batteryPct: number;
}

/** Something happening to a cover. */
export interface CoverIncident {
  startMs: number;
  endMs: number;
  kind: 'tilted' | 'open';
  tiltDeg: number;
}

/** Chance that an incident starts at a cover in a given hour. */
export const INCIDENTS_PER_COVER_HOUR = 0.004;
/** Longest incident, ms (incidents are looked up this far back). */
export const MAX_INCIDENT_MS = 90 * MINUTE;

/**
 * The incident that starts at a cover in hour `hour` (epoch ms / 1 h, floored), or null.
 * @example incidentInHour(cover, Math.floor(t / 3_600_000))
 */
export function incidentInHour(c: Pick<ManholeCover, 'seed' | 'id'>, hour: number): CoverIncident | null {
  const r = rngFor(c.seed, c.id, 'incident', hour);
  if (r() >= INCIDENTS_PER_COVER_HOUR) return null;
  const startMs = hour * HOUR + Math.floor(r() * HOUR);
  const endMs = startMs + intBetween(r, 10, MAX_INCIDENT_MS / MINUTE) * MINUTE;
  const open = r() < 0.3;
  return { startMs, endMs, kind: open ? 'open' : 'tilted', tiltDeg: round(open ? between(r, 2, 12) : between(r, 18, 60), 1) };
}

/**
 * The incident going on at a cover at `tMs`, or null.
 * @example activeIncident(cover, Date.now())
 */
export function activeIncident(c: Pick<ManholeCover, 'seed' | 'id'>, tMs: number): CoverIncident | null {
  const hour = Math.floor(tMs / HOUR);
  for (let h = hour; h >= hour - Math.ceil(MAX_INCIDENT_MS / HOUR); h--) {
    const i = incidentInHour(c, h);
    if (i && i.startMs <= tMs && tMs < i.endMs) return i;
  }
  return null;
}

/**
 * What a cover reports at `tMs`: tilt, open, and battery once an hour.
 * @example manholeReading(cover, t, rngFor(1, cover.id, t)).values // { tilt_deg: 0.9, open: false }
 */
export function manholeReading(c: ManholeCover, tMs: number, rng: Rng): SimReading {
  const incident = activeIncident(c, tMs);
  const tilt = incident ? incident.tiltDeg + between(rng, -1, 1) : Math.min(2, Math.max(0, c.baseTiltDeg + between(rng, -0.3, 0.4)));
  const values: Record<string, number | boolean> = { tilt_deg: round(Math.max(0, tilt), 1), open: incident?.kind === 'open' };
  if (firstOfHour(tMs, c.periodMs)) values.battery_pct = c.batteryPct;
  return { deviceId: c.id, ts: tMs, values };
}

/** A planned cover's resting tilt and battery, from the run's seed. */
export function manholeCover(d: SimDevice): ManholeCover {
  const r = rngFor(d.seed, d.id, 'manhole');
  return { ...d, baseTiltDeg: round(between(r, 0.2, 1.5), 1), batteryPct: intBetween(r, 50, 100) };
}

/** The manhole-cover scenario. */
export const manholesScenario: ScenarioDef = {
  name: 'manholes',
  type: 'manhole_cover',
  idPrefix: 'mh',
  tags: ['sim-manholes'],
  basePeriodMs: 5 * MINUTE,
  valuesPerReport: 2,
  rateScaled: true,
  deviceName: (index, place) => `模拟 智能井盖 ${String(index + 1).padStart(4, '0')} · ${place.name}`,
  householdRef: () => null,
  unit(device) {
    const cover = manholeCover(device);
    return {
      device,
      emit(t, rng, out) {
        out.readings.push(manholeReading(cover, t, rng));
      },
      heartbeat: (wallMs) => ({ deviceId: device.id, ts: wallMs, values: { battery_pct: cover.batteryPct } }),
    };
  },
};
