/**
 * Access fixtures for the published scenarios and open statistics, in the shape of
 * test/access/route-access.test.ts. Reading is public; editing the register and freezing a month
 * is city-level admin work: a 浦东新区 admin is refused with 403 (the register is the city's,
 * not a record of a jurisdiction to hide).
 */
import type { ScenariosService } from '../../src/public/scenarios/service.ts';

/** A fixture (compatible with route-access.test.ts). */
export interface ScenarioFixture {
  request(): { url: string; payload?: unknown };
}

/** The public routes, for the access test's allow-list. */
export const SCENARIO_PUBLIC_ROUTES: readonly string[] = [
  'GET /api/v1/public/scenarios',
  'GET /api/v1/public/scenarios.csv',
  'GET /api/v1/public/scenarios.atom',
  'GET /api/v1/public/scenarios/snapshots',
  'GET /api/v1/public/scenarios/snapshots/verify',
  'GET /api/v1/public/scenarios/snapshots/:month',
  'GET /api/v1/public/stats/months',
  'GET /api/v1/public/stats',
  'GET /api/v1/public/stats.csv',
];

let n = 0;
/** The scenario the edit fixture changes. */
let scenarioId = '';

const fields = (slug: string) => ({
  slug,
  name: '访问测试场景',
  nameEn: 'Access test scenario',
  department: '测试部门',
  status: 'planned' as const,
  launchDate: null,
  watches: '测试',
  watchesEn: 'test',
  ruleIds: [],
  categories: ['E0401'],
});

/** Makes the scenario the edit fixture acts on. */
export async function seedScenarioAccess(scenarios: ScenariosService): Promise<void> {
  scenarioId = (await scenarios.create(fields('access-edit'), { system: 'access-test' })).id;
}

/** The admin routes' fixtures by `METHOD url`. */
export const SCENARIO_ACCESS_FIXTURES: Record<string, ScenarioFixture> = {
  'POST /api/v1/scenarios': { request: () => ({ url: '/api/v1/scenarios', payload: fields(`access-${++n}`) }) },
  'PATCH /api/v1/scenarios/:id': { request: () => ({ url: `/api/v1/scenarios/${scenarioId}`, payload: { status: 'building' } }) },
  // The test platform's clock stands in November 2026; October is over and nothing later is frozen.
  'POST /api/v1/scenarios/snapshots': { request: () => ({ url: '/api/v1/scenarios/snapshots', payload: { month: '2026-10' } }) },
};
