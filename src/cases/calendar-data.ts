/**
 * The working calendar of mainland China as data: the standard office day and the State
 * Council General Office's holiday schedules (国务院办公厅关于部分节假日安排的通知).
 *
 * This is data an operator extends each year: the schedule for the next year is published
 * around November, and its days off and 调休 make-up working days are appended here (or to a
 * copy loaded from configuration). For years not listed only the weekly weekend applies, so a
 * deadline running into an unlisted year ignores its public holidays.
 */
import type { WorkingCalendar } from './calendar-types.ts';

/**
 * The standard government office day: 08:30–12:00 and 13:30–18:00, 8 working hours. Offices
 * differ by half an hour here and there; the total of 8 hours is what the limits assume.
 */
export const STANDARD_WORKING_PERIODS = Object.freeze([
  Object.freeze({ start: '08:30', end: '12:00' }),
  Object.freeze({ start: '13:30', end: '18:00' }),
]);

/** Years whose official holiday schedule {@link CHINA_WORKING_CALENDAR} contains. */
export const CHINA_HOLIDAY_YEARS: readonly number[] = Object.freeze([2025, 2026]);

/** Days off in 2025, weekends inside each break included. */
const HOLIDAYS_2025 = [
  '2025-01-01', // 元旦
  // 春节 1/28–2/4
  '2025-01-28',
  '2025-01-29',
  '2025-01-30',
  '2025-01-31',
  '2025-02-01',
  '2025-02-02',
  '2025-02-03',
  '2025-02-04',
  '2025-04-04',
  '2025-04-05',
  '2025-04-06', // 清明
  '2025-05-01',
  '2025-05-02',
  '2025-05-03',
  '2025-05-04',
  '2025-05-05', // 劳动节
  '2025-05-31',
  '2025-06-01',
  '2025-06-02', // 端午
  // 国庆、中秋 10/1–10/8
  '2025-10-01',
  '2025-10-02',
  '2025-10-03',
  '2025-10-04',
  '2025-10-05',
  '2025-10-06',
  '2025-10-07',
  '2025-10-08',
];

/** 2025 weekend days worked in exchange (调休上班). */
const MAKE_UP_2025 = [
  '2025-01-26', // Sunday, 春节
  '2025-02-08', // Saturday, 春节
  '2025-04-27', // Sunday, 劳动节
  '2025-09-28', // Sunday, 国庆
  '2025-10-11', // Saturday, 国庆
];

/** Days off in 2026, weekends inside each break included. */
const HOLIDAYS_2026 = [
  '2026-01-01',
  '2026-01-02',
  '2026-01-03', // 元旦
  // 春节 2/15–2/23
  '2026-02-15',
  '2026-02-16',
  '2026-02-17',
  '2026-02-18',
  '2026-02-19',
  '2026-02-20',
  '2026-02-21',
  '2026-02-22',
  '2026-02-23',
  '2026-04-04',
  '2026-04-05',
  '2026-04-06', // 清明
  '2026-05-01',
  '2026-05-02',
  '2026-05-03',
  '2026-05-04',
  '2026-05-05', // 劳动节
  '2026-06-19',
  '2026-06-20',
  '2026-06-21', // 端午
  '2026-09-25',
  '2026-09-26',
  '2026-09-27', // 中秋
  // 国庆 10/1–10/7
  '2026-10-01',
  '2026-10-02',
  '2026-10-03',
  '2026-10-04',
  '2026-10-05',
  '2026-10-06',
  '2026-10-07',
];

/** 2026 weekend days worked in exchange (调休上班). */
const MAKE_UP_2026 = [
  '2026-01-04', // Sunday, 元旦
  '2026-02-14', // Saturday, 春节
  '2026-02-28', // Saturday, 春节
  '2026-05-09', // Saturday, 劳动节
  '2026-09-20', // Sunday, 国庆
  '2026-10-10', // Saturday, 国庆
];

/**
 * The working calendar of government offices in mainland China, in Shanghai time, with the
 * official schedules for {@link CHINA_HOLIDAY_YEARS}.
 *
 * @example
 * isWorkingDay('2026-10-10', CHINA_WORKING_CALENDAR); // true — Saturday make-up day
 */
export const CHINA_WORKING_CALENDAR: WorkingCalendar = Object.freeze({
  timeZone: 'Asia/Shanghai',
  workingPeriods: STANDARD_WORKING_PERIODS,
  weekend: Object.freeze([6, 7]),
  holidays: Object.freeze([...HOLIDAYS_2025, ...HOLIDAYS_2026]),
  makeUpWorkdays: Object.freeze([...MAKE_UP_2025, ...MAKE_UP_2026]),
});
