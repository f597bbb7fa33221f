/**
 * Open statistics (开放数据): monthly indicators per district computed from cases — cases
 * reported by category, on-time handling rate, closing rate, average handling time — with small
 * counts suppressed (suppression-model.ts). The rates are the evaluation's formulas
 * (cases/evaluation-model.ts), applied to the same counts the evaluation pages show. Pure.
 */
import { indicatorsOf, type IndicatorCounts } from '../../cases/evaluation-model.ts';
import { suppressedRate, suppressRow } from './suppression-model.ts';

/** One category cell of a district. */
export interface CategoryCell {
  category: string;
  name: string;
  nameEn: string;
  /** Cases reported in the month; null when suppressed. */
  count: number | null;
}

/** One district's published figures. */
export interface DistrictStats {
  code: string;
  name: string;
  nameEn: string;
  /** Cases reported in the month; null when below the threshold. */
  cases: number | null;
  byCategory: CategoryCell[];
  /** 按期处置率: handled on time ÷ due in the month; null when fewer than k were due. */
  onTimeRate: number | null;
  /** 结案率: of the cases filed in the month, the share closed by its end; null when fewer than k were filed. */
  closingRate: number | null;
  /** 平均处置时长 in working hours; null when fewer than k were handled. */
  avgHandlingHours: number | null;
}

/** A month's open statistics. */
export interface MonthStats {
  month: string;
  suppressionThreshold: number;
  districts: DistrictStats[];
}

/** What the evaluation counted for one district. */
export interface DistrictInput {
  code: string;
  name: string;
  nameEn: string;
  counts: IndicatorCounts;
  /** Cases reported in the month per category code (any order). */
  byCategory: ReadonlyArray<{ category: string; name: string; nameEn: string; reported: number }>;
}

/**
 * A district's published row: categories with cases (by code), suppressed as one row whose
 * total is the district's case count; rates and the average only over at least k cases.
 * @example districtStats(input, 5).cases
 */
export function districtStats(d: DistrictInput, k: number): DistrictStats {
  const cats = d.byCategory.filter((c) => c.reported > 0).sort((a, b) => (a.category < b.category ? -1 : a.category > b.category ? 1 : 0));
  const row = suppressRow(
    cats.map((c) => c.reported),
    k,
  );
  const ind = indicatorsOf(d.counts);
  const avg = ind.averageHandlingHours === null ? null : Math.round(ind.averageHandlingHours * 100) / 100;
  return {
    code: d.code,
    name: d.name,
    nameEn: d.nameEn,
    cases: row.total,
    byCategory: cats.map((c, i) => ({ category: c.category, name: c.name, nameEn: c.nameEn, count: row.cells[i] ?? null })),
    onTimeRate: suppressedRate(ind.onTimeHandlingRate, d.counts.dueInPeriod, k),
    closingRate: suppressedRate(ind.closingRate, d.counts.filed, k),
    avgHandlingHours: suppressedRate(avg, d.counts.handlingCount, k),
  };
}
