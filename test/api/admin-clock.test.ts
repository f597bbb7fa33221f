/**
 * The drill clock: on a platform started with a simulated clock an admin scoped at the city
 * moves time forward and due timers run at once; going back, or a district admin, is refused.
 * On a normal start the same request answers 409 CLOCK_NOT_SIMULATED and time does not move.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';

let p: TestPlatform;
let cityAdmin: Record<string, string>;
let districtAdmin: Record<string, string>;

async function bearer(username: string): Promise<Record<string, string>> {
  const user = (await p.directory.listUsers(p.geo.getByCode('310000')!.path)).find((u) => u.username === username)!;
  return { authorization: `Bearer ${(await p.auth.createToken(user.id, 'clock test', null)).token}` };
}

beforeAll(async () => {
  p = await startTestPlatform({ simulatedClock: true });
  await p.directory.createUser({
    username: 'district_admin',
    displayName: 'district admin',
    password: 'Clock-test-2026!',
    roles: ['admin'],
    jurisdictionId: p.geo.getByCode('310101')!.id,
  });
  cityAdmin = await bearer('admin');
  districtAdmin = await bearer('district_admin');
}, 120_000);
afterAll(async () => p?.dispose());

describe('the drill clock', () => {
  it('moves forward for a city admin and runs what fell due', async () => {
    const [lon, lat] = p.geo.getByCode('310101002')!.center;
    const system = { id: 'system', roles: ['system'], scopePath: '/', unitId: null, system: true };
    const reported = await p.cases.report({ source: 'hotline', category: 'E0104', description: 'drill', location: { lon, lat } }, system);
    const before = await p.app.inject({ method: 'GET', url: '/api/v1/admin/clock', headers: cityAdmin });
    expect(before.json()).toMatchObject({ simulated: true });
    const t0 = before.json<{ now: number }>().now;

    const moved = await p.app.inject({ method: 'POST', url: '/api/v1/admin/clock', headers: cityAdmin, payload: { advanceMs: 3_600_000 } });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json<{ now: number }>().now).toBeGreaterThanOrEqual(t0 + 3_600_000);
    // The dispatch step (30 minutes) is now overdue: the scheduler ran on the move.
    expect((await p.cases.get(reported.case.id, system)).overdueCount).toBe(1);
  });

  it('refuses to go back, and refuses an admin below the city', async () => {
    const back = await p.app.inject({
      method: 'POST',
      url: '/api/v1/admin/clock',
      headers: cityAdmin,
      payload: { to: Date.UTC(2020, 0, 1) },
    });
    expect(back.statusCode).toBe(422);
    expect(back.json()).toMatchObject({ code: 'CLOCK_BACKWARDS', field: 'body.to' });
    const both = await p.app.inject({
      method: 'POST',
      url: '/api/v1/admin/clock',
      headers: cityAdmin,
      payload: { advanceMs: 1, to: Date.UTC(2030, 0, 1) },
    });
    expect(both.statusCode).toBe(400);
    const district = await p.app.inject({
      method: 'POST',
      url: '/api/v1/admin/clock',
      headers: districtAdmin,
      payload: { advanceMs: 1000 },
    });
    expect(district.statusCode).toBe(403);
  });

  it('is refused on a normal start, and the clock does not move', async () => {
    const normal = await startTestPlatform({ demo: true });
    try {
      const admin = (await normal.directory.listUsers(normal.geo.getByCode('310000')!.path)).find((u) => u.username === 'admin')!;
      const headers = { authorization: `Bearer ${(await normal.auth.createToken(admin.id, 'clock test', null)).token}` };
      const t0 = normal.clock.now();
      const read = await normal.app.inject({ method: 'GET', url: '/api/v1/admin/clock', headers });
      expect(read.json()).toMatchObject({ simulated: false, now: t0 });
      const moved = await normal.app.inject({ method: 'POST', url: '/api/v1/admin/clock', headers, payload: { advanceMs: 3_600_000 } });
      expect(moved.statusCode).toBe(409);
      expect(moved.json()).toMatchObject({ code: 'CLOCK_NOT_SIMULATED' });
      expect(normal.clock.now()).toBe(t0);
    } finally {
      await normal.dispose();
    }
  });
});
