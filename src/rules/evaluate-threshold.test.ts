/**
 * Threshold with duration and hysteresis:
 * - raises once the condition has held for the duration, not before; a brief spike does nothing;
 * - stays raised in the hysteresis band, clears below the clear threshold;
 * - `or` conditions (tilt > 15 or open == true) raise too and must all clear;
 * - readings older than the last of their metric are ignored;
 * - a tick confirms a pending duration at `since + for`; a clear is never stamped before that;
 * - properties: raise and clear alternate, starting with a raise; every raise is preceded by
 *   `for` ms of readings all above the threshold; every clear is on a value that satisfies the
 *   clear condition; shuffled input equals the in-order input without the stale readings.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Reading } from '../sensing/reading-model.ts';
import type { ThresholdParams } from './model.ts';
import { initialThreshold, thresholdOnReading, thresholdOnTick, type ThresholdState } from './evaluate-threshold.ts';
import type { SignalDraft } from './verdict.ts';

const MIN = 60_000;
const T0 = Date.UTC(2026, 6, 1, 8, 0, 0);
const WATER: ThresholdParams = {
  metric: 'water_level_cm',
  op: '>',
  threshold: 15,
  clear: { op: '<', threshold: 10 },
  for: 5 * MIN,
  or: [],
};
const level = (minute: number, value: number): Reading => ({ deviceId: 'g1', metric: 'water_level_cm', ts: T0 + minute * MIN, value });

function run(p: ThresholdParams, readings: Reading[], state = initialThreshold(p)): { state: ThresholdState; signals: SignalDraft[] } {
  const signals: SignalDraft[] = [];
  for (const r of readings) {
    const res = thresholdOnReading(state, r, p);
    state = res.state;
    signals.push(...res.signals);
  }
  return { state, signals };
}

describe('threshold evaluator', () => {
  it('raises after the level has stayed above 15 cm for 5 minutes, then clears below 10', () => {
    const { signals } = run(WATER, [level(0, 12), level(1, 16), level(2, 18), level(4, 20), level(6, 21), level(7, 12), level(8, 9)]);
    expect(signals.map((s) => [s.kind, (s.ts - T0) / MIN, s.value])).toEqual([
      ['raise', 6, 21],
      ['clear', 8, 9],
    ]);
    expect(signals[0]?.vars).toMatchObject({ threshold: 15, metric: 'water_level_cm', for: '5 min' });
  });

  it('does nothing for a spike shorter than the duration', () => {
    const { signals, state } = run(WATER, [level(0, 20), level(2, 25), level(4, 30), level(4.5, 14), level(6, 20), level(10, 20)]);
    expect(signals).toEqual([]);
    expect(state).toMatchObject({ phase: 'pending', since: T0 + 6 * MIN });
  });

  it('stays raised between the clear and the raise threshold (hysteresis)', () => {
    const { signals, state } = run(WATER, [level(0, 20), level(5, 20), level(6, 14), level(7, 11), level(8, 10)]);
    expect(signals.map((s) => s.kind)).toEqual(['raise']);
    expect(state.phase).toBe('firing');
  });

  it('raises at once without a duration, and clears when the condition fails without a clear threshold', () => {
    const p: ThresholdParams = { ...WATER, for: 0, clear: null };
    const { signals } = run(p, [level(0, 16), level(1, 15)]);
    expect(signals.map((s) => s.kind)).toEqual(['raise', 'clear']);
  });

  it('raises on any `or` condition and clears only when every condition is clear', () => {
    const p: ThresholdParams = {
      metric: 'tilt_deg',
      op: '>',
      threshold: 15,
      clear: { op: '<', threshold: 5 },
      for: 0,
      or: [{ metric: 'open', op: '==', threshold: true, clear: null }],
    };
    const r = (m: number, metric: string, value: number | boolean): Reading => ({ deviceId: 'c1', metric, ts: T0 + m * MIN, value });
    const { signals } = run(p, [r(0, 'tilt_deg', 2), r(1, 'open', true), r(2, 'tilt_deg', 20), r(3, 'open', false), r(4, 'tilt_deg', 3)]);
    expect(signals.map((s) => [s.kind, (s.ts - T0) / MIN, s.value])).toEqual([
      ['raise', 1, true],
      ['clear', 4, 3],
    ]);
    // A device sending 1/0 for a boolean metric is read as true/false.
    expect(run(p, [r(0, 'open', 1)]).signals.map((s) => s.value)).toEqual([true]);
  });

  it('ignores readings not newer than the last one (out of order, duplicates)', () => {
    const first = run(WATER, [level(0, 20), level(6, 20)]);
    expect(first.signals).toHaveLength(1);
    const late = run(WATER, [level(3, 2), level(6, 2)], first.state);
    expect(late.signals).toEqual([]);
    expect(late.state).toBe(first.state);
  });

  it('a late reading older than a raise confirmed on the clock clears at the raise time, not before', () => {
    let state = run(WATER, [level(0, 20)]).state;
    const raised = thresholdOnTick(state, T0 + 8 * MIN, WATER);
    expect(raised.signals.map((s) => [s.kind, (s.ts - T0) / MIN])).toEqual([['raise', 5]]);
    state = raised.state;
    const late = run(WATER, [level(3, 8)], state);
    expect(late.signals.map((s) => [s.kind, (s.ts - T0) / MIN, s.value])).toEqual([['clear', 5, 8]]);
  });

  it('confirms a pending duration on a tick, allowing for the value to persist', () => {
    const pending = run(WATER, [level(0, 20)]).state;
    expect(thresholdOnTick(pending, T0 + 4 * MIN, WATER).signals).toEqual([]);
    const res = thresholdOnTick(pending, T0 + 5 * MIN, WATER);
    expect(res.signals.map((s) => [s.kind, s.ts, s.value])).toEqual([['raise', T0 + 5 * MIN, 20]]);
    expect(thresholdOnTick(res.state, T0 + 9 * MIN, WATER).signals).toEqual([]);
  });
});

/** Random readings of one gauge: strictly increasing minutes (ints), levels 0–30. */
const stream = fc
  .array(fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 30 })), { minLength: 1, maxLength: 120 })
  .map((steps) => {
    let m = 0;
    return steps.map(([dm, v]) => level((m += dm), v));
  });
