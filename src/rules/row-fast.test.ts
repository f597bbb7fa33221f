/**
 * The in-place fast paths (row-fast.ts) change nothing but speed: for random readings — out of
 * order, repeated times, other metrics, booleans — and ticks, the packed row, the signals and
 * the changed/material flags after every step are those of the general path (decode → pure
 * evaluator → encode), row slot for row slot.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Reading } from '../sensing/reading-model.ts';
import type { Rule, RuleBody } from './model.ts';
import { rowOpsOf } from './rule-ops.ts';

const MIN = 60_000;
const T0 = Date.UTC(2026, 6, 1);

const BODIES: RuleBody[] = [
  { kind: 'threshold', params: { metric: 'v', op: '>', threshold: 15, clear: { op: '<', threshold: 10 }, for: 5 * MIN, or: [] } },
  { kind: 'threshold', params: { metric: 'v', op: '>', threshold: 15, clear: null, for: 0, or: [] } },
  {
    kind: 'threshold',
    params: {
      metric: 'v',
      op: '>=',
      threshold: 20,
      clear: { op: '<=', threshold: 12 },
      for: 2 * MIN,
      or: [{ metric: 'w', op: '<', threshold: 5, clear: null }],
    },
  },
  {
    kind: 'threshold',
    params: {
      metric: 'v',
      op: '>',
      threshold: 15,
      clear: null,
      for: MIN,
      or: [{ metric: 'open', op: '==', threshold: true, clear: null }],
    },
  },
  {
    kind: 'threshold',
    params: { metric: 'v', op: '==', threshold: 7, clear: null, for: 0, or: [{ metric: 'v', op: '>', threshold: 25, clear: null }] },
  },
  { kind: 'absence', params: { after: 20 * MIN, metric: null, value: null } },
  { kind: 'absence', params: { after: 20 * MIN, metric: 'open', value: true } },
  { kind: 'absence', params: { after: 30 * MIN, metric: 'v', value: 3 } },
  { kind: 'rate', params: { metric: 'v', direction: 'rising', delta: 10, within: 10 * MIN, clearDelta: 5, buckets: 5 } },
  { kind: 'rate', params: { metric: 'v', direction: 'falling', delta: 8, within: 6 * MIN, clearDelta: 2, buckets: 3 } },
];

function rule(body: RuleBody): Rule {
  return {
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
}

const inputs = fc.array(
  fc.record({
    dm: fc.integer({ min: -8, max: 12 }),
    tick: fc.boolean(),
    metric: fc.constantFrom('v', 'v', 'w', 'open'),
    v: fc.integer({ min: 0, max: 30 }),
    bool: fc.boolean(),
  }),
  { maxLength: 120 },
);

describe('fast paths on packed rows equal the general path', () => {
  it.each(BODIES.map((b) => [`${b.kind} ${JSON.stringify(b.params).slice(0, 60)}`, b] as const))('%s', (_name, body) => {
    fc.assert(
      fc.property(inputs, fc.boolean(), (xs, seen) => {
        const fast = rowOpsOf(rule(body))!;
        const slow = rowOpsOf(rule(body), { fast: false })!;
        const a = new Float64Array(fast.stride);
        const b = new Float64Array(slow.stride);
        fast.init(a, 0, seen ? T0 : NaN);
        slow.init(b, 0, seen ? T0 : NaN);
        let m = 0;
        for (const x of xs) {
          m += x.dm;
          const now = T0 + m * MIN;
          if (x.tick) {
            expect(fast.tick(a, 0, now)).toEqual(slow.tick(b, 0, now));
          } else {
            const r: Reading = { deviceId: 'd', metric: x.metric, ts: now, value: x.metric === 'open' ? x.bool : x.v };
            expect(fast.reading(a, 0, r)).toEqual(slow.reading(b, 0, r));
          }
          expect([...a]).toEqual([...b]);
        }
      }),
      { numRuns: 300 },
    );
  });
});
