/**
 * The screen's device snapshot reads every device's place and liveness in one call
 * (`sensing.deviceLiveness`: the registry plus one pass over the latest values) instead of the
 * device list a page at a time. It must say what the list says, device for device: online,
 * offline by the type's interval or the device's own, never heard from, a type with no interval,
 * a newest value still waiting to be written, and a reading of a second metric that is newer
 * than the first. On real storage (SQLite; PostgreSQL when DATABASE_URL is set).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { signIn, startTestPlatform, type TestPlatform } from '../support/platform.ts';

const MIN = 60_000;
let p: TestPlatform;

beforeAll(async () => {
  p = await startTestPlatform();
  const [lon, lat] = p.geo.getByCode('310101002')!.center;
  const devices = [
    { id: 'lv-online', type: 'water_level_gauge' },
    { id: 'lv-offline', type: 'water_level_gauge' },
    { id: 'lv-never', type: 'water_level_gauge' },
    { id: 'lv-camera', type: 'camera' },
    { id: 'lv-own-interval', type: 'water_level_gauge', offlineAfterS: 60 },
    { id: 'lv-second-metric', type: 'water_level_gauge' },
    { id: 'lv-pending', type: 'water_level_gauge' },
  ];
  for (const [i, d] of devices.entries()) await p.sensing.createDevice({ ...d, lon: lon + i * 1e-4, lat }, '/');
  const now = p.clock.now();
  await p.sensing.ingestReadings(
    {
      json: [
        { deviceId: 'lv-online', ts: now - MIN, values: { water_level_cm: 3 } },
        { deviceId: 'lv-offline', ts: now - 120 * MIN, values: { water_level_cm: 3 } },
        { deviceId: 'lv-own-interval', ts: now - 5 * MIN, values: { water_level_cm: 3 } },
        { deviceId: 'lv-second-metric', ts: now - 120 * MIN, values: { water_level_cm: 3 } },
        { deviceId: 'lv-second-metric', ts: now - 2 * MIN, values: { battery_pct: 80 } },
      ],
    },
    '/',
  );
  await p.sensing.flush();
  // Not flushed: this newest value is only in memory when the snapshot is read (the flush timer
  // may write it meanwhile; either way the answer must be the same).
  await p.sensing.ingestReadings({ json: [{ deviceId: 'lv-pending', ts: now, values: { water_level_cm: 4 } }] }, '/');
});
afterAll(async () => p?.dispose());

/** Every device through the list, a page at a time (the reference). */
async function listAll() {
  const out = [];
  for (let cursor: string | null = null, first = true; first || cursor; first = false) {
    const page: Awaited<ReturnType<TestPlatform['sensing']['listDevices']>> = await p.sensing.listDevices({
      scopePath: '/',
      limit: 3,
      ...(cursor ? { cursor } : {}),
    });
    out.push(...page.items);
    cursor = page.nextCursor;
  }
  return out;
}

describe('sensing.deviceLiveness (the screen snapshot)', () => {
  it('says what the device list says, device for device', async () => {
    const bulk = await p.sensing.deviceLiveness();
    const listed = await listAll();
    const pick = (d: { id: string; type: string; location: [number, number]; jurisdictionPath: string; status: string }) => ({
      id: d.id,
      type: d.type,
      location: d.location,
      jurisdictionPath: d.jurisdictionPath,
      status: d.status,
    });
    const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    expect([...bulk].map(pick).sort(byId)).toEqual(listed.map(pick).sort(byId));
    const status = Object.fromEntries(bulk.filter((d) => d.id.startsWith('lv-')).map((d) => [d.id, d.status]));
    expect(status).toEqual({
      'lv-online': 'online',
      'lv-offline': 'offline',
      'lv-never': 'unknown',
      'lv-camera': 'unknown',
      'lv-own-interval': 'offline',
      'lv-second-metric': 'online',
      'lv-pending': 'online',
    });
  });

  it('follows the clock: the same devices go offline when their interval passes', async () => {
    p.clock.advance(31 * MIN);
    const status = Object.fromEntries((await p.sensing.deviceLiveness()).map((d) => [d.id, d.status]));
    expect([status['lv-online'], status['lv-pending'], status['lv-second-metric']]).toEqual(['offline', 'offline', 'offline']);
  });

  it('feeds the screen: the KPI panel counts the devices by liveness', async () => {
    const admin = await signIn(p, 'admin', p.accounts!.password);
    const res = await p.app.inject({ url: '/api/v1/screen/kpis', headers: admin.headers });
    expect(res.statusCode, res.body).toBe(200);
    const devices = res.json<{ devices: { total: number; online: number; offline: number; unknown: number } }>().devices;
    expect(devices).toMatchObject({ total: 7, online: 0, offline: 5, unknown: 2 });
  });

  it('answers the KPIs from the snapshot it has while a due one is read, then with the new counts', async () => {
    const admin = await signIn(p, 'admin', p.accounts!.password);
    type Devices = { devices: { total: number; asOf: number } };
    const kpis = async () => {
      const res = await p.app.inject({ url: '/api/v1/screen/kpis', headers: admin.headers });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<Devices>().devices;
    };
    const [lon, lat] = p.geo.getByCode('310101002')!.center;
    await p.sensing.createDevice({ id: 'lv-late', type: 'camera', lon, lat }, '/');
    p.clock.advance(5 * MIN); // past the snapshot's minute, and past the KPI cache
    const stale = await kpis();
    // The counts of the snapshot read in the previous test, and the time they are of.
    expect(stale.total).toBe(7);
    expect(stale.asOf).toBeLessThan(p.clock.now() - 4 * MIN);
    // The reread follows on its own; each try moves the clock past the KPI cache.
    await vi.waitFor(
      async () => {
        p.clock.advance(3_000);
        expect(await kpis()).toMatchObject({ total: 8 });
      },
      { timeout: 20_000, interval: 250 },
    );
  });
});
