/**
 * A rule's evaluator bound to its packed state rows: decode the row, run the pure evaluator,
 * encode the answer back. Also says which changes are worth saving (a threshold's latest value
 * is not; its phase is) and which rows a tick needs to look at, without decoding the others.
 */
import type { Reading } from '../sensing/reading-model.ts';
import type { Rule } from './model.ts';
import { NO_SIGNALS, type EvalResult, type SignalDraft } from './verdict.ts';
import { initialThreshold, thresholdFiring, thresholdOnReading, thresholdOnTick } from './evaluate-threshold.ts';
import { aggregateFiring, aggregateOnReading, aggregateOnTick, bucketSize, initialAggregate } from './evaluate-aggregate.ts';
import { bucketOf } from './window-buckets.ts';
import { absenceFiring, absenceOnReading, absenceOnTick, initialAbsence } from './evaluate-absence.ts';
import { initialRate, rateFiring, rateOnReading } from './evaluate-rate.ts';
import { absenceCodec, aggregateCodec, rateCodec, thresholdCodec, type RowCodec } from './row-codecs.ts';
import { absenceFast, rateFast, thresholdFast, type FastReading } from './row-fast.ts';

/** The outcome of evaluating one row. */
export interface Step {
  signals: SignalDraft[];
  /** The row was rewritten. */
  changed: boolean;
  /** The change is worth saving (phase, window contents, a gap's start moving on). */
  material: boolean;
}

const UNCHANGED: Step = Object.freeze({ signals: NO_SIGNALS, changed: false, material: false });

/** A stateful rule's operations on packed rows. */
export interface RowOps {
  stride: number;
  /** Bind every known device at start, not only those that send readings (absence rules). */
  eager: boolean;
  /** Whether ticks can change anything. */
  ticks: boolean;
  init(d: Float64Array, o: number, seenAt: number): void;
  reading(d: Float64Array, o: number, r: Reading): Step;
  /** Cheap test on the packed row: could a tick at `now` change it, the previous tick having been at `prev`? */
  tickDue(d: Float64Array, o: number, now: number, prev: number): boolean;
  /**
   * Cheap test before a reading at event time `ts`: could the time passed since the row's last
   * input change it (a duration or gap that elapsed between two readings, a window that moved)?
   * The engine then evaluates the clock at `ts` first, so back-filled readings are judged in
   * event time rather than by when they arrive.
   */
  dueAt(d: Float64Array, o: number, ts: number): boolean;
  tick(d: Float64Array, o: number, now: number): Step;
  firing(d: Float64Array, o: number): boolean;
  /** The decoded state as JSON-safe data, for the debugging view. */
  describe(d: Float64Array, o: number): unknown;
  /**
   * Adjusts a row loaded from a snapshot at start. Absence rules give devices `graceMs` to be
   * heard from again, so an outage of the platform is not taken for silence of every device.
   */
  resume(d: Float64Array, o: number, now: number, graceMs: number): void;
}

interface Spec<S> {
  codec: RowCodec<S>;
  initial(seenAt: number): S;
  reading(s: S, r: Reading): EvalResult<S>;
  tick: ((s: S, now: number) => EvalResult<S>) | null;
  tickDue: (d: Float64Array, o: number, now: number, prev: number) => boolean;
  dueAt?: (d: Float64Array, o: number, ts: number) => boolean;
  firing(s: S): boolean;
  material(prev: S, next: S): boolean;
  eager: boolean;
  resume?: (d: Float64Array, o: number, now: number, graceMs: number) => void;
  /** In-place evaluation of the readings that change no phase (row-fast.ts); null: always the general path. */
  fast?: FastReading | null;
}

function apply<S>(codec: RowCodec<S>, prev: S, res: EvalResult<S>, d: Float64Array, o: number, material: boolean): Step {
  if (res.state === prev && res.signals.length === 0) return UNCHANGED;
  if (res.state !== prev) codec.encode(res.state, d, o);
  return { signals: res.signals, changed: res.state !== prev, material: material || res.signals.length > 0 };
}

function jsonSafe(v: unknown): unknown {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (Array.isArray(v)) return v.map(jsonSafe);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, jsonSafe(x)]));
  return v;
}

