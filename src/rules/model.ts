/**
 * The rule model: what a warning rule says (kind, parameters, which devices it applies to,
 * warning level, message) as plain data, plus the small pure helpers every evaluator shares.
 * Durations are milliseconds; times are UTC epoch milliseconds. No I/O.
 */
import type { MultiPolygon, Polygon } from '../geo/geojson.ts';
import type { DetectionType, MetricValue } from '../sensing/reading-model.ts';
import type { WarningLevel } from './signal-model.ts';

/** The five rule kinds; each has a pure evaluator in `evaluate-<kind>.ts`. */
export const RULE_KINDS = ['threshold', 'aggregate', 'absence', 'rate', 'detection'] as const;
/** One rule kind. */
export type RuleKind = (typeof RULE_KINDS)[number];

/** Comparison operators; `==` is the only one allowed with a boolean threshold. */
export const COMPARISONS = ['>', '>=', '<', '<=', '=='] as const;
/** One comparison operator. */
export type Comparison = (typeof COMPARISONS)[number];

/** Aggregate functions over a sliding window. */
export const AGGREGATE_FNS = ['sum', 'avg', 'min', 'max', 'count'] as const;
/** One aggregate function. */
export type AggregateFn = (typeof AGGREGATE_FNS)[number];

/** A clear (hysteresis) condition: the alert ends only when the value satisfies it. */
export interface ClearCondition {
  op: Comparison;
  threshold: number | boolean;
}

/** One threshold condition: `metric op threshold`, e.g. `water_level_cm > 15` or `open == true`. */
export interface ThresholdCondition {
  metric: string;
  op: Comparison;
  threshold: number | boolean;
  /** Hysteresis; null clears as soon as the raise condition is false. */
  clear: ClearCondition | null;
}

/** `water_level_cm > 15 for 5 min, clears below 10`; extra conditions in `or` raise too. */
export interface ThresholdParams extends ThresholdCondition {
  /** How long the condition must hold before the rule raises (0 = at once). */
  for: number;
  /** Further conditions, any of which raises as well (e.g. tilt > 15 or open == true). */
  or: ThresholdCondition[];
}

/** `sum(volume_m3) over 12 h < 0.01`, evaluated over a bucketed sliding window. */
export interface AggregateParams {
  fn: AggregateFn;
  metric: string;
  window: number;
  op: Comparison;
  threshold: number;
  clear: { op: Comparison; threshold: number } | null;
  /**
   * The window is kept as this many buckets of `window / buckets` ms (plus the current one), so
   * the aggregate covers at least `window` and at most one bucket more.
   */
  buckets: number;
  /** The rule raises only once the device has been observed for this long (the elderly rule: the window). */
  minObserved: number;
}

/** No reading (of any metric, of one metric, or of one value) for `after` ms. */
export interface AbsenceParams {
  after: number;
  /** Only readings of this metric count; null = any reading. */
  metric: string | null;
  /** Only readings with this value count (e.g. door `open == true`); null = any value. */
  value: MetricValue | null;
}

/** `water_level_cm` rising by at least `delta` within `within` ms. */
export interface RateParams {
  metric: string;
  direction: 'rising' | 'falling';
  delta: number;
  within: number;
  /** The change over the window falls below this to clear (default half of `delta`). */
  clearDelta: number;
  buckets: number;
}

/** An AI detection of one of `types` with confidence ≥ `minConfidence`, optionally inside `zone`. */
export interface DetectionParams {
  types: DetectionType[];
  minConfidence: number;
  /** WGS-84 polygon the camera must stand in; null = anywhere the selector allows. */
  zone: Polygon | MultiPolygon | null;
}

/** A rule's kind and parameters, discriminated by kind. */
export type RuleBody =
  | { kind: 'threshold'; params: ThresholdParams }
  | { kind: 'aggregate'; params: AggregateParams }
  | { kind: 'absence'; params: AbsenceParams }
  | { kind: 'rate'; params: RateParams }
  | { kind: 'detection'; params: DetectionParams };

/** Which devices a rule applies to. Empty lists mean "no restriction". */
export interface Selector {
  /** Device type codes (`water_meter`, `camera` …); empty = every type. */
  deviceTypes: string[];
  tags: { all: string[]; any: string[] };
  /** The jurisdiction subtree (id and materialized path); null = everywhere. */
  jurisdictionId: string | null;
  jurisdictionPath: string | null;
}

/** What a rule author writes (the API input after normalisation). */
export type RuleDefinition = RuleBody & {
  name: string;
  description: string;
  appliesTo: Selector;
  level: WarningLevel;
  /** E.g. `{device} 水位 {value} cm 超过 {threshold} cm`; see template.ts for the placeholders. */
  messageTemplate: string;
  enabled: boolean;
  /** Case catalogue small class (e.g. `E0401`) for the alert → case policy; null = none. */
  caseCategory: string | null;
};

/** A stored rule. */
export type Rule = RuleDefinition & {
  id: string;
  /** Incremented on every change. */
  revision: number;
  /** The revision at which kind or params last changed; state saved under another one is void. */
  stateRevision: number;
  createdAt: number;
  updatedAt: number;
  createdBy: string | null;
};

/** Whether a value satisfies `value op threshold`. Mismatched types never do. */
export function compare(op: Comparison, value: MetricValue, threshold: number | boolean): boolean {
  if (typeof threshold === 'boolean') return op === '==' && value === threshold;
  if (typeof value !== 'number') return false;
  switch (op) {
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
    case '==':
      return value === threshold;
  }
}

/** The metrics a rule reads; null = every metric (absence of any reading), [] = none (detection). */
export function ruleMetrics(body: RuleBody): string[] | null {
  switch (body.kind) {
    case 'threshold':
      return [...new Set([body.params.metric, ...body.params.or.map((c) => c.metric)])];
    case 'aggregate':
    case 'rate':
      return [body.params.metric];
    case 'absence':
      return null;
    case 'detection':
      return [];
  }
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000 };
const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|m|min|h|d)$/;

/**
 * Milliseconds of a duration written as a number of ms or a string like `5m`, `12h`, `24 h`,
 * `90s`, `1d`; undefined if unreadable.
 * @example parseDuration('12h'); // 43_200_000
 */
export function parseDuration(v: number | string): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? v : undefined;
  const m = DURATION.exec(v.trim());
  if (!m) return undefined;
  const ms = Number(m[1]) * (UNITS[m[2] ?? ''] ?? NaN);
  return Number.isFinite(ms) ? Math.round(ms) : undefined;
}

/**
 * A duration for people: `5 min`, `12 h`, `1 d`, `90 s`.
 * @example formatDuration(300_000); // '5 min'
 */
export function formatDuration(ms: number): string {
  if (ms % 86_400_000 === 0 && ms > 0) return `${ms / 86_400_000} d`;
  if (ms % 3_600_000 === 0 && ms > 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0 && ms > 0) return `${ms / 60_000} min`;
  if (ms % 1000 === 0) return `${ms / 1000} s`;
  return `${ms} ms`;
}
