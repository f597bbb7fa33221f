/**
 * Rate of change, pure: `water_level_cm` rising by at least 10 cm within 10 min. Keeps the
 * lowest (rising) or highest (falling) value per bucket over the window, so the change is
 * "now minus the lowest level within the window" without keeping every reading. Readings not
 * newer than the last one are ignored (event time). Clears when the change over the window
 * falls below `clearDelta` — the level stopped climbing; the threshold rule says whether it
 * is still high.
 */
import type { Reading } from '../sensing/reading-model.ts';
import { formatDuration, type RateParams } from './model.ts';
import { unchanged, type EvalResult } from './verdict.ts';
import { advanceRing, bucketOf, foldRing, slotOf } from './window-buckets.ts';

/** Per-(rule, device) state of a rate rule. */
export interface RateState {
  /** Event time of the newest reading used; -Infinity before the first. */
  lastTs: number;
  /** Newest bucket held; NaN before the first reading. */
  head: number;
  /** Per bucket: the lowest (rising) or highest (falling) value; `buckets + 1` slots. */
  ext: number[];
  firing: boolean;
}

function empty(p: RateParams): number {
  return p.direction === 'rising' ? Infinity : -Infinity;
}

/** The state of a device the rule has not seen yet. */
export function initialRate(p: RateParams): RateState {
  return { lastTs: -Infinity, head: NaN, ext: new Array<number>(p.buckets + 1).fill(empty(p)), firing: false };
}

function varsOf(p: RateParams, current: number) {
  return { metric: p.metric, delta: p.delta, within: formatDuration(p.within), direction: p.direction, current };
}

/**
 * Evaluates one reading: inserts it, then compares the change over the window with `delta`.
 * @example rateOnReading(initialRate(p), { deviceId: 'g', metric: 'water_level_cm', ts, value: 12 }, p);
 */
export function rateOnReading(s: RateState, r: Reading, p: RateParams): EvalResult<RateState> {
  if (r.metric !== p.metric || typeof r.value !== 'number' || r.ts <= s.lastTs) return unchanged(s);
  const v = r.value;
  const rising = p.direction === 'rising';
  const size = p.within / p.buckets;
  const b = bucketOf(r.ts, size);
  const len = p.buckets + 1;
  const ext = Number.isNaN(s.head)
    ? new Array<number>(len).fill(empty(p))
    : b > s.head
      ? advanceRing(s.ext, s.head, b, empty(p))
      : s.ext.slice();
  const i = slotOf(b, len);
  ext[i] = rising ? Math.min(ext[i] ?? v, v) : Math.max(ext[i] ?? v, v);
  const head = Number.isNaN(s.head) ? b : Math.max(s.head, b);
  const extreme = foldRing(ext, head - p.buckets, head, empty(p), rising ? Math.min : Math.max);
  const change = rising ? v - extreme : extreme - v;
  const next: RateState = { lastTs: r.ts, head, ext, firing: s.firing };
  if (!s.firing && change >= p.delta) {
    return { state: { ...next, firing: true }, signals: [{ kind: 'raise', ts: r.ts, value: change, vars: varsOf(p, v) }] };
  }
  if (s.firing && change < p.clearDelta) {
    return { state: { ...next, firing: false }, signals: [{ kind: 'clear', ts: r.ts, value: change, vars: varsOf(p, v) }] };
  }
  return unchanged(next);
}

/** Whether the rule is currently raised for this device. */
export function rateFiring(s: RateState): boolean {
  return s.firing;
}
