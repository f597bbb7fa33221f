/**
 * What people do to an alert, as pure functions: acknowledge it (接警确认) or close it by hand
 * with a note (人工关闭). A refusal says why, with a stable code; nothing changes then.
 */
import { nextEntry, isActive, type AlertChange, type LifecycleContext } from './model.ts';
import type { Alert } from './alert-record.ts';

/** Why a person's command was refused. */
export interface CommandRefusal {
  refused: 'ALERT_NOT_ACTIVE' | 'ALERT_ALREADY_ACKNOWLEDGED' | 'ALERT_NOTE_REQUIRED' | 'ALERT_NOTE_TOO_LONG';
  field?: string;
  message: string;
}

/** Longest note a person may write. */
export const MAX_NOTE_LENGTH = 2000;

/** A person acknowledges a raised alert (接警确认): they have seen it and are on it. */
export function acknowledge(
  alert: Alert,
  actorId: string,
  note: string | null,
  now: number,
  ctx: LifecycleContext,
): CommandRefusal | AlertChange {
  if (!isActive(alert)) return { refused: 'ALERT_NOT_ACTIVE', message: `the alert is ${alert.state}` };
  if (alert.state === 'acknowledged') return { refused: 'ALERT_ALREADY_ACKNOWLEDGED', message: 'the alert is already acknowledged' };
  const text = note?.trim() ? note.trim().slice(0, MAX_NOTE_LENGTH) : null;
  const e = nextEntry(
    alert,
    { type: 'acknowledged', time: now, eventTs: null, level: alert.level, fromLevel: null, actorId, note: text, value: alert.value },
    ctx,
  );
  const next: Alert = { ...alert, state: 'acknowledged', acknowledgedAt: e.at, acknowledgedBy: actorId, updatedAt: e.at, version: e.seq };
  return { alert: next, previous: alert, entry: e, signal: null };
}

/** A person closes an active alert by hand (人工关闭), saying why. */
export function close(alert: Alert, actorId: string, note: string, now: number, ctx: LifecycleContext): CommandRefusal | AlertChange {
  if (!isActive(alert)) return { refused: 'ALERT_NOT_ACTIVE', message: `the alert is ${alert.state}` };
  const text = note.trim();
  if (text === '') return { refused: 'ALERT_NOTE_REQUIRED', field: 'note', message: 'closing an alert needs a note saying why' };
  if (text.length > MAX_NOTE_LENGTH)
    return { refused: 'ALERT_NOTE_TOO_LONG', field: 'note', message: `at most ${MAX_NOTE_LENGTH} characters` };
  const e = nextEntry(
    alert,
    { type: 'closed', time: now, eventTs: null, level: alert.level, fromLevel: null, actorId, note: text, value: alert.value },
    ctx,
  );
  const next: Alert = { ...alert, state: 'closed', endedAt: e.at, endedBy: actorId, closeNote: text, updatedAt: e.at, version: e.seq };
  return { alert: next, previous: alert, entry: e, signal: null };
}

/** Whether a command result is a refusal. */
export function isRefusal(r: CommandRefusal | AlertChange): r is CommandRefusal {
  return 'refused' in r;
}
