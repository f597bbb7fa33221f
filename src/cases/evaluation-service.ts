/**
 * The evaluation (综合评价) as users ask for it: indicators per unit, jurisdiction, centre (the
 * dispatching role's work), category or source (the reporting role or channel) over a period, inside the caller's scope, with group
 * names resolved for display and exports to CSV and XLSX.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import type { Clock } from '../platform/clock.ts';
import type { DirectoryService } from '../directory/service.ts';
import type { GeoService } from '../geo/service.ts';
import { getSmallClass } from './catalogue-model.ts';
import type { CaseSource } from './case-record.ts';
import { indicatorsOf, SOURCE_LABELS, type EvaluationGroupBy, type IndicatorCounts, type Indicators } from './evaluation-model.ts';
import { evaluationCsv, evaluationXlsx } from './evaluation-export.ts';
import { aggregateIndicators, closedByCategory, earliestReportedAt, type ClosedCount } from './evaluation-store.ts';

/** What an evaluation is asked for. */
export interface EvaluationQuery {
  from: number;
  to: number;
  groupBy: EvaluationGroupBy;
  /** Materialized path of the scope (already checked against the caller's). */
  scopePath: string;
  /** For `jurisdiction`: how many path segments to group at. */
  depth?: number;
}

/** One group's figures. */
export interface EvaluationRow {
  groupKey: string | null;
  groupName: string | null;
  counts: IndicatorCounts;
  indicators: Indicators;
}

/**
 * Creates the evaluation use-cases.
 * @example const ev = createEvaluationService({ db, clock, directory, geo, timeZone }); await ev.evaluate(q);
 */
export function createEvaluationService(deps: {
  db: Kysely<DB>;
  clock: Clock;
  directory: DirectoryService;
  geo: GeoService;
  timeZone: string;
}) {
  function nameOf(groupBy: EvaluationGroupBy, key: string | null): string | null {
    if (key === null) return null;
    switch (groupBy) {
      case 'unit':
      case 'centre':
        return deps.directory.getUnit(key)?.name ?? null;
      case 'category':
        return getSmallClass(key)?.zh ?? null;
      case 'source':
        return SOURCE_LABELS[key as CaseSource]?.zh ?? null;
      case 'jurisdiction': {
        const id = key.split('/').filter(Boolean).pop();
        return id ? (deps.geo.get(id)?.name ?? null) : null;
      }
    }
  }

  async function evaluate(q: EvaluationQuery): Promise<EvaluationRow[]> {
    const rows = await aggregateIndicators(deps.db, {
      from: q.from,
      to: q.to,
      now: deps.clock.now(),
      scopePath: q.scopePath,
      groupBy: q.groupBy,
      ...(q.depth !== undefined ? { jurisdictionDepth: q.depth } : {}),
    });
    return rows.map((r) => ({
      groupKey: r.groupKey,
      groupName: nameOf(q.groupBy, r.groupKey),
      counts: r.counts,
      indicators: indicatorsOf(r.counts),
    }));
  }

  return {
    evaluate,
    /** Cases closed in [from, to) per category, platform-wide (published figures; no scope). */
    closedByCategory: (from: number, to: number): Promise<ClosedCount[]> => closedByCategory(deps.db, from, to),
    /** When the first case was reported, or null (the first month open statistics cover). */
    earliestReportedAt: (): Promise<number | null> => earliestReportedAt(deps.db),
    /** The same figures as a file: CSV (UTF-8 with BOM) or XLSX. */
    async export(q: EvaluationQuery, format: 'csv' | 'xlsx', scopeName: string): Promise<Buffer> {
      const rows = await evaluate(q);
      const table = {
        groupBy: q.groupBy,
        from: q.from,
        to: q.to,
        scope: scopeName,
        rows,
        timeZone: deps.timeZone,
        generatedAt: deps.clock.now(),
      };
      return format === 'csv' ? evaluationCsv(table) : evaluationXlsx(table);
    },
  };
}
