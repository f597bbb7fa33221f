/**
 * The register as an open-data CSV: one row per scenario and month of figures (a scenario with
 * no figures yet, e.g. a planned one, gets one row with the month columns empty), bilingual
 * headers, rates as percentages with two decimals. Pure.
 */
import { csvBytes, percent, type CsvCell } from './csv-model.ts';
import type { PublishedScenario } from './model.ts';

/** The header row. */
export const SCENARIO_CSV_HEADERS = [
  '标识 / Slug',
  '名称 / Name',
  '英文名称 / Name (English)',
  '责任部门 / Department',
  '状态 / Status',
  '上线日期 / Launch date',
  '监测内容 / What it watches',
  '监测内容（英文） / What it watches (English)',
  '月份 / Month',
  '预警数 / Alerts raised',
  '结案数 / Cases handled',
  '按期结案率 (%) / On-time rate (%)',
] as const;

/**
 * The register as CSV bytes (UTF-8 with BOM).
 * @example scenariosCsv((await scenarios.list()).items)
 */
export function scenariosCsv(items: readonly PublishedScenario[]): Buffer {
  const rows: CsvCell[][] = [[...SCENARIO_CSV_HEADERS]];
  for (const s of items) {
    const base: CsvCell[] = [s.slug, s.name, s.nameEn, s.department, s.status, s.launchDate, s.watches, s.watchesEn];
    if (s.monthly.length === 0) rows.push([...base, null, null, null, null]);
    for (const m of s.monthly) rows.push([...base, m.month, m.alertsRaised, m.casesHandled, percent(m.onTimeRate)]);
  }
  return csvBytes(rows);
}
