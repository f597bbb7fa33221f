/**
 * Coordinate reference systems the platform accepts at its edges. Storage is always WGS-84;
 * Chinese map apps hand out GCJ-02 (高德/腾讯) or BD-09 (百度) coordinates, which are offset by
 * a few hundred metres, so inputs name their CRS and are converted once, here, with `gcoord`
 * (a maintained implementation of the published transforms) rather than home-made formulas.
 */
import * as gcoordModule from 'gcoord';
import type { MultiPolygon, Polygon, Position, Ring } from './geojson.ts';

/** The CRS names accepted in `crs=` parameters and import options. */
export const CRS_LIST = ['wgs84', 'gcj02', 'bd09'] as const;

/** A coordinate reference system accepted at the platform's edges. */
export type Crs = (typeof CRS_LIST)[number];

/** Whether a string names a supported CRS, e.g. to validate a `crs` query parameter. */
export function isCrs(value: string): value is Crs {
  return (CRS_LIST as readonly string[]).includes(value);
}

/** gcoord's API object, as its typings describe it. */
type Gcoord = typeof gcoordModule.default.default;
// gcoord is CommonJS whose typings claim an ES default export. Under Node's ESM loader (so tsx
// and vitest too) module.exports — the API itself — arrives as the namespace's `default`; a
// bundler honouring the typings would nest it once more. Accept both.
const loaded = gcoordModule.default as unknown as Gcoord & { default?: Gcoord };
const gcoord: Gcoord = loaded.default ?? loaded;

const GCOORD_CRS = {
  gcj02: gcoord.GCJ02,
  bd09: gcoord.BD09,
} as const;

/**
 * Converts one position to WGS-84.
 *
 * @example
 * toWgs84(121.4737, 31.2304, 'gcj02'); // ≈ [121.4692, 31.2323]
 * toWgs84(121.4737, 31.2304, 'wgs84'); // [121.4737, 31.2304]
 */
export function toWgs84(lon: number, lat: number, crs: Crs): [number, number] {
  if (crs === 'wgs84') return [lon, lat];
  const out = gcoord.transform([lon, lat], GCOORD_CRS[crs], gcoord.WGS84);
  const x = out[0];
  const y = out[1];
  // gcoord is typed loosely (tuple of optional members); a missing member would be a library bug.
  if (x === undefined || y === undefined) throw new Error(`gcoord returned no coordinate for ${lon},${lat}`);
  return [x, y];
}

/**
 * Converts one WGS-84 position to another CRS: for answers to clients that draw on Chinese map
 * apps, and for tests.
 *
 * @example
 * fromWgs84(121.4692, 31.2323, 'gcj02'); // ≈ [121.4737, 31.2304]
 */
export function fromWgs84(lon: number, lat: number, crs: Crs): [number, number] {
  if (crs === 'wgs84') return [lon, lat];
  const out = gcoord.transform([lon, lat], gcoord.WGS84, GCOORD_CRS[crs]);
  const x = out[0];
  const y = out[1];
  if (x === undefined || y === undefined) throw new Error(`gcoord returned no coordinate for ${lon},${lat}`);
  return [x, y];
}

function ringToWgs84(ring: Ring, crs: Crs): Ring {
  return ring.map((p: Position) => toWgs84(p[0] ?? NaN, p[1] ?? NaN, crs));
}

/**
 * Converts every position of a Polygon or MultiPolygon to WGS-84, returning a new geometry.
 * Positions are converted one by one, so a ring closed in the source stays closed.
 *
 * @example
 * geometryToWgs84({ type: 'Polygon', coordinates: [ring] }, 'gcj02');
 */
export function geometryToWgs84(geometry: Polygon, crs: Crs): Polygon;
export function geometryToWgs84(geometry: MultiPolygon, crs: Crs): MultiPolygon;
export function geometryToWgs84(geometry: Polygon | MultiPolygon, crs: Crs): Polygon | MultiPolygon;
export function geometryToWgs84(geometry: Polygon | MultiPolygon, crs: Crs): Polygon | MultiPolygon {
  if (geometry.type === 'Polygon') {
    return { type: 'Polygon', coordinates: geometry.coordinates.map((r) => ringToWgs84(r, crs)) };
  }
  return {
    type: 'MultiPolygon',
    coordinates: geometry.coordinates.map((poly) => poly.map((r) => ringToWgs84(r, crs))),
  };
}
