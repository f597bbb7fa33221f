/**
 * The rule schema: durations and defaults are normalised; impossible rules are refused with
 * the field named; message placeholders are checked per kind; every demo rule is valid.
 */
import { describe, expect, it } from 'vitest';
import { parseRuleInput } from './rule-schema.ts';
import { demoRules } from './demo-rules.ts';
import { isSmallClassCode } from '../cases/catalogue-model.ts';
import { formatDuration, parseDuration } from './model.ts';
import { renderTemplate, unknownPlaceholders } from './template.ts';

const base = { name: '积水', level: 'orange', messageTemplate: '{device} 水位 {value} cm 超过 {threshold} cm' } as const;
const water = { metric: 'water_level_cm', op: '>', threshold: 15 } as const;

function fieldsOf(raw: unknown): string[] {
  try {
    parseRuleInput(raw);
  } catch (e) {
    return (e as { fields: Array<{ field: string }> }).fields.map((f) => f.field);
  }
  return [];
}

describe('rule schema', () => {
  it('normalises durations and fills in defaults', () => {
    const r = parseRuleInput({ ...base, kind: 'threshold', params: { ...water, for: '5m', clear: { op: '<', threshold: 10 } } });
    expect(r).toMatchObject({
      kind: 'threshold',
      params: { for: 300_000, or: [], clear: { op: '<', threshold: 10 } },
      enabled: true,
      caseCategory: null,
      description: '',
      appliesTo: { deviceTypes: [], tags: { all: [], any: [] }, jurisdiction: null },
    });
    const elderly = parseRuleInput({
      ...base,
      messageTemplate: '{value}',
      kind: 'aggregate',
      params: { fn: 'sum', metric: 'volume_m3', window: '12h', op: '<', threshold: 0.01 },
    });
    expect(elderly.params).toMatchObject({ window: 43_200_000, buckets: 12, minObserved: 43_200_000, clear: null });
    const burst = parseRuleInput({
      ...base,
      messageTemplate: '{value}',
      kind: 'aggregate',
      params: { fn: 'sum', metric: 'volume_m3', window: 86_400_000, op: '>', threshold: 2 },
    });
    expect(burst.params).toMatchObject({ minObserved: 0 });
    const rate = parseRuleInput({
      ...base,
      messageTemplate: '{value}',
      kind: 'rate',
      params: { metric: 'water_level_cm', delta: 10, within: '10m' },
    });
    expect(rate.params).toMatchObject({ direction: 'rising', clearDelta: 5, buckets: 10, within: 600_000 });
  });

  it.each([
    [{ kind: 'threshold', params: { ...water, threshold: 'high' } }, 'params.threshold'],
    [{ kind: 'threshold', params: { ...water, clear: { op: '<', threshold: 20 } } }, 'params.clear.threshold'],
    [{ kind: 'threshold', params: { ...water, clear: { op: '>', threshold: 10 } } }, 'params.clear.op'],
    [{ kind: 'threshold', params: { metric: 'open', op: '>', threshold: true } }, 'params.op'],
    [{ kind: 'threshold', params: { ...water, for: 'soon' } }, 'params.for'],
    [{ kind: 'threshold', params: { ...water, or: [{ metric: 'Tilt', op: '>', threshold: 1 }] } }, 'params.or[0].metric'],
    [{ kind: 'threshold', params: { ...water, extra: 1 } }, 'params'],
    [{ kind: 'aggregate', params: { fn: 'median', metric: 'v', window: '1h', op: '<', threshold: 1 } }, 'params.fn'],
    [{ kind: 'aggregate', params: { fn: 'sum', metric: 'v', window: '1h', op: '<', threshold: 1, buckets: 7 } }, 'params.buckets'],
    [{ kind: 'absence', params: { after: '10m', value: true } }, 'params.metric'],
    [{ kind: 'absence', params: { after: 10 } }, 'params.after'],
    [{ kind: 'rate', params: { metric: 'v', delta: 0, within: '10m' } }, 'params.delta'],
    [{ kind: 'rate', params: { metric: 'v', delta: 4, clearDelta: 5, within: '10m' } }, 'params.clearDelta'],
    [{ kind: 'detection', params: { types: [] } }, 'params.types'],
    [{ kind: 'detection', params: { types: ['ufo'] } }, 'params.types[0]'],
    [{ kind: 'detection', params: { types: ['garbage'], minConfidence: 1.5 } }, 'params.minConfidence'],
    [
      {
        kind: 'detection',
        params: {
          types: ['garbage'],
          zone: {
            type: 'Polygon',
            coordinates: [
              [
                [0, 0],
                [1, 0],
                [0, 0],
              ],
            ],
          },
        },
      },
      'params.zone',
    ],
    [{ kind: 'meteor', params: {} }, 'kind'],
  ])('refuses %j naming %s', (rule, field) => {
    expect(fieldsOf({ ...base, messageTemplate: '{device}', ...rule })).toContain(field);
  });

  it('refuses placeholders the kind does not fill in', () => {
    expect(fieldsOf({ ...base, messageTemplate: '{device} {treshold}', kind: 'threshold', params: water })).toEqual(['messageTemplate']);
    expect(fieldsOf({ ...base, messageTemplate: '{building}', kind: 'threshold', params: water })).toEqual(['messageTemplate']);
    expect(unknownPlaceholders('{building} {floor}', 'detection')).toEqual([]);
  });

  it('accepts every demo rule, each with a catalogue category', () => {
    for (const { id: _id, ...rule } of demoRules()) {
      const parsed = parseRuleInput(rule);
      if (parsed.caseCategory !== null) expect(isSmallClassCode(parsed.caseCategory)).toBe(true);
    }
    const byId = new Map(demoRules().map((r) => [r.id, r]));
    expect(byId.get('demo-elderly-no-water')).toMatchObject({ level: 'yellow', caseCategory: 'E0602' });
    expect(byId.get('demo-falling-object')).toMatchObject({ level: 'red', caseCategory: 'E0601' });
  });
});

describe('durations and templates', () => {
  it('reads and writes durations', () => {
    expect([parseDuration('5m'), parseDuration('12h'), parseDuration('1.5 h'), parseDuration('90s'), parseDuration('1d')]).toEqual([
      300_000, 43_200_000, 5_400_000, 90_000, 86_400_000,
    ]);
    expect([parseDuration('5 weeks'), parseDuration(-1), parseDuration(NaN)]).toEqual([undefined, undefined, undefined]);
    expect([formatDuration(300_000), formatDuration(43_200_000), formatDuration(86_400_000), formatDuration(1500)]).toEqual([
      '5 min',
      '12 h',
      '1 d',
      '1500 ms',
    ]);
  });

  it('renders values for people', () => {
    expect(renderTemplate('{device} 水位 {value} cm 超过 {threshold} cm', { device: 'g-1', value: 17.2500001, threshold: 15 })).toBe(
      'g-1 水位 17.25 cm 超过 15 cm',
    );
    expect(renderTemplate('{a} {b} {c}', { a: true, b: null })).toBe('是 — {c}');
  });
});
