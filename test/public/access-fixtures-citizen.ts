/**
 * Access fixtures for the portal's routes, in the shape of test/access/route-access.test.ts:
 * the public ones on the allow-list, and the moderation routes with held submissions in
 * 南京东路街道 (黄浦区, 310101) — one to approve, one to reject — while the "other" caller sits
 * in 浦东新区 and must see none of them.
 */
import { expect } from 'vitest';
import type { CitizenService } from '../../src/public/citizen/service.ts';

/** What a fixture may use. */
export interface CitizenCtx {
  p: { geo: { getByCode(code: string): { path: string } | undefined } };
}

/** A fixture (compatible with route-access.test.ts). */
export interface CitizenFixture {
  request(ctx: CitizenCtx): { url: string; payload?: unknown };
  unscoped?: (res: { statusCode: number; json(): unknown }, ctx: CitizenCtx) => void;
}

/** The portal's public routes, for the access test's allow-list. */
export const CITIZEN_PUBLIC_ROUTES = [
  'POST /api/v1/public/reports',
  'GET /api/v1/public/reports',
  'GET /api/v1/public/reports/:token',
  'POST /api/v1/public/reports/:token/rating',
  'POST /api/v1/public/photos',
  'GET /api/v1/public/photos/:id',
];

const held = { approve: '', reject: '' };

/** Hands in two flagged reports in 南京东路街道, held for moderation. */
export async function seedCitizenAccess(
  citizen: CitizenService,
  geo: { getByCode(code: string): { center: [number, number] } | undefined },
): Promise<void> {
  const [lon, lat] = geo.getByCode('310101002')!.center;
  const submit = (text: string) =>
    citizen.submit({ channel: 'portal', category: 'P0101', description: text, location: { lon, lat } }, { ip: 'access-test' });
  await submit('<b>访问测试</b> 井盖 1');
  await submit('<b>访问测试</b> 井盖 2');
  const queue = await citizen.moderation.list('held', { userId: 'access-test', username: 'access-test', scopePath: '/' });
  held.approve = queue.find((s) => s.description.endsWith('1'))!.id;
  held.reject = queue.find((s) => s.description.endsWith('2'))!.id;
}

/** The fixtures by `METHOD url`. */
export const CITIZEN_ACCESS_FIXTURES: Record<string, CitizenFixture> = {
  'GET /api/v1/moderation/submissions': {
    request: () => ({ url: '/api/v1/moderation/submissions?state=held' }),
    unscoped: (res, c) => {
      const home = c.p.geo.getByCode('310101')!.path;
      for (const s of (res.json() as { items: Array<{ jurisdictionPath: string }> }).items)
        expect(s.jurisdictionPath.startsWith(home)).toBe(false);
    },
  },
  'POST /api/v1/moderation/submissions/:id/approve': { request: () => ({ url: `/api/v1/moderation/submissions/${held.approve}/approve` }) },
  'POST /api/v1/moderation/submissions/:id/reject': {
    request: () => ({ url: `/api/v1/moderation/submissions/${held.reject}/reject`, payload: { reason: '访问测试' } }),
  },
};
