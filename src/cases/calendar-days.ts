/**
 * The working calendar compiled for speed: local dates as day numbers, and each day's working
 * periods as UTC instants. Internal to the calendar model (`calendar-model.ts` is the public
 * face); kept apart so the arithmetic there reads as arithmetic.
 *
 * Why a compiled form: deadline arithmetic runs for every open case on every supervision tick
 * (a million cases), and luxon's time-zone conversions cost microseconds each. Each local day is
 * converted once per calendar object and memoised; after that a lookup is a Map read. The memo
 * is invisible to callers (same input, same output), so the functions stay pure in effect.
 */
import { DateTime, IANAZone } from 'luxon';
import type { WorkingCalendar } from './calendar-types.ts';

/** Milliseconds in a 24-hour day. */
export const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
/** Past this many memoised days (≈ 270 years) the memo starts afresh, bounding its memory. */
const MEMO_LIMIT = 100_000;

/** One working period of a local day, as UTC epoch milliseconds, half-open `[start, end)`. */
export interface PeriodSpan {
  readonly start: number;
  readonly end: number;
}

/** One local day of a calendar. */
export interface DayInfo {
  /** Local midnight that begins the day, UTC ms. */
  readonly start: number;
  /** Local midnight that begins the next day, UTC ms. */
  readonly end: number;
  /** The day's working periods in time order; empty on a day off. */
  readonly periods: readonly PeriodSpan[];
  /** Total working time of the day, ms. */
  readonly workMs: number;
}

/** A calendar prepared for repeated deadline arithmetic. See {@link compileCalendar}. */
export interface CompiledCalendar {
  /** The nominal working time of one working day (8 h for 08:30–12:00 + 13:30–18:00), ms. */
  readonly nominalDailyMs: number;
  /** The day with local day number `n` (days since 1970-01-01 in the calendar's zone). */
  day(n: number): DayInfo;
  /** The local day number that contains the instant `ms`. */
  dayOf(ms: number): number;
  /** Working time of the ISO week (Monday to Sunday) that starts on day number `monday`, ms. */
  weekWorkMs(monday: number): number;
  /** True if the local date `n` is a working day. */
  isWorkingDayNumber(n: number): boolean;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The date of a day number (H. Hinnant's civil_from_days). */
export function civilFromDays(n: number): { year: number; month: number; day: number } {
  const z = n + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a day number; day 0 was a Thursday. */
export function isoWeekdayOf(n: number): number {
  return ((((n + 3) % 7) + 7) % 7) + 1;
}

/** `YYYY-MM-DD` of a day number. */
export function isoDateOf(n: number): string {
  const { year, month, day } = civilFromDays(n);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The day number of a `YYYY-MM-DD` string, or undefined if it is not a real date. */
export function parseIsoDate(s: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return undefined;
  const n = daysFromCivil(Number(m[1]), Number(m[2]), Number(m[3]));
  // A round trip rejects dates such as 2025-02-30 that the arithmetic would roll over.
  return isoDateOf(n) === s ? n : undefined;
}

/** Minutes after midnight of `HH:MM` (00:00 … 24:00), or undefined if malformed. */
export function parseClock(s: string): number | undefined {
  const m = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(s);
  if (!m) return undefined;
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  return minutes <= 1440 ? minutes : undefined;
}

const compiledByCalendar = new WeakMap<WorkingCalendar, CompiledCalendar>();

/**
 * The compiled form of a valid calendar, memoised per calendar object. Calendars are treated
 * as immutable: build a new object rather than editing one already used.
 *
 * @example
 * const c = compileCalendar(CHINA_WORKING_CALENDAR);
 * c.day(c.dayOf(Date.UTC(2026, 1, 16))).workMs; // 0 — 春节
 */
export function compileCalendar(cal: WorkingCalendar): CompiledCalendar {
  const cached = compiledByCalendar.get(cal);
  if (cached) return cached;
  const compiled = build(cal);
  compiledByCalendar.set(cal, compiled);
  return compiled;
}

function build(cal: WorkingCalendar): CompiledCalendar {
  const zone = cal.timeZone;
  const periodMinutes = cal.workingPeriods.map((p) => [parseClock(p.start) ?? 0, parseClock(p.end) ?? 0] as const);
  const nominalDailyMs = periodMinutes.reduce((sum, [s, e]) => sum + (e - s) * MINUTE_MS, 0);
  const weekend = new Set(cal.weekend);
  const holidays = new Set(cal.holidays.map(parseIsoDate));
  const makeUpSet = new Set(cal.makeUpWorkdays.map(parseIsoDate));
  // The offset now is a first guess for instant → day; dayOf corrects it where DST differs.
  const guessOffsetMs = IANAZone.create(zone).offset(0) * MINUTE_MS;
  const days = new Map<number, DayInfo>();
  const weeks = new Map<number, number>();
  const midnights = new Map<number, number>();

  const isWorkingDayNumber = (n: number): boolean => makeUpSet.has(n) || (!weekend.has(isoWeekdayOf(n)) && !holidays.has(n));

  const wallClock = (n: number, minutes: number): number => {
    const { year, month, day } = civilFromDays(n + Math.floor(minutes / 1440));
    const m = minutes % 1440;
    // luxon moves a wall time that a DST jump skips forward, which is what a deadline wants.
    return DateTime.fromObject({ year, month, day, hour: Math.floor(m / 60), minute: m % 60 }, { zone }).toMillis();
  };

  const midnight = (n: number): number => {
    let ms = midnights.get(n);
    if (ms === undefined) {
      if (midnights.size > MEMO_LIMIT) midnights.clear();
      ms = wallClock(n, 0);
      midnights.set(n, ms);
    }
    return ms;
  };

  const day = (n: number): DayInfo => {
    const hit = days.get(n);
    if (hit) return hit;
    const start = midnight(n);
    const end = midnight(n + 1);
    const periods: PeriodSpan[] = [];
    if (isWorkingDayNumber(n)) {
      // Nearly every day is exactly 24 h long; then wall-clock minutes map linearly to instants.
      const linear = end - start === DAY_MS;
      for (const [s, e] of periodMinutes) {
        const ps = linear ? start + s * MINUTE_MS : wallClock(n, s);
        const pe = linear ? start + e * MINUTE_MS : wallClock(n, e);
        if (pe > ps) periods.push({ start: ps, end: pe });
      }
    }
    const info: DayInfo = { start, end, periods, workMs: periods.reduce((sum, p) => sum + p.end - p.start, 0) };
    if (days.size > MEMO_LIMIT) days.clear();
    days.set(n, info);
    return info;
  };

  const dayOf = (ms: number): number => {
    let n = Math.floor((ms + guessOffsetMs) / DAY_MS);
    for (;;) {
      const info = day(n);
      if (ms < info.start) n -= 1;
      else if (ms >= info.end) n += 1;
      else return n;
    }
  };

  const weekWorkMs = (monday: number): number => {
    let total = weeks.get(monday);
    if (total === undefined) {
      total = 0;
      for (let i = 0; i < 7; i += 1) total += day(monday + i).workMs;
      if (weeks.size > MEMO_LIMIT) weeks.clear();
      weeks.set(monday, total);
    }
    return total;
  };

  return {
    nominalDailyMs,
    day,
    dayOf,
    weekWorkMs,
    isWorkingDayNumber,
  };
}
