import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { CHINA_WORKING_CALENDAR as CAL, STANDARD_WORKING_PERIODS } from './calendar-data.ts';
import {
  addDuration,
  addWorkingTime,
  elapsedFraction,
  isWorkingDay,
  lightFor,
  validateCalendar,
  workingDayMs,
  workingTimeBetween,
  type WorkingCalendar,
} from './calendar-model.ts';

const HOUR = 3_600_000;
const MIN = 60_000;
const RUNS = { numRuns: 500 };

/** Shanghai wall-clock time (UTC+8, no DST since 1991) as UTC ms. */
function sh(y: number, mo: number, d: number, h = 0, mi = 0): number {
  return Date.UTC(y, mo - 1, d, h - 8, mi);
}

/** Independent oracle: local date and minute of day via luxon, working day via the raw lists. */
function local(ms: number, zone = CAL.timeZone): { date: string; minute: number; working: boolean } {
  const t = DateTime.fromMillis(ms, { zone });
  const date = t.toISODate() ?? '';
  const working = CAL.makeUpWorkdays.includes(date) || (t.weekday < 6 && !CAL.holidays.includes(date));
  return { date, minute: t.hour * 60 + t.minute + t.second / 60 + t.millisecond / 60_000, working };
}

/** Brute-force working time of [s, e) day by day with luxon, for comparison. */
function bruteWorking(s: number, e: number, cal: WorkingCalendar = CAL): number {
  let total = 0;
  for (let day = DateTime.fromMillis(s, { zone: cal.timeZone }).startOf('day'); day.toMillis() < e; day = day.plus({ days: 1 })) {
    const date = day.toISODate() ?? '';
    const working = cal.makeUpWorkdays.includes(date) || (!cal.weekend.includes(day.weekday) && !cal.holidays.includes(date));
    if (!working) continue;
    for (const p of cal.workingPeriods) {
      const [sh1, sm1] = p.start.split(':').map(Number);
      const [eh1, em1] = p.end.split(':').map(Number);
      const a = day.set({ hour: sh1 ?? 0, minute: sm1 ?? 0 }).toMillis();
      const b = day.set({ hour: eh1 ?? 0, minute: em1 ?? 0 }).toMillis();
      total += Math.max(0, Math.min(b, e) - Math.max(a, s));
    }
  }
  return total;
}

// Instants from December 2024 to February 2027: both listed years plus unlisted margins.
const instant = fc.integer({ min: sh(2024, 12, 1), max: sh(2027, 2, 1) });
// Durations up to ~12 working weeks, on the half hour (to hit period edges) or to the ms.
const duration = fc.oneof(
  fc.integer({ min: 0, max: 480 }).map((k) => k * 30 * MIN),
  fc.integer({ min: 0, max: 480 * HOUR }),
);

describe('the China calendar data', () => {
  it('is valid and has the documented 8-hour day', () => {
    expect(validateCalendar(CAL)).toEqual([]);
    expect(workingDayMs(CAL)).toBe(8 * HOUR);
    expect(CAL.holidays).toHaveLength(28 + 33);
  });

  it('knows holidays, make-up days and ordinary days', () => {
    expect(isWorkingDay('2026-02-14', CAL)).toBe(true); // Saturday, 春节 make-up
    expect(isWorkingDay('2026-02-15', CAL)).toBe(false);
    expect(isWorkingDay('2026-02-23', CAL)).toBe(false); // Monday inside 春节
    expect(isWorkingDay('2026-02-24', CAL)).toBe(true);
    expect(isWorkingDay('2025-10-08', CAL)).toBe(false); // Wednesday, 国庆中秋
    expect(isWorkingDay('2025-10-11', CAL)).toBe(true);
    expect(isWorkingDay('2025-03-15', CAL)).toBe(false); // ordinary Saturday
    expect(isWorkingDay('2027-10-04', CAL)).toBe(true); // unlisted year: weekends only
    expect(isWorkingDay(sh(2026, 10, 10, 23, 59), CAL)).toBe(true); // by instant, in Shanghai time
    expect(isWorkingDay(Date.UTC(2026, 9, 10, 16, 30), CAL)).toBe(false); // 00:30 Sunday in Shanghai
    expect(() => isWorkingDay('2026-02-30', CAL)).toThrow(RangeError);
  });
});

