/**
 * Windowed aggregate, pure: `sum(volume_m3) over 12 h < 0.01` (the elderly-living-alone rule),
 * `sum(volume_m3) over 24 h > 2` (burst pipe), and avg/min/max/count alike.
 *
 * The window is a ring of buckets (window-buckets.ts). Readings are inserted in event time, also
 * when they arrive out of order; one older than the whole ring cannot change the window and is
 * dropped. The rule is evaluated at the newest event time seen on readings and at the clock on
 * ticks, so a meter that goes quiet is noticed although it sends nothing. It raises only once
 * the device has been observed for `minObserved` (the elderly rule: a whole window — a meter
 * first seen an hour ago has not been "quiet for 12 hours"), and stays raised until the clear
 * condition holds.
 */
import type { Reading } from '../sensing/reading-model.ts';
import { compare, formatDuration, type AggregateParams } from './model.ts';
import { unchanged, type EvalResult } from './verdict.ts';
import { advanceRing, bucketOf, foldRing, slotOf } from './window-buckets.ts';

/** Per-(rule, device) state of an aggregate rule. */
export interface AggregateState {
  /** Newest bucket number held; NaN before the first reading. */
  head: number;
  /** Event time of the oldest reading seen; NaN before the first. */
  firstTs: number;
  /** Newest event time evaluated: of a reading, or of a tick that raised or cleared; NaN before the first reading. */
  lastTs: number;
  firing: boolean;
  /** Per bucket: the sum (sum, avg), count (count), min or max; `buckets + 1` slots. */
  acc: number[];
  /** Per bucket reading counts, for avg only (else empty). */
  cnt: number[];
}

/** The bucket size of a rule, ms. */
export function bucketSize(p: AggregateParams): number {
  return p.window / p.buckets;
}

// Module-level folds: a closure created per call costs more than the fold itself.
const add2 = (a: number, v: number): number => a + v;

function identity(p: AggregateParams): number {
  return p.fn === 'min' ? Infinity : p.fn === 'max' ? -Infinity : 0;
}

/** The state of a device the rule has not seen yet. */
export function initialAggregate(p: AggregateParams): AggregateState {
  const len = p.buckets + 1;
  return {
    head: NaN,
    firstTs: NaN,
    lastTs: NaN,
    firing: false,
    acc: new Array<number>(len).fill(identity(p)),
    cnt: p.fn === 'avg' ? new Array<number>(len).fill(0) : [],
  };
}

/**
 * The aggregate of the window ending at time `t` (≥ the newest reading), or null when it has no
 * value (avg, min, max of an empty window). Sum and count of an empty window are 0.
 */
export function windowValue(s: AggregateState, t: number, p: AggregateParams): number | null {
  if (Number.isNaN(s.head)) return p.fn === 'sum' || p.fn === 'count' ? 0 : null;
  const from = bucketOf(t, bucketSize(p)) - p.buckets;
  const to = s.head;
  if (from > to) return p.fn === 'sum' || p.fn === 'count' ? 0 : null;
  const lo = Math.max(from, to - p.buckets);
  switch (p.fn) {
    case 'sum':
    case 'count':
      return foldRing(s.acc, lo, to, 0, add2);
    case 'avg': {
      const n = foldRing(s.cnt, lo, to, 0, add2);
      return n === 0 ? null : foldRing(s.acc, lo, to, 0, add2) / n;
    }
    case 'min': {
      const m = foldRing(s.acc, lo, to, Infinity, Math.min);
      return m === Infinity ? null : m;
    }
    case 'max': {
      const m = foldRing(s.acc, lo, to, -Infinity, Math.max);
      return m === -Infinity ? null : m;
    }
  }
}

function add(p: AggregateParams, acc: number, v: number): number {
  switch (p.fn) {
    case 'sum':
    case 'avg':
      return acc + v;
    case 'count':
      return acc + 1;
    case 'min':
      return Math.min(acc, v);
    case 'max':
      return Math.max(acc, v);
  }
}

function varsOf(p: AggregateParams) {
  return { metric: p.metric, fn: p.fn, window: formatDuration(p.window), threshold: p.threshold };
}

/** Raises or clears at time `t` according to the window's value. */
function decide(s: AggregateState, t: number, p: AggregateParams): EvalResult<AggregateState> {
  const value = windowValue(s, t, p);
  if (!s.firing) {
    const observed = !Number.isNaN(s.firstTs) && t - s.firstTs >= p.minObserved;
    if (value === null || !observed || !compare(p.op, value, p.threshold)) return unchanged(s);
    return { state: { ...s, firing: true }, signals: [{ kind: 'raise', ts: t, value, vars: varsOf(p) }] };
  }
  const clear = value === null || (p.clear ? compare(p.clear.op, value, p.clear.threshold) : !compare(p.op, value, p.threshold));
  if (!clear) return unchanged(s);
  return { state: { ...s, firing: false }, signals: [{ kind: 'clear', ts: t, value, vars: varsOf(p) }] };
}

/**
 * Inserts one reading into the window and evaluates at the newest event time.
 * @example aggregateOnReading(initialAggregate(p), { deviceId: 'm', metric: 'volume_m3', ts, value: 0.002 }, p);
 */
export function aggregateOnReading(s: AggregateState, r: Reading, p: AggregateParams): EvalResult<AggregateState> {
  if (r.metric !== p.metric) return unchanged(s);
  const v = typeof r.value === 'number' ? r.value : r.value ? 1 : 0;
  const b = bucketOf(r.ts, bucketSize(p));
  const len = p.buckets + 1;
  let { head, acc, cnt } = s;
  if (Number.isNaN(head) || b > head) {
    const empty = identity(p);
    acc = Number.isNaN(head) ? new Array<number>(len).fill(empty) : advanceRing(acc, head, b, empty);
    if (p.fn === 'avg') cnt = Number.isNaN(head) ? new Array<number>(len).fill(0) : advanceRing(cnt, head, b, 0);
    head = b;
  }
  if (b > head - len) {
    const i = slotOf(b, len);
    acc = acc === s.acc ? acc.slice() : acc;
    acc[i] = add(p, acc[i] ?? identity(p), v);
    if (p.fn === 'avg') {
      cnt = cnt === s.cnt ? cnt.slice() : cnt;
      cnt[i] = (cnt[i] ?? 0) + 1;
    }
  }
  const firstTs = Number.isNaN(s.firstTs) ? r.ts : Math.min(s.firstTs, r.ts);
  const lastTs = Number.isNaN(s.lastTs) ? r.ts : Math.max(s.lastTs, r.ts);
  return decide({ head, firstTs, lastTs, firing: s.firing, acc, cnt }, lastTs, p);
}

/**
 * Evaluates the window ending at the clock (so silence is noticed); changes no bucket. A raise
 * or clear moves `lastTs` to its time, so that a later decision — on a reading that arrives late
 * — is never stamped before it (the alerts service would take it for a stale repeat).
 */
export function aggregateOnTick(s: AggregateState, now: number, p: AggregateParams): EvalResult<AggregateState> {
  if (Number.isNaN(s.head)) return unchanged(s);
  const t = Math.max(now, s.lastTs);
  const res = decide(s, t, p);
  return res.signals.length === 0 ? res : { state: { ...res.state, lastTs: t }, signals: res.signals };
}

/** Whether the rule is currently raised for this device. */
export function aggregateFiring(s: AggregateState): boolean {
  return s.firing;
}
