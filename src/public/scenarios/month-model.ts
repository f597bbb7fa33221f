/**
 * Calendar months in the city's time zone (`YYYY-MM`): a month's bounds in epoch ms, the month
 * an instant falls in, and month arithmetic. Published figures are per city month, so a case
 * closed at 23:30 on the 31st Shanghai time counts in that month, not the next. Pure.
 */
import { DateTime } from 'luxon';

/** `YYYY-MM`, month 01–12. */
export const MONTH_PATTERN = /^\d{4}-(?:0[1-9]|1[0-2])$/;

/** True if `s` is a month as the API writes it. */
export function isMonth(s: string): boolean {
  return MONTH_PATTERN.test(s);
}

function start(month: string, zone: string): DateTime {
  if (!isMonth(month)) throw new RangeError(`not a month (YYYY-MM): ${JSON.stringify(month)}`);
  const [y, m] = month.split('-').map(Number) as [number, number];
  return DateTime.fromObject({ year: y, month: m, day: 1 }, { zone });
}

/**
 * The month's bounds [from, to) in epoch ms.
 * @example monthRange('2026-11', 'Asia/Shanghai') // { from: Date.UTC(2026, 9, 31, 16), to: Date.UTC(2026, 10, 30, 16) }
 */
export function monthRange(month: string, zone: string): { from: number; to: number } {
  const s = start(month, zone);
  return { from: s.toMillis(), to: s.plus({ months: 1 }).toMillis() };
}

/**
 * The month an instant falls in, in the zone.
 * @example monthOf(Date.UTC(2026, 9, 31, 17), 'Asia/Shanghai') // '2026-11'
 */
export function monthOf(ts: number, zone: string): string {
  return DateTime.fromMillis(ts, { zone }).toFormat('yyyy-MM');
}

/**
 * The month `n` months after `month` (before, for negative `n`).
 * @example addMonths('2026-01', -1) // '2025-12'
 */
export function addMonths(month: string, n: number): string {
  return start(month, 'UTC').plus({ months: n }).toFormat('yyyy-MM');
}

/**
 * The months from `first` to `last`, both included, oldest first (empty if `first` is later).
 * @example monthsBetween('2026-11', '2027-01') // ['2026-11', '2026-12', '2027-01']
 */
export function monthsBetween(first: string, last: string): string[] {
  const out: string[] = [];
  for (let m = first; m <= last && out.length < 1200; m = addMonths(m, 1)) out.push(m);
  return out;
}

/**
 * The date part `YYYY-MM-DD` of an instant in the zone (the month of a launch date is its first 7 characters).
 * @example dateOf(Date.UTC(2026, 10, 27, 2), 'Asia/Shanghai') // '2026-11-27'
 */
export function dateOf(ts: number, zone: string): string {
  return DateTime.fromMillis(ts, { zone }).toFormat('yyyy-MM-dd');
}
