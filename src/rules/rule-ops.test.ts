/**
 * The engine's packed path equals the pure evaluators: for every stateful kind, feeding random
 * readings and ticks through `rowOpsOf` (decode → evaluate → encode, with the cheap tick
 * pre-filters and the aggregate's once-per-bucket ticking) yields exactly the signals of the
 * pure evaluator run on plain state objects with every tick applied. (Readings here carry the
 * clock's time; a device whose clock lags the platform's may see an aggregate decision that
 * only the window at the platform's time would take delayed by up to one bucket.)
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Reading } from '../sensing/reading-model.ts';
import type { Rule, RuleBody } from './model.ts';
import { rowOpsOf } from './rule-ops.ts';
import { initialThreshold, thresholdOnReading, thresholdOnTick } from './evaluate-threshold.ts';
import { aggregateOnReading, aggregateOnTick, initialAggregate } from './evaluate-aggregate.ts';
import { absenceOnReading, absenceOnTick, initialAbsence } from './evaluate-absence.ts';
import { initialRate, rateOnReading } from './evaluate-rate.ts';
import type { EvalResult, SignalDraft } from './verdict.ts';

const MIN = 60_000;
const T0 = Date.UTC(2026, 6, 1);

const BODIES: RuleBody[] = [
  {
    kind: 'threshold',
    params: {
      metric: 'v',
      op: '>',
      threshold: 15,
      clear: { op: '<', threshold: 10 },
      for: 5 * MIN,
      or: [{ metric: 'open', op: '==', threshold: true, clear: null }],
    },
  },
  {
    kind: 'aggregate',
    params: { fn: 'sum', metric: 'v', window: 60 * MIN, op: '<', threshold: 1, clear: null, buckets: 6, minObserved: 60 * MIN },
  },
  {
    kind: 'aggregate',
    params: {
      fn: 'max',
      metric: 'v',
      window: 30 * MIN,
      op: '>',
      threshold: 25,
      clear: { op: '<', threshold: 20 },
      buckets: 3,
      minObserved: 0,
    },
  },
  { kind: 'absence', params: { after: 20 * MIN, metric: 'open', value: true } },
  { kind: 'rate', params: { metric: 'v', direction: 'rising', delta: 10, within: 10 * MIN, clearDelta: 5, buckets: 5 } },
];

function rule(body: RuleBody): Rule {
  const r: Rule = {
    ...body,
    id: 'r',
    name: 'r',
    description: '',
    appliesTo: { deviceTypes: [], tags: { all: [], any: [] }, jurisdictionId: null, jurisdictionPath: null },
    level: 'blue',
    messageTemplate: '{device}',
    enabled: true,
    caseCategory: null,
    revision: 1,
    stateRevision: 1,
    createdAt: 0,
    updatedAt: 0,
    createdBy: null,
  };
  return r;
}

/** The pure evaluator of a body as (reading | tick) → signals, on plain state. */
function pure(body: RuleBody): (x: Reading | number) => SignalDraft[] {
  let state: unknown;
  const step = <S>(f: () => EvalResult<S>) => {
    const res = f();
    state = res.state;
    return res.signals;
  };
  switch (body.kind) {
    case 'threshold': {
      const p = body.params;
      state = initialThreshold(p);
      return (x) => step(() => (typeof x === 'number' ? thresholdOnTick(state as never, x, p) : thresholdOnReading(state as never, x, p)));
    }
    case 'aggregate': {
      const p = body.params;
      state = initialAggregate(p);
      return (x) => step(() => (typeof x === 'number' ? aggregateOnTick(state as never, x, p) : aggregateOnReading(state as never, x, p)));
    }
    case 'absence': {
      const p = body.params;
      state = initialAbsence();
      return (x) => step(() => (typeof x === 'number' ? absenceOnTick(state as never, x, p) : absenceOnReading(state as never, x, p)));
    }
    case 'rate': {
      const p = body.params;
      state = initialRate(p);
      return (x) => step(() => (typeof x === 'number' ? { state, signals: [] } : rateOnReading(state as never, x, p)));
    }
    case 'detection':
      return () => [];
  }
}

const inputs = fc.array(
  fc.record({
    dm: fc.integer({ min: 0, max: 15 }),
    tick: fc.boolean(),
    metric: fc.constantFrom('v', 'open'),
    v: fc.integer({ min: 0, max: 30 }),
  }),
  { maxLength: 80 },
);

describe('packed rows equal the pure evaluators', () => {
  it.each(BODIES.map((b) => [`${b.kind} ${JSON.stringify(b.params).slice(0, 40)}`, b] as const))('%s', (_name, body) => {
    fc.assert(
      fc.property(inputs, (xs) => {
        const ops = rowOpsOf(rule(body))!;
        const d = new Float64Array(ops.stride);
        ops.init(d, 0, NaN);
        const reference = pure(body);
        let m = 0;
        let prevTick = -Infinity;
        for (const x of xs) {
          m += x.dm;
          const now = T0 + m * MIN;
          const input: Reading | number = x.tick
            ? now
            : { deviceId: 'd', metric: x.metric, ts: now, value: x.metric === 'open' ? x.v % 2 === 0 : x.v };
          const want = reference(input);
          let got: SignalDraft[] = [];
          if (typeof input !== 'number') got = ops.reading(d, 0, input).signals;
          else {
            if (ops.tickDue(d, 0, input, prevTick)) got = ops.tick(d, 0, input).signals;
            prevTick = input;
          }
          expect(got).toEqual(want);
        }
      }),
    );
  });
});
