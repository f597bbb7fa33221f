/**
 * Bulk import of devices over HTTP on the demo city: CSV and JSON, a report row by row with
 * the field at fault, `mode=rows` (store the good rows) and `mode=all` (store nothing unless
 * all are good), secrets shown once for generated ones, and broken files refused as a whole.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLACES, startSensingPlatform, type SensingPlatform } from './support.ts';

let p: SensingPlatform;
let admin: Record<string, string>;
let huangpuAdmin: Record<string, string>;

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
});
afterAll(async () => p?.dispose());

describe('POST /api/v1/devices/import', () => {
  const csv = [
    'id,type,lon,lat,crs,ownerUnit,tags,name',
    `wm-310101002-1001,water_meter,${PLACES.nanjingEast.lon},${PLACES.nanjingEast.lat},wgs84,D-310101-water,elderly|alone,李阿婆`,
    `wm-310101002-1002,water_meter,abc,${PLACES.nanjingEast.lat},,,,`,
    `wm-310101002-1003,toaster,${PLACES.nanjingEast.lon},${PLACES.nanjingEast.lat},,,,`,
    `wm-310115-1004,water_meter,${PLACES.pudong.lon},${PLACES.pudong.lat},,,,`,
    `wm-310101002-1001,water_meter,${PLACES.nanjingEast.lon},${PLACES.nanjingEast.lat},,,,`,
    `dc-310101002-1005,door_sensor,${PLACES.nanjingEast.lon},${PLACES.nanjingEast.lat},,NOPE,,`,
  ].join('\n');

  it('with mode=all stores nothing when a row is bad, and says why for each row', async () => {
    const res = await post('/api/v1/devices/import?mode=all', huangpuAdmin, csv, 'text/csv');
    // Nothing stored: a problem document naming the first bad row's field, with the report in it.
    expect(res.statusCode, res.body).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'NOTHING_ACCEPTED', field: 'body[1].lon' });
    const report = res.json<{
      created: number;
      accepted: Array<{ id: string; secret: string | null }>;
      rejected: Array<{ index: number; field: string }>;
    }>();
    expect(report.created).toBe(0);
    expect(report.accepted).toEqual([{ index: 0, id: 'wm-310101002-1001', secret: null }]);
    expect(report.rejected.map((r) => [r.index, r.field])).toEqual([
      [1, '[1].lon'],
      [2, '[2].type'],
      [3, '[3].lon'],
      [4, '[4].id'],
      [5, '[5].ownerUnit'],
    ]);
    expect(p.sensing.deviceFacts('wm-310101002-1001')).toBeUndefined();
  });

  it('by rows stores the good rows with their secrets and reports the others', async () => {
    const res = await post('/api/v1/devices/import', huangpuAdmin, csv, 'text/csv');
    expect(res.statusCode).toBe(207);
    const report = res.json<{ created: number; accepted: Array<{ id: string; secret: string }>; rejected: unknown[] }>();
    expect(report.created).toBe(1);
    expect(report.rejected).toHaveLength(5);
    expect(await p.sensing.authenticateDevice('wm-310101002-1001', report.accepted[0]!.secret)).toBe(true);
    expect(p.sensing.deviceFacts('wm-310101002-1001')).toMatchObject({ type: 'water_meter', tags: ['elderly', 'alone'] });
  });

  it('takes JSON, with preset secrets (not echoed)', async () => {
    const rows = [
      {
        id: 'ds-310101002-2001',
        type: 'door_sensor',
        lon: PLACES.nanjingEast.lon,
        lat: PLACES.nanjingEast.lat,
        householdRef: 'hh-42',
        secret: 'factory-secret-0001',
      },
    ];
    const res = await post('/api/v1/devices/import', admin, { devices: rows });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ created: 1, accepted: [{ id: 'ds-310101002-2001', secret: null }], rejected: [] });
    expect(await p.sensing.authenticateDevice('ds-310101002-2001', 'factory-secret-0001')).toBe(true);
    expect(p.sensing.deviceFacts('ds-310101002-2001')!.householdRef).toBe('hh-42');
  });

  it('refuses a broken file as a whole, naming the problem', async () => {
    expect((await post('/api/v1/devices/import', admin, 'id,type,longitude,lat\n', 'text/csv')).json()).toMatchObject({
      code: 'UNKNOWN_COLUMN',
      field: 'header.longitude',
    });
    expect((await post('/api/v1/devices/import', admin, 'id,type,lat\n', 'text/csv')).json()).toMatchObject({
      code: 'MISSING_COLUMN',
      field: 'header.lon',
    });
    expect((await post('/api/v1/devices/import', admin, 'id,type,lon,lat\n"a,b', 'text/csv')).json()).toMatchObject({
      code: 'INVALID_CSV',
    });
    expect((await post('/api/v1/devices/import', admin, { rows: [] })).statusCode).toBe(400);
  });
});