const params = fc.record({
  for: fc.constantFrom(0, 2 * MIN, 5 * MIN),
  clearAt: fc.integer({ min: 0, max: 15 }),
});

describe('threshold evaluator properties', () => {
  it('alternates raise and clear, starting with a raise (never two raises without a clear)', () => {
    fc.assert(
      fc.property(stream, params, (readings, q) => {
        const p: ThresholdParams = { ...WATER, for: q.for, clear: { op: '<', threshold: q.clearAt } };
        const kinds = run(p, readings).signals.map((s) => s.kind);
        kinds.forEach((k, i) => expect(k).toBe(i % 2 === 0 ? 'raise' : 'clear'));
      }),
    );
  });

  it('raises only after `for` ms of readings above the threshold, clears only on a clear value', () => {
    fc.assert(
      fc.property(stream, params, (readings, q) => {
        const p: ThresholdParams = { ...WATER, for: q.for, clear: { op: '<', threshold: q.clearAt } };
        for (const s of run(p, readings).signals) {
          const at = readings.findIndex((r) => r.ts === s.ts);
          if (s.kind === 'clear') {
            expect(readings[at]!.value as number).toBeLessThan(q.clearAt);
            continue;
          }
          // Walk back over the run of readings above 15: it must span at least `for`.
          let k = at;
          while (k > 0 && (readings[k - 1]!.value as number) > 15) k--;
          expect(readings[at]!.ts - readings[k]!.ts).toBeGreaterThanOrEqual(q.for);
        }
      }),
    );
  });

  it('treats shuffled input like the in-order input without the readings that arrive stale', () => {
    fc.assert(
      fc.property(
        stream.chain((rs) => fc.shuffledSubarray(rs, { minLength: rs.length, maxLength: rs.length })),
        (shuffled) => {
          let newest = -Infinity;
          const fresh = shuffled.filter((r) => (r.ts > newest ? ((newest = r.ts), true) : false));
          expect(run(WATER, shuffled)).toEqual(run(WATER, fresh));
        },
      ),
    );
  });
});
