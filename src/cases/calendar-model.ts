/**
 * The working calendar (工作日历) and deadline arithmetic for case time limits.
 *
 * Time limits in digital urban management are counted in working time: "4 working hours"
 * filed on Friday at 17:00 are due on Monday at 09:30, and the State Council's holiday
 * schedule (放假安排, with its 调休 make-up working weekends) moves both. A calendar is plain
 * data — see `calendar-data.ts` — that an operator extends each year when the schedule is
 * published; outside the listed dates only the weekly weekend applies.
 *
 * All instants are UTC epoch milliseconds; the calendar's time zone says where the days and
 * working periods lie. Everything here is pure: time is passed in, never read.
 */
import { IANAZone } from 'luxon';
import type { TimeBasis, TimeLimit, TimeUnit, WarningLight, WorkingCalendar } from './calendar-types.ts';
import { compileCalendar, isoWeekdayOf, parseClock, parseIsoDate, type CompiledCalendar } from './calendar-days.ts';

export * from './calendar-types.ts';

/** A light turns yellow once this fraction of the step's limit is used (MISSION: 80 %). */
export const YELLOW_FROM = 0.8;

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

/**
 * Problems with a calendar, as human-readable strings; empty when it is valid.
 *
 * @example
 * validateCalendar(CHINA_WORKING_CALENDAR); // []
 * validateCalendar({ ...CHINA_WORKING_CALENDAR, holidays: ['2025-02-30'] });
 * // ['holiday "2025-02-30" is not a valid YYYY-MM-DD date']
 */
export function validateCalendar(cal: WorkingCalendar): string[] {
  const problems: string[] = [];
  if (!IANAZone.isValidZone(cal.timeZone)) problems.push(`time zone "${cal.timeZone}" is not a valid IANA zone`);
  if (cal.workingPeriods.length === 0) problems.push('there are no working periods');
  let previousEnd = -1;
  cal.workingPeriods.forEach((p, i) => {
    const start = parseClock(p.start);
    const end = parseClock(p.end);
    if (start === undefined || end === undefined) {
      problems.push(`working period ${i + 1} "${p.start}–${p.end}" is not HH:MM–HH:MM`);
      return;
    }
    if (start >= end) problems.push(`working period ${i + 1} "${p.start}–${p.end}" does not end after it starts`);
    if (start < previousEnd) problems.push(`working period ${i + 1} "${p.start}–${p.end}" overlaps or precedes the one before`);
    previousEnd = Math.max(previousEnd, end);
  });
  for (const d of cal.weekend) {
    if (!Number.isInteger(d) || d < 1 || d > 7) problems.push(`weekend day ${d} is not an ISO weekday 1–7`);
  }
  if (new Set(cal.weekend).size !== cal.weekend.length) problems.push('weekend lists a weekday twice');
  if (new Set(cal.weekend).size >= 7) problems.push('every weekday is a weekend day');
  const weekend = new Set(cal.weekend);
  const checkDates = (dates: readonly string[], what: string): void => {
    const seen = new Set<string>();
    for (const d of dates) {
      if (parseIsoDate(d) === undefined) problems.push(`${what} "${d}" is not a valid YYYY-MM-DD date`);
      if (seen.has(d)) problems.push(`${what} "${d}" is listed twice`);
      seen.add(d);
    }
  };
  checkDates(cal.holidays, 'holiday');
  checkDates(cal.makeUpWorkdays, 'make-up working day');
  const holidays = new Set(cal.holidays);
  for (const d of cal.makeUpWorkdays) {
    if (holidays.has(d)) problems.push(`"${d}" is both a holiday and a make-up working day`);
    const n = parseIsoDate(d);
    if (n !== undefined && !weekend.has(isoWeekdayOf(n))) {
      problems.push(`make-up working day "${d}" is not a weekend day`);
    }
  }
  return problems;
}

const validated = new WeakSet<WorkingCalendar>();

/** The compiled calendar; an invalid one is refused (validation runs once per object). */
function prepare(cal: WorkingCalendar): CompiledCalendar {
  if (!validated.has(cal)) {
    const problems = validateCalendar(cal);
    if (problems.length > 0) throw new RangeError(`invalid working calendar: ${problems.join('; ')}`);
    validated.add(cal);
  }
  return compileCalendar(cal);
}

function requireInstant(ms: number, name: string): void {
  if (!Number.isFinite(ms)) throw new RangeError(`${name} must be a finite epoch millisecond value, got ${ms}`);
}

