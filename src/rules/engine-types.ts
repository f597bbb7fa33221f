/** The rules engine's vocabulary: bus subjects, options, dependencies and the views it offers. */
import type { Bus } from '../platform/bus/bus.ts';
import type { Clock } from '../platform/clock.ts';
import type { Database } from '../platform/db/create-db.ts';
import type { DeviceFacts } from '../sensing/reading-model.ts';

/** Bus subject the engine publishes `RuleSignal[]` on. */
export const SIGNALS_SUBJECT = 'signals';
/** Bus subject the rules service announces rule changes on. */
export const RULES_CHANGED_SUBJECT = 'rules.changed';

/** Tunables; the defaults suit a city. A period of 0 turns that timer off (tests drive it by hand). */
export interface EngineOptions {
  /** How often the clock is evaluated (absence, durations, quiet windows). */
  tickMs: number;
  snapshotMs: number;
  /** How often rules are re-read from storage (a safety net for missed change events). */
  rulesPollMs: number;
  /** A tick confirms a threshold duration only this long after it elapsed (late readings). */
  latenessMs: number;
  /** After a start, absence rules give devices this long to be heard from again. */
  restartGraceMs: number;
  /** Subscribe to the bus at start (else the caller feeds `processBatch`/`processDetection`). */
  subscribe: boolean;
  /** Reading subjects to consume, e.g. `readings.*` or one shard's `readings.3`. */
  readingsPattern: string;
}

/** What the engine needs. */
export interface RulesEngineDeps {
  database: Database;
  clock: Clock;
  /** Publishes signals and carries readings and detections; without it, callers collect the returned signals. */
  bus?: Bus | null;
  /** The facts of a device (from sensing); undefined for unknown devices. */
  deviceFacts: (deviceId: string) => DeviceFacts | undefined;
  /** Every registered device, so absence rules watch devices that never reported. */
  deviceIds?: () => Iterable<string>;
  /**
   * Whether this process evaluates a device (its shard is consumed here); default: all. A
   * process consuming `readings.3` binds, loads and saves only the state of shard 3's devices.
   */
  ownsDevice?: (deviceId: string) => boolean;
  options?: Partial<EngineOptions>;
  onError?: (e: unknown, where: string) => void;
}

/** One raised subject in the debugging view. */
export interface FiringSubject {
  deviceId: string;
  jurisdictionPath: string;
  state: unknown;
}

/** Counters for health and benchmarks. */
export interface EngineStats {
  rules: number;
  devices: number;
  boundRows: number;
  stateBytes: number;
  readings: number;
  detections: number;
  signals: number;
  unknownDevices: number;
}

/** The defaults. */
export const DEFAULT_ENGINE_OPTIONS: EngineOptions = {
  tickMs: 15_000,
  snapshotMs: 30_000,
  rulesPollMs: 30_000,
  latenessMs: 10_000,
  restartGraceMs: 300_000,
  subscribe: true,
  readingsPattern: 'readings.*',
};
