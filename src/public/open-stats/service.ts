/**
 * Open statistics: a month's indicators per district from the cases evaluation (the same
 * counts and formulas as the evaluation pages), small counts suppressed, for the public as JSON
 * and CSV. Nothing is stored: every answer is computed from the cases on record.
 */
import type { Clock } from '../../platform/clock.ts';
import { invalid } from '../../platform/errors.ts';
import { getSmallClass } from '../../cases/catalogue-model.ts';
import { zeroCounts, type IndicatorCounts } from '../../cases/evaluation-model.ts';
import { addMonths, monthOf, monthRange, monthsBetween } from '../scenarios/month-model.ts';
import { DISTRICT_NAMES_EN } from './district-names.ts';
import { districtStats, type MonthStats } from './model.ts';
import { statsCsv } from './export-model.ts';
import { DEFAULT_K } from './suppression-model.ts';

/** The evaluation reads open statistics need (the cases service's `evaluation`). */
export interface EvaluationReads {
  evaluate(q: {
    from: number;
    to: number;
    groupBy: 'jurisdiction' | 'category';
    scopePath: string;
    depth?: number;
  }): Promise<ReadonlyArray<{ groupKey: string | null; counts: IndicatorCounts }>>;
  earliestReportedAt(): Promise<number | null>;
}

/** What open statistics need. */
export interface OpenStatsDeps {
  evaluation: EvaluationReads;
  geo: { list(level: 'city' | 'district'): ReadonlyArray<{ code: string; name: string; path: string }> };
  clock: Clock;
  timeZone: string;
  /** Counts below this are not published (default 5). */
  suppressionThreshold?: number;
}

/** Months published at most, newest first. */
const MAX_MONTHS = 120;

/** The open statistics service. */
export type OpenStatsService = ReturnType<typeof createOpenStatsService>;

const segments = (path: string) => path.split('/').filter(Boolean).length;

/**
 * Creates the service.
 * @example const stats = createOpenStatsService({ evaluation: cases.evaluation, geo, clock, timeZone });
 */
export function createOpenStatsService(deps: OpenStatsDeps) {
  const k = deps.suppressionThreshold ?? DEFAULT_K;
  const zone = deps.timeZone;
  const current = () => monthOf(deps.clock.now(), zone);

  async function months(): Promise<string[]> {
    const first = await deps.evaluation.earliestReportedAt();
    const last = current();
    const from = first === null ? last : monthOf(first, zone);
    return monthsBetween(from < addMonths(last, 1 - MAX_MONTHS) ? addMonths(last, 1 - MAX_MONTHS) : from, last).reverse();
  }

  async function month(m: string): Promise<MonthStats> {
    if (m > current()) throw invalid('query.month', 'a month that has begun');
    const { from, to } = monthRange(m, zone);
    const districts = [...deps.geo.list('district')].sort((a, b) => (a.code < b.code ? -1 : 1));
    const city = deps.geo.list('city')[0];
    if (!city || districts.length === 0) return { month: m, suppressionThreshold: k, districts: [] };
    const depth = segments(districts[0]!.path);
    const byPath = new Map(
      (await deps.evaluation.evaluate({ from, to, groupBy: 'jurisdiction', scopePath: city.path, depth })).map((r) => [
        r.groupKey,
        r.counts,
      ]),
    );
    const out = [];
    for (const d of districts) {
      const counts = byPath.get(d.path);
      const cats = counts ? await deps.evaluation.evaluate({ from, to, groupBy: 'category', scopePath: d.path }) : [];
      out.push(
        districtStats(
          {
            code: d.code,
            name: d.name,
            nameEn: DISTRICT_NAMES_EN[d.code] ?? d.name,
            counts: counts ?? zeroCounts(),
            byCategory: cats
              .filter((c): c is { groupKey: string; counts: IndicatorCounts } => c.groupKey !== null)
              .map((c) => {
                const sc = getSmallClass(c.groupKey);
                return { category: c.groupKey, name: sc?.zh ?? c.groupKey, nameEn: sc?.en ?? c.groupKey, reported: c.counts.reported };
              }),
          },
          k,
        ),
      );
    }
    return { month: m, suppressionThreshold: k, districts: out };
  }

  return {
    suppressionThreshold: k,
    /** The months with statistics, newest first: from the first case's month to the present one. */
    months,
    /** A month's statistics per district. */
    month,
    /** A month's statistics as CSV. */
    async csv(m: string): Promise<Buffer> {
      return statsCsv(await month(m));
    },
  };
}
