/**
 * A month's open statistics as CSV: per district one row of totals ("全部 / all" in the
 * category columns) with its rates, then one row per category with its count; suppressed
 * figures are empty cells. UTF-8 with BOM, RFC 4180, formula-safe (../scenarios/csv-model.ts). Pure.
 */
import { csvBytes, percent, type CsvCell } from '../scenarios/csv-model.ts';
import type { MonthStats } from './model.ts';

/** The header row. */
export const STATS_CSV_HEADERS = [
  '月份 / Month',
  '区代码 / District code',
  '区 / District',
  '区（英文） / District (English)',
  '案件小类 / Category',
  '小类名称 / Category name',
  '小类名称（英文） / Category name (English)',
  '案件数 / Cases',
  '按期处置率 (%) / On-time handling rate (%)',
  '结案率 (%) / Closing rate (%)',
  '平均处置时长（工作小时） / Average handling time (working hours)',
] as const;

/**
 * The month's statistics as CSV bytes.
 * @example statsCsv(await openStats.month('2026-10'))
 */
export function statsCsv(s: MonthStats): Buffer {
  const rows: CsvCell[][] = [[...STATS_CSV_HEADERS]];
  for (const d of s.districts) {
    const place: CsvCell[] = [s.month, d.code, d.name, d.nameEn];
    rows.push([...place, '*', '全部', 'all', d.cases, percent(d.onTimeRate), percent(d.closingRate), d.avgHandlingHours]);
    for (const c of d.byCategory) rows.push([...place, c.category, c.name, c.nameEn, c.count, null, null, null]);
  }
  return csvBytes(rows);
}
