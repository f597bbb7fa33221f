/**
 * Access fixtures for the check-in routes, in the shape of test/access/route-access.test.ts
 * (which proves every route refuses strangers, wrong roles and other jurisdictions). Venues live
 * in 南京东路街道 (黄浦区, 310101); the "other" caller is scoped at 浦东新区.
 *
 * The investigation route admits the right role and scope and then asks for a purpose grant:
 * the access test's city-level caller holds none, so its "right caller" answer is 403
 * GRANT_REQUIRED (`okStatus`); test/checkin/checkin-api.test.ts proves the grant side.
 */
import type { CheckinService } from '../../src/checkin/service.ts';

/** What a fixture may use. */
export interface CheckinCtx {
  /** Jurisdiction id by code. */
  id(code: string): string;
  p: { clock: { now(): number } };
}

/** A fixture (compatible with route-access.test.ts). */
export interface CheckinFixture {
  request(ctx: CheckinCtx): { url: string; payload?: unknown };
  okStatus?: number;
}

/** The public check-in route, for the access test's allow-list. */
export const CHECKIN_PUBLIC_ROUTES = ['POST /api/v1/checkin/:venueCode'];

/** Venues the fixtures act on: one to read, one to deactivate. */
const venues = { view: '', retire: '' };
let nanjingEast: { lon: number; lat: number } = { lon: 0, lat: 0 };
let n = 0;

/** Creates the venues the fixtures act on. */
export async function seedCheckinAccess(
  checkin: CheckinService,
  geo: { getByCode(code: string): { center: [number, number] } | undefined },
): Promise<void> {
  const [lon, lat] = geo.getByCode('310101002')!.center;
  nanjingEast = { lon, lat };
  const venue = (name: string) =>
    checkin.registerVenue({ name, kind: 'shop', address: '南京东路1号', location: nanjingEast }, { userId: 'access-test' });
  venues.view = (await venue('访问测试商铺')).id;
  venues.retire = (await venue('访问测试停用')).id;
}

const DAY = 86_400_000;

/** The fixtures by `METHOD url`. */
export const CHECKIN_ACCESS_FIXTURES: Record<string, CheckinFixture> = {
  'POST /api/v1/venues': {
    request: () => ({
      url: '/api/v1/venues',
      payload: { name: `访问测试场所 ${++n}`, kind: 'restaurant', address: '南京东路2号', location: nanjingEast },
    }),
  },
  'GET /api/v1/venues': { request: (c) => ({ url: `/api/v1/venues?jurisdiction=${c.id('310101')}` }) },
  'GET /api/v1/venues/:id': { request: () => ({ url: `/api/v1/venues/${venues.view}` }) },
  'POST /api/v1/venues/:id/deactivate': { request: () => ({ url: `/api/v1/venues/${venues.retire}/deactivate` }) },
  'GET /api/v1/venues/:id/counts': {
    request: (c) => ({ url: `/api/v1/venues/${venues.view}/counts?from=${c.p.clock.now() - DAY}&to=${c.p.clock.now()}&bucket=day` }),
  },
  'GET /api/v1/checkin/investigations': {
    request: (c) => ({
      url: `/api/v1/checkin/investigations?caseId=access-test&venueId=${venues.view}&from=${c.p.clock.now() - DAY}&to=${c.p.clock.now()}`,
    }),
    okStatus: 403,
  },
};
