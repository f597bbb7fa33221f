import { describe, expect, it } from 'vitest';
import { CRS_LIST, geometryToWgs84, isCrs, toWgs84 } from './crs.ts';
import type { Polygon } from './geojson.ts';

/** Haversine distance in metres, enough to check "a few hundred metres". */
function metres(a: readonly [number, number], b: readonly [number, number]): number {
  const r = 6_371_000;
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad;
  const dLon = (b[0] - a[0]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * r * Math.asin(Math.sqrt(h));
}

describe('crs', () => {
  // People's Square as a GCJ-02 map app reports it.
  const gcj: [number, number] = [121.4737, 31.2304];

  it('lists and recognises the accepted CRS names', () => {
    expect(CRS_LIST).toEqual(['wgs84', 'gcj02', 'bd09']);
    expect(isCrs('gcj02')).toBe(true);
    expect(isCrs('GCJ02')).toBe(false);
  });

  it('leaves WGS-84 untouched', () => {
    expect(toWgs84(121.4737, 31.2304, 'wgs84')).toEqual([121.4737, 31.2304]);
  });

  it('moves a GCJ-02 point in Shanghai by a few hundred metres, to the south-west', () => {
    const wgs = toWgs84(gcj[0], gcj[1], 'gcj02');
    const d = metres(gcj, wgs);
    expect(d).toBeGreaterThan(300);
    expect(d).toBeLessThan(700);
    expect(wgs[0]).toBeLessThan(gcj[0]);
    expect(wgs[1]).toBeGreaterThan(gcj[1]); // in Shanghai the GCJ-02 offset points south-east
    expect(wgs[0]).toBeCloseTo(121.46916, 4);
    expect(wgs[1]).toBeCloseTo(31.23233, 4);
  });

  it('moves a BD-09 point further than a GCJ-02 one (BD-09 is GCJ-02 plus another offset)', () => {
    const fromBd = toWgs84(gcj[0], gcj[1], 'bd09');
    const fromGcj = toWgs84(gcj[0], gcj[1], 'gcj02');
    expect(metres(gcj, fromBd)).toBeGreaterThan(metres(gcj, fromGcj));
  });

  it('converts every position of a polygon and keeps rings closed', () => {
    const poly: Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [121.4, 31.2],
          [121.5, 31.2],
          [121.5, 31.3],
          [121.4, 31.2],
        ],
      ],
    };
    const out = geometryToWgs84(poly, 'gcj02');
    const ring = out.coordinates[0] ?? [];
    expect(ring).toHaveLength(4);
    expect(ring[0]).toEqual(ring[3]);
    expect(ring[1]).toEqual(toWgs84(121.5, 31.2, 'gcj02'));
    expect(poly.coordinates[0]?.[0]).toEqual([121.4, 31.2]); // input not mutated
  });

  it('converts multipolygons polygon by polygon', () => {
    const ring = [
      [121.4, 31.2],
      [121.5, 31.2],
      [121.5, 31.3],
      [121.4, 31.2],
    ];
    const out = geometryToWgs84({ type: 'MultiPolygon', coordinates: [[ring], [ring]] }, 'bd09');
    expect(out.type).toBe('MultiPolygon');
    expect(out.coordinates).toHaveLength(2);
    expect(out.coordinates[1]?.[0]?.[2]).toEqual(toWgs84(121.5, 31.3, 'bd09'));
  });
});
