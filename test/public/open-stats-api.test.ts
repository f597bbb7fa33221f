/**
 * Open statistics over HTTP on the demo city, on the suite's dialect: cases made through the
 * cases service in two districts become per-district figures; counts below 5 are null, a second
 * cell is hidden where the total would give the first away, and rates over fewer than 5 cases
 * are null; the same month as CSV.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { startTestPlatform, type TestPlatform } from '../support/platform.ts';
import { closeCase, reportCase } from './scenarios-cases.ts';

let p: TestPlatform;

interface District {
  code: string;
  name: string;
  nameEn: string;
  cases: number | null;
  byCategory: { category: string; name: string; count: number | null }[];
  onTimeRate: number | null;
  closingRate: number | null;
  avgHandlingHours: number | null;
}

/** Distinct places in a district (one per street), so reports of one class are not merged as duplicates. */
function places(code: string): { lon: number; lat: number }[] {
  const district = p.geo.getByCode(code)!;
  return p.geo
    .list('street')
    .filter((s) => s.path.startsWith(district.path))
    .map((s) => ({ lon: s.center[0], lat: s.center[1] }));
}

beforeAll(async () => {
  p = await startTestPlatform({ now: Date.UTC(2026, 9, 12, 2, 0, 0) });
  const huangpu = places('310101');
  const xuhui = places('310104');
  const ids: string[] = [];
  for (const at of huangpu.slice(0, 6)) ids.push(await reportCase(p, 'E0401', at));
  for (const at of huangpu.slice(0, 5)) ids.push(await reportCase(p, 'E0103', at));
  for (const at of huangpu.slice(0, 2)) ids.push(await reportCase(p, 'E0102', at));
  for (const at of xuhui.slice(0, 3)) await reportCase(p, 'E0401', at);
  p.clock.advance(600_000);
  for (const id of ids.slice(0, 5)) await closeCase(p, id);
}, 180_000);
afterAll(async () => p?.dispose());

describe('open statistics', () => {
  it('lists the months from the first case on', async () => {
    expect((await p.app.inject({ method: 'GET', url: '/api/v1/public/stats/months' })).json()).toEqual({ items: ['2026-10'] });
  });

  it('publishes per-district figures with small counts suppressed', async () => {
    const res = await p.app.inject({ method: 'GET', url: '/api/v1/public/stats?month=2026-10' });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{ month: string; suppressionThreshold: number; districts: District[] }>();
    expect(body.suppressionThreshold).toBe(5);
    expect(body.districts).toHaveLength(p.geo.list('district').length);

    const huangpu = body.districts.find((d) => d.code === '310101')!;
    expect(huangpu).toMatchObject({ name: '黄浦区', nameEn: 'Huangpu', cases: 13 });
    // 2 is under 5; 5 is hidden as well, or 13 − 6 would give the 2 away.
    expect(huangpu.byCategory.map((c) => [c.category, c.count])).toEqual([
      ['E0102', null],
      ['E0103', null],
      ['E0401', 6],
    ]);
    expect(huangpu.byCategory[2]!.name).toBe('道路积水');
    // 5 of the 13 filed closed; the 5 handled were all on time.
    expect(huangpu.closingRate).toBeCloseTo(5 / 13, 10);
    expect(huangpu.onTimeRate).toBe(1);
    expect(huangpu.avgHandlingHours).not.toBeNull();

    // Three cases: nothing of them is published.
    expect(body.districts.find((d) => d.code === '310104')).toMatchObject({
      cases: null,
      byCategory: [{ category: 'E0401', count: null }],
      onTimeRate: null,
      closingRate: null,
      avgHandlingHours: null,
    });
    expect(body.districts.find((d) => d.code === '310115')).toMatchObject({ cases: null, byCategory: [] });
  });

  it('publishes the same as CSV', async () => {
    const res = await p.app.inject({ method: 'GET', url: '/api/v1/public/stats.csv?month=2026-10' });
    expect(res.headers['content-type']).toContain('text/csv');
    const rows: string[][] = parse(res.rawPayload.toString('utf8').slice(1));
    const huangpu = rows.filter((r) => r[1] === '310101');
    expect(huangpu.map((r) => [r[4], r[7]])).toEqual([
      ['*', '13'],
      ['E0102', ''],
      ['E0103', ''],
      ['E0401', '6'],
    ]);
    expect(huangpu[0]![8]).toBe('100');
    expect(huangpu[0]![9]).toBe(String(Math.round((5 / 13) * 10_000) / 100));
  });

  it('refuses a malformed or future month by its field', async () => {
    for (const month of ['2026-13', 'oct', '2026-11']) {
      const res = await p.app.inject({ method: 'GET', url: `/api/v1/public/stats?month=${month}` });
      expect(res.statusCode, month).toBe(400);
      expect(res.json<{ errors: { field: string }[] }>().errors[0]!.field).toContain('month');
    }
  });
});
