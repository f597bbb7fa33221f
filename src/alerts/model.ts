/**
 * The alert lifecycle as pure functions (DESIGN §1.3: functional core). One ACTIVE alert per
 * (rule, subject): raised → acknowledged → cleared (by the rule's clear signal) or closed (by a
 * person, with a note: see command-model.ts). A raise at a new level changes the active alert's
 * level; a raise after the alert ended opens a new one. Signals are idempotent and out-of-order
 * ones are ignored. No I/O: ids and the time come in through the context.
 */
import { levelRank, WARNING_LEVELS, type RuleSignal } from '../rules/signal-model.ts';
import type { Alert, AlertHistoryEntry } from './alert-record.ts';

// The record's shapes are alert-record.ts; importers of this module still find them here.
export * from './alert-record.ts';

/** The state of one (rule, subject) key: its active alert and the latest signal time applied. */
export interface AlertKeyState {
  lastSignalTs: number | null;
  active: Alert | null;
}

/** Why a signal changed nothing. */
export type IgnoreReason = 'invalid' | 'out_of_order' | 'duplicate' | 'same_level' | 'not_active';
/** Every ignore reason, for counters. */
export const IGNORE_REASONS = [
  'invalid',
  'out_of_order',
  'duplicate',
  'same_level',
  'not_active',
] as const satisfies readonly IgnoreReason[];

/** One stored change of an alert: the alert after it and the history entry recording it. */
export interface AlertChange {
  alert: Alert;
  /** The alert before the change; null when this change raised it. */
  previous: Alert | null;
  entry: AlertHistoryEntry;
  /** The signal that caused it, if a signal did. */
  signal: RuleSignal | null;
}

/** What pure transitions need from the world. */
export interface LifecycleContext {
  newId(): string;
}

/** The result of one signal on one key. */
export type SignalResult = { ignored: IgnoreReason } | { state: AlertKeyState; change: AlertChange };

/** The index key of (rule, subject). */
export function alertKey(ruleId: string, subjectKey: string): string {
  return `${ruleId}\u0000${subjectKey}`;
}

/** Whether the alert is raised or acknowledged. */
export function isActive(alert: Pick<Alert, 'state'>): boolean {
  return alert.state === 'raised' || alert.state === 'acknowledged';
}

/** Why a signal cannot be applied at all, or null when it is well-formed. */
export function signalProblem(s: RuleSignal): string | null {
  if (s.kind !== 'raise' && s.kind !== 'clear') return 'kind';
  if (typeof s.ruleId !== 'string' || s.ruleId === '') return 'ruleId';
  if (typeof s.subjectKey !== 'string' || s.subjectKey === '') return 'subjectKey';
  if (!WARNING_LEVELS.includes(s.level)) return 'level';
  if (!Number.isFinite(s.ts)) return 'ts';
  if (!Number.isFinite(s.receivedAt)) return 'receivedAt';
  if (typeof s.jurisdictionPath !== 'string' || !/^\/(?:[^/]+\/)+$/.test(s.jurisdictionPath)) return 'jurisdictionPath';
  return null;
}

/** Detection types and the case categories they mean, for signals whose details name no category. */
const DETECTION_CATEGORIES: Readonly<Record<string, string>> = {
  falling_object: 'E0601',
  no_helmet: 'E0302',
  standing_water: 'E0401',
  manhole_anomaly: 'P0111',
  garbage: 'E0102',
};

/**
 * The case category of a signal: `details.caseCategory` (the rule's case category, as the rules
 * engine sends it) or `details.category`, else the category its detection type
 * (`details.detectionType`) stands for, else null.
 * @example categoryOf({ ...s, details: { detectionType: 'falling_object' } }); // 'E0601'
 */
export function categoryOf(s: Pick<RuleSignal, 'details'>): string | null {
  for (const c of [s.details.caseCategory, s.details.category]) if (typeof c === 'string' && c !== '') return c;
  const t = s.details.detectionType;
  return typeof t === 'string' ? (DETECTION_CATEGORIES[t] ?? null) : null;
}

/** A new history entry after `alert`'s last one (never dated before it). */
export function nextEntry(
  alert: Pick<Alert, 'version' | 'updatedAt'> | null,
  fields: Omit<AlertHistoryEntry, 'id' | 'seq' | 'at'> & { time: number },
  ctx: LifecycleContext,
): AlertHistoryEntry {
  const { time, ...rest } = fields;
  return { id: ctx.newId(), seq: (alert?.version ?? 0) + 1, at: alert ? Math.max(alert.updatedAt, time) : time, ...rest };
}

