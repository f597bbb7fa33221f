/**
 * The city model over HTTP: locating points (single and batch, every crs), reading the tree,
 * and bad input answered with a problem naming the field — never a crash.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';
import { fromWgs84 } from '../../src/geo/crs.ts';

let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform();
});
afterAll(async () => p?.dispose());

// The Bund side of Nanjing Road East, WGS-84.
const NANJING_EAST = { lon: 121.4837, lat: 31.2384 };

describe('GET /api/v1/geo/locate', () => {
  it('returns the chain city → district → street → grid → community', async () => {
    const res = await p.app.inject({ url: `/api/v1/geo/locate?lon=${NANJING_EAST.lon}&lat=${NANJING_EAST.lat}` });
    expect(res.statusCode).toBe(200);
    const chain = res.json<{ chain: Array<{ level: string; name: string; code: string }> }>().chain;
    expect(chain.map((c) => c.level)).toEqual(['city', 'district', 'street', 'grid', 'community']);
    expect(chain[0]).toMatchObject({ code: '310000', name: '上海市' });
    expect(chain[1]).toMatchObject({ code: '310101', name: '黄浦区' });
  });

  it('converts GCJ-02 and BD-09 input to the same place', async () => {
    const [gx, gy] = fromWgs84(NANJING_EAST.lon, NANJING_EAST.lat, 'gcj02');
    const [bx, by] = fromWgs84(NANJING_EAST.lon, NANJING_EAST.lat, 'bd09');
    const wgs = await p.app.inject({ url: `/api/v1/geo/locate?lon=${NANJING_EAST.lon}&lat=${NANJING_EAST.lat}` });
    const gcj = await p.app.inject({ url: `/api/v1/geo/locate?lon=${gx}&lat=${gy}&crs=gcj02` });
    const bd = await p.app.inject({ url: `/api/v1/geo/locate?lon=${bx}&lat=${by}&crs=bd09` });
    expect(gcj.json()).toEqual(wgs.json());
    expect(bd.json()).toEqual(wgs.json());
    // Treating GCJ-02 input as WGS-84 lands several hundred metres off: the crs matters.
    expect(gx).not.toBeCloseTo(NANJING_EAST.lon, 3);
  });

  it('answers 404 with a problem for a point outside every jurisdiction', async () => {
    const res = await p.app.inject({ url: '/api/v1/geo/locate?lon=116.397&lat=39.909' }); // Beijing
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'OUTSIDE_ALL_JURISDICTIONS', status: 404 });
  });

  it.each([
    ['lon=200&lat=31', 'query.lon'],
    ['lon=121&lat=-91', 'query.lat'],
    ['lon=abc&lat=31', 'query.lon'],
    ['lat=31', 'query.lon'],
    ['lon=121&lat=31&crs=mercator', 'query.crs'],
  ])('refuses %s naming %s', async (query, field) => {
    const res = await p.app.inject({ url: `/api/v1/geo/locate?${query}` });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', field });
  });
});

describe('POST /api/v1/geo/locate', () => {
  it('locates a batch, with an empty chain for points outside', async () => {
    const res = await p.app.inject({ method: 'POST', url: '/api/v1/geo/locate', payload: [NANJING_EAST, { lon: 116.397, lat: 39.909 }] });
    expect(res.statusCode).toBe(200);
    const results = res.json<{ results: Array<{ chain: unknown[] }> }>().results;
    expect(results).toHaveLength(2);
    expect(results[0]!.chain).toHaveLength(5);
    expect(results[1]!.chain).toEqual([]);
  });

  it('accepts 10,000 points and refuses 10,001', async () => {
    const points = Array.from({ length: 10_000 }, (_, i) => ({ lon: 121.2 + (i % 100) * 0.005, lat: 31.0 + Math.floor(i / 100) * 0.004 }));
    const ok = await p.app.inject({ method: 'POST', url: '/api/v1/geo/locate', payload: points });
    expect(ok.statusCode).toBe(200);
    expect(ok.json<{ results: unknown[] }>().results).toHaveLength(10_000);
    const tooMany = await p.app.inject({ method: 'POST', url: '/api/v1/geo/locate', payload: [...points, NANJING_EAST] });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json()).toMatchObject({ field: 'body' });
  });

  it('names the bad element of a batch', async () => {
    const res = await p.app.inject({ method: 'POST', url: '/api/v1/geo/locate', payload: [NANJING_EAST, { lon: 121, lat: 95 }] });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ field: 'body[1].lat' });
  });

  it('answers malformed JSON with 400 INVALID_JSON and oversized bodies with 413', async () => {
    const bad = await p.app.inject({
      method: 'POST',
      url: '/api/v1/geo/locate',
      headers: { 'content-type': 'application/json' },
      payload: '[{"lon": 121,',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'INVALID_JSON', field: 'body' });
    const huge = await p.app.inject({
      method: 'POST',
      url: '/api/v1/geo/locate',
      headers: { 'content-type': 'application/json' },
      payload: `[${'{"lon":121.1,"lat":31.1},'.repeat(400_000)}{"lon":1,"lat":1}]`,
    });
    expect(huge.statusCode).toBe(413);
    expect(huge.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    // And the server still answers.
    expect((await p.app.inject({ url: '/api/v1/health' })).statusCode).toBe(200);
  });
});

describe('jurisdiction tree', () => {
  it('lists the 16 districts of Shanghai with their real codes', async () => {
    const res = await p.app.inject({ url: '/api/v1/jurisdictions?level=district' });
    const items = res.json<{ items: Array<{ code: string; name: string }> }>().items;
    expect(items).toHaveLength(16);
    expect(items.map((d) => d.code)).toContain('310115');
    expect(items.find((d) => d.code === '310115')?.name).toBe('浦东新区');
  });

  it('reads one jurisdiction by code with ancestors, its children and its boundary', async () => {
    const res = await p.app.inject({ url: '/api/v1/jurisdictions/310101002' });
    expect(res.statusCode).toBe(200);
    const j = res.json<{ name: string; level: string; ancestors: Array<{ code: string }>; childCount: number; id: string }>();
    expect(j).toMatchObject({ name: '南京东路街道', level: 'street' });
    expect(j.ancestors.map((a) => a.code)).toEqual(['310000', '310101']);
    expect(j.childCount).toBeGreaterThan(0);
    const kids = await p.app.inject({ url: `/api/v1/jurisdictions?parent=${j.id}` });
    expect(kids.json<{ items: Array<{ level: string }> }>().items.every((k) => k.level === 'grid')).toBe(true);
    const boundary = await p.app.inject({ url: '/api/v1/jurisdictions/310101002/boundary' });
    expect(boundary.json()).toMatchObject({ type: 'Feature', geometry: { type: expect.stringMatching(/Polygon/) } });
  });

  it('answers an unknown code with 404 JURISDICTION_NOT_FOUND', async () => {
    const res = await p.app.inject({ url: '/api/v1/jurisdictions/999999' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'JURISDICTION_NOT_FOUND' });
  });
});

describe('platform', () => {
  it('reports health with storage and version', async () => {
    const res = await p.app.inject({ url: '/api/v1/health' });
    expect(res.json()).toMatchObject({ status: 'ok', storage: { ok: true, dialect: p.database.dialect }, version: expect.any(String) });
  });

  it('serves OpenAPI generated from the validation schemas', async () => {
    const res = await p.app.inject({ url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json<{ openapi: string; paths: Record<string, Record<string, { parameters?: Array<{ name: string }> }>> }>();
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.paths['/api/v1/geo/locate']?.get?.parameters?.map((x) => x.name)).toEqual(expect.arrayContaining(['lon', 'lat', 'crs']));
    expect(Object.keys(doc.paths).length).toBeGreaterThan(15);
  });

  it('answers unknown routes with a problem', async () => {
    const res = await p.app.inject({ url: '/api/v1/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'ROUTE_NOT_FOUND' });
  });
});
