/**
 * Devices over HTTP on the demo city: registering (any crs, located to the deepest
 * jurisdiction, secret shown once), reading, listing with filters and cursor paging, changing,
 * deleting, rotating secrets, online status, bulk import with a per-row report — and the
 * refusals: wrong role, other jurisdiction, bad input named by field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromWgs84 } from '../../src/geo/crs.ts';
import { PLACES, startSensingPlatform, T0, type SensingPlatform } from './support.ts';

let p: SensingPlatform;
let admin: Record<string, string>; // admin of the city
let huangpuAdmin: Record<string, string>;
let pudongAdmin: Record<string, string>;

interface DeviceJson {
  id: string;
  type: string;
  location: [number, number];
  jurisdictionId: string;
  jurisdictionPath: string;
  ownerUnitId: string | null;
  tags: string[];
  status: string;
  lastSeen: number | null;
  latest?: Record<string, { ts: number; value: number | boolean }>;
}

function gauge(id: string, extra: Record<string, unknown> = {}) {
  return { id, type: 'water_level_gauge', location: { ...PLACES.nanjingEast }, ...extra };
}

async function post(url: string, headers: Record<string, string>, payload: unknown, contentType = 'application/json') {
  return p.app.inject({
    method: 'POST',
    url,
    headers: { ...headers, 'content-type': contentType },
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
}

beforeAll(async () => {
  p = await startSensingPlatform();
  admin = await p.tokenFor(['admin'], '310000');
  huangpuAdmin = await p.tokenFor(['admin'], '310101');
  pudongAdmin = await p.tokenFor(['admin'], '310115');
});
afterAll(async () => p?.dispose());

describe('POST /api/v1/devices', () => {
  it('registers a device located from GCJ-02, stored in WGS-84 at the deepest jurisdiction, secret shown once', async () => {
    const [gx, gy] = fromWgs84(PLACES.nanjingEast.lon, PLACES.nanjingEast.lat, 'gcj02');
    const res = await post('/api/v1/devices', huangpuAdmin, {
      ...gauge('wl-310101002-0001'),
      location: { lon: gx, lat: gy, crs: 'gcj02' },
      ownerUnit: 'D-310101-water',
      tags: ['low-lying'],
      name: '南京东路积水点',
    });
    expect(res.statusCode, res.body).toBe(201);
    const { device, secret } = res.json<{ device: DeviceJson; secret: string }>();
    expect(secret.length).toBeGreaterThanOrEqual(32);
    expect(device.location[0]).toBeCloseTo(PLACES.nanjingEast.lon, 5);
    expect(device.location[1]).toBeCloseTo(PLACES.nanjingEast.lat, 5);
    const chain = p.geo.locate(PLACES.nanjingEast.lon, PLACES.nanjingEast.lat);
    expect(chain.at(-1)!.level).toBe('community');
    expect(device.jurisdictionId).toBe(chain.at(-1)!.id);
    expect(device.jurisdictionPath).toBe(p.geo.get(chain.at(-1)!.id)!.path);
    expect(device.ownerUnitId).toBe(p.directory.getUnitByCode('D-310101-water')!.id);
    expect(device).toMatchObject({ status: 'unknown', lastSeen: null, tags: ['low-lying'] });
    // The secret signs the device in; it is never shown again.
    expect(await p.sensing.authenticateDevice('wl-310101002-0001', secret)).toBe(true);
    expect(await p.sensing.authenticateDevice('wl-310101002-0001', 'wrong')).toBe(false);
    const again = await p.app.inject({ url: '/api/v1/devices/wl-310101002-0001', headers: huangpuAdmin });
    expect(again.body).not.toContain(secret);
    expect(again.json()).not.toHaveProperty('secret');
    // The rules engine sees it at once.
    expect(p.sensing.deviceFacts('wl-310101002-0001')).toMatchObject({
      type: 'water_level_gauge',
      tags: ['low-lying'],
      jurisdictionPath: device.jurisdictionPath,
    });
  });

  it.each([
    ['a bad id', gauge('a/b'), 400, 'VALIDATION_FAILED', 'body.id'],
    ['an unknown type', { ...gauge('x-0001'), type: 'toaster' }, 400, 'VALIDATION_FAILED', 'body.type'],
    ['an unknown unit', gauge('x-0002', { ownerUnit: 'NOPE' }), 400, 'UNKNOWN_UNIT', 'ownerUnit'],
    ['a bad tag', gauge('x-0003', { tags: ['a b'] }), 400, 'VALIDATION_FAILED', 'body.tags[0]'],
    [
      'a place outside the city',
      gauge('x-0004', { location: { lon: 116.397, lat: 39.909 } }),
      400,
      'OUTSIDE_ALL_JURISDICTIONS',
      'body.location',
    ],
    ['an unknown field', gauge('x-0005', { colour: 'red' }), 400, 'VALIDATION_FAILED', 'body'],
  ])('refuses %s', async (_name, body, status, code, field) => {
    const res = await post('/api/v1/devices', admin, body);
    expect(res.statusCode, res.body).toBe(status);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code, field });
  });

  it('refuses a second device with the same id (409), and devices outside the caller’s jurisdiction (403)', async () => {
    expect((await post('/api/v1/devices', admin, gauge('wl-310101002-0001'))).json()).toMatchObject({ status: 409, code: 'DEVICE_EXISTS' });
    const res = await post('/api/v1/devices', pudongAdmin, gauge('wl-310101002-0009'));
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'SCOPE_FORBIDDEN', field: 'body.location' });
  });

  it('lets only admins register devices', async () => {
    const inspector = await p.tokenFor(['inspector'], '310101');
    expect((await post('/api/v1/devices', inspector, gauge('wl-310101002-0010'))).statusCode).toBe(403);
    expect((await post('/api/v1/devices', {}, gauge('wl-310101002-0010'))).statusCode).toBe(401);
  });
});

describe('reading devices', () => {
  beforeAll(async () => {
    for (let i = 20; i < 25; i++) await post('/api/v1/devices', admin, gauge(`wl-310101002-00${i}`, { tags: i % 2 ? ['odd'] : [] }));
    await post('/api/v1/devices', admin, { id: 'mh-310101002-0001', type: 'manhole_cover', location: PLACES.nanjingEast });
    await post('/api/v1/devices', admin, { id: 'wl-310115-0001', type: 'water_level_gauge', location: PLACES.pudong });
  });

  it('lists a jurisdiction subtree by type and tag, a page at a time', async () => {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { statusCode: number; body: string; json<T>(): T } = await p.app.inject({
        url: `/api/v1/devices?jurisdiction=310101&type=water_level_gauge&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        headers: admin,
      });
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json<{ items: DeviceJson[]; nextCursor: string | null }>();
      ids.push(...page.items.map((d) => d.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(ids).toEqual([
      'wl-310101002-0001',
      'wl-310101002-0020',
      'wl-310101002-0021',
      'wl-310101002-0022',
      'wl-310101002-0023',
      'wl-310101002-0024',
    ]);
    const odd = await p.app.inject({ url: '/api/v1/devices?tag=odd', headers: admin });
    expect(odd.json<{ items: DeviceJson[] }>().items.map((d) => d.id)).toEqual(['wl-310101002-0021', 'wl-310101002-0023']);
  });

  it('lists only the caller’s jurisdiction, and refuses to list another one', async () => {
    const res = await p.app.inject({ url: '/api/v1/devices', headers: pudongAdmin });
    expect(res.json<{ items: DeviceJson[] }>().items.map((d) => d.id)).toEqual(['wl-310115-0001']);
    expect((await p.app.inject({ url: '/api/v1/devices?jurisdiction=310101', headers: pudongAdmin })).statusCode).toBe(403);
    expect((await p.app.inject({ url: '/api/v1/devices?jurisdiction=nowhere', headers: admin })).statusCode).toBe(404);
  });

  it('hides a device of another jurisdiction as not found', async () => {
    expect((await p.app.inject({ url: '/api/v1/devices/wl-310101002-0020', headers: pudongAdmin })).statusCode).toBe(404);
    expect((await p.app.inject({ url: '/api/v1/devices/nobody-0001', headers: admin })).statusCode).toBe(404);
  });

  it('lets the field roles read but not handlers', async () => {
    for (const role of ['shift_lead', 'dispatcher', 'inspector', 'community_worker'] as const) {
      const h = await p.tokenFor([role], '310101');
      expect((await p.app.inject({ url: '/api/v1/devices/wl-310101002-0020', headers: h })).statusCode, role).toBe(200);
    }
    const handler = await p.tokenFor(['handler'], '310101');
    expect((await p.app.inject({ url: '/api/v1/devices', headers: handler })).statusCode).toBe(403);
  });

  it('shows newest values and online status from the last reading, offline after the type’s interval', async () => {
    p.clock.set(T0 + 60_000);
    await p.sensing.ingestReadings({ json: [{ deviceId: 'wl-310101002-0020', ts: T0, values: { water_level_cm: 4.5 } }] }, '/');
    await p.sensing.ingestReadings({ json: [{ deviceId: 'mh-310101002-0001', ts: T0, values: { open: true, tilt_deg: 30 } }] }, '/');
    const get = async (id: string) => (await p.app.inject({ url: `/api/v1/devices/${id}`, headers: admin })).json<DeviceJson>();
    expect(await get('wl-310101002-0020')).toMatchObject({
      status: 'online',
      lastSeen: T0,
      latest: { water_level_cm: { ts: T0, value: 4.5 } },
    });
    expect((await get('mh-310101002-0001')).latest).toEqual({ open: { ts: T0, value: true }, tilt_deg: { ts: T0, value: 30 } });
    p.clock.set(T0 + 31 * 60_000);
    expect(await get('wl-310101002-0020')).toMatchObject({ status: 'offline' });
    expect(await get('mh-310101002-0001')).toMatchObject({ status: 'online' }); // a manhole cover reports daily
  });

  it('answers a device’s readings over a range, refusing a metric the type lacks', async () => {
    const url = `/api/v1/devices/wl-310101002-0020/readings?from=${T0 - 1}&to=${new Date(T0 + 1).toISOString()}`;
    const res = await p.app.inject({ url, headers: admin });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ items: [{ ts: T0, metric: 'water_level_cm', value: 4.5 }], nextCursor: null });
    const bad = await p.app.inject({ url: '/api/v1/devices/wl-310101002-0020/readings?metric=tilt_deg', headers: admin });
    expect(bad.json()).toMatchObject({ status: 400, field: 'query.metric' });
    const badTime = await p.app.inject({ url: '/api/v1/devices/wl-310101002-0020/readings?from=yesterday', headers: admin });
    expect(badTime.json()).toMatchObject({ status: 400, field: 'query.from' });
  });
});

describe('changing and deleting devices', () => {
  it('changes tags, name and place; refuses a move out of the caller’s jurisdiction and a new type', async () => {
    await post('/api/v1/devices', huangpuAdmin, gauge('wl-310101002-0030'));
    const patch = (body: unknown, h = huangpuAdmin) =>
      p.app.inject({
        method: 'PATCH',
        url: '/api/v1/devices/wl-310101002-0030',
        headers: { ...h, 'content-type': 'application/json' },
        payload: JSON.stringify(body),
      });
    const changed: string[] = [];
    const stop = p.sensing.onDeviceChange((id) => changed.push(id));
    const res = await patch({ tags: ['school', 'school'], name: '校门口', offlineAfterS: 600 });
    stop();
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ tags: ['school'], name: '校门口', offlineAfterS: 600 });
    expect(changed).toEqual(['wl-310101002-0030']);
    expect(p.sensing.deviceFacts('wl-310101002-0030')!.tags).toEqual(['school']);
    expect((await patch({ location: PLACES.pudong })).json()).toMatchObject({ status: 403, code: 'SCOPE_FORBIDDEN' });
    expect((await patch({ type: 'camera' })).json()).toMatchObject({ status: 400 });
    expect((await patch({ name: 'x' }, pudongAdmin)).statusCode).toBe(404);
    const moved = await patch({ location: PLACES.pudong }, admin);
    expect(moved.json<DeviceJson>().jurisdictionPath.startsWith(p.geo.getByCode('310115')!.path)).toBe(true);
  });

  it('rotates a secret: the old one stops working', async () => {
    const created = await post('/api/v1/devices', admin, gauge('wl-310101002-0031'));
    const old = created.json<{ secret: string }>().secret;
    expect(await p.sensing.authenticateDevice('wl-310101002-0031', old)).toBe(true);
    const res = await p.app.inject({ method: 'POST', url: '/api/v1/devices/wl-310101002-0031/secret', headers: admin });
    const fresh = res.json<{ secret: string }>().secret;
    expect(await p.sensing.authenticateDevice('wl-310101002-0031', old)).toBe(false);
    expect(await p.sensing.authenticateDevice('wl-310101002-0031', fresh)).toBe(true);
  });

  it('deletes a device in scope; it no longer signs in or takes readings', async () => {
    const created = await post('/api/v1/devices', admin, gauge('wl-310101002-0032'));
    const secret = created.json<{ secret: string }>().secret;
    expect((await p.app.inject({ method: 'DELETE', url: '/api/v1/devices/wl-310101002-0032', headers: pudongAdmin })).statusCode).toBe(404);
    expect((await p.app.inject({ method: 'DELETE', url: '/api/v1/devices/wl-310101002-0032', headers: huangpuAdmin })).statusCode).toBe(
      204,
    );
    expect((await p.app.inject({ url: '/api/v1/devices/wl-310101002-0032', headers: admin })).statusCode).toBe(404);
    expect(await p.sensing.authenticateDevice('wl-310101002-0032', secret)).toBe(false);
    const r = await p.sensing.ingestPayload('wl-310101002-0032', '{"ts":1795744800000,"values":{"water_level_cm":1}}', T0);
    expect(r.rejected[0]).toMatchObject({ reason: 'unknown_device' });
  });
});
