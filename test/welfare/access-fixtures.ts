/**
 * Access fixtures for the welfare routes, in the shape of test/access/route-access.test.ts (which
 * proves every route refuses strangers, wrong roles and other jurisdictions). `seedWelfareAccess`
 * makes a welfare-visit task in 南京东路街道 (黄浦区, 310101) the way the platform does — an alert
 * event carrying a welfare_visit request, then the case filed for it — handed to 黄浦区's water
 * bureau and accepted, so the fixtures' first allowed role (a handler of that bureau) holds it.
 */
import type { TestPlatform } from '../support/platform.ts';
import type { AlertEvent } from '../../src/alerts/event-model.ts';
import { newId } from '../../src/platform/ids.ts';

/** What a fixture may use. */
export interface WelfareCtx {
  id(code: string): string;
}

/** A fixture (compatible with route-access.test.ts). */
export interface WelfareFixture {
  request(ctx: WelfareCtx): { url: string; payload?: unknown };
}

let caseId = '';

/** Creates the welfare task the fixtures act on. */
export async function seedWelfareAccess(p: TestPlatform): Promise<void> {
  const place = p.geo.getByCode('310101002001')!;
  const unitId = p.directory.getUnitByCode('D-310101-water')!.id;
  const requestId = newId();
  const event = {
    type: 'alert.raised',
    eventId: newId(),
    alert: { id: newId(), deviceId: null, jurisdictionPath: place.path, jurisdictionId: place.id, location: place.center },
    actions: [
      {
        id: requestId,
        alertId: 'access',
        policyId: 'access-policy',
        policyName: 'access',
        jurisdictionId: place.id,
        jurisdictionPath: place.path,
        action: 'community_task',
        task: 'welfare_visit',
        category: 'E0602',
        urgency: 'normal',
        unitId,
      },
    ],
  } as unknown as AlertEvent;
  await p.welfare.link.onAlert(event);
  const system = { id: 'system', roles: ['system'], scopePath: '/', unitId: null, system: true };
  const [lon, lat] = place.center;
  const filed = await p.cases.report(
    {
      source: 'alert',
      sourceRef: requestId,
      category: 'E0602',
      description: '访问测试 · welfare',
      location: { lon, lat },
      autoDispatch: true,
      unitId,
    },
    system,
  );
  caseId = filed.case.id;
  await p.cases.command(caseId, { type: 'accept' }, { id: 'access-handler', roles: ['handler'], scopePath: '/', unitId });
  await p.cases.idle();
}

/** The fixtures by `METHOD url`. */
export const WELFARE_ACCESS_FIXTURES: Record<string, WelfareFixture> = {
  'GET /api/v1/cases/:id/welfare': { request: () => ({ url: `/api/v1/cases/${caseId}/welfare` }) },
  'POST /api/v1/cases/:id/welfare/outcome': {
    request: () => ({ url: `/api/v1/cases/${caseId}/welfare/outcome`, payload: { outcome: 'not_home', visitedAt: 0 } }),
  },
};
