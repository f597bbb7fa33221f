/**
 * What an alert is: the stored record (one per raise, with its state and level) and the entries
 * of its history. Shapes only; the lifecycle that changes them is model.ts (signals) and
 * command-model.ts (people).
 */
import type { WarningLevel } from '../rules/signal-model.ts';

/** Where an alert stands. `raised` and `acknowledged` are active; `cleared` and `closed` are final. */
export type AlertState = 'raised' | 'acknowledged' | 'cleared' | 'closed';
/** Every alert state. */
export const ALERT_STATES = ['raised', 'acknowledged', 'cleared', 'closed'] as const satisfies readonly AlertState[];
/** What a history entry records. */
export type HistoryType = 'raised' | 'level_changed' | 'acknowledged' | 'cleared' | 'closed';

/** One entry of an alert's history; entries are only ever appended, in non-decreasing time. */
export interface AlertHistoryEntry {
  /** Unique id; also the id of the `alerts` bus event that announces it. */
  id: string;
  /** Position in the history, 1 for the raise. */
  seq: number;
  type: HistoryType;
  /** When it happened: the signal's event time or the person's action time, never before the previous entry. */
  at: number;
  /** The signal's own event time, for signal-driven entries. */
  eventTs: number | null;
  /** The level after the entry. */
  level: WarningLevel;
  /** The level before a level change. */
  fromLevel: WarningLevel | null;
  actorId: string | null;
  note: string | null;
  value: number | boolean | null;
}

/** An alert, without its history. */
export interface Alert {
  id: string;
  ruleId: string;
  subjectKey: string;
  deviceId: string | null;
  level: WarningLevel;
  state: AlertState;
  /** Small class code of the case catalogue (from the signal's details), if known. */
  category: string | null;
  message: string;
  value: number | boolean | null;
  jurisdictionPath: string;
  jurisdictionId: string | null;
  location: [number, number] | null;
  details: Record<string, string | number | boolean | null>;
  /** Event time of the raise. */
  raisedAt: number;
  /** Time of the latest history entry. */
  updatedAt: number;
  /** Event time of the latest signal applied; older signals are ignored. */
  lastSignalTs: number;
  /** When the input that raised it arrived, for latency. */
  receivedAt: number;
  acknowledgedAt: number | null;
  acknowledgedBy: string | null;
  /** When it was cleared or closed. */
  endedAt: number | null;
  /** Who closed it (null when the rule cleared it). */
  endedBy: string | null;
  closeNote: string | null;
  /** The policy whose actions were requested last (set by the service). */
  policyId: string | null;
  /** Action kinds already requested for this alert, so an escalation does not repeat them. */
  requestedActions: string[];
  /** Number of history entries. */
  version: number;
}
