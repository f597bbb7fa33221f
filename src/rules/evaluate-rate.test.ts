/**
 * Rate of change:
 * - a level rising by 10 cm within 10 minutes raises; the same rise over 30 minutes does not;
 * - it clears once the level stops climbing (the change over the window falls below clearDelta);
 * - falling works the same way down; stale readings are ignored;
 * - property: the change reported on a raise equals the value minus the lowest level among the
 *   readings in the window (brute force over the same buckets).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Reading } from '../sensing/reading-model.ts';
import type { RateParams } from './model.ts';
import { initialRate, rateOnReading, type RateState } from './evaluate-rate.ts';
import { bucketOf } from './window-buckets.ts';
import type { SignalDraft } from './verdict.ts';

const MIN = 60_000;
const T0 = Date.UTC(2026, 6, 1, 8, 0, 0);
const RISE: RateParams = { metric: 'water_level_cm', direction: 'rising', delta: 10, within: 10 * MIN, clearDelta: 5, buckets: 10 };
const lvl = (m: number, value: number): Reading => ({ deviceId: 'g', metric: 'water_level_cm', ts: T0 + m * MIN, value });

function feed(p: RateParams, rs: Reading[], state: RateState = initialRate(p)) {
  const signals: SignalDraft[] = [];
  for (const r of rs) {
    const res = rateOnReading(state, r, p);
    state = res.state;
    signals.push(...res.signals);
  }
  return { state, signals };
}

describe('rate evaluator', () => {
  it('raises on 10 cm within 10 minutes and clears when the level stops climbing', () => {
    const { signals } = feed(RISE, [lvl(0, 2), lvl(3, 5), lvl(6, 9), lvl(8, 13), lvl(12, 14), lvl(20, 14), lvl(25, 14)]);
    expect(signals.map((s) => [s.kind, (s.ts - T0) / MIN, s.value])).toEqual([
      ['raise', 8, 11],
      ['clear', 20, 0],
    ]);
    expect(signals[0]?.vars).toMatchObject({ current: 13, delta: 10, within: '10 min' });
  });

  it('does not raise on the same rise spread over half an hour', () => {
    expect(feed(RISE, [lvl(0, 2), lvl(10, 5), lvl(20, 8), lvl(30, 12)]).signals).toEqual([]);
  });

  it('watches a falling level the same way, and ignores stale readings', () => {
    const fall: RateParams = { ...RISE, direction: 'falling' };
    const { signals, state } = feed(fall, [lvl(0, 30), lvl(5, 18)]);
    expect(signals.map((s) => [s.kind, s.value])).toEqual([['raise', 12]]);
    expect(feed(fall, [lvl(4, 50)], state).state).toBe(state);
  });
});

describe('rate evaluator properties', () => {
  it('reports the change against the lowest level in the window', () => {
    const rs = fc
      .array(fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 40 })), { minLength: 1, maxLength: 60 })
      .map((steps) => {
        let m = 0;
        return steps.map(([dm, v]) => lvl((m += dm), v));
      });
    fc.assert(
      fc.property(rs, (readings) => {
        const p: RateParams = { ...RISE, clearDelta: 0 };
        let s = initialRate(p);
        for (const r of readings) {
          const res = rateOnReading(s, r, p);
          s = res.state;
          const size = p.within / p.buckets;
          const from = bucketOf(r.ts, size) - p.buckets;
          const lowest = Math.min(...readings.filter((x) => x.ts <= r.ts && bucketOf(x.ts, size) >= from).map((x) => x.value as number));
          for (const sig of res.signals) expect(sig.value).toBe((r.value as number) - lowest);
          if (res.signals.some((g) => g.kind === 'raise')) expect((r.value as number) - lowest).toBeGreaterThanOrEqual(p.delta);
        }
      }),
    );
  });
});
