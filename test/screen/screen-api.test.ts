/**
 * The city screen's read models over HTTP on a whole platform (demo city, real storage): KPIs and
 * layers of a caller's subtree, narrower subtrees, the per-feature figures that colour the map,
 * points with box and type filters, and the wire (gzip, ETag, 304, the 2-second cache).
 */
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/directory/roles.ts';
import { startTestPlatform, signIn, type TestPlatform, type TestSession } from '../support/platform.ts';
import { raiseTestAlert } from '../support/alerts.ts';
import type { RuleSignal } from '../../src/rules/signal-model.ts';
import type { ScreenKpis } from '../../src/screen/kpi-model.ts';
import type { Actor } from '../../src/cases/case-types.ts';

const PASSWORD = 'Screen-test-2026!';
const HOME = '310101'; // 黄浦区
const STREET = '310101002'; // 南京东路街道
const OTHER = '310115'; // 浦东新区
const SYSTEM: Actor = { id: 'system', roles: ['system'], scopePath: '/', unitId: null, system: true };

interface Feature<P> {
  type: 'Feature';
  geometry: { type: string; coordinates: unknown };
  properties: P;
}
interface Collection<P> {
  type: 'FeatureCollection';
  asOf: number;
  count: number;
  features: Feature<P>[];
}

let p: TestPlatform;
let huangpu: TestSession;
let city: TestSession;

async function user(code: string, role: Role): Promise<TestSession> {
  const username = `screen_${role}_${code}`;
  await p.directory.createUser({
    username,
    displayName: username,
    password: PASSWORD,
    roles: [role],
    jurisdictionId: p.geo.getByCode(code)!.id,
  });
  return signIn(p, username, PASSWORD);
}

/** Raises a fresh alert at the centre of a jurisdiction. */
async function raise(code: string, level: RuleSignal['level'] = 'orange'): Promise<void> {
  await raiseTestAlert(p, code, level, 'screen-test');
}

async function report(code: string, dLon: number, category: string, autoDispatch = false) {
  const [lon, lat] = p.geo.getByCode(code)!.center;
  const r = await p.cases.report(
    { source: 'hotline', category, description: '大屏测试', location: { lon: lon + dLon, lat }, autoDispatch },
    SYSTEM,
  );
  return r.case;
}

async function get<T>(session: TestSession, url: string): Promise<T> {
  const res = await p.app.inject({ url, headers: session.headers });
  expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
  return res.json<T>();
}

beforeAll(async () => {
  p = await startTestPlatform();
  huangpu = await user(HOME, 'dispatcher');
  city = await user('310000', 'shift_lead');
  const at = (code: string) => ({ lon: p.geo.getByCode(code)!.center[0], lat: p.geo.getByCode(code)!.center[1] });
  for (const [id, code] of [
    ['scr-online', STREET],
    ['scr-offline', STREET],
    ['scr-unknown', STREET],
    ['scr-pudong', OTHER],
  ] as const)
    await p.sensing.createDevice({ id, type: 'water_level_gauge', ...at(code) }, '/');
  const now = p.clock.now();
  await p.sensing.ingestReadings(
    {
      json: [
        { deviceId: 'scr-online', ts: now, values: { water_level_cm: 3 } },
        { deviceId: 'scr-offline', ts: now - 2 * 3_600_000, values: { water_level_cm: 3 } },
        { deviceId: 'scr-pudong', ts: now, values: { water_level_cm: 3 } },
      ],
    },
    '/',
  );
  await raise(STREET, 'red');
  await raise(HOME, 'blue');
  await raise(OTHER, 'orange');
});
afterAll(async () => p?.dispose());

