import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createLatencyHistogram } from './latency-histogram.ts';

describe('latency histogram', () => {
  it('is exact for small values and empty when reset', () => {
    const h = createLatencyHistogram();
    for (const v of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) h.record(v);
    expect(h.snapshot()).toMatchObject({ count: 10, min: 1, max: 10, mean: 5.5, p50: 5, p90: 9, p99: 10 });
    h.reset();
    expect(h.snapshot()).toEqual({ count: 0, min: 0, max: 0, mean: 0, p50: 0, p90: 0, p99: 0 });
  });

  it('answers every quantile within 12.5 % above the exact value, never above the max', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 300 }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        (values, q) => {
          const h = createLatencyHistogram();
          for (const v of values) h.record(v);
          const sorted = [...values].sort((a, b) => a - b);
          const exact = sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
          const got = h.quantile(q);
          expect(got).toBeGreaterThanOrEqual(exact);
          expect(got).toBeLessThanOrEqual(Math.max(exact * 1.125, exact + 1));
          expect(got).toBeLessThanOrEqual(sorted[sorted.length - 1]!);
        },
      ),
    );
  });
});
