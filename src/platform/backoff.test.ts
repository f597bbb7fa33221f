import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { backoffCeiling, nextRetryAt, type BackoffPolicy } from './backoff.ts';

const policy: BackoffPolicy = { baseMs: 10_000, capMs: 3_600_000, maxAttempts: 8 };

describe('exponential backoff with jitter', () => {
  it('doubles the ceiling per failure up to the cap', () => {
    expect([1, 2, 3, 4].map((n) => backoffCeiling(policy, n))).toEqual([10_000, 20_000, 40_000, 80_000]);
    expect(backoffCeiling(policy, 20)).toBe(3_600_000);
    expect(backoffCeiling(policy, 5000)).toBe(3_600_000);
  });

  it('waits between half the ceiling and the ceiling, whatever the random source says', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 7 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, r) => {
        const at = nextRetryAt(policy, n, 0, () => r)!;
        expect(at).toBeGreaterThanOrEqual(backoffCeiling(policy, n) / 2);
        expect(at).toBeLessThanOrEqual(backoffCeiling(policy, n));
      }),
    );
  });

  it('gives up after the last attempt', () => {
    expect(nextRetryAt(policy, 8, 0, () => 0)).toBeNull();
    expect(nextRetryAt(policy, 7, 0, () => 0)).toBe(32_000 * 10);
  });
});
