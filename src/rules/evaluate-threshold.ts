/**
 * Threshold with duration and hysteresis, pure: `water_level_cm > 15 for 5 min, clears below 10`.
 *
 * idle → pending when a raise condition becomes true (any of `params` and `params.or`);
 * pending → idle when none holds any more (the duration restarts);
 * pending → firing (raise) once one has held for `for` ms — confirmed by a reading, or by a
 * tick under the assumption that the last value persists;
 * firing → idle (clear) when every condition satisfies its clear condition (hysteresis: between
 * 10 and 15 cm the alert stays up).
 * Readings are in event time: a reading not newer than the last one of its metric is ignored.
 */
import type { MetricValue, Reading } from '../sensing/reading-model.ts';
import { compare, formatDuration, type ThresholdCondition, type ThresholdParams } from './model.ts';
import { unchanged, type EvalResult, type SignalDraft } from './verdict.ts';

/** The latest reading of one condition's metric. */
export interface ConditionState {
  /** Event time of the latest reading, -Infinity before the first. */
  ts: number;
  value: MetricValue | null;
}

/** Per-(rule, device) state of a threshold rule. */
export interface ThresholdState {
  phase: 'idle' | 'pending' | 'firing';
  /** When the raise condition became true (pending, firing); NaN when idle. */
  since: number;
  /** One entry per condition, in the order `[params, ...params.or]`. */
  conds: ConditionState[];
}

const conditionCache = new WeakMap<ThresholdParams, ThresholdCondition[]>();

/** The conditions of a rule, primary first (one array per params object, not per reading). */
export function conditionsOf(p: ThresholdParams): ThresholdCondition[] {
  let conds = conditionCache.get(p);
  if (!conds) conditionCache.set(p, (conds = [p, ...p.or]));
  return conds;
}

function allClear(state: ThresholdState, conds: ThresholdCondition[]): boolean {
  for (let k = 0; k < conds.length; k++) if (!clears(conds[k]!, state.conds[k]!)) return false;
  return true;
}

/** The state of a device the rule has not seen yet. */
export function initialThreshold(p: ThresholdParams): ThresholdState {
  return { phase: 'idle', since: NaN, conds: conditionsOf(p).map(() => ({ ts: -Infinity, value: null })) };
}

/** Devices sending 0/1 for a boolean metric (or a boolean for a number) are read as meant. */
export function coerce(value: MetricValue, threshold: number | boolean): MetricValue {
  if (typeof threshold === 'boolean') return typeof value === 'boolean' ? value : value !== 0;
  return typeof value === 'number' ? value : value ? 1 : 0;
}

function raises(c: ThresholdCondition, s: ConditionState): boolean {
  return s.value !== null && compare(c.op, s.value, c.threshold);
}

function clears(c: ThresholdCondition, s: ConditionState): boolean {
  if (s.value === null) return true;
  return c.clear ? compare(c.clear.op, s.value, c.clear.threshold) : !compare(c.op, s.value, c.threshold);
}

function draft(kind: 'raise' | 'clear', ts: number, c: ThresholdCondition, s: ConditionState, p: ThresholdParams): SignalDraft {
  return { kind, ts, value: s.value, vars: { metric: c.metric, threshold: c.threshold, for: formatDuration(p.for) } };
}

/** Index of the first condition that raises, or -1. */
function raising(state: ThresholdState, conds: ThresholdCondition[]): number {
  for (let i = 0; i < conds.length; i++) {
    const s = state.conds[i];
    const c = conds[i];
    if (c && s && raises(c, s)) return i;
  }
  return -1;
}

/** Applies the phase transitions at event time `t` after the condition values changed. */
function step(state: ThresholdState, t: number, p: ThresholdParams): EvalResult<ThresholdState> {
  const conds = conditionsOf(p);
  const i = raising(state, conds);
  switch (state.phase) {
    case 'idle': {
      if (i < 0) return unchanged(state);
      if (p.for > 0) return unchanged({ ...state, phase: 'pending', since: t });
      return { state: { ...state, phase: 'firing', since: t }, signals: [draft('raise', t, conds[i]!, state.conds[i]!, p)] };
    }
    case 'pending': {
      if (i < 0) return unchanged({ ...state, phase: 'idle', since: NaN });
      if (t - state.since < p.for) return unchanged(state);
      return { state: { ...state, phase: 'firing' }, signals: [draft('raise', t, conds[i]!, state.conds[i]!, p)] };
    }
    case 'firing': {
      if (!allClear(state, conds)) return unchanged(state);
      // The value shown on a clear is that of the condition that last changed. A raise confirmed
      // on the clock is stamped since + for; a reading from before that, delivered late, clears
      // at that time, not before the raise.
      let k = 0;
      for (let j = 1; j < conds.length; j++) if (state.conds[j]!.ts > state.conds[k]!.ts) k = j;
      const ts = Math.max(t, state.since + p.for);
      return { state: { ...state, phase: 'idle', since: NaN }, signals: [draft('clear', ts, conds[k]!, state.conds[k]!, p)] };
    }
  }
}

/**
 * Evaluates one reading.
 * @example thresholdOnReading(initialThreshold(p), { deviceId: 'g', metric: 'water_level_cm', ts, value: 17 }, p);
 */
export function thresholdOnReading(state: ThresholdState, r: Reading, p: ThresholdParams): EvalResult<ThresholdState> {
  const conds = conditionsOf(p);
  let next: ConditionState[] | null = null;
  for (let i = 0; i < conds.length; i++) {
    const c = conds[i]!;
    const prev = state.conds[i];
    if (c.metric !== r.metric || !prev || r.ts <= prev.ts) continue;
    next ??= state.conds.slice();
    next[i] = { ts: r.ts, value: coerce(r.value, c.threshold) };
  }
  if (next === null) return unchanged(state);
  return step({ ...state, conds: next }, r.ts, p);
}

/**
 * Confirms a pending duration on the clock: raises at `since + for` once `now` has passed it.
 * `now` should already allow for late readings (the engine subtracts its lateness allowance).
 */
export function thresholdOnTick(state: ThresholdState, now: number, p: ThresholdParams): EvalResult<ThresholdState> {
  if (state.phase !== 'pending' || now - state.since < p.for) return unchanged(state);
  const conds = conditionsOf(p);
  const i = raising(state, conds);
  if (i < 0) return unchanged({ ...state, phase: 'idle', since: NaN });
  const ts = state.since + p.for;
  return { state: { ...state, phase: 'firing' }, signals: [draft('raise', ts, conds[i]!, state.conds[i]!, p)] };
}

/** Whether the rule is currently raised for this device. */
export function thresholdFiring(state: ThresholdState): boolean {
  return state.phase === 'firing';
}
