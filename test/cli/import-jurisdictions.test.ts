/**
 * `cityops import jurisdictions` on an empty platform: a city outline, then its districts
 * (parents found by containment), in WGS-84 and in GCJ-02. Checked through the services and,
 * for WGS-84, through a started `--no-demo` server.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { toWgs84 } from '../../src/geo/crs.ts';
import { fixture, getJson, makeWorkspace, runCli, startServer, stopAll, withServices, type Workspace, importCity } from './cli-harness.ts';

const codes = (chain: ReadonlyArray<{ code: string }>) => chain.map((j) => j.code);

describe('cityops import jurisdictions', () => {
  let ws: Workspace | undefined;
  afterEach(async () => {
    stopAll();
    await ws?.cleanup();
  });

  it('imports a city, then its districts under it by containment (WGS-84)', { timeout: 240_000 }, async () => {
    ws = makeWorkspace();
    const city = await importCity(ws);
    expect(city.code, city.stderr).toBe(0);
    expect(city.stdout.trim()).toBe(`imported 1 city jurisdictions from ${fixture('cli-city.geojson')}`);
    const districts = await runCli(
      [
        'import',
        'jurisdictions',
        fixture('cli-districts.geojson'),
        '--level',
        'district',
        '--code-prop',
        'code',
        '--name-prop',
        'name',
        '--data-dir',
        ws.dataDir,
      ],
      ws,
    );
    expect(districts.code, districts.stderr).toBe(0);
    expect(districts.stdout).toMatch(/imported 2 district jurisdictions/);
    expect(districts.stderr).toBe('');

    await withServices(ws, (s) => {
      expect(s.geo.count()).toBe(3);
      const root = s.geo.getByCode('990000');
      expect(root).toMatchObject({ name: '测试市', level: 'city', parentId: null });
      for (const code of ['990101', '990102']) {
        const d = s.geo.getByCode(code);
        expect(d?.parentId).toBe(root?.id);
        expect(d?.path).toBe(`${root?.path}${d?.id}/`);
      }
      expect(codes(s.geo.locate(100.7, 30.5))).toEqual(['990000', '990101']);
      expect(codes(s.geo.locate(100.2, 30.5))).toEqual(['990000', '990102']);
      expect(codes(s.geo.locate(100.02, 30.5))).toEqual(['990000']); // in the city, in no district
      expect(s.geo.locate(102, 30.5)).toEqual([]);
    });

    const server = await startServer(['--no-demo', '--port', '0', '--data-dir', ws.dataDir], ws);
    const located = await getJson<{ chain: Array<{ code: string; name: string }> }>(server.base, '/api/v1/geo/locate?lon=100.7&lat=30.5');
    expect(located.status).toBe(200);
    expect(located.body.chain.map((j) => j.name)).toEqual(['测试市', '东区']);
    const listed = await getJson<{ items: Array<{ code: string }> }>(server.base, '/api/v1/jurisdictions?level=district');
    expect(codes(listed.body.items).sort()).toEqual(['990101', '990102']);
    expect((await server.stop('SIGTERM')).code).toBe(0);
  });

  it('converts a GCJ-02 file (--crs gcj02) to WGS-84 before storing it', { timeout: 180_000 }, async () => {
    ws = makeWorkspace();
    expect((await importCity(ws)).code).toBe(0);
    const r = await runCli(
      [
        'import',
        'jurisdictions',
        fixture('cli-districts-gcj02.geojson'),
        '--level',
        'district',
        '--code-prop',
        'code',
        '--name-prop',
        'name',
        '--crs',
        'gcj02',
        '--data-dir',
        ws.dataDir,
      ],
      ws,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/imported 2 district jurisdictions/);

    await withServices(ws, (s) => {
      const east = s.geo.getByCode('990101');
      // Stored in WGS-84: every vertex moved by a few hundred metres, as gcoord converts it.
      const corners = (
        [
          [100.5, 30.05],
          [100.95, 30.05],
          [100.95, 30.95],
          [100.5, 30.95],
        ] as const
      ).map(([x, y]) => toWgs84(x, y, 'gcj02'));
      const expected = [
        Math.min(...corners.map((c) => c[0])),
        Math.min(...corners.map((c) => c[1])),
        Math.max(...corners.map((c) => c[0])),
        Math.max(...corners.map((c) => c[1])),
      ];
      const bbox = east?.bbox ?? [];
      expect(bbox).toHaveLength(4);
      expected.forEach((v, i) => expect(bbox[i]).toBeCloseTo(v, 9));
      expect(Math.abs((bbox[0] ?? 0) - 100.5)).toBeGreaterThan(0.001);
      // The east/west boundary is at 100.5 in GCJ-02, ~100.4987 in WGS-84.
      expect(codes(s.geo.locate(100.4995, 30.5))).toEqual(['990000', '990101']);
      expect(codes(s.geo.locate(100.4995, 30.5, 'gcj02'))).toEqual(['990000', '990102']);
      expect(codes(s.geo.locate(100.5005, 30.5, 'gcj02'))).toEqual(['990000', '990101']);
      expect(s.geo.getByCode('990102')?.parentId).toBe(s.geo.getByCode('990000')?.id);
    });
  });
});
