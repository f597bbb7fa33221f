/**
 * The evaluation page's pure parts (综合评价): a calendar month in the city as the period the
 * platform counts over, the groupings and columns the table offers, and how each figure reads.
 */

/** What the indicators can be grouped by (the platform's `groupBy`). */
export const EVALUATION_GROUPS = ['unit', 'centre', 'jurisdiction', 'category', 'source'] as const;
/** One grouping. */
export type EvaluationGroup = (typeof EVALUATION_GROUPS)[number];

/** How a column's figure reads. */
export type ColumnKind = 'count' | 'rate' | 'hours' | 'score';

/** The table's columns after the group's name, in the order the national indicators are listed. */
export const EVALUATION_COLUMNS = [
  { key: 'filed', kind: 'count' },
  { key: 'dispatched', kind: 'count' },
  { key: 'accurateDispatchRate', kind: 'rate' },
  { key: 'onTimeHandlingRate', kind: 'rate' },
  { key: 'closingRate', kind: 'rate' },
  { key: 'onTimeClosingRate', kind: 'rate' },
  { key: 'reworkRate', kind: 'rate' },
  { key: 'extensionRate', kind: 'rate' },
  { key: 'overduePendingRate', kind: 'rate' },
  { key: 'averageHandlingHours', kind: 'hours' },
  { key: 'compositeScore', kind: 'score' },
] as const satisfies ReadonlyArray<{ key: string; kind: ColumnKind }>;

/** The city's offset from UTC: Asia/Shanghai keeps UTC+8 all year (no daylight saving since 1991). */
const CITY_OFFSET_MS = 8 * 3_600_000;

/**
 * The month (`YYYY-MM`) in the city that holds the instant `ms`.
 * @example monthOf(Date.UTC(2026, 10, 30, 17)) // '2026-12' (01:00 on 1 December in Shanghai)
 */
export function monthOf(ms: number): string {
  const d = new Date(ms + CITY_OFFSET_MS);
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/**
 * The period [from, to) of a month in the city, as epoch ms; null for anything but `YYYY-MM`.
 * @example monthPeriod('2026-11') // { from: Date.UTC(2026, 9, 31, 16), to: Date.UTC(2026, 10, 30, 16) }
 */
export function monthPeriod(month: string): { from: number; to: number } | null {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!m) return null;
  const year = Number(m[1]);
  const index = Number(m[2]) - 1;
  return { from: Date.UTC(year, index, 1) - CITY_OFFSET_MS, to: Date.UTC(year, index + 1, 1) - CITY_OFFSET_MS };
}

/**
 * A figure as the table shows it: rates as percentages with one decimal, hours and scores with
 * one decimal, counts as they are; a figure with nothing to judge (null) as a dash.
 * @example formatFigure(0.875, 'rate', (n) => String(n)) // '87.5 %'
 */
export function formatFigure(value: number | null | undefined, kind: ColumnKind, number: (n: number) => string): string {
  if (value === null || value === undefined) return '—';
  switch (kind) {
    case 'count':
      return number(value);
    case 'rate':
      return `${(value * 100).toFixed(1)} %`;
    case 'hours':
    case 'score':
      return value.toFixed(1);
  }
}
