/**
 * A hand-made city small enough to reason about, for the storage contract suite:
 *
 * ```
 *  32.0 ┌────────────────────── C1 city ───────────────────────┐
 *       │  D1 121.1–121.5, 31.1–31.9   D2 121.5–121.9 (hole)  │
 *       │   ┌ S1 121.2–121.4, 31.2–31.4   hole 121.6–121.8,   │
 *       │   └ (street, found by containment)   31.4–31.6       │
 *  31.0 └──────────────────────────────────────────────────────┘
 *      121.0                                                122.0
 * ```
 * Plus the points that land in each part and the chains `locate` must answer for them.
 */
import type { Polygon } from '../../src/geo/geojson.ts';
import type { JurisdictionFeature } from '../../src/geo/model.ts';

/** An axis-aligned rectangle as a GeoJSON polygon, optionally with rectangular holes. */
export function rect(
  minLon: number,
  minLat: number,
  maxLon: number,
  maxLat: number,
  holes: Array<[number, number, number, number]> = [],
): Polygon {
  const ring = (a: number, b: number, c: number, d: number): number[][] => [
    [a, b],
    [c, b],
    [c, d],
    [a, d],
    [a, b],
  ];
  // Holes wind the other way round from the outer ring (RFC 7946).
  return {
    type: 'Polygon',
    coordinates: [ring(minLon, minLat, maxLon, maxLat), ...holes.map(([a, b, c, d]) => ring(a, b, c, d).reverse())],
  };
}

export const CITY: JurisdictionFeature = {
  code: 'C1',
  name: '测试市',
  level: 'city',
  parentCode: null,
  geometry: rect(121.0, 31.0, 122.0, 32.0),
};
export const D1: JurisdictionFeature = {
  code: 'D1',
  name: '东湖区',
  level: 'district',
  parentCode: 'C1',
  geometry: rect(121.1, 31.1, 121.5, 31.9),
};
export const D2: JurisdictionFeature = {
  code: 'D2',
  name: '西山区',
  level: 'district',
  parentCode: 'C1',
  geometry: rect(121.5, 31.1, 121.9, 31.9, [[121.6, 31.4, 121.8, 31.6]]),
};
/** No parent code: its parent (D1) must be found by containment. */
export const S1: JurisdictionFeature = {
  code: 'S1',
  name: '南京东路街道',
  level: 'street',
  parentCode: null,
  geometry: rect(121.2, 31.2, 121.4, 31.4),
};

/** The whole tiny city in import order (parents first). */
export const TINY_CITY: readonly JurisdictionFeature[] = [CITY, D1, D2];

/** Points and the chain of codes `locate` must answer for each. */
export const PROBES: ReadonlyArray<{ name: string; lon: number; lat: number; chain: string[] }> = [
  { name: 'inside the street', lon: 121.3, lat: 31.3, chain: ['C1', 'D1', 'S1'] },
  { name: 'in D1 outside the street', lon: 121.45, lat: 31.8, chain: ['C1', 'D1'] },
  { name: 'in D2 beside its hole', lon: 121.55, lat: 31.5, chain: ['C1', 'D2'] },
  { name: 'in the hole of D2', lon: 121.7, lat: 31.5, chain: ['C1'] },
  { name: 'in the city outside every district', lon: 121.05, lat: 31.05, chain: ['C1'] },
  { name: 'outside the city', lon: 120.5, lat: 31.5, chain: [] },
];

/** The codes of a locate chain. */
export const codes = (chain: ReadonlyArray<{ code: string }>): string[] => chain.map((r) => r.code);
