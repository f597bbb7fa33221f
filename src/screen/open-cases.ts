/**
 * The open cases of a subtree as map points, read through the cases service's list a page at a
 * time (newest first) up to a bound, each with its deadline light as the list computes it.
 */
import type { CasesService } from '../cases/service.ts';
import { OPEN_STATES, type Actor } from '../cases/case-types.ts';

/** What a case marker needs. */
export interface OpenCasePoint {
  lon: number;
  lat: number;
  properties: {
    id: string;
    code: string;
    state: string;
    category: string;
    urgency: string;
    /** Supervision light of the running step (green/yellow/red; a parked case keeps its colour), null when none runs. */
    light: string | null;
    /** Due time of the running step, or null. */
    dueAt: number | null;
    reportedAt: number;
    jurisdictionId: string;
  };
}

/** Open cases of a subtree. */
export interface OpenCases {
  asOf: number;
  items: OpenCasePoint[];
  /** More were open than the bound: the newest `max` are given. */
  truncated: boolean;
}

/** The cases service's page limit. */
const PAGE = 500;

/**
 * Reads up to `max` open cases under `scopePath`.
 * @example const open = await openCasesIn(cases, scopePath, 20_000, clock.now());
 */
export async function openCasesIn(cases: Pick<CasesService, 'list'>, scopePath: string, max: number, asOf: number): Promise<OpenCases> {
  // The screen reads for a caller whose scope the route has checked; the list applies this path.
  const actor: Actor = { id: 'screen', roles: [], scopePath, unitId: null };
  const items: OpenCasePoint[] = [];
  let cursor: string | null = null;
  do {
    const page: Awaited<ReturnType<CasesService['list']>> = await cases.list(
      { states: [...OPEN_STATES], limit: Math.min(PAGE, max - items.length), ...(cursor ? { cursor } : {}) },
      actor,
    );
    for (const c of page.items) {
      items.push({
        lon: c.location.lon,
        lat: c.location.lat,
        properties: {
          id: c.id,
          code: c.code,
          state: c.state,
          category: c.category,
          urgency: c.urgency,
          light: c.status?.light ?? null,
          dueAt: c.step?.dueAt ?? null,
          reportedAt: c.reportedAt,
          jurisdictionId: c.jurisdictionId,
        },
      });
    }
    cursor = page.nextCursor;
  } while (cursor !== null && items.length < max);
  return { asOf, items, truncated: cursor !== null };
}
