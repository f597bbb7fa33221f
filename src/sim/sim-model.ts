/**
 * The simulator's vocabulary: scenarios, simulated devices and what they send (readings in the
 * shape of `POST /api/v1/readings` and MQTT payloads, detections in the shape of
 * `POST /api/v1/detections`), and the time helpers the generators share. Pure: no I/O.
 */
import type { Rng } from './rng.ts';

/** The scenarios of MISSION.md the simulator plays. */
export const SCENARIO_NAMES = ['elderly', 'rainstorm', 'manholes', 'construction'] as const;
/** One scenario. */
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

/** The device types the simulator registers (codes of src/sensing/device-types.ts). */
export type SimDeviceType = 'water_meter' | 'water_level_gauge' | 'manhole_cover' | 'camera';

/** Milliseconds in a minute, an hour, a day. */
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Shanghai is UTC+8 all year (no daylight saving since 1991). */
const SHANGHAI_OFFSET_MS = 8 * HOUR;

/**
 * The local hour of day in Shanghai, with fractions (0 ≤ h < 24).
 * @example shanghaiHour(Date.UTC(2026, 10, 27, 0, 30)) // 8.5
 */
export function shanghaiHour(ts: number): number {
  const ms = (((ts + SHANGHAI_OFFSET_MS) % DAY) + DAY) % DAY;
  return ms / HOUR;
}

/** A community of the demo city a device stands in. */
export interface Place {
  code: string;
  name: string;
  /** A point inside the community (WGS-84). */
  center: [number, number];
  /** [minLon, minLat, maxLon, maxLat] */
  bbox: [number, number, number, number];
}

/** A simulated device: what is registered on the platform, plus how often it reports. */
export interface SimDevice {
  /** e.g. `sim-wm-0001`. */
  id: string;
  type: SimDeviceType;
  scenario: ScenarioName;
  /** 0-based number within its scenario. */
  index: number;
  /** The run's seed: generators derive their per-device randomness from it. */
  seed: number;
  name: string;
  /** WGS-84, the community's point plus a little jitter. */
  lon: number;
  lat: number;
  place: { code: string; name: string; center: [number, number] };
  tags: string[];
  householdRef: string | null;
  /** Simulated ms between two reports (cameras: between two looks for something to detect). */
  periodMs: number;
  /** Reports fall at `phaseMs + k · periodMs` (absolute epoch ms), so reruns repeat timestamps. */
  phaseMs: number;
}

/** One reading item, as `POST /api/v1/readings` and the MQTT topic take it. */
export interface SimReading {
  deviceId: string;
  ts: number;
  values: Record<string, number | boolean>;
}

/** One AI detection, as `POST /api/v1/detections` takes it. */
export interface SimDetection {
  /** Stable for (camera, time), so sending it again stores it once. */
  id: string;
  cameraId: string;
  type: 'falling_object' | 'no_helmet';
  confidence: number;
  ts: number;
  building?: string;
  floor?: number;
  unit?: string;
  snapshotRef: string;
  clip: { start: number; end: number };
}

/** Where generated items go. */
export interface Outbox {
  readings: SimReading[];
  detections: SimDetection[];
}

/** What a scenario knows about the run when it plans its devices. */
export interface RunPlan {
  seed: number;
  /** Simulated time of the first report. */
  simStart: number;
}

/** A planned device bound to its scenario's generator. */
export interface SimUnit {
  device: SimDevice;
  /** Generates what the device sends at simulated time `tMs` (one of its report times). */
  emit(tMs: number, rng: Rng, out: Outbox): void;
  /**
   * A status report at wall-clock time (battery), sent while the replay lags the clock so the
   * platform's offline rule, which runs on its own clock, does not take the device for dead.
   * Null for devices without such a rule.
   */
  heartbeat: ((wallMs: number) => SimReading) | null;
}

/** A scenario: its devices and their generator. */
export interface ScenarioDef {
  name: ScenarioName;
  type: SimDeviceType;
  /** Id prefix after `sim-`, e.g. `wm` → `sim-wm-0001`. */
  idPrefix: string;
  /** Tags beside `sim`; the demo rules select some devices by tag (e.g. `elderly_alone`). */
  tags: readonly string[];
  /** Simulated ms between reports at the natural rate. */
  basePeriodMs: number;
  /** Metric values in one report (the platform counts each as a reading); battery not counted. */
  valuesPerReport: number;
  /** Whether `--rate` changes how often the devices report (cameras detect at their own pace). */
  rateScaled: boolean;
  /** Display name of device `index` (0-based). */
  deviceName(index: number, place: Place): string;
  /** The household or building the device serves, if any. */
  householdRef(device: Pick<SimDevice, 'seed' | 'id'>, place: Place): string | null;
  /** Binds a planned device to the generator. */
  unit(device: SimDevice, run: RunPlan): SimUnit;
}

/**
 * Rounds to `digits` decimals (for readable payloads).
 * @example round(12.345, 1) // 12.3
 */
export function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/**
 * Whether a report at `tMs` is the first of its hour (battery goes with it, once an hour).
 * @example firstOfHour(Date.UTC(2026, 0, 1, 8, 0, 30), 60_000) // true
 */
export function firstOfHour(tMs: number, periodMs: number): boolean {
  return Math.floor(tMs / HOUR) !== Math.floor((tMs - periodMs) / HOUR);
}
