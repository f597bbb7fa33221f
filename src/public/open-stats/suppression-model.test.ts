import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { suppressedRate, suppressRow } from './suppression-model.ts';

const row = fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 1, maxLength: 12 });
const k = fc.integer({ min: 1, max: 10 });

describe('suppressRow', () => {
  it('hides every count below k and shows every other count unchanged or hidden', () => {
    fc.assert(
      fc.property(row, k, (counts, k) => {
        const r = suppressRow(counts, k);
        counts.forEach((c, i) => {
          if (c < k) expect(r.cells[i]).toBeNull();
          else expect([c, null]).toContain(r.cells[i]);
        });
      }),
    );
  });

  it('never leaves a suppressed cell recoverable from the total: at least two hidden, together at least k', () => {
    fc.assert(
      fc.property(row, k, (counts, k) => {
        const r = suppressRow(counts, k);
        if (r.total === null) return;
        const hidden = counts.filter((_, i) => r.cells[i] === null);
        if (hidden.length === 0) return;
        // total − shown cells = the hidden cells' sum: it must not pin any one of them down.
        const shown = r.cells.reduce<number>((s, c) => s + (c ?? 0), 0);
        expect(r.total - shown).toBe(hidden.reduce((a, b) => a + b, 0));
        if (counts.length >= 2) expect(hidden.length).toBeGreaterThanOrEqual(2);
        expect(hidden.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(k);
      }),
    );
  });

  it('suppresses nothing when every count reaches k', () => {
    fc.assert(
      fc.property(k, fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 8 }), (k, extra) => {
        const counts = extra.map((e) => e + k);
        expect(suppressRow(counts, k).cells).toEqual(counts);
      }),
    );
  });

  it('suppresses the whole row when the total is below k', () => {
    expect(suppressRow([1, 2], 5)).toEqual({ cells: [null, null], total: null, complementary: [] });
  });

  it('adds the next smallest cell when exactly one is below k', () => {
    expect(suppressRow([2, 7, 40], 5)).toEqual({ cells: [null, null, 40], total: 49, complementary: [1] });
  });

  it('keeps adding while the hidden cells sum to less than k (1 + 1 next to a total would tell)', () => {
    expect(suppressRow([1, 1, 6, 30], 5)).toEqual({ cells: [null, null, null, 30], total: 38, complementary: [2] });
  });

  it('refuses a k below 1 and counts that are not counts', () => {
    expect(() => suppressRow([1], 0)).toThrow(RangeError);
    expect(() => suppressRow([1.5], 5)).toThrow(RangeError);
  });
});

describe('suppressedRate', () => {
  it('publishes a rate only over at least k cases', () => {
    expect(suppressedRate(0.75, 4, 5)).toBeNull();
    expect(suppressedRate(0.8, 5, 5)).toBe(0.8);
    expect(suppressedRate(null, 50, 5)).toBeNull();
  });
});
