/**
 * 综合评价: the evaluation indicators of the case loop (MISSION "Evaluation indicators", GB/T
 * 30428 practice) as pure arithmetic over per-group counts. The store counts (evaluation-store.ts);
 * this file turns counts into rates and a composite score, and names every indicator in both
 * languages for screens and exports.
 *
 * Every rate is a share of a subset of its denominator (returned ⊆ dispatched, on time ⊆ due, …),
 * so it lies in [0, 1]; a rate whose denominator is 0 is `null` ("no cases to judge"), never NaN
 * and never 0, because a unit with nothing due has not failed at anything.
 */
import type { CaseSource } from './case-record.ts';

/** What the store counts for one group (unit, jurisdiction, centre, category or source) over a period [from, to). */
export interface IndicatorCounts {
  /** Cases reported in the period. */
  reported: number;
  /** Cases filed (立案) in the period. */
  filed: number;
  /** Cases first dispatched (派遣) in the period. */
  dispatched: number;
  /** Of `dispatched`, those returned (退回) at least once: the dispatch was not accurate. */
  returned: number;
  /** Cases reported back (反馈) in the period. */
  handled: number;
  /**
   * Of `dueInPeriod`, those handled by their due time. Counted among the due cases (not the
   * handled ones) so that on-time ÷ due is a share: a case handled early in March but due in
   * April counts in April.
   */
  handledOnTime: number;
  /**
   * Cases whose handling was due in the period and whose outcome is known: handled (on time or
   * late), or still unhandled with the due time passed. A case due later today that nobody has
   * handled yet is not counted against its unit.
   */
  dueInPeriod: number;
  /** Of `filed`, those closed (结案) by the period end: 结案率 = 结案数 ÷ 立案数 over one cohort. */
  closed: number;
  /** Of `closed`, those closed with no step ever overdue. */
  closedOnTime: number;
  /** Of `handled`, those sent back for rework (返工) at least once. */
  reworked: number;
  /** Of `dispatched`, those given an extension (延期) at least once. */
  extended: number;
  /** Of `pending`, those whose running step was overdue at the period end. */
  pendingOverdue: number;
  /** Cases open (reported but not closed, rejected, merged or voided) at the period end. */
  pending: number;
  /** Working time from dispatch to report-back, summed over `handlingCount` cases, ms. */
  handlingMsSum: number;
  /** Cases whose handling time is in `handlingMsSum` (those of `handled` with a dispatch time). */
  handlingCount: number;
}

/** Every count field, in display order. */
export const COUNT_KEYS = [
  'reported',
  'filed',
  'dispatched',
  'returned',
  'handled',
  'handledOnTime',
  'dueInPeriod',
  'closed',
  'closedOnTime',
  'reworked',
  'extended',
  'pendingOverdue',
  'pending',
  'handlingMsSum',
  'handlingCount',
] as const satisfies readonly (keyof IndicatorCounts)[];

/** Counts of an empty group. */
export function zeroCounts(): IndicatorCounts {
  const c = {} as IndicatorCounts;
  for (const k of COUNT_KEYS) c[k] = 0;
  return c;
}

/** Adds `b` into `a` (mutating `a`) and returns it: for rolling groups up (e.g. communities into streets). */
export function addCounts(a: IndicatorCounts, b: Readonly<IndicatorCounts>): IndicatorCounts {
  for (const k of COUNT_KEYS) a[k] += b[k];
  return a;
}

/** The indicators of one group, as shown on screens and exported. Rates are shares in [0, 1] or null. */
export interface Indicators {
  /** 立案数 */
  filed: number;
  /** 派遣数 */
  dispatched: number;
  /** 处置数 (reported back) */
  handled: number;
  /** 结案数 (of the cases filed in the period) */
  closed: number;
  /** 待处置数 at the period end */
  pending: number;
  /** 准确派遣率 = (dispatched − returned) ÷ dispatched */
  accurateDispatchRate: number | null;
  /** 按期处置率 = handled on time ÷ due */
  onTimeHandlingRate: number | null;
  /** 结案率 = closed ÷ filed */
  closingRate: number | null;
  /** 按期结案率 = closed on time ÷ closed */
  onTimeClosingRate: number | null;
  /** 返工率 = reworked ÷ handled */
  reworkRate: number | null;
  /** 延期率 = extended ÷ dispatched */
  extensionRate: number | null;
  /** 超期待处置率 = overdue pending ÷ pending */
  overduePendingRate: number | null;
  /** 平均处置时长: mean working hours from dispatch to report-back */
  averageHandlingHours: number | null;
  /** 综合得分 0–100, see {@link SCORE_WEIGHTS}; null when no weighted rate is defined. */
  compositeScore: number | null;
}

