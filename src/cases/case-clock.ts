/**
 * Step clocks (环节计时): when the current step of a case is due, how much of its limit is used,
 * and how pauses (挂账), extensions (延期) and supervisor deadlines (督办时限) move it. Pure: the
 * time and the working calendar are passed in.
 *
 * A clock measures its step in the basis of the step's limit — working time for working units,
 * the wall clock otherwise — so a 4-working-hour step parked on Friday morning and resumed on
 * Monday still has the working time it had left on Friday.
 */
import { CHINA_WORKING_CALENDAR } from './calendar-data.ts';
import { addDuration, addWorkingTime, lightFor, timeBasisOf, workingTimeBetween } from './calendar-model.ts';
import type { TimeBasis, TimeLimit, WorkingCalendar } from './calendar-types.ts';
import type { Case, CaseStep, StepClock, StepStatus } from './case-types.ts';

/** What a transition needs besides the case and the command: the working calendar deadlines count in. */
export interface TransitionContext {
  calendar: WorkingCalendar;
}

/** The context used when none is given: the mainland China working calendar. */
export const DEFAULT_CONTEXT: TransitionContext = Object.freeze({ calendar: CHINA_WORKING_CALENDAR });

/** The basis a clock counts in: that of its limit. */
export function stepBasis(clock: StepClock): TimeBasis {
  return timeBasisOf(clock.limit.unit);
}

/** Time from `from` to `to` in a basis, ms (negative when `to` is earlier). */
function span(from: number, to: number, basis: TimeBasis, cal: WorkingCalendar): number {
  return basis === 'working' ? workingTimeBetween(from, to, cal) : to - from;
}

/**
 * A new running clock for `step`, started at `now` and due when `limit` has elapsed.
 *
 * @example
 * // 4 working hours from Friday 17:00 Shanghai → due Monday 11:30
 * startStep('handle', { amount: 4, unit: 'working_hours' }, fridayFive, CHINA_WORKING_CALENDAR).dueAt;
 */
export function startStep(step: CaseStep, limit: TimeLimit, now: number, cal: WorkingCalendar): StepClock {
  return {
    step,
    startedAt: now,
    dueAt: addDuration(now, limit, cal),
    limit: { amount: limit.amount, unit: limit.unit },
    pausedRemainingMs: null,
    overdueAt: null,
  };
}

/**
 * The time left until the clock is due, in its basis (ms): 0 once due, the frozen remainder
 * while paused.
 */
export function stepRemainingMs(clock: StepClock, now: number, cal: WorkingCalendar): number {
  if (clock.pausedRemainingMs !== null) return clock.pausedRemainingMs;
  if (now >= clock.dueAt) return 0;
  return Math.max(0, span(now, clock.dueAt, stepBasis(clock), cal));
}

/** True if the clock runs (not paused) and its due time has come. */
export function isStepDue(clock: StepClock, now: number): boolean {
  return clock.pausedRemainingMs === null && now >= clock.dueAt;
}

/**
 * The clock paused at `now` (the case is parked): it keeps its due time for the record and
 * remembers the time left, 0 if it was already due. Pausing a paused clock changes nothing.
 */
export function pauseStep(clock: StepClock, now: number, cal: WorkingCalendar): StepClock {
  if (clock.pausedRemainingMs !== null) return clock;
  return { ...clock, pausedRemainingMs: stepRemainingMs(clock, now, cal) };
}

/**
 * The clock running again from `now` with the time it had left: due at `now` + remainder in
 * its basis (working time skips nights, weekends and holidays). A clock that was already due
 * when paused keeps its past due time, so it stays overdue rather than getting a fresh deadline.
 * The parked time is added to `pausedMs` so the elapsed share leaves it out.
 */
export function resumeStep(clock: StepClock, now: number, cal: WorkingCalendar): StepClock {
  const remaining = clock.pausedRemainingMs;
  if (remaining === null) return clock;
  if (remaining === 0 && clock.dueAt <= now) return { ...clock, pausedRemainingMs: null };
  const basis = stepBasis(clock);
  const dueAt = basis === 'working' ? addWorkingTime(now, remaining, cal) : now + remaining;
  // The due time moved by exactly the parked span (measured in the basis): that is the pause.
  const parked = Math.max(0, span(clock.dueAt, dueAt, basis, cal));
  return { ...clock, dueAt, pausedRemainingMs: null, pausedMs: (clock.pausedMs ?? 0) + parked };
}

/**
 * The clock with its due time moved by `extra` (an approved extension), counted from the
 * current due time; a new due time is no longer overdue.
 */
export function extendStep(clock: StepClock, extra: TimeLimit, cal: WorkingCalendar): StepClock {
  return { ...clock, dueAt: addDuration(clock.dueAt, extra, cal), overdueAt: null };
}

/** The clock due at `dueAt` instead (a supervisor's deadline); a new due time is no longer overdue. */
export function setStepDeadline(clock: StepClock, dueAt: number): StepClock {
  return { ...clock, dueAt, overdueAt: null };
}

/**
 * The share of the step's time used at `now` (1 = due now), in the clock's basis, leaving out
 * parked time; frozen while paused. Past the due time it is always above 1, as with
 * `elapsedFraction`, so red and overdue agree; a zero-length step is 0 until due and Infinity after.
 */
export function stepFraction(clock: StepClock, now: number, cal: WorkingCalendar): number {
  const basis = stepBasis(clock);
  const paused = clock.pausedMs ?? 0;
  const total = span(clock.startedAt, clock.dueAt, basis, cal) - paused;
  const frozen = clock.pausedRemainingMs;
  const late = frozen === null ? now > clock.dueAt : clock.overdueAt !== null || (frozen === 0 && clock.dueAt < now);
  if (total <= 0) return late ? Number.POSITIVE_INFINITY : 0;
  const used = frozen === null ? span(clock.startedAt, now, basis, cal) - paused : total - frozen;
  const fraction = used / total;
  return late ? Math.max(fraction, 1 + Number.EPSILON) : fraction;
}

/**
 * The supervision light of the case's current step at `now`: green below 80 % of its time,
 * yellow from 80 % to 100 %, red beyond. Null when no step runs (final states).
 *
 * @example
 * stepStatus(c, clock.now(), CHINA_WORKING_CALENDAR)?.light; // 'green' | 'yellow' | 'red'
 */
export function stepStatus(c: Pick<Case, 'step'>, now: number, calendar: WorkingCalendar): StepStatus | null {
  const clock = c.step;
  if (!clock) return null;
  const fraction = stepFraction(clock, now, calendar);
  return { step: clock.step, dueAt: clock.dueAt, fraction, light: lightFor(fraction) };
}
