/**
 * Windowed aggregate over a ring of buckets:
 * - the elderly rule raises only after the meter has been observed for a whole window, once
 *   12 h pass with (almost) no use, and clears on a reading with use;
 * - the burst-pipe rule raises when 24 h of use pass 2 m³, and clears as the window slides on;
 * - avg/min/max of an empty window have no value and never raise;
 * - properties: for every function and any arrival order, the window's value equals a
 *   brute-force recomputation over the readings in the window; raises and clears alternate.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Reading } from '../sensing/reading-model.ts';
import { AGGREGATE_FNS, type AggregateFn, type AggregateParams } from './model.ts';
import {
  aggregateOnReading,
  aggregateOnTick,
  bucketSize,
  initialAggregate,
  windowValue,
  type AggregateState,
} from './evaluate-aggregate.ts';
import { bucketOf } from './window-buckets.ts';
import type { SignalDraft } from './verdict.ts';

const H = 3_600_000;
const T0 = Date.UTC(2026, 6, 1, 0, 0, 0);
const ELDERLY: AggregateParams = {
  fn: 'sum',
  metric: 'volume_m3',
  window: 12 * H,
  op: '<',
  threshold: 0.01,
  clear: null,
  buckets: 12,
  minObserved: 12 * H,
};
const use = (hour: number, value: number): Reading => ({ deviceId: 'm1', metric: 'volume_m3', ts: T0 + hour * H, value });

function feed(p: AggregateParams, inputs: Array<Reading | number>, state = initialAggregate(p)) {
  const signals: SignalDraft[] = [];
  for (const x of inputs) {
    const res = typeof x === 'number' ? aggregateOnTick(state, x, p) : aggregateOnReading(state, x, p);
    state = res.state;
    signals.push(...res.signals);
  }
  return { state, signals };
}

describe('aggregate evaluator', () => {
  it('elderly: no signal before a whole window was observed, one after 12 quiet hours, cleared by use', () => {
    // Hourly readings with no use from the start: quiet, but not yet observed for 12 h.
    const start = Array.from({ length: 12 }, (_, h) => use(h, 0));
    expect(feed(ELDERLY, start).signals).toEqual([]);
    const { state, signals } = feed(ELDERLY, [...start, use(12, 0), use(13, 0)]);
    expect(signals.map((s) => [s.kind, (s.ts - T0) / H, s.value])).toEqual([['raise', 12, 0]]);
    const cleared = feed(ELDERLY, [use(13.5, 0.04)], state);
    expect(cleared.signals.map((s) => [s.kind, s.value])).toEqual([['clear', 0.04]]);
  });

  it('elderly: a meter that goes silent is noticed on the clock', () => {
    // Normal use for a day, then nothing arrives at all.
    const day = Array.from({ length: 24 }, (_, h) => use(h, 0.02));
    const { state } = feed(ELDERLY, day);
    expect(feed(ELDERLY, [T0 + 30 * H], state).signals).toEqual([]);
    // The window covers ≥ 12 h: the last use (hour 23) leaves it only after hour 36.
    const later = feed(ELDERLY, [T0 + 35.5 * H, T0 + 36 * H, T0 + 37 * H], state);
    expect(later.signals.map((s) => [s.kind, (s.ts - T0) / H])).toEqual([['raise', 36]]);
  });

  it('burst pipe: raises when 24 h of use pass 2 m³ and clears as the window slides on', () => {
    const p: AggregateParams = { ...ELDERLY, window: 24 * H, buckets: 24, op: '>', threshold: 2, minObserved: 0 };
    const { signals } = feed(p, [use(0, 0.5), use(1, 1), use(2, 0.75), T0 + 20 * H, T0 + 26 * H]);
    expect(signals.map((s) => [s.kind, (s.ts - T0) / H, s.value])).toEqual([
      ['raise', 2, 2.25],
      ['clear', 26, 0.75],
    ]);
  });

  it('avg/min/max of an empty window have no value', () => {
    for (const fn of ['avg', 'min', 'max'] as const) {
      const p: AggregateParams = { ...ELDERLY, fn, op: '<', threshold: 100, minObserved: 0 };
      expect(windowValue(initialAggregate(p), T0, p)).toBeNull();
      const { state, signals } = feed(p, [use(0, 5)]);
      expect(signals.map((s) => s.kind)).toEqual(['raise']);
      expect(feed(p, [T0 + 30 * H], state).signals.map((s) => [s.kind, s.value])).toEqual([['clear', null]]);
    }
  });

  it('inserts late readings into their bucket and drops those older than the ring', () => {
    const p: AggregateParams = { ...ELDERLY, minObserved: 0, op: '>', threshold: 1000 };
    const { state } = feed(p, [use(20, 1), use(15, 2), use(3, 4), use(8.5, 8)]);
    expect(windowValue(state, T0 + 20 * H, p)).toBe(11);
  });
});

/** Readings of one meter with small integer values (sums stay exact), in any order. */
const readings = fc.array(fc.tuple(fc.integer({ min: 0, max: 72 * 60 }), fc.integer({ min: 0, max: 9 })), { minLength: 1, maxLength: 80 });
const shape = fc.record({
  fn: fc.constantFrom<AggregateFn>(...AGGREGATE_FNS),
  windowH: fc.constantFrom(1, 6, 12, 24),
  buckets: fc.constantFrom(1, 3, 12),
});

