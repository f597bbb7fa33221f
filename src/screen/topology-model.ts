/**
 * Simplifies a whole level of jurisdictions at once without opening gaps or overlaps between
 * neighbours. Neighbouring polygons share their boundary vertices (the demo city is built so,
 * and so are most official datasets); simplifying each ring on its own would drop different
 * vertices on the two sides of a shared edge and leave slivers on a choropleth. So, as TopoJSON
 * does: the vertices where the sharing changes (junctions: a vertex met with different
 * neighbours in different rings) stay fixed, each ring is cut at its junctions into chains, and
 * every chain is simplified in a canonical direction — the two rings sharing it then get the very
 * same vertices. Pure.
 */
import type { MultiPolygon, Polygon, Position, Ring } from '../geo/geojson.ts';
import { roundPositions, simplifyChain } from './simplify-model.ts';

/** One shape to simplify. */
export interface Shape {
  id: string;
  geometry: Polygon | MultiPolygon;
}

/** How far a simplified boundary may stray (metres) and how many decimals its coordinates keep. */
export interface SimplifySettings {
  toleranceM: number;
  decimals: number;
}

const keyOf = (p: Position): string => `${p[0]},${p[1]}`;

/** A ring without its closing position. */
function open(ring: Ring): Position[] {
  const first = ring[0];
  const last = ring[ring.length - 1];
  return ring.length > 1 && first && last && first[0] === last[0] && first[1] === last[1] ? ring.slice(0, -1) : ring.slice();
}

function ringsOf(g: Polygon | MultiPolygon): Ring[] {
  return g.type === 'Polygon' ? g.coordinates : g.coordinates.flat();
}

/**
 * The vertices at which sharing changes: met in two rings with different neighbours (three
 * shapes meet, or a shared edge ends). Keys are `lon,lat` as stored.
 */
export function findJunctions(rings: readonly (readonly Position[])[]): Set<string> {
  const pairOf = new Map<string, string>();
  const junctions = new Set<string>();
  for (const ring of rings) {
    const n = ring.length;
    const keys = ring.map(keyOf);
    for (let i = 0; i < n; i++) {
      const a = keys[(i + n - 1) % n]!;
      const b = keys[(i + 1) % n]!;
      const pair = a < b ? `${a}|${b}` : `${b}|${a}`;
      const k = keys[i]!;
      const seen = pairOf.get(k);
      if (seen === undefined) pairOf.set(k, pair);
      else if (seen !== pair) junctions.add(k);
    }
  }
  return junctions;
}

/** Simplifies a chain in its canonical direction, so the same chain met from either side gives the same vertices. */
function simplifyCanonical(chain: Position[], toleranceM: number): Position[] {
  const last = chain.length - 1;
  const k0 = keyOf(chain[0]!);
  const k1 = keyOf(chain[last]!);
  const reverse = k0 > k1 || (k0 === k1 && last > 1 && keyOf(chain[1]!) > keyOf(chain[last - 1]!));
  const c = reverse ? chain.slice().reverse() : chain;
  const kept = simplifyChain(c, toleranceM).map((i) => c[i]!);
  return reverse ? kept.reverse() : kept;
}

/** One ring (open, as from {@link open}) simplified between its junctions; returned closed. */
export function simplifyRing(ring: readonly Position[], junctions: ReadonlySet<string>, toleranceM: number): Position[] {
  const n = ring.length;
  if (n < 3) return [...ring, ...ring.slice(0, 1)];
  const keys = ring.map(keyOf);
  const at: number[] = [];
  for (let i = 0; i < n; i++) if (junctions.has(keys[i]!)) at.push(i);
  // No junction (an island, or a ring shared whole): start at the least vertex, the same from either side.
  let start = 0;
  if (at.length === 0) for (let i = 1; i < n; i++) if (keys[i]! < keys[start]!) start = i;
  if (at.length > 0) start = at[0]!;
  const rotated = [...ring.slice(start), ...ring.slice(0, start)];
  const closed = [...rotated, rotated[0]!];
  const cuts = at.length === 0 ? [0, n] : [...at.map((i) => (i - start + n) % n), n];
  const out: Position[] = [];
  for (let c = 0; c + 1 < cuts.length; c++) {
    const part = simplifyCanonical(closed.slice(cuts[c], cuts[c + 1]! + 1), toleranceM);
    out.push(...part.slice(0, -1));
  }
  out.push(closed[n]!);
  return out;
}

/** A closed ring rounded; null when it collapses below a triangle. */
function finish(simplified: Position[], original: readonly Position[], decimals: number): [number, number][] | null {
  const r = roundPositions(simplified, decimals);
  if (r.length >= 4) return r;
  // Too small for the tolerance: keep it as stored (rounded) rather than lose it.
  const full = roundPositions([...original, original[0]!], decimals);
  return full.length >= 4 ? full : null;
}

/**
 * Simplifies every shape of a level with shared boundaries kept shared.
 * @example simplifyShapes(communities, { toleranceM: 5, decimals: 5 }).get(id);
 */
export function simplifyShapes(shapes: readonly Shape[], s: SimplifySettings): Map<string, Polygon | MultiPolygon> {
  const junctions = findJunctions(shapes.flatMap((x) => ringsOf(x.geometry).map(open)));
  const polygon = (rings: Ring[]): [number, number][][] | null => {
    const out: [number, number][][] = [];
    for (const [i, ring] of rings.entries()) {
      const o = open(ring);
      const r = finish(simplifyRing(o, junctions, s.toleranceM), o, s.decimals);
      if (r) out.push(r);
      else if (i === 0) return null; // no outer ring, no polygon
    }
    return out;
  };
  const result = new Map<string, Polygon | MultiPolygon>();
  for (const { id, geometry: g } of shapes) {
    if (g.type === 'Polygon') {
      const p = polygon(g.coordinates);
      if (p) result.set(id, { type: 'Polygon', coordinates: p });
    } else {
      const ps = g.coordinates.map(polygon).filter((p): p is [number, number][][] => p !== null);
      if (ps.length > 0) result.set(id, { type: 'MultiPolygon', coordinates: ps });
    }
  }
  return result;
}

/** Number of positions in a geometry, for figures. */
export function vertexCount(g: Polygon | MultiPolygon): number {
  return ringsOf(g).reduce((n, r) => n + r.length, 0);
}
