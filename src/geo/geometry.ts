/**
 * Pure planar geometry over GeoJSON Polygon/MultiPolygon in lon/lat degrees: bounding boxes,
 * exact point-in-polygon and validation. Jurisdictions are small enough (a city at most) that
 * treating degrees as a plane is exact for containment, which is all the platform asks here.
 */
import type { BBox, MultiPolygon, Polygon, Ring } from './geojson.ts';

/** The polygons of a geometry as lists of rings, so callers treat both types alike. */
export function polygonsOf(geometry: Polygon | MultiPolygon): Ring[][] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

/**
 * Bounding box of a Polygon or MultiPolygon (holes cannot widen it, but are read anyway: cheap).
 *
 * @example
 * geometryBBox({ type: 'Polygon', coordinates: [[[0, 0], [2, 0], [2, 1], [0, 0]]] }); // [0, 0, 2, 1]
 */
export function geometryBBox(geometry: Polygon | MultiPolygon): BBox {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const polygon of polygonsOf(geometry)) {
    for (const ring of polygon) {
      for (const p of ring) {
        const x = p[0] ?? NaN;
        const y = p[1] ?? NaN;
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
    }
  }
  return [minX, minY, maxX, maxY];
}

/**
 * Whether the horizontal ray from (x, y) towards +x crosses the edge (ax, ay)–(bx, by).
 *
 * The edge is first ordered bottom-up, so the two polygons sharing an edge (walking it in
 * opposite directions) compute bit-identical answers: a point exactly on a shared edge then
 * lands in at most one of them, never in both. The half-open rule (`> y` on one end only)
 * counts a vertex on the ray once.
 */
export function rayCrossesEdge(x: number, y: number, ax: number, ay: number, bx: number, by: number): boolean {
  if (ay > y === by > y) return false;
  // Multiplying out instead of dividing: same sign test, and no division in the hot loop.
  if (ay < by) return (bx - ax) * (y - ay) > (x - ax) * (by - ay);
  return (ax - bx) * (y - by) > (x - bx) * (ay - by);
}

/**
 * Even-odd point-in-polygon over one polygon's rings (outer ring then holes). Holes need no
 * special case: a point inside a hole crosses the outer ring and the hole, an even count.
 */
export function pointInRings(rings: readonly Ring[], x: number, y: number): boolean {
  let inside = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const a = ring[i];
      const b = ring[j];
      if (a === undefined || b === undefined) continue;
      if (rayCrossesEdge(x, y, a[0] ?? NaN, a[1] ?? NaN, b[0] ?? NaN, b[1] ?? NaN)) inside = !inside;
    }
  }
  return inside;
}

/**
 * Exact point-in-polygon for a Polygon or MultiPolygon, honouring holes.
 *
 * @example
 * pointInGeometry(square, 0.5, 0.5); // true
 */
export function pointInGeometry(geometry: Polygon | MultiPolygon, lon: number, lat: number): boolean {
  for (const polygon of polygonsOf(geometry)) {
    if (pointInRings(polygon, lon, lat)) return true;
  }
  return false;
}

function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function ringProblem(value: unknown, where: string): string | null {
  if (!Array.isArray(value)) return `${where} is not an array of positions`;
  const ring = value as unknown[];
  if (ring.length < 4) return `${where} has ${ring.length} positions (a closed ring needs at least 4)`;
  for (let i = 0; i < ring.length; i++) {
    const p: unknown = ring[i];
    if (!Array.isArray(p) || p.length < 2) return `${where} position ${i} is not [lon, lat]`;
    const lon: unknown = p[0];
    const lat: unknown = p[1];
    if (!isFiniteNumber(lon) || !isFiniteNumber(lat)) return `${where} position ${i} has a non-finite number`;
    if (lon < -180 || lon > 180) return `${where} position ${i} has longitude ${lon} outside [-180, 180]`;
    if (lat < -90 || lat > 90) return `${where} position ${i} has latitude ${lat} outside [-90, 90]`;
  }
  // Every position was checked to be an array above.
  const first = ring[0] as unknown[];
  const last = ring[ring.length - 1] as unknown[];
  if (first[0] !== last[0] || first[1] !== last[1]) return `${where} is not closed (first position differs from last)`;
  return null;
}

function polygonProblem(rings: unknown, where: string): string | null {
  if (!Array.isArray(rings)) return `${where} is not an array of rings`;
  if (rings.length === 0) return `${where} has no rings`;
  for (let r = 0; r < rings.length; r++) {
    const problem = ringProblem(rings[r], `${where} ring ${r}`);
    if (problem !== null) return problem;
  }
  return null;
}

/**
 * Checks that a value is a usable GeoJSON Polygon or MultiPolygon and says why not.
 * Importers put the reason next to the offending feature's name, so it names the ring and
 * position at fault.
 *
 * @returns null when valid, else a one-line reason
 * @example
 * validateGeometry({ type: 'Point', coordinates: [0, 0] }); // "type Point is not Polygon or MultiPolygon"
 */
export function validateGeometry(g: unknown): string | null {
  if (typeof g !== 'object' || g === null) return 'geometry is missing';
  const type: unknown = (g as { type?: unknown }).type;
  const coordinates: unknown = (g as { coordinates?: unknown }).coordinates;
  if (type === 'Polygon') return polygonProblem(coordinates, 'polygon');
  if (type === 'MultiPolygon') {
    if (!Array.isArray(coordinates)) return 'multipolygon coordinates are not an array';
    if (coordinates.length === 0) return 'multipolygon has no polygons';
    for (let p = 0; p < coordinates.length; p++) {
      const problem = polygonProblem(coordinates[p], `polygon ${p}`);
      if (problem !== null) return problem;
    }
    return null;
  }
  return `type ${String(type)} is not Polygon or MultiPolygon`;
}
