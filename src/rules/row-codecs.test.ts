/**
 * Packed state rows: for every kind, any state its evaluator reaches survives encode → decode
 * and the JSON text of a snapshot unchanged (NaN and ±Infinity included); the rule table hands
 * out, frees and reuses rows and reports dirty rows once.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Reading } from '../sensing/reading-model.ts';
import type { AbsenceParams, AggregateParams, RateParams, ThresholdParams } from './model.ts';
import { absenceCodec, aggregateCodec, rateCodec, rowFromJson, rowToJson, thresholdCodec, type RowCodec } from './row-codecs.ts';
import { initialThreshold, thresholdOnReading } from './evaluate-threshold.ts';
import { aggregateOnReading, initialAggregate } from './evaluate-aggregate.ts';
import { absenceOnReading, absenceOnTick, initialAbsence } from './evaluate-absence.ts';
import { initialRate, rateOnReading } from './evaluate-rate.ts';
import { RuleTable } from './rule-table.ts';

const T0 = Date.UTC(2026, 6, 1);
const TH: ThresholdParams = {
  metric: 'tilt_deg',
  op: '>',
  threshold: 15,
  clear: { op: '<', threshold: 5 },
  for: 120_000,
  or: [{ metric: 'open', op: '==', threshold: true, clear: null }],
};
const AG: AggregateParams = {
  fn: 'avg',
  metric: 'tilt_deg',
  window: 3_600_000,
  op: '>',
  threshold: 10,
  clear: null,
  buckets: 6,
  minObserved: 0,
};
const AB: AbsenceParams = { after: 600_000, metric: 'open', value: true };
const RA: RateParams = { metric: 'tilt_deg', direction: 'rising', delta: 5, within: 600_000, clearDelta: 2, buckets: 5 };

const readings = fc.array(
  fc.record({
    m: fc.integer({ min: 0, max: 300 }),
    metric: fc.constantFrom('tilt_deg', 'open'),
    v: fc.oneof(fc.integer({ min: 0, max: 30 }), fc.boolean()),
  }),
  { maxLength: 40 },
);
const toReading = (x: { m: number; metric: string; v: number | boolean }): Reading => ({
  deviceId: 'c',
  metric: x.metric,
  ts: T0 + x.m * 60_000,
  value: x.metric === 'open' ? Boolean(x.v) : typeof x.v === 'number' ? x.v : 0,
});

function roundTrips<S>(codec: RowCodec<S>, s: S): void {
  const d = new Float64Array(codec.stride * 3);
  codec.encode(s, d, codec.stride);
  expect(codec.decode(d, codec.stride)).toEqual(s);
  const e = new Float64Array(codec.stride);
  expect(rowFromJson(rowToJson(d, codec.stride, codec.stride), e, 0, codec.stride)).toBe(true);
  expect(codec.decode(e, 0)).toEqual(s);
}

describe('row codecs', () => {
  it('round-trip every state the evaluators reach', () => {
    fc.assert(
      fc.property(readings, (xs) => {
        let th = initialThreshold(TH);
        let ag = initialAggregate(AG);
        let ab = initialAbsence();
        let ra = initialRate(RA);
        roundTrips(thresholdCodec(TH), th);
        roundTrips(aggregateCodec(AG), ag);
        roundTrips(absenceCodec(AB), ab);
        roundTrips(rateCodec(RA), ra);
        for (const r of xs.map(toReading)) {
          th = thresholdOnReading(th, r, TH).state;
          ag = aggregateOnReading(ag, r, AG).state;
          ab = absenceOnTick(absenceOnReading(ab, r, AB).state, r.ts, AB).state;
          ra = rateOnReading(ra, r, RA).state;
          roundTrips(thresholdCodec(TH), th);
          roundTrips(aggregateCodec(AG), ag);
          roundTrips(absenceCodec(AB), ab);
          roundTrips(rateCodec(RA), ra);
        }
      }),
    );
  });

  it('refuses saved text that does not fit', () => {
    const d = new Float64Array(4);
    expect(rowFromJson('[1,2,3]', d, 0, 4)).toBe(false);
    expect(rowFromJson('{"a":1}', d, 0, 4)).toBe(false);
    expect(rowFromJson('not json', d, 0, 4)).toBe(false);
    expect(rowFromJson('[1,"NaN","-Infinity","x"]', d, 0, 4)).toBe(false);
  });
});

describe('rule table', () => {
  it('binds, frees and reuses rows; reports each dirty row once', () => {
    const t = new RuleTable(3);
    expect(t.lookup(5)).toBe(0);
    const a = t.bind(5);
    const b = t.bind(900);
    t.exclude(7);
    expect([a, b, t.lookup(5), t.lookup(900), t.lookup(7), t.offset(b)]).toEqual([0, 1, 1, 2, -1, 3]);
    t.markDirty(b);
    t.markDirty(b);
    t.markDirty(a, false);
    expect(t.takeDirty()).toEqual([{ slot: 900, row: 1 }]);
    expect(t.takeDirty(true)).toEqual([{ slot: 5, row: 0 }]);
    expect(t.takeDirty(true)).toEqual([]);
    t.release(5);
    expect([t.lookup(5), t.bound, t.released]).toEqual([0, 1, [5]]);
    expect(t.bind(6)).toBe(0);
    const slots: number[] = [];
    t.forEachRow((slot) => slots.push(slot));
    expect(slots).toEqual([6, 900]);
    t.undecideExcluded();
    expect(t.lookup(7)).toBe(0);
    // Rows beyond the first chunk live in another one: growing copies no row.
    const first = t.chunk(0);
    for (let s = 1000; s < 3100; s++) t.bind(s);
    expect(t.chunk(0)).toBe(first);
    expect(t.chunk(2100)).not.toBe(first);
  });
});