describe('validateCalendar', () => {
  it('reports bad dates, bad periods and contradictions', () => {
    const bad: WorkingCalendar = {
      timeZone: 'Mars/Olympus',
      workingPeriods: [
        { start: '13:30', end: '18:00' },
        { start: '08:30', end: '14:00' },
        { start: '9:00', end: '10:00' },
      ],
      weekend: [6, 7, 8],
      holidays: ['2025-02-30', '2025-05-01', '2025-05-01', '2025-05-05'],
      makeUpWorkdays: ['2025-05-05', '2025-04-28'],
    };
    const problems = validateCalendar(bad).join('\n');
    expect(problems).toMatch(/time zone "Mars\/Olympus"/);
    expect(problems).toMatch(/period 2 .* overlaps or precedes/);
    expect(problems).toMatch(/period 3 "9:00–10:00" is not HH:MM/);
    expect(problems).toMatch(/weekend day 8/);
    expect(problems).toMatch(/holiday "2025-02-30" is not a valid/);
    expect(problems).toMatch(/holiday "2025-05-01" is listed twice/);
    expect(problems).toMatch(/"2025-05-05" is both a holiday and a make-up/);
    expect(problems).toMatch(/make-up working day "2025-04-28" is not a weekend day/);
    expect(validateCalendar({ ...CAL, workingPeriods: [{ start: '18:00', end: '08:30' }] })[0]).toMatch(/does not end after/);
    expect(validateCalendar({ ...CAL, workingPeriods: [] })).toEqual(['there are no working periods']);
  });

  it('makes the arithmetic refuse an invalid calendar', () => {
    expect(() => addWorkingTime(0, HOUR, { ...CAL, holidays: ['nope'] })).toThrow(/invalid working calendar/);
  });
});

