/**
 * The rule as the API takes it (zod), normalised on the way in: durations such as `5m` or
 * `12h` become milliseconds, left-out fields get their defaults, and combinations that cannot
 * work (a clear threshold above the raise threshold, `open > true`, a window that does not
 * split into whole buckets, an unknown placeholder in the message) are refused with the field
 * named, e.g. `params.clear.threshold`.
 */
import { z } from 'zod';
import { AppError, type FieldProblem } from '../platform/errors.ts';
import { DETECTION_TYPES } from '../sensing/reading-model.ts';
import { validateGeometry } from '../geo/geometry.ts';
import type { MultiPolygon, Polygon } from '../geo/geojson.ts';
import { WARNING_LEVELS } from './signal-model.ts';
import { AGGREGATE_FNS, COMPARISONS, parseDuration, type Comparison } from './model.ts';
import { unknownPlaceholders } from './template.ts';

const Metric = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'a metric name: lower-case letters, digits and _, starting with a letter');
const Name = z.string().trim().min(1).max(64);

/** A duration: milliseconds, or a string such as `90s`, `5m`, `12h`, `1d`. */
export const Duration = z
  .union([z.number().int().nonnegative(), z.string().max(20)])
  .describe('milliseconds, or e.g. "5m", "12h", "1d"')
  .transform((v, ctx) => {
    const ms = parseDuration(v);
    if (ms === undefined) {
      ctx.addIssue({ code: 'custom', message: 'not a duration (use milliseconds or e.g. "5m", "12h", "1d")' });
      return z.NEVER;
    }
    return ms;
  });

const Op = z.enum(COMPARISONS);
const Clear = z.object({ op: Op, threshold: z.union([z.number(), z.boolean()]) }).strict();
const Condition = z
  .object({ metric: Metric, op: Op, threshold: z.union([z.number(), z.boolean()]), clear: Clear.nullable().default(null) })
  .strict();

const ThresholdParams = Condition.extend({
  for: Duration.default(0),
  or: z.array(Condition).max(3).default([]),
}).strict();

const AggregateParams = z
  .object({
    fn: z.enum(AGGREGATE_FNS),
    metric: Metric,
    window: Duration,
    op: Op,
    threshold: z.number(),
    clear: z.object({ op: Op, threshold: z.number() }).strict().nullable().default(null),
    buckets: z.number().int().min(1).max(1440).default(12),
    minObserved: Duration.optional(),
  })
  .strict()
  .transform((p) => ({
    ...p,
    // "Too little in the window" means nothing until a whole window has been watched.
    minObserved: p.minObserved ?? ((p.fn === 'sum' || p.fn === 'count') && (p.op === '<' || p.op === '<=') ? p.window : 0),
  }));

const AbsenceParams = z
  .object({
    after: Duration,
    metric: Metric.nullable().default(null),
    value: z.union([z.number(), z.boolean()]).nullable().default(null),
  })
  .strict();

const RateParams = z
  .object({
    metric: Metric,
    direction: z.enum(['rising', 'falling']).default('rising'),
    delta: z.number().positive(),
    within: Duration,
    clearDelta: z.number().nonnegative().optional(),
    buckets: z.number().int().min(1).max(600).default(10),
  })
  .strict()
  .transform((p) => ({ ...p, clearDelta: p.clearDelta ?? p.delta / 2 }));

const Zone = z
  .object({ type: z.enum(['Polygon', 'MultiPolygon']), coordinates: z.array(z.array(z.unknown())) })
  .describe('a GeoJSON Polygon or MultiPolygon in WGS-84')
  .superRefine((g, ctx) => {
    const problem = validateGeometry(g);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
  })
  .transform((g) => g as unknown as Polygon | MultiPolygon);

const DetectionParams = z
  .object({
    types: z.array(z.enum(DETECTION_TYPES)).min(1).max(DETECTION_TYPES.length),
    minConfidence: z.number().min(0).max(1).default(0.5),
    zone: Zone.nullable().default(null),
  })
  .strict();

/** Which devices a rule applies to, as the API takes it. */
export const AppliesToInput = z
  .object({
    deviceTypes: z.array(Name).max(50).default([]),
    tags: z
      .object({ all: z.array(Name).max(20).default([]), any: z.array(Name).max(20).default([]) })
      .strict()
      .default({ all: [], any: [] }),
    /** Jurisdiction id, code or materialized path; null = everywhere. */
    jurisdiction: z.string().min(1).max(1000).nullable().default(null),
  })
  .strict();

const Common = {
  name: z.string().trim().min(1).max(100),
  description: z.string().max(2000).default(''),
  appliesTo: AppliesToInput.default({ deviceTypes: [], tags: { all: [], any: [] }, jurisdiction: null }),
  level: z.enum(WARNING_LEVELS),
  messageTemplate: z.string().trim().min(1).max(500),
  enabled: z.boolean().default(true),
  caseCategory: z.string().min(1).max(16).nullable().default(null),
};