/**
 * True if a local date (`YYYY-MM-DD`) or the local day of an instant (UTC ms) is a working day:
 * a make-up day, or a day that is neither weekend nor holiday.
 *
 * @example
 * isWorkingDay('2026-02-14', CHINA_WORKING_CALENDAR); // true — Saturday, 春节 make-up day
 * isWorkingDay('2026-02-16', CHINA_WORKING_CALENDAR); // false — 春节
 */
export function isWorkingDay(date: string | number, cal: WorkingCalendar): boolean {
  const c = prepare(cal);
  if (typeof date === 'string') {
    const n = parseIsoDate(date);
    if (n === undefined) throw new RangeError(`"${date}" is not a valid YYYY-MM-DD date`);
    return c.isWorkingDayNumber(n);
  }
  requireInstant(date, 'date');
  return c.isWorkingDayNumber(c.dayOf(date));
}

/**
 * The instant at which `durationMs` of working time has elapsed after `startMs`.
 *
 * Counting starts at `startMs` if it lies in a working period, else at the next period's start.
 * A duration of 0 therefore returns `startMs` itself inside working time and the next working
 * period's start outside it — "when could work on this begin". A duration that uses up a period
 * exactly returns that period's end (Friday 18:00), not the next start (Monday 08:30): the
 * deadline is the end of the working time granted. Long spans stride a week at a time.
 *
 * @example
 * // Friday 2025-03-14 17:00 Shanghai + 2 working hours → Monday 2025-03-17 09:30 Shanghai
 * addWorkingTime(Date.UTC(2025, 2, 14, 9), 2 * 3_600_000, CHINA_WORKING_CALENDAR)
 *   === Date.UTC(2025, 2, 17, 1, 30); // true
 */
export function addWorkingTime(startMs: number, durationMs: number, cal: WorkingCalendar): number {
  requireInstant(startMs, 'startMs');
  if (!Number.isFinite(durationMs) || durationMs < 0) {
    throw new RangeError(`durationMs must be a finite non-negative number, got ${durationMs}`);
  }
  const c = prepare(cal);
  let remaining = durationMs;
  let cursor = startMs;
  let n = c.dayOf(startMs);
  for (;;) {
    for (const p of c.day(n).periods) {
      if (cursor >= p.end) continue;
      const from = Math.max(cursor, p.start);
      const available = p.end - from;
      if (remaining <= available) return from + remaining;
      remaining -= available;
    }
    n += 1;
    cursor = Number.NEGATIVE_INFINITY; // every later day's periods lie after the cursor
    if (isoWeekdayOf(n) === 1) {
      // Skip whole weeks while the remainder outlasts them; `<` keeps the week that ends it.
      for (let w = c.weekWorkMs(n); w < remaining; w = c.weekWorkMs(n)) {
        remaining -= w;
        n += 7;
      }
    }
    // This ends: a valid calendar has working periods and at most 6 weekend days, and its
    // holidays are finitely many, so ordinary weeks beyond them always hold working time.
  }
}

/** Working time of one day inside `[from, to)`. */
function overlap(periods: readonly { start: number; end: number }[], from: number, to: number): number {
  let total = 0;
  for (const p of periods) {
    const s = Math.max(p.start, from);
    const e = Math.min(p.end, to);
    if (e > s) total += e - s;
  }
  return total;
}

/**
 * Working time in `[startMs, endMs)`, ms. Antisymmetric: if `endMs < startMs` the result is
 * the negated working time of `[endMs, startMs)`, so splitting at any instant adds up
 * (`between(a, b) + between(b, c) === between(a, c)`) and the inverse of
 * {@link addWorkingTime} holds: `workingTimeBetween(s, addWorkingTime(s, d)) === d`.
 *
 * @example
 * // Friday 17:00 → Monday 09:30 in an ordinary week: 2 working hours
 * workingTimeBetween(Date.UTC(2025, 2, 14, 9), Date.UTC(2025, 2, 17, 1, 30), CHINA_WORKING_CALENDAR);
 * // 7_200_000
 */
