/**
 * Access fixtures for Open311, in the shape of test/access/route-access.test.ts. The Open311
 * resources at `/open311/v2` are public at the platform's level (posting needs Open311's own
 * api_key, proven in open311-api.test.ts); they lie outside `/api/v1`, so the route enumeration
 * does not list them, and open311-api.test.ts proves the app has exactly {@link OPEN311_ROUTES}.
 * The api key admin routes are for city-level admins: a 浦东新区 admin is refused (403, the
 * routes say so rather than hide: keys are not records of a jurisdiction).
 */
import { OPEN311_ROUTES } from '../../src/public/open311/routes.ts';
import type { KeyService } from '../../src/public/open311/key-service.ts';

/** A fixture (compatible with route-access.test.ts). */
export interface Open311Fixture {
  request(): { url: string; payload?: unknown };
}

/** The public Open311 routes, for the access test's allow-list. */
export const OPEN311_PUBLIC_ROUTES: readonly string[] = OPEN311_ROUTES;

let n = 0;
/** A key the revoke fixture revokes (again and again: revoking is idempotent). */
let keyId = '';

/** Makes the key the revoke fixture acts on. */
export async function seedOpen311Access(keys: KeyService): Promise<void> {
  keyId = (await keys.create({ name: 'access-revoke' }, { kind: 'system', name: 'access-test' })).record.id;
}

/** The admin routes' fixtures by `METHOD url`. */
export const OPEN311_ACCESS_FIXTURES: Record<string, Open311Fixture> = {
  'GET /api/v1/open311/keys': { request: () => ({ url: '/api/v1/open311/keys' }) },
  'POST /api/v1/open311/keys': { request: () => ({ url: '/api/v1/open311/keys', payload: { name: `access-${++n}` } }) },
  'POST /api/v1/open311/keys/:id/revoke': { request: () => ({ url: `/api/v1/open311/keys/${keyId}/revoke`, payload: {} }) },
};