/** A rule as the API takes it (POST, PUT), before its jurisdiction is resolved. */
export const RuleInput = z
  .discriminatedUnion('kind', [
    z.object({ ...Common, kind: z.literal('threshold'), params: ThresholdParams }).strict(),
    z.object({ ...Common, kind: z.literal('aggregate'), params: AggregateParams }).strict(),
    z.object({ ...Common, kind: z.literal('absence'), params: AbsenceParams }).strict(),
    z.object({ ...Common, kind: z.literal('rate'), params: RateParams }).strict(),
    z.object({ ...Common, kind: z.literal('detection'), params: DetectionParams }).strict(),
  ])
  .superRefine((rule, ctx) => {
    const problem = (path: Array<string | number>, message: string) => ctx.addIssue({ code: 'custom', path, message });
    for (const name of unknownPlaceholders(rule.messageTemplate, rule.kind)) {
      problem(['messageTemplate'], `unknown placeholder {${name}} for a ${rule.kind} rule`);
    }
    switch (rule.kind) {
      case 'threshold':
        checkCondition(rule.params, ['params'], problem);
        rule.params.or.forEach((c, i) => checkCondition(c, ['params', 'or', i], problem));
        break;
      case 'aggregate':
        if (rule.params.clear) checkHysteresis(rule.params.op, rule.params.threshold, rule.params.clear, ['params', 'clear'], problem);
        checkBuckets(rule.params.window, rule.params.buckets, problem, 'window');
        break;
      case 'rate':
        if (rule.params.clearDelta > rule.params.delta) problem(['params', 'clearDelta'], 'must not exceed delta');
        checkBuckets(rule.params.within, rule.params.buckets, problem, 'within');
        break;
      case 'absence':
        if (rule.params.after < 1000) problem(['params', 'after'], 'must be at least 1 s');
        if (rule.params.value !== null && rule.params.metric === null) problem(['params', 'metric'], 'name the metric whose value counts');
        break;
      case 'detection':
        break;
    }
  });

/** The parsed API input. */
export type RuleInputValue = z.output<typeof RuleInput>;

type Problem = (path: Array<string | number>, message: string) => void;

function checkCondition(c: z.output<typeof Condition>, at: Array<string | number>, problem: Problem): void {
  if (typeof c.threshold === 'boolean' && c.op !== '==') problem([...at, 'op'], 'a boolean threshold takes ==');
  if (c.clear) checkHysteresis(c.op, c.threshold, c.clear, [...at, 'clear'], problem);
}

/** The clear condition must lie on the other side of the raise threshold (hysteresis). */
function checkHysteresis(
  op: Comparison,
  threshold: number | boolean,
  clear: { op: Comparison; threshold: number | boolean },
  at: Array<string | number>,
  problem: Problem,
): void {
  if (typeof threshold !== typeof clear.threshold) {
    problem([...at, 'threshold'], `must be a ${typeof threshold} like the raise threshold`);
    return;
  }
  if (typeof clear.threshold === 'boolean') {
    if (clear.op !== '==') problem([...at, 'op'], 'a boolean threshold takes ==');
    else if (clear.threshold === threshold) problem([...at, 'threshold'], 'must differ from the raise value');
    return;
  }
  const t = threshold as number;
  const c = clear.threshold;
  if (op === '>' || op === '>=') {
    if (clear.op !== '<' && clear.op !== '<=') problem([...at, 'op'], `a rule raised by ${op} clears with < or <=`);
    else if (c > t) problem([...at, 'threshold'], `must not be above the raise threshold ${t}`);
  } else if (op === '<' || op === '<=') {
    if (clear.op !== '>' && clear.op !== '>=') problem([...at, 'op'], `a rule raised by ${op} clears with > or >=`);
    else if (c < t) problem([...at, 'threshold'], `must not be below the raise threshold ${t}`);
  }
}

function checkBuckets(window: number, buckets: number, problem: Problem, field: string): void {
  const size = window / buckets;
  if (window < 1000) problem(['params', field], 'must be at least 1 s');
  else if (!Number.isInteger(size) || size < 1000) {
    problem(['params', 'buckets'], `${field} ${window} ms does not split into ${buckets} whole buckets of at least 1 s`);
  }
}

function fieldOf(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out === '' ? String(part) : `.${String(part)}`;
  return out || 'rule';
}

/**
 * Validates and normalises a rule as the API takes it; throws 400 naming each bad field.
 * @example parseRuleInput({ name: '积水', kind: 'threshold', params: { metric: 'water_level_cm', op: '>', threshold: 15, for: '5m' }, level: 'orange', messageTemplate: '{device} {value} cm' });
 */
export function parseRuleInput(raw: unknown): RuleInputValue {
  const parsed = RuleInput.safeParse(raw);
  if (parsed.success) return parsed.data;
  const fields: FieldProblem[] = parsed.error.issues.map((i) => ({ field: fieldOf(i.path), message: i.message }));
  const first = fields[0]!;
  throw new AppError(400, 'VALIDATION_FAILED', `${first.field}: ${first.message}`, fields);
}