export function workingTimeBetween(startMs: number, endMs: number, cal: WorkingCalendar): number {
  requireInstant(startMs, 'startMs');
  requireInstant(endMs, 'endMs');
  // `0 - x` rather than `-x`, so an empty reversed span is +0, not -0.
  if (endMs < startMs) return 0 - workingTimeBetween(endMs, startMs, cal);
  const c = prepare(cal);
  const first = c.dayOf(startMs);
  const last = c.dayOf(endMs);
  if (first === last) return overlap(c.day(first).periods, startMs, endMs);
  let total = overlap(c.day(first).periods, startMs, Number.POSITIVE_INFINITY);
  let n = first + 1;
  while (n < last) {
    if (isoWeekdayOf(n) === 1 && n + 7 <= last) {
      total += c.weekWorkMs(n);
      n += 7;
    } else {
      total += c.day(n).workMs;
      n += 1;
    }
  }
  return total + overlap(c.day(last).periods, Number.NEGATIVE_INFINITY, endMs);
}

/**
 * The nominal working time of one working day in `cal`, ms (8 h for the China calendar).
 * A "working day" limit is this much working time, so 1 working day from Tuesday 10:00 is
 * Wednesday 10:00, and from Friday 10:00 the next working day's 10:00.
 */
export function workingDayMs(cal: WorkingCalendar): number {
  return prepare(cal).nominalDailyMs;
}

/** Whether a unit counts working time or wall-clock time. */
export function timeBasisOf(unit: TimeUnit): TimeBasis {
  return unit === 'working_hours' || unit === 'working_days' ? 'working' : 'calendar';
}

/**
 * The instant a time limit expires when it starts at `startMs` (the due time of a step).
 * Working units count working time ({@link addWorkingTime}); calendar units count the clock.
 * Fractional amounts are allowed and rounded to the millisecond.
 *
 * @example
 * addDuration(filedAt, { amount: 4, unit: 'working_hours' }, CHINA_WORKING_CALENDAR);
 * addDuration(filedAt, { amount: 2, unit: 'calendar_hours' }, CHINA_WORKING_CALENDAR); // filedAt + 2 h
 */
export function addDuration(startMs: number, limit: TimeLimit, cal: WorkingCalendar): number {
  requireInstant(startMs, 'startMs');
  if (!Number.isFinite(limit.amount) || limit.amount < 0) {
    throw new RangeError(`a time limit's amount must be finite and non-negative, got ${limit.amount}`);
  }
  switch (limit.unit) {
    case 'calendar_minutes':
      return startMs + Math.round(limit.amount * MINUTE_MS);
    case 'calendar_hours':
      return startMs + Math.round(limit.amount * HOUR_MS);
    case 'working_hours':
      return addWorkingTime(startMs, Math.round(limit.amount * HOUR_MS), cal);
    case 'working_days':
      return addWorkingTime(startMs, Math.round(limit.amount * workingDayMs(cal)), cal);
  }
}

/**
 * The fraction of a step's time limit used at `nowMs`, for a step that started at `startMs`
 * and is due at `dueMs`, measured on the limit's own basis (working time by default).
 *
 * Once `nowMs` is past `dueMs` the result is always above 1, even when no working time has
 * passed since (a step due Friday 18:00 is overdue on Saturday): overdue and red must agree.
 * A zero-length limit gives 0 up to its due instant and `Infinity` after it. Before the start
 * the result is ≤ 0.
 *
 * @example
 * const due = addDuration(start, { amount: 4, unit: 'working_hours' }, cal);
 * lightFor(elapsedFraction(start, due, now, cal)); // 'green' | 'yellow' | 'red'
 */
export function elapsedFraction(startMs: number, dueMs: number, nowMs: number, cal: WorkingCalendar, basis: TimeBasis = 'working'): number {
  requireInstant(nowMs, 'nowMs');
  const span = basis === 'working' ? workingTimeBetween(startMs, dueMs, cal) : dueMs - startMs;
  if (span <= 0) return nowMs > dueMs ? Number.POSITIVE_INFINITY : 0;
  const used = basis === 'working' ? workingTimeBetween(startMs, nowMs, cal) : nowMs - startMs;
  const fraction = used / span;
  return nowMs > dueMs ? Math.max(fraction, 1 + Number.EPSILON) : fraction;
}

/**
 * The warning light for a fraction of a time limit used: green below 80 %, yellow from 80 % up
 * to and including 100 %, red above 100 % (MISSION.md).
 *
 * @example
 * lightFor(0.5); // 'green'
 * lightFor(0.8); // 'yellow'
 * lightFor(1);   // 'yellow'
 * lightFor(1.01); // 'red'
 */
export function lightFor(fraction: number): WarningLight {
  if (Number.isNaN(fraction)) throw new RangeError('fraction must be a number, got NaN');
  if (fraction < YELLOW_FROM) return 'green';
  return fraction <= 1 ? 'yellow' : 'red';
}