function opsOf<S>(spec: Spec<S>, useFast: boolean): RowOps {
  const { codec } = spec;
  const fast = useFast ? (spec.fast ?? null) : null;
  return {
    stride: codec.stride,
    eager: spec.eager,
    ticks: spec.tick !== null,
    init: (d, o, seenAt) => codec.encode(spec.initial(seenAt), d, o),
    reading(d, o, r) {
      if (fast) {
        const step = fast(d, o, r);
        if (step) return step;
      }
      const s = codec.decode(d, o);
      const res = spec.reading(s, r);
      return apply(codec, s, res, d, o, res.state !== s && spec.material(s, res.state));
    },
    tickDue: spec.tickDue,
    dueAt: spec.dueAt ?? (() => false),
    tick(d, o, now) {
      if (!spec.tick) return UNCHANGED;
      const s = codec.decode(d, o);
      const res = spec.tick(s, now);
      return apply(codec, s, res, d, o, res.state !== s && spec.material(s, res.state));
    },
    firing: (d, o) => spec.firing(codec.decode(d, o)),
    describe: (d, o) => jsonSafe(codec.decode(d, o)),
    resume: (d, o, now, graceMs) => spec.resume?.(d, o, now, graceMs),
  };
}

/** How far a gap's start must move before it is worth saving again: a tenth of the gap, 1 s–10 min. */
export function absenceGranule(after: number): number {
  return Math.min(600_000, Math.max(1000, Math.floor(after / 10)));
}

/**
 * The row operations of a stateful rule; null for detection rules (no state). `fast: false`
 * leaves out the in-place fast paths (for tests that compare both).
 */
export function rowOpsOf(rule: Rule, options: { fast?: boolean } = {}): RowOps | null {
  const useFast = options.fast ?? true;
  switch (rule.kind) {
    case 'threshold': {
      const p = rule.params;
      return opsOf(
        {
          codec: thresholdCodec(p),
          initial: () => initialThreshold(p),
          reading: (s, r) => thresholdOnReading(s, r, p),
          tick: (s, now) => thresholdOnTick(s, now, p),
          tickDue: (d, o, now) => d[o] === 1 && now - d[o + 1]! >= p.for,
          dueAt: (d, o, ts) => d[o] === 1 && ts - d[o + 1]! >= p.for,
          firing: thresholdFiring,
          material: (a, b) => a.phase !== b.phase || !Object.is(a.since, b.since),
          eager: false,
          fast: thresholdFast(p),
        },
        useFast,
      );
    }
    case 'aggregate': {
      const p = rule.params;
      const size = bucketSize(p);
      return opsOf(
        {
          codec: aggregateCodec(p),
          initial: () => initialAggregate(p),
          reading: (s, r) => aggregateOnReading(s, r, p),
          tick: (s, now) => aggregateOnTick(s, now, p),
          // The window's value moves only when the clock enters a new bucket; between buckets
          // only a device that has just been observed long enough can change.
          tickDue(d, o, now, prev) {
            if (Number.isNaN(d[o]!)) return false;
            const observed = now - d[o + 1]! >= p.minObserved;
            if (bucketOf(now, size) !== bucketOf(prev, size)) return d[o + 3] === 1 || observed;
            return observed && prev - d[o + 1]! < p.minObserved;
          },
          // Before a reading: the window at its time, without it, differs from the one last
          // evaluated (at the newest event time, d[o + 2]) once a bucket boundary lies between.
          dueAt: (d, o, ts) =>
            ts > d[o + 2]! && bucketOf(ts, size) !== bucketOf(d[o + 2]!, size) && (d[o + 3] === 1 || ts - d[o + 1]! >= p.minObserved),
          firing: aggregateFiring,
          material: () => true,
          eager: false,
        },
        useFast,
      );
    }
    case 'absence': {
      const p = rule.params;
      const g = absenceGranule(p.after);
      return opsOf(
        {
          codec: absenceCodec(p),
          initial: (seenAt) => initialAbsence(seenAt),
          reading: (s, r) => absenceOnReading(s, r, p),
          tick: (s, now) => absenceOnTick(s, now, p),
          tickDue: (d, o, now) => d[o + 1] !== 1 && now - d[o]! >= p.after,
          dueAt: (d, o, ts) => d[o + 1] !== 1 && ts - d[o]! >= p.after,
          firing: absenceFiring,
          material: (a, b) =>
            a.firing !== b.firing ||
            a.unheard !== b.unheard ||
            Number.isNaN(a.since) !== Number.isNaN(b.since) ||
            Math.floor(a.since / g) !== Math.floor(b.since / g),
          eager: true,
          resume(d, o, now, graceMs) {
            const floor = now - p.after + graceMs;
            if (d[o + 1] !== 1 && d[o]! < floor) d[o] = floor;
          },
          fast: absenceFast(p, g),
        },
        useFast,
      );
    }
    case 'rate': {
      const p = rule.params;
      return opsOf(
        {
          codec: rateCodec(p),
          initial: () => initialRate(p),
          reading: (s, r) => rateOnReading(s, r, p),
          tick: null,
          tickDue: () => false,
          firing: rateFiring,
          material: (a, b) => a.firing !== b.firing,
          eager: false,
          fast: rateFast(p),
        },
        useFast,
      );
    }
    case 'detection':
      return null;
  }
}
