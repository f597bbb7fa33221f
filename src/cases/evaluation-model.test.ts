import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  COUNT_KEYS,
  INDICATOR_LABELS,
  SCORE_WEIGHTS,
  addCounts,
  compositeScore,
  indicatorsOf,
  rate,
  zeroCounts,
  type IndicatorCounts,
  type Indicators,
} from './evaluation-model.ts';

const HOUR = 3_600_000;

/** Counts as the store produces them: every subset no larger than its whole. */
const countsArb: fc.Arbitrary<IndicatorCounts> = fc
  .record({
    reported: fc.nat(1000),
    filed: fc.nat(1000),
    dispatched: fc.nat(1000),
    handled: fc.nat(1000),
    dueInPeriod: fc.nat(1000),
    pending: fc.nat(1000),
    handlingCount: fc.nat(1000),
    f: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 8, maxLength: 8 }),
  })
  .map(({ f, ...c }) => {
    const part = (i: number, whole: number) => Math.floor((f[i] ?? 0) * whole);
    const closed = part(2, c.filed);
    return {
      ...c,
      returned: part(0, c.dispatched),
      handledOnTime: part(1, c.dueInPeriod),
      closed,
      closedOnTime: part(3, closed),
      reworked: part(4, c.handled),
      extended: part(5, c.dispatched),
      pendingOverdue: part(6, c.pending),
      handlingMsSum: Math.round((f[7] ?? 0) * c.handlingCount * 40 * HOUR),
    };
  });

describe('rate', () => {
  it('is null, never NaN, when the denominator is zero', () => {
    expect(rate(0, 0)).toBeNull();
    expect(rate(3, 0)).toBeNull();
    expect(rate(1, Number.NaN)).toBeNull();
  });
  it('is the share otherwise', () => {
    expect(rate(1, 4)).toBe(0.25);
    expect(rate(0, 4)).toBe(0);
  });
});

describe('indicatorsOf by example', () => {
  const counts: IndicatorCounts = {
    reported: 120,
    filed: 100,
    dispatched: 80,
    returned: 4,
    handled: 70,
    handledOnTime: 54,
    dueInPeriod: 60,
    closed: 50,
    closedOnTime: 45,
    reworked: 7,
    extended: 8,
    pendingOverdue: 3,
    pending: 30,
    handlingMsSum: 70 * 5 * HOUR,
    handlingCount: 70,
  };
  const ind = indicatorsOf(counts);

  it('computes every rate by its formula', () => {
    expect(ind.accurateDispatchRate).toBeCloseTo(76 / 80, 12); // (dispatched − returned) ÷ dispatched
    expect(ind.onTimeHandlingRate).toBeCloseTo(54 / 60, 12); // handled on time ÷ due
    expect(ind.closingRate).toBeCloseTo(0.5, 12); // closed ÷ filed
    expect(ind.onTimeClosingRate).toBeCloseTo(0.9, 12);
    expect(ind.reworkRate).toBeCloseTo(0.1, 12);
    expect(ind.extensionRate).toBeCloseTo(0.1, 12);
    expect(ind.overduePendingRate).toBeCloseTo(0.1, 12);
    expect(ind.averageHandlingHours).toBeCloseTo(5, 12);
    expect(ind).toMatchObject({ filed: 100, dispatched: 80, handled: 70, closed: 50, pending: 30 });
  });

  it('weighs the score by SCORE_WEIGHTS', () => {
    const expected = 40 * 0.9 + 15 * 0.95 + 15 * 0.5 + 15 * 0.9 + 5 * 0.9 + 10 * 0.9;
    expect(ind.compositeScore).toBeCloseTo(expected, 2);
  });

  it('redistributes the weight of undefined rates', () => {
    // Only on-time handling (40) and rework (15) are defined: (40·0.5 + 15·(1 − 0.2)) / 55.
    const only = indicatorsOf({ ...zeroCounts(), handled: 5, reworked: 1, dueInPeriod: 4, handledOnTime: 2 });
    expect(only.accurateDispatchRate).toBeNull();
    expect(only.closingRate).toBeNull();
    expect(only.compositeScore).toBeCloseTo(((40 * 0.5 + 15 * 0.8) / 55) * 100, 2);
  });

  it('gives null everywhere for an empty group', () => {
    const empty = indicatorsOf(zeroCounts());
    for (const l of INDICATOR_LABELS) if (l.kind !== 'count') expect(empty[l.key]).toBeNull();
  });

  it('scores a perfect unit 100 and a hopeless one 0', () => {
    const perfect = {
      onTimeHandlingRate: 1,
      accurateDispatchRate: 1,
      closingRate: 1,
      reworkRate: 0,
      extensionRate: 0,
      overduePendingRate: 0,
    };
    expect(compositeScore(perfect)).toBe(100);
    expect(
      compositeScore({
        onTimeHandlingRate: 0,
        accurateDispatchRate: 0,
        closingRate: 0,
        reworkRate: 1,
        extensionRate: 1,
        overduePendingRate: 1,
      }),
    ).toBe(0);
  });
});

describe('indicatorsOf by property', () => {
  it('keeps rates in [0, 1] or null and the score in [0, 100] or null', () => {
    fc.assert(
      fc.property(countsArb, (c) => {
        const ind = indicatorsOf(c);
        for (const l of INDICATOR_LABELS) {
          const v = ind[l.key];
          if (v === null) continue;
          expect(Number.isFinite(v)).toBe(true);
          if (l.kind === 'rate') expect(v >= 0 && v <= 1).toBe(true);
          if (l.kind === 'score') expect(v >= 0 && v <= 100).toBe(true);
        }
      }),
    );
  });

  it('is null exactly when the denominator is zero', () => {
    fc.assert(
      fc.property(countsArb, (c) => {
        const ind = indicatorsOf(c);
        expect(ind.accurateDispatchRate === null).toBe(c.dispatched === 0);
        expect(ind.onTimeHandlingRate === null).toBe(c.dueInPeriod === 0);
        expect(ind.closingRate === null).toBe(c.filed === 0);
        expect(ind.overduePendingRate === null).toBe(c.pending === 0);
        expect(ind.averageHandlingHours === null).toBe(c.handlingCount === 0);
      }),
    );
  });

  it('adds counts field by field', () => {
    fc.assert(
      fc.property(countsArb, countsArb, (a, b) => {
        const sum = addCounts({ ...a }, b);
        for (const k of COUNT_KEYS) expect(sum[k]).toBe(a[k] + b[k]);
      }),
    );
  });
});

describe('labels', () => {
  it('names every indicator once, in both languages', () => {
    const keys = Object.keys(indicatorsOf(zeroCounts())) as (keyof Indicators)[];
    expect(INDICATOR_LABELS.map((l) => l.key).sort()).toEqual([...keys].sort());
    for (const l of INDICATOR_LABELS) expect(l.zh.length > 0 && l.en.length > 0).toBe(true);
  });
  it('weights sum to 100', () => {
    expect(Object.values(SCORE_WEIGHTS).reduce((s, w) => s + w.weight, 0)).toBe(100);
  });
});
