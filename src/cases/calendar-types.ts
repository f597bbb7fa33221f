/**
 * The working calendar's types, in a file of their own so the calendar's data and its compiled
 * form can share them with the arithmetic without importing each other.
 */

/** A daily working period in local wall-clock time, `HH:MM`, half-open `[start, end)`. */
export interface WorkingPeriod {
  readonly start: string;
  readonly end: string;
}

/** A working calendar: which local times count as working time. */
export interface WorkingCalendar {
  /** IANA time zone of the days and periods, e.g. `Asia/Shanghai`. */
  readonly timeZone: string;
  /** Working periods of every working day, sorted and not overlapping. */
  readonly workingPeriods: readonly WorkingPeriod[];
  /** ISO weekdays that are days off every week (6 = Saturday, 7 = Sunday). */
  readonly weekend: readonly number[];
  /** Local dates (`YYYY-MM-DD`) that are days off: public holidays, including their weekends. */
  readonly holidays: readonly string[];
  /** Local weekend dates (`YYYY-MM-DD`) that are working days (调休 make-up days). */
  readonly makeUpWorkdays: readonly string[];
}

/** Units a time limit can be stated in. */
export type TimeUnit = 'working_hours' | 'working_days' | 'calendar_hours' | 'calendar_minutes';

/** A time limit, e.g. `{ amount: 4, unit: 'working_hours' }`. */
export interface TimeLimit<U extends TimeUnit = TimeUnit> {
  readonly amount: number;
  readonly unit: U;
}

/** Whether a limit runs on working time or on the wall clock. */
export type TimeBasis = 'working' | 'calendar';

/** Supervision warning light of a step (绿灯/黄灯/红灯). */
export type WarningLight = 'green' | 'yellow' | 'red';