describe('addWorkingTime and workingTimeBetween: examples', () => {
  it('Friday 17:00 + 2 working hours is Monday 09:30 in an ordinary week', () => {
    expect(addWorkingTime(sh(2025, 3, 14, 17), 2 * HOUR, CAL)).toBe(sh(2025, 3, 17, 9, 30));
    expect(workingTimeBetween(sh(2025, 3, 14, 17), sh(2025, 3, 17, 9, 30), CAL)).toBe(2 * HOUR);
  });

  it('skips the 2026 Spring Festival and counts its make-up Saturdays', () => {
    // Fri 2/13 09:00: 7.5 h that day, Sat 2/14 8 h, then nothing until Tue 2/24 8 h, Wed 2/25 0.5 h.
    expect(addDuration(sh(2026, 2, 13, 9), { amount: 3, unit: 'working_days' }, CAL)).toBe(sh(2026, 2, 25, 9));
    expect(workingTimeBetween(sh(2026, 2, 14), sh(2026, 2, 24), CAL)).toBe(8 * HOUR);
    // Fri 2/27 09:00 + 16 h: 7.5 h Friday, 8 h on make-up Saturday 2/28, 0.5 h Monday 3/2.
    expect(addWorkingTime(sh(2026, 2, 27, 9), 16 * HOUR, CAL)).toBe(sh(2026, 3, 2, 9));
  });

  it('4 working hours from Friday 2026-10-09 16:00 end on the make-up Saturday 10-10', () => {
    expect(addDuration(sh(2026, 10, 9, 16), { amount: 4, unit: 'working_hours' }, CAL)).toBe(sh(2026, 10, 10, 10, 30));
  });

  it('handles zero, edges and the lunch break as documented', () => {
    expect(addWorkingTime(sh(2025, 3, 12, 10), 0, CAL)).toBe(sh(2025, 3, 12, 10));
    expect(addWorkingTime(sh(2025, 3, 12, 12), 0, CAL)).toBe(sh(2025, 3, 12, 13, 30)); // 12:00 is lunch
    expect(addWorkingTime(sh(2025, 3, 14, 20), 0, CAL)).toBe(sh(2025, 3, 17, 8, 30));
    expect(addWorkingTime(sh(2025, 3, 14, 17), HOUR, CAL)).toBe(sh(2025, 3, 14, 18)); // ends at the period end
    expect(addWorkingTime(sh(2025, 3, 12, 11), 2 * HOUR, CAL)).toBe(sh(2025, 3, 12, 14, 30));
    expect(workingTimeBetween(sh(2025, 3, 17, 9, 30), sh(2025, 3, 14, 17), CAL)).toBe(-2 * HOUR);
    expect(Object.is(workingTimeBetween(sh(2025, 3, 16), sh(2025, 3, 15), CAL), 0)).toBe(true);
    expect(() => addWorkingTime(0, -1, CAL)).toThrow(RangeError);
    // Exactly one ordinary week's working time from a Sunday ends on Friday 18:00, not Monday.
    expect(addWorkingTime(sh(2025, 3, 9, 12), 40 * HOUR, CAL)).toBe(sh(2025, 3, 14, 18));
  });

  it('counts a year in working days across both schedules', () => {
    // 2026: 365 days − 104 weekend days − 19 weekday holidays + 6 make-up days = 248 working days.
    expect(workingTimeBetween(sh(2026, 1, 1), sh(2027, 1, 1), CAL)).toBe(248 * 8 * HOUR);
    // 2025: 365 − 104 − 18 + 5 = 248 as well.
    expect(workingTimeBetween(sh(2025, 1, 1), sh(2026, 1, 1), CAL)).toBe(248 * 8 * HOUR);
    expect(workingTimeBetween(sh(2025, 1, 1), sh(2026, 1, 1), CAL)).toBe(bruteWorking(sh(2025, 1, 1), sh(2026, 1, 1)));
  });
});

describe('addDuration, elapsedFraction and lightFor', () => {
  it('adds calendar units on the clock', () => {
    const s = sh(2026, 2, 16, 3);
    expect(addDuration(s, { amount: 2, unit: 'calendar_hours' }, CAL)).toBe(s + 2 * HOUR);
    expect(addDuration(s, { amount: 10, unit: 'calendar_minutes' }, CAL)).toBe(s + 10 * MIN);
    expect(addDuration(sh(2025, 3, 11, 10), { amount: 1, unit: 'working_days' }, CAL)).toBe(sh(2025, 3, 12, 10));
    expect(addDuration(sh(2025, 3, 14, 10), { amount: 1.5, unit: 'working_hours' }, CAL)).toBe(sh(2025, 3, 14, 11, 30));
  });

  it('turns lights at 80 % and 100 %', () => {
    expect([0, 0.79, 0.8, 1, 1.0001, Infinity].map(lightFor)).toEqual(['green', 'green', 'yellow', 'yellow', 'red', 'red']);
    const start = sh(2025, 3, 14, 14);
    const due = addDuration(start, { amount: 4, unit: 'working_hours' }, CAL); // Friday 18:00
    expect(due).toBe(sh(2025, 3, 14, 18));
    expect(elapsedFraction(start, due, sh(2025, 3, 14, 16), CAL)).toBe(0.5);
    expect(elapsedFraction(start, due, sh(2025, 3, 14, 17, 12), CAL)).toBe(0.8);
    expect(lightFor(elapsedFraction(start, due, due, CAL))).toBe('yellow');
    // Saturday: no working time since, but the deadline has passed, so red.
    expect(lightFor(elapsedFraction(start, due, sh(2025, 3, 15, 10), CAL))).toBe('red');
    expect(elapsedFraction(start, start + 10 * MIN, start + 5 * MIN, CAL, 'calendar')).toBe(0.5);
    expect(elapsedFraction(start, start, start + 1, CAL)).toBe(Infinity);
  });
});