describe('GET /api/v1/screen/kpis', () => {
  it('counts the caller’s subtree: cases today, dispatched, open, overdue, alerts by level, devices', async () => {
    const dispatched = await report(STREET, 0.001, 'E0103', true);
    expect(dispatched.state).toBe('dispatched');
    await report(STREET, -0.001, 'E0104');
    await report(OTHER, 0, 'E0104');
    // "Open now" counts cases reported before now; the manual clock would otherwise stand still.
    p.clock.advance(1000);
    const k = await get<ScreenKpis>(huangpu, '/api/v1/screen/kpis');
    expect(k.scopePath).toBe(p.geo.getByCode(HOME)!.path);
    expect(k.cases).toMatchObject({ today: 2, dispatchedToday: 1, open: 2, overdue: 0 });
    expect(k.alerts).toEqual({ active: 2, byLevel: { blue: 1, yellow: 0, orange: 0, red: 1 } });
    expect(k.devices).toMatchObject({ total: 3, online: 1, offline: 1, unknown: 1, onlineRate: 0.5 });
    expect(k.today.from).toBe(Date.UTC(2026, 10, 26, 16)); // midnight in Shanghai
    const all = await get<ScreenKpis>(city, '/api/v1/screen/kpis');
    expect(all.cases.today).toBe(3);
    expect(all.alerts.active).toBe(3);
    expect(all.devices.total).toBe(4);
  });

  it('is cached for ~2 s, and shows what changed once the clock moves on; overdue cases count', async () => {
    const before = await get<ScreenKpis>(huangpu, `/api/v1/screen/kpis?jurisdiction=${STREET}`);
    await report(STREET, 0.002, 'E0104');
    expect((await get<ScreenKpis>(huangpu, `/api/v1/screen/kpis?jurisdiction=${STREET}`)).cases.today).toBe(before.cases.today);
    p.clock.advance(31 * 60_000); // past the 30-minute dispatch limit of the cases still waiting
    await p.cases.tick();
    // Sessions idle for 30 minutes end: sign in again.
    huangpu = await signIn(p, `screen_dispatcher_${HOME}`, PASSWORD);
    city = await signIn(p, 'screen_shift_lead_310000', PASSWORD);
    const after = await get<ScreenKpis>(huangpu, `/api/v1/screen/kpis?jurisdiction=${STREET}`);
    expect(after.cases.today).toBe(before.cases.today + 1);
    expect(after.cases.overdue).toBeGreaterThan(0);
  });

  it('refuses a jurisdiction outside the scope', async () => {
    const res = await p.app.inject({ url: `/api/v1/screen/kpis?jurisdiction=${OTHER}`, headers: huangpu.headers });
    expect(res.statusCode).toBe(403);
  });
});