function raise(s: RuleSignal, ctx: LifecycleContext): AlertChange {
  const id = ctx.newId();
  const e = nextEntry(
    null,
    { type: 'raised', time: s.ts, eventTs: s.ts, level: s.level, fromLevel: null, actorId: null, note: null, value: s.value },
    ctx,
  );
  const alert: Alert = {
    id,
    ruleId: s.ruleId,
    subjectKey: s.subjectKey,
    deviceId: s.deviceId,
    level: s.level,
    state: 'raised',
    category: categoryOf(s),
    message: s.message,
    value: s.value,
    jurisdictionPath: s.jurisdictionPath,
    jurisdictionId: s.jurisdictionId,
    location: s.location,
    details: s.details,
    raisedAt: s.ts,
    updatedAt: e.at,
    lastSignalTs: s.ts,
    receivedAt: s.receivedAt,
    acknowledgedAt: null,
    acknowledgedBy: null,
    endedAt: null,
    endedBy: null,
    closeNote: null,
    policyId: null,
    requestedActions: [],
    version: 1,
  };
  return { alert, previous: null, entry: e, signal: s };
}

/**
 * Applies one signal to one key's state. Ignored (and nothing changes) when the signal is
 * malformed, older than the key's latest applied signal, or a repeat: a raise at the active
 * alert's level (or below it at the same instant), a clear with no active alert, a raise at the
 * same instant as the signal that ended the last alert. So re-applying any signal already
 * applied changes nothing.
 * @example const r = applySignal({ lastSignalTs: null, active: null }, signal, { newId });
 */
export function applySignal(key: AlertKeyState, s: RuleSignal, ctx: LifecycleContext): SignalResult {
  if (signalProblem(s) !== null) return { ignored: 'invalid' };
  if (key.lastSignalTs !== null && s.ts < key.lastSignalTs) return { ignored: 'out_of_order' };
  const active = key.active;
  if (s.kind === 'clear') {
    if (!active) return { ignored: 'not_active' };
    const e = nextEntry(
      active,
      { type: 'cleared', time: s.ts, eventTs: s.ts, level: active.level, fromLevel: null, actorId: null, note: null, value: s.value },
      ctx,
    );
    const alert: Alert = { ...active, state: 'cleared', updatedAt: e.at, lastSignalTs: s.ts, endedAt: e.at, endedBy: null, version: e.seq };
    return { state: { lastSignalTs: s.ts, active: null }, change: { alert, previous: active, entry: e, signal: s } };
  }
  if (!active) {
    if (key.lastSignalTs !== null && s.ts === key.lastSignalTs) return { ignored: 'duplicate' };
    const change = raise(s, ctx);
    return { state: { lastSignalTs: s.ts, active: change.alert }, change };
  }
  if (active.level === s.level) return { ignored: 'same_level' };
  // Two levels at the same instant: the higher wins, whatever order they arrive (or re-arrive) in.
  if (s.ts === key.lastSignalTs && levelRank(s.level) < levelRank(active.level)) return { ignored: 'same_level' };
  const e = nextEntry(
    active,
    {
      type: 'level_changed',
      time: s.ts,
      eventTs: s.ts,
      level: s.level,
      fromLevel: active.level,
      actorId: null,
      note: null,
      value: s.value,
    },
    ctx,
  );
  const alert: Alert = {
    ...active,
    level: s.level,
    message: s.message,
    value: s.value,
    details: s.details,
    category: categoryOf(s) ?? active.category,
    updatedAt: e.at,
    lastSignalTs: s.ts,
    version: e.seq,
  };
  return { state: { lastSignalTs: s.ts, active: alert }, change: { alert, previous: active, entry: e, signal: s } };
}

/** Whether a level change raised the severity. */
export function isEscalation(change: AlertChange): boolean {
  return (
    change.previous !== null && change.entry.type === 'level_changed' && levelRank(change.alert.level) > levelRank(change.previous.level)
  );
}

/** The outcome of applying a batch of signals to an index of key states. */
export interface BatchPlan {
  /** Changes in the order they happened. */
  changes: AlertChange[];
  /** The final state of every key the batch changed. */
  keys: Map<string, AlertKeyState>;
  ignored: Record<IgnoreReason, number>;
}

/**
 * Applies signals in order, threading each key's state through the batch (a key may change
 * several times in one batch). `lookup` gives the state before the batch; it is not modified.
 * `decorate` may amend each change's alert (e.g. record the policy that ran) before the next
 * signal for the same key sees it.
 */
export function planSignals(
  lookup: (key: string) => AlertKeyState,
  signals: readonly RuleSignal[],
  ctx: LifecycleContext,
  decorate: (change: AlertChange) => AlertChange = (c) => c,
): BatchPlan {
  const keys = new Map<string, AlertKeyState>();
  const changes: AlertChange[] = [];
  const ignored: Record<IgnoreReason, number> = { invalid: 0, out_of_order: 0, duplicate: 0, same_level: 0, not_active: 0 };
  for (const s of signals) {
    const k = alertKey(s.ruleId, s.subjectKey);
    const r = applySignal(keys.get(k) ?? lookup(k), s, ctx);
    if ('ignored' in r) {
      ignored[r.ignored]++;
      continue;
    }
    const change = decorate(r.change);
    keys.set(k, { lastSignalTs: r.state.lastSignalTs, active: isActive(change.alert) ? change.alert : null });
    changes.push(change);
  }
  return { changes, keys, ignored };
}
