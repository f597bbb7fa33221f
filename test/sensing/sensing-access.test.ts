/**
 * Every sensing route refuses anonymous callers, wrong roles and other jurisdictions, and
 * admits the right caller — the check test/access/route-access.test.ts makes for all routes,
 * run here on the sensing routes until compose.ts registers them (see access-fixtures.ts).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ROLE_LIST, type Role } from '../../src/directory/roles.ts';
import { ACCESS_DEVICE, SENSING_ACCESS_FIXTURES, seedSensingAccess, type SensingCtx } from './access-fixtures.ts';
import { startSensingPlatform, type SensingPlatform } from './support.ts';

let p: SensingPlatform;
let ctx: SensingCtx;
const tokens = new Map<string, Record<string, string>>();

async function caller(role: Role, scope: 'city' | 'home' | 'other'): Promise<Record<string, string>> {
  const key = `${role}-${scope}`;
  let h = tokens.get(key);
  if (!h) tokens.set(key, (h = await p.tokenFor([role], scope === 'city' ? '310000' : scope === 'home' ? '310101' : '310115')));
  return h;
}

beforeAll(async () => {
  p = await startSensingPlatform();
  await seedSensingAccess(p.sensing);
  ctx = { id: (code) => p.geo.require(code).id };
  // Something in the statistics for the access device, which other jurisdictions must not see.
  p.sensing.recordRejection(ACCESS_DEVICE, 'auth');
});
afterAll(async () => p?.dispose());

it('has a fixture for every sensing route and no public one', () => {
  expect(p.routes.length).toBe(Object.keys(SENSING_ACCESS_FIXTURES).length);
  for (const r of p.routes) {
    expect(r.access.public, `${r.method} ${r.url}`).toBeFalsy();
    expect(SENSING_ACCESS_FIXTURES[`${r.method} ${r.url}`], `${r.method} ${r.url}`).toBeDefined();
  }
});

it('refuses anonymous callers, wrong roles and other jurisdictions; admits the right caller', async () => {
  for (const route of p.routes) {
    const key = `${route.method} ${route.url}`;
    if (route.access.public) continue;
    const fixture = SENSING_ACCESS_FIXTURES[key]!;
    const call = async (headers: Record<string, string>) => {
      const { url, payload } = fixture.request(ctx);
      return p.app.inject({
        method: route.method as 'GET',
        url,
        headers,
        ...(payload !== undefined ? { payload: payload as object } : {}),
      });
    };
    const allowed: Role[] = route.access.roles === 'any' ? [...ROLE_LIST] : (route.access.roles as Role[]);
    expect((await call({})).statusCode, `${key} anonymous`).toBe(401);
    const wrong = ROLE_LIST.find((r) => !allowed.includes(r));
    if (route.access.roles !== 'any' && wrong) expect((await call(await caller(wrong, 'city'))).statusCode, `${key} as ${wrong}`).toBe(403);
    const other = await call(await caller(allowed[0]!, 'other'));
    if (route.access.scope) {
      expect([403, 404], `${key} from another jurisdiction: ${other.body}`).toContain(other.statusCode);
    } else if (typeof fixture.unscoped === 'function') {
      expect(other.statusCode, `${key} from another jurisdiction: ${other.body}`).toBe(fixture.unscopedStatus ?? 200);
      fixture.unscoped(other);
    } else {
      expect(fixture.unscoped, `${key} has no scope resolver and no reason`).toBe('self');
    }
    const ok = await call(await caller(allowed[0]!, 'city'));
    expect(ok.statusCode, `${key} as ${allowed[0]} at the city: ${ok.body}`).toBeLessThan(300);
  }
});