describe('properties', () => {
  it('workingTimeBetween inverts addWorkingTime (from any start, and from working time)', () => {
    fc.assert(
      fc.property(instant, duration, (s, d) => {
        const inWork = addWorkingTime(s, 0, CAL);
        expect(workingTimeBetween(s, addWorkingTime(s, d, CAL), CAL)).toBe(d);
        expect(workingTimeBetween(inWork, addWorkingTime(inWork, d, CAL), CAL)).toBe(d);
      }),
      RUNS,
    );
  });

  it('addWorkingTime returns the earliest instant at which the duration has elapsed', () => {
    fc.assert(
      fc.property(instant, duration, (s, d) => {
        fc.pre(d > 0);
        const r = addWorkingTime(s, d, CAL);
        expect(workingTimeBetween(s, r - 1, CAL)).toBe(d - 1);
      }),
      RUNS,
    );
  });

  it('addWorkingTime is monotonic in the duration', () => {
    fc.assert(
      fc.property(instant, duration, duration, (s, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(addWorkingTime(s, lo, CAL)).toBeLessThanOrEqual(addWorkingTime(s, hi, CAL));
      }),
      RUNS,
    );
  });

  it('lands inside a working period or at its end, on a working day, never on a holiday', () => {
    fc.assert(
      fc.property(instant, duration, (s, d) => {
        const r = addWorkingTime(s, d, CAL);
        const { date, minute, working } = local(r);
        expect(working).toBe(true);
        expect(CAL.holidays).not.toContain(date);
        expect((minute >= 510 && minute <= 720) || (minute >= 810 && minute <= 1080)).toBe(true);
        expect(r).toBeGreaterThanOrEqual(s);
      }),
      RUNS,
    );
  });

  it('workingTimeBetween is additive over any split point', () => {
    fc.assert(
      fc.property(instant, instant, instant, (a, b, c) => {
        expect(workingTimeBetween(a, b, CAL) + workingTimeBetween(b, c, CAL)).toBe(workingTimeBetween(a, c, CAL));
      }),
      RUNS,
    );
  });

  it('workingTimeBetween agrees with a day-by-day luxon count', () => {
    const span = fc.integer({ min: 0, max: 70 * 24 * HOUR });
    fc.assert(
      fc.property(instant, span, (s, len) => {
        expect(workingTimeBetween(s, s + len, CAL)).toBe(bruteWorking(s, s + len));
      }),
      RUNS,
    );
  });

  it('holds in a zone with daylight saving time as well', () => {
    const berlin: WorkingCalendar = {
      timeZone: 'Europe/Berlin',
      workingPeriods: [{ start: '01:00', end: '04:00' }, ...STANDARD_WORKING_PERIODS],
      weekend: [6, 7],
      holidays: ['2026-03-30'],
      makeUpWorkdays: ['2026-03-29'], // a Sunday with the spring-forward gap inside a period
    };
    expect(validateCalendar(berlin)).toEqual([]);
    expect(workingTimeBetween(Date.UTC(2026, 2, 29), Date.UTC(2026, 2, 30), berlin)).toBe(10 * HOUR);
    const around = fc.integer({ min: Date.UTC(2026, 2, 20), max: Date.UTC(2026, 10, 10) });
    fc.assert(
      fc.property(around, duration, (s, d) => {
        const r = addWorkingTime(s, d, berlin);
        expect(workingTimeBetween(s, r, berlin)).toBe(d);
        expect(workingTimeBetween(s, r, berlin)).toBe(bruteWorking(s, r, berlin));
      }),
      RUNS,
    );
  });
});