function bruteForce(rs: Reading[], t: number, p: AggregateParams): number | null {
  const from = bucketOf(t, bucketSize(p)) - p.buckets;
  const vs = rs.filter((r) => bucketOf(r.ts, bucketSize(p)) >= from && r.ts <= t).map((r) => r.value as number);
  switch (p.fn) {
    case 'sum':
      return vs.reduce((a, v) => a + v, 0);
    case 'count':
      return vs.length;
    case 'avg':
      return vs.length === 0 ? null : vs.reduce((a, v) => a + v, 0) / vs.length;
    case 'min':
      return vs.length === 0 ? null : Math.min(...vs);
    case 'max':
      return vs.length === 0 ? null : Math.max(...vs);
  }
}

describe('aggregate evaluator properties', () => {
  it('equals a brute-force recomputation over the window, whatever the arrival order', () => {
    fc.assert(
      fc.property(readings, shape, fc.integer({ min: 0, max: 48 * 60 }), (raw, q, laterMin) => {
        const p: AggregateParams = { ...ELDERLY, fn: q.fn, window: q.windowH * H, buckets: q.buckets, minObserved: 0 };
        const rs = raw.map(([m, v]) => ({ deviceId: 'm1', metric: 'volume_m3', ts: T0 + m * 60_000, value: v }));
        const { state } = feed(p, rs);
        const newest = Math.max(...rs.map((r) => r.ts));
        for (const t of [newest, newest + laterMin * 60_000]) {
          const got = windowValue(state, t, p);
          const want = bruteForce(rs, t, p);
          if (want === null || got === null) expect(got).toBe(want);
          else expect(got).toBeCloseTo(want, 9);
        }
      }),
    );
  });

  it('alternates raise and clear whatever the readings and ticks', () => {
    fc.assert(
      fc.property(readings, fc.array(fc.integer({ min: 0, max: 96 * 60 })), (raw, ticks) => {
        const p: AggregateParams = { ...ELDERLY, threshold: 3, clear: { op: '>=', threshold: 5 } };
        const inputs: Array<Reading | number> = raw.map(([m, v]) => use(m / 60, v));
        ticks.forEach((m, i) => inputs.splice(Math.min(i * 2, inputs.length), 0, T0 + m * 60_000));
        let s: AggregateState = initialAggregate(p);
        const kinds: string[] = [];
        for (const x of inputs) {
          const res = typeof x === 'number' ? aggregateOnTick(s, x, p) : aggregateOnReading(s, x, p);
          s = res.state;
          kinds.push(...res.signals.map((g) => g.kind));
        }
        kinds.forEach((k, i) => expect(k).toBe(i % 2 === 0 ? 'raise' : 'clear'));
      }),
    );
  });
});
