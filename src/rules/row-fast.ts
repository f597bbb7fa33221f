/**
 * Fast paths on packed state rows for the readings that change no phase — nearly all of them
 * (a gauge reporting a normal level, a device heard from again). They update the row in place,
 * allocating nothing, where the general path decodes the row into objects, runs the pure
 * evaluator and encodes its new state (≈ 0.3 µs and several objects per rule and reading).
 * When a reading would raise, clear or change a phase, a fast path returns null without touching
 * the row, and the engine takes the general path: the pure evaluators stay the only place that
 * decides. `row-fast.test.ts` checks row for row that both paths agree.
 * Row layouts: row-codecs.ts. Pure: no I/O.
 */
import type { Reading } from '../sensing/reading-model.ts';
import { compare, type AbsenceParams, type RateParams, type ThresholdParams } from './model.ts';
import { conditionsOf } from './evaluate-threshold.ts';
import { counts } from './evaluate-absence.ts';
import { bucketOf, slotOf } from './window-buckets.ts';
import { NO_SIGNALS } from './verdict.ts';

/** What a fast path did (the engine's `Step` without signals), or null: take the general path. */
export interface FastStep {
  signals: typeof NO_SIGNALS;
  changed: boolean;
  material: boolean;
}

/** Evaluates one reading in place, or returns null (row untouched) when the general path must decide. */
export type FastReading = (d: Float64Array, o: number, r: Reading) => FastStep | null;

/** The row did not change. */
export const FAST_UNCHANGED: FastStep = Object.freeze({ signals: NO_SIGNALS, changed: false, material: false });
const CHANGED: FastStep = Object.freeze({ signals: NO_SIGNALS, changed: true, material: false });
const CHANGED_MATERIAL: FastStep = Object.freeze({ signals: NO_SIGNALS, changed: true, material: true });

const IDLE = 0;
const PENDING = 1;
const FIRING = 2;

/**
 * Threshold rows `[phase, since, (ts, value) per condition]`: a newer reading of a condition's
 * metric that keeps the phase (idle and nothing raises; pending and the duration not yet over;
 * firing and not every condition clears) only replaces that condition's latest value.
 * Numeric conditions only (a boolean one is coerced by the general path).
 */
export function thresholdFast(p: ThresholdParams): FastReading | null {
  const conds = conditionsOf(p);
  if (conds.some((c) => typeof c.threshold !== 'number')) return null;
  const n = conds.length;
  const value = (d: Float64Array, o: number, i: number, r: Reading, hit: number): number =>
    i === hit ? (r.value as number) : d[o + 3 + 2 * i]!;
  return (d, o, r) => {
    if (typeof r.value !== 'number') return null;
    let hit = -1;
    for (let i = 0; i < n; i++) {
      if (conds[i]!.metric !== r.metric || !(r.ts > d[o + 2 + 2 * i]!)) continue;
      if (hit >= 0) return null; // one reading feeding two conditions: rare, general path
      hit = i;
    }
    if (hit < 0) return FAST_UNCHANGED;
    const phase = d[o]!;
    let raises = false;
    let clears = true;
    for (let i = 0; i < n; i++) {
      const c = conds[i]!;
      const v = value(d, o, i, r, hit);
      if (Number.isNaN(v)) continue; // no value yet: raises nothing, clears
      if (compare(c.op, v, c.threshold)) raises = true;
      if (c.clear ? !compare(c.clear.op, v, c.clear.threshold) : compare(c.op, v, c.threshold)) clears = false;
    }
    if (phase === IDLE ? raises : phase === PENDING ? !raises || r.ts - d[o + 1]! >= p.for : phase === FIRING ? clears : true) return null;
    d[o + 2 + 2 * hit] = r.ts;
    d[o + 3 + 2 * hit] = r.value;
    return CHANGED;
  };
}

/**
 * Absence rows `[since, firing]`: a reading that is not the end of a raised gap moves the gap's
 * start (or starts the first gap). Material when the start moves to another granule. Rows of
 * devices watched but never heard from (firing slot 2) take the general path.
 */
export function absenceFast(p: AbsenceParams, granule: number): FastReading {
  return (d, o, r) => {
    const since = d[o]!;
    if (d[o + 1] === 2) return null; // watched but never heard from: the general path decides
    if (!counts(r, p)) {
      if (!Number.isNaN(since)) return FAST_UNCHANGED;
      d[o] = r.ts;
      d[o + 1] = 0;
      return CHANGED_MATERIAL;
    }
    if (d[o + 1] === 1) return null;
    if (!Number.isNaN(since) && r.ts <= since) return FAST_UNCHANGED;
    d[o] = r.ts;
    d[o + 1] = 0;
    return Number.isNaN(since) || Math.floor(since / granule) !== Math.floor(r.ts / granule) ? CHANGED_MATERIAL : CHANGED;
  };
}

/**
 * Rate rows `[lastTs, head, firing, ring of extremes]`: a newer reading that neither raises nor
 * clears goes into its bucket (advancing the ring). The ring is worked on in a scratch copy and
 * written back only when no phase changes.
 */
export function rateFast(p: RateParams): FastReading {
  const len = p.buckets + 1;
  const rising = p.direction === 'rising';
  const empty = rising ? Infinity : -Infinity;
  const size = p.within / p.buckets;
  const ring = new Float64Array(len);
  return (d, o, r) => {
    if (r.metric !== p.metric || typeof r.value !== 'number' || r.ts <= d[o]!) return FAST_UNCHANGED;
    const v = r.value;
    const b = bucketOf(r.ts, size);
    const head = d[o + 1]!;
    if (Number.isNaN(head) || b - head >= len) ring.fill(empty);
    else {
      for (let i = 0; i < len; i++) ring[i] = d[o + 3 + i]!;
      for (let k = head + 1; k <= b; k++) ring[slotOf(k, len)] = empty;
    }
    const i = slotOf(b, len);
    ring[i] = rising ? Math.min(ring[i]!, v) : Math.max(ring[i]!, v);
    const next = Number.isNaN(head) ? b : Math.max(head, b);
    let extreme = empty;
    for (let k = next - p.buckets; k <= next; k++) {
      const x = ring[slotOf(k, len)]!;
      extreme = rising ? Math.min(extreme, x) : Math.max(extreme, x);
    }
    const change = rising ? v - extreme : extreme - v;
    const firing = d[o + 2] === 1;
    if (firing ? change < p.clearDelta : change >= p.delta) return null;
    d[o] = r.ts;
    d[o + 1] = next;
    for (let k = 0; k < len; k++) d[o + 3 + k] = ring[k]!;
    return CHANGED;
  };
}
