/**
 * Open statistics as the page shows them: suppressed cells (null — too few cases to publish
 * without risking that someone is recognised) become "<threshold" for counts and "—" for rates
 * and times; rates as percentages; the bar chart's series with suppressed districts left as gaps,
 * not zeros. Pure.
 */
import type { DistrictStats, MonthStats, ScenarioMonth } from '../api/public-types.ts';

/**
 * A count cell: the number, or "<threshold" when suppressed.
 * @example countCell(null, 5) // '<5'
 */
export function countCell(n: number | null, threshold: number, format: (n: number) => string = String): string {
  return n === null ? `<${threshold}` : format(n);
}

/**
 * A rate cell (0–1) as a whole percentage, or "—" when suppressed or unknown.
 * @example rateCell(0.876) // '88%'
 */
export function rateCell(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 100)}%`;
}

/**
 * Hours with one decimal, or "—" when suppressed.
 * @example hoursCell(12.345) // '12.3'
 */
export function hoursCell(hours: number | null): string {
  return hours === null ? '—' : (Math.round(hours * 10) / 10).toFixed(1);
}

/** True when any cell of the month was suppressed (the page then explains why). */
export function hasSuppressed(stats: MonthStats): boolean {
  return stats.districts.some(
    (d) =>
      d.cases === null ||
      d.onTimeRate === null ||
      d.closingRate === null ||
      d.avgHandlingHours === null ||
      d.byCategory.some((c) => c.count === null),
  );
}

/** A district's name in the language shown. */
export function districtName(d: Pick<DistrictStats, 'name' | 'nameEn'>, en: boolean): string {
  return en && d.nameEn ? d.nameEn : d.name;
}

/**
 * The bar chart's categories and values: cases per district, a suppressed one as null (a gap).
 * @example casesSeries({ month: '2026-10', suppressionThreshold: 5, districts: [] }, false) // { names: [], values: [] }
 */
export function casesSeries(stats: MonthStats, en: boolean): { names: string[]; values: Array<number | null> } {
  return { names: stats.districts.map((d) => districtName(d, en)), values: stats.districts.map((d) => d.cases) };
}

/**
 * A scenario's months, newest first.
 * @example newestFirst([{ month: '2026-09' }, { month: '2026-10' }] as ScenarioMonth[])[0].month // '2026-10'
 */
export function newestFirst(months: readonly ScenarioMonth[]): ScenarioMonth[] {
  return [...months].sort((a, b) => b.month.localeCompare(a.month));
}
