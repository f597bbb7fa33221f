/**
 * Absence, pure: no reading (of any metric, of one metric, or with one value such as door
 * `open == true`) for `after` ms → raise; the next such reading clears. Evaluated on the clock
 * (`absenceOnTick`), since silence produces no input.
 *
 * The gap is measured from the last counting reading or, before there was one, from when the
 * device was first seen (any reading, or the engine binding it): a door sensor that reports
 * `open == false` all day but never `true` raises 24 h after it was first heard from. One gap
 * raises once; the raise's time is the moment the gap reached `after`.
 */
import type { Reading } from '../sensing/reading-model.ts';
import { formatDuration, type AbsenceParams } from './model.ts';
import { unchanged, type EvalResult } from './verdict.ts';

/** Per-(rule, device) state of an absence rule. */
export interface AbsenceState {
  /** Start of the current gap: last counting reading (or first sight); NaN when never seen. */
  since: number;
  firing: boolean;
  /**
   * `since` is when the engine started watching a device it has no reading of yet (the
   * platform's clock, not an event time): the device's first reading, whatever its time — also
   * one from before, back-filled — starts the gap instead.
   */
  unheard?: boolean;
}

/** The state of a device never seen; `seenAt` (e.g. when the engine bound it) starts the first gap until a reading does. */
export function initialAbsence(seenAt = NaN): AbsenceState {
  return Number.isNaN(seenAt) ? { since: seenAt, firing: false } : { since: seenAt, firing: false, unheard: true };
}

/** Whether a reading counts as "present" for the rule. */
export function counts(r: Reading, p: AbsenceParams): boolean {
  if (p.metric !== null && r.metric !== p.metric) return false;
  if (p.value === null) return true;
  if (typeof p.value === 'boolean') return r.value === p.value || (typeof r.value === 'number' && r.value !== 0) === p.value;
  return r.value === p.value;
}

function vars(p: AbsenceParams, lastSeen: number) {
  return {
    metric: p.metric,
    after: formatDuration(p.after),
    lastSeen: Number.isNaN(lastSeen) ? null : new Date(lastSeen).toISOString(),
  };
}

/**
 * A reading: a counting one ends the gap (clearing a raised rule); any reading from a device
 * never seen starts the first gap.
 */
export function absenceOnReading(s: AbsenceState, r: Reading, p: AbsenceParams): EvalResult<AbsenceState> {
  if (!counts(r, p)) {
    return Number.isNaN(s.since) || (s.unheard === true && !s.firing) ? unchanged({ since: r.ts, firing: false }) : unchanged(s);
  }
  if (s.firing) {
    const since = Math.max(s.since, r.ts);
    // A reading from inside the gap, delivered late (back-fill), ends it too; the clear is not
    // stamped before the raise (since + after), or it would look older than the alert it ends.
    const ts = Math.max(r.ts, s.since + p.after);
    return { state: { since, firing: false }, signals: [{ kind: 'clear', ts, value: r.value, vars: vars(p, r.ts) }] };
  }
  if (!Number.isNaN(s.since) && r.ts <= s.since && s.unheard !== true) return unchanged(s);
  return unchanged({ since: r.ts, firing: false });
}

/** The clock: raises once when the gap has reached `after`. */
export function absenceOnTick(s: AbsenceState, now: number, p: AbsenceParams): EvalResult<AbsenceState> {
  if (s.firing || Number.isNaN(s.since) || now - s.since < p.after) return unchanged(s);
  const ts = s.since + p.after;
  return { state: { since: s.since, firing: true }, signals: [{ kind: 'raise', ts, value: null, vars: vars(p, s.since) }] };
}

/** Whether the rule is currently raised for this device. */
export function absenceFiring(s: AbsenceState): boolean {
  return s.firing;
}