/** The rates the composite score weighs. */
export type ScoredRate =
  'onTimeHandlingRate' | 'accurateDispatchRate' | 'closingRate' | 'reworkRate' | 'extensionRate' | 'overduePendingRate';

/**
 * Weights of the composite score (sum 100). On-time handling weighs most because it is the
 * indicator the standard and the MISSION lead with and the one a unit controls directly;
 * dispatch accuracy and closing measure the centre's and the loop's work; rework is quality;
 * overdue backlog is what the public feels; extensions are legitimate when approved, so weigh
 * least. `higherIsBetter: false` rates score as (1 − rate). A rate that is null (nothing to
 * judge) drops out and the remaining weights are scaled up to 100, so a unit is judged only on
 * what it had to do.
 */
export const SCORE_WEIGHTS: Readonly<Record<ScoredRate, { weight: number; higherIsBetter: boolean }>> = Object.freeze({
  onTimeHandlingRate: { weight: 40, higherIsBetter: true },
  accurateDispatchRate: { weight: 15, higherIsBetter: true },
  closingRate: { weight: 15, higherIsBetter: true },
  reworkRate: { weight: 15, higherIsBetter: false },
  extensionRate: { weight: 5, higherIsBetter: false },
  overduePendingRate: { weight: 10, higherIsBetter: false },
});

const HOUR_MS = 3_600_000;

/** `part ÷ whole`, clipped to [0, 1]; null when `whole` is 0 (or the input is not a finite count). */
export function rate(part: number, whole: number): number | null {
  if (!(whole > 0) || !Number.isFinite(whole) || !Number.isFinite(part)) return null;
  return Math.min(1, Math.max(0, part / whole));
}

/**
 * The composite score (0–100) of a set of rates, by {@link SCORE_WEIGHTS}; null rates drop out
 * with their weight. Null when every weighted rate is null.
 * @example compositeScore({ onTimeHandlingRate: 1, accurateDispatchRate: null, … all others null }) // 100
 */
export function compositeScore(rates: Readonly<Record<ScoredRate, number | null>>): number | null {
  let weighted = 0;
  let total = 0;
  for (const [key, { weight, higherIsBetter }] of Object.entries(SCORE_WEIGHTS) as [ScoredRate, (typeof SCORE_WEIGHTS)[ScoredRate]][]) {
    const r = rates[key];
    if (r === null) continue;
    weighted += weight * (higherIsBetter ? r : 1 - r);
    total += weight;
  }
  if (total === 0) return null;
  // Round to 0.01 so exports and screens agree and float noise (99.99999…) never shows.
  return Math.round((weighted / total) * 100 * 100) / 100;
}

/**
 * The indicators of a group's counts.
 * @example indicatorsOf({ ...zeroCounts(), dispatched: 10, returned: 1 }).accurateDispatchRate // 0.9
 */
export function indicatorsOf(c: Readonly<IndicatorCounts>): Indicators {
  const rates: Record<ScoredRate, number | null> = {
    accurateDispatchRate: rate(c.dispatched - c.returned, c.dispatched),
    onTimeHandlingRate: rate(c.handledOnTime, c.dueInPeriod),
    closingRate: rate(c.closed, c.filed),
    reworkRate: rate(c.reworked, c.handled),
    extensionRate: rate(c.extended, c.dispatched),
    overduePendingRate: rate(c.pendingOverdue, c.pending),
  };
  return {
    filed: c.filed,
    dispatched: c.dispatched,
    handled: c.handled,
    closed: c.closed,
    pending: c.pending,
    accurateDispatchRate: rates.accurateDispatchRate,
    onTimeHandlingRate: rates.onTimeHandlingRate,
    closingRate: rates.closingRate,
    onTimeClosingRate: rate(c.closedOnTime, c.closed),
    reworkRate: rates.reworkRate,
    extensionRate: rates.extensionRate,
    overduePendingRate: rates.overduePendingRate,
    averageHandlingHours: c.handlingCount > 0 ? c.handlingMsSum / c.handlingCount / HOUR_MS : null,
    compositeScore: compositeScore(rates),
  };
}