describe('GET /api/v1/screen/jurisdictions', () => {
  type Props = {
    id: string;
    code: string;
    name: string;
    level: string;
    openCases: number;
    activeAlerts: number;
    worstLevel: string | null;
  };

  it('gives the streets of a district with open cases, active alerts and the worst level of each', async () => {
    const fc = await get<Collection<Props>>(huangpu, `/api/v1/screen/jurisdictions?level=street&parent=${HOME}`);
    const streets = p.geo.list('street').filter((s) => s.path.startsWith(p.geo.getByCode(HOME)!.path));
    expect(fc.features.map((f) => f.properties.code).sort()).toEqual(streets.map((s) => s.code).sort());
    const nj = fc.features.find((f) => f.properties.code === STREET)!;
    expect(nj.properties).toMatchObject({ name: '南京东路街道', level: 'street', activeAlerts: 1, worstLevel: 'red' });
    expect(nj.properties.openCases).toBeGreaterThanOrEqual(2);
    expect(['Polygon', 'MultiPolygon']).toContain(nj.geometry.type);
    const quiet = fc.features.filter((f) => f.properties.code !== STREET);
    expect(quiet.every((f) => f.properties.openCases === 0 && f.properties.worstLevel === null)).toBe(true);
  });

  it('splits into shapes to fetch once (same bytes while the tree stands) and figures to poll', async () => {
    const url = `/api/v1/screen/jurisdictions?level=street&parent=${HOME}`;
    const shapes = await p.app.inject({ url: `${url}&part=shapes`, headers: huangpu.headers });
    const fc = shapes.json<Collection<Record<string, unknown>>>();
    expect(Object.keys(fc.features[0]!.properties).sort()).toEqual(['code', 'id', 'level', 'name']);
    const figures = await get<{ items: Array<Props> }>(huangpu, `${url}&part=figures`);
    expect(figures.items.map((i) => i.code)).toEqual([STREET]);
    expect(figures.items[0]).toMatchObject({ activeAlerts: 1, worstLevel: 'red' });
    await raise(STREET, 'yellow');
    p.clock.advance(3000);
    const again = await p.app.inject({ url: `${url}&part=shapes`, headers: huangpu.headers });
    expect(again.headers.etag).toBe(shapes.headers.etag);
    expect((await get<{ items: Array<Props> }>(huangpu, `${url}&part=figures`)).items[0]!.activeAlerts).toBe(2);
  });

  it('is scoped: a district user asking for the whole city gets only their district’s part', async () => {
    const fc = await get<Collection<Props>>(huangpu, '/api/v1/screen/jurisdictions?level=district');
    expect(fc.features.map((f) => f.properties.code)).toEqual([HOME]);
    expect(fc.features[0]!.properties).toMatchObject({ activeAlerts: 3, worstLevel: 'red' });
    const refused = await p.app.inject({ url: `/api/v1/screen/jurisdictions?level=street&parent=${OTHER}`, headers: huangpu.headers });
    expect(refused.statusCode).toBe(403);
  });

  it('sends every community of the city, simplified, gzipped when asked, and 304 when unchanged', async () => {
    const plain = await p.app.inject({ url: '/api/v1/screen/jurisdictions?level=community', headers: city.headers });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-type']).toMatch(/^application\/geo\+json/);
    const fc = plain.json<Collection<Props>>();
    expect(fc.features.length).toBe(p.geo.list('community').length);
    const zipped = await p.app.inject({
      url: '/api/v1/screen/jurisdictions?level=community',
      headers: { ...city.headers, 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(zipped.rawPayload).toString()).toBe(plain.body);
    expect(zipped.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);
    const etag = plain.headers.etag as string;
    const again = await p.app.inject({
      url: '/api/v1/screen/jurisdictions?level=community',
      headers: { ...city.headers, 'if-none-match': etag },
    });
    expect(again.statusCode).toBe(304);
    console.log(
      `screen: ${fc.features.length} communities, ${(plain.rawPayload.length / 1e6).toFixed(2)} MB JSON, ${(zipped.rawPayload.length / 1e3).toFixed(0)} kB gzip`,
    );
  });
});

describe('point layers', () => {
  it('GET /api/v1/screen/alerts: active alerts of the scope with their level', async () => {
    type P = { id: string; level: string; state: string; message: string };
    const fc = await get<Collection<P>>(huangpu, '/api/v1/screen/alerts');
    expect(fc.features.map((f) => f.properties.level).sort()).toEqual(['blue', 'red', 'yellow']);
    expect(fc.features[0]!.geometry.type).toBe('Point');
    expect((await get<Collection<P>>(city, '/api/v1/screen/alerts')).count).toBe(4);
  });

  it('GET /api/v1/screen/cases: open cases with state and deadline light; a box narrows them', async () => {
    type P = { id: string; code: string; state: string; light: string | null; dueAt: number | null };
    const fc = await get<Collection<P>>(huangpu, '/api/v1/screen/cases');
    expect(fc.features.length).toBeGreaterThanOrEqual(3);
    for (const f of fc.features) {
      expect(f.properties.state).not.toBe('closed');
      expect(['green', 'yellow', 'red']).toContain(f.properties.light);
    }
    const [lon, lat] = p.geo.getByCode(STREET)!.center;
    const box = [lon + 0.0005, lat - 0.001, lon + 0.0015, lat + 0.001].join(',');
    const boxed = await get<Collection<P>>(huangpu, `/api/v1/screen/cases?bbox=${box}`);
    expect(boxed.features.length).toBe(1);
    const bad = await p.app.inject({ url: '/api/v1/screen/cases?bbox=1,2,3', headers: huangpu.headers });
    expect(bad.statusCode).toBe(400);
  });

  it('GET /api/v1/screen/devices: points with online/offline, as GeoJSON or columns, by box and type', async () => {
    type P = { id: string; type: string; status: string };
    // The clock moved 30 minutes since the seed: fresh readings, and minutes for the snapshot to be read again.
    const now = p.clock.now();
    const fresh = ['scr-online', 'scr-pudong'].map((deviceId) => ({ deviceId, ts: now, values: { water_level_cm: 4 } }));
    await p.sensing.ingestReadings({ json: fresh }, '/');
    p.clock.advance(5 * 60_000);
    const fc = await get<Collection<P>>(huangpu, '/api/v1/screen/devices');
    const byId = Object.fromEntries(fc.features.map((f) => [f.properties.id, f.properties.status]));
    expect(byId).toEqual({ 'scr-online': 'online', 'scr-offline': 'offline', 'scr-unknown': 'unknown' });
    // Columns: what the map draws and counts — place, type and status; no ids (it names no device).
    const cols = await get<{
      count: number;
      lon: number[];
      lat: number[];
      type: number[];
      types: string[];
      status: number[];
      statuses: string[];
    }>(city, '/api/v1/screen/devices?format=columns');
    expect(cols.count).toBe(4);
    expect(cols).not.toHaveProperty('id');
    expect(cols.status.map((s) => cols.statuses[s]).sort()).toEqual(['offline', 'online', 'online', 'unknown']);
    const [lon, lat] = p.geo.getByCode(OTHER)!.center;
    const i = cols.lon.findIndex((x, k) => Math.abs(x - lon) < 1e-5 && Math.abs(cols.lat[k]! - lat) < 1e-5);
    expect([cols.types[cols.type[i]!], cols.statuses[cols.status[i]!]]).toEqual(['water_level_gauge', 'online']);
    const boxed = await get<Collection<P>>(
      city,
      `/api/v1/screen/devices?bbox=${[lon - 0.01, lat - 0.01, lon + 0.01, lat + 0.01].join(',')}`,
    );
    expect(boxed.features.map((f) => f.properties.id)).toEqual(['scr-pudong']);
    expect((await get<Collection<P>>(city, '/api/v1/screen/devices?type=manhole_cover')).count).toBe(0);
  });
});