/** How an indicator's value reads: a count, a share (shown as %), hours, or a 0–100 score. */
export type IndicatorKind = 'count' | 'rate' | 'hours' | 'score';

/** One indicator's names, for export headers and screens. */
export interface IndicatorLabel {
  key: keyof Indicators;
  zh: string;
  en: string;
  kind: IndicatorKind;
}

/** Every indicator with its Chinese and English name, in display order. */
export const INDICATOR_LABELS: readonly IndicatorLabel[] = Object.freeze([
  { key: 'filed', zh: '立案数', en: 'Filed', kind: 'count' },
  { key: 'dispatched', zh: '派遣数', en: 'Dispatched', kind: 'count' },
  { key: 'handled', zh: '处置数', en: 'Handled', kind: 'count' },
  { key: 'closed', zh: '结案数', en: 'Closed', kind: 'count' },
  { key: 'pending', zh: '待处置数', en: 'Pending', kind: 'count' },
  { key: 'accurateDispatchRate', zh: '准确派遣率', en: 'Accurate dispatch rate', kind: 'rate' },
  { key: 'onTimeHandlingRate', zh: '按期处置率', en: 'On-time handling rate', kind: 'rate' },
  { key: 'closingRate', zh: '结案率', en: 'Closing rate', kind: 'rate' },
  { key: 'onTimeClosingRate', zh: '按期结案率', en: 'On-time closing rate', kind: 'rate' },
  { key: 'reworkRate', zh: '返工率', en: 'Rework rate', kind: 'rate' },
  { key: 'extensionRate', zh: '延期率', en: 'Extension rate', kind: 'rate' },
  { key: 'overduePendingRate', zh: '超期待处置率', en: 'Overdue pending rate', kind: 'rate' },
  { key: 'averageHandlingHours', zh: '平均处置时长（工作小时）', en: 'Average handling time (working hours)', kind: 'hours' },
  { key: 'compositeScore', zh: '综合得分', en: 'Composite score', kind: 'score' },
] satisfies IndicatorLabel[]);

/**
 * What the indicators are grouped by: the handling unit, the jurisdiction, the operation centre
 * in charge (the dispatching role), the category, or the source — the role or channel that found
 * the case (监督员 patrol, 12345 hotline, citizens, sensors, community workers, other systems).
 */
export type EvaluationGroupBy = 'unit' | 'jurisdiction' | 'centre' | 'category' | 'source';

/** Names of the grouping column, for export headers and screens. */
export const GROUP_BY_LABELS: Readonly<Record<EvaluationGroupBy, { zh: string; en: string }>> = Object.freeze({
  unit: { zh: '处置单位', en: 'Unit' },
  jurisdiction: { zh: '辖区', en: 'Jurisdiction' },
  centre: { zh: '指挥中心', en: 'Operation centre' },
  category: { zh: '案件小类', en: 'Category' },
  source: { zh: '发现来源', en: 'Source' },
});

/** Display names of the case sources, for `groupBy=source` (as the browser app names them). */
export const SOURCE_LABELS: Readonly<Record<CaseSource, { zh: string; en: string }>> = Object.freeze({
  alert: { zh: '物联感知告警', en: 'Sensor alert' },
  inspector: { zh: '监督员上报', en: 'Inspector' },
  hotline: { zh: '12345 热线', en: '12345 hotline' },
  citizen: { zh: '市民上报', en: 'Citizen' },
  import: { zh: '批量导入', en: 'Bulk import' },
  community: { zh: '社区上报', en: 'Community' },
});
