/**
 * Simplifies a whole level of jurisdictions at once without opening gaps or overlaps between
 * neighbours. Neighbouring polygons share their boundary vertices (the demo city is built so,
 * and so are most official datasets); simplifying each ring on its own would drop different
 * vertices on the two sides of a shared edge and leave slivers on a choropleth. So, as TopoJSON
 * does: the vertices where the sharing changes (junctions: a vertex met with different
 * neighbours in different rings) stay fixed, each ring is cut at its junctions into chains, and
 * every chain is simplified in a canonical direction — the two rings sharing it then get the very
 * same vertices. Each distinct position gets an integer id first, so the bookkeeping is on
 * numbers (a city's 60,000 community vertices take tens of milliseconds). Pure.
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

/** A ring without its closing position. */
function open(ring: Ring): Position[] {
  const first = ring[0];
  const last = ring[ring.length - 1];
  return ring.length > 1 && first && last && first[0] === last[0] && first[1] === last[1] ? ring.slice(0, -1) : ring.slice();
}

function ringsOf(g: Polygon | MultiPolygon): Ring[] {
  return g.type === 'Polygon' ? g.coordinates : g.coordinates.flat();
}

/** Integer ids of distinct positions (equal coordinates, equal id), numbered in first-seen order. */
export class VertexIds {
  // Keyed by the numbers themselves (no float-to-string conversion): longitude, then latitude.
  readonly #ids = new Map<number, Map<number, number>>();
  #size = 0;

  /** The ids of a ring's positions. */
  of(ring: readonly Position[]): Int32Array {
    const out = new Int32Array(ring.length);
    for (let i = 0; i < ring.length; i++) {
      const x = ring[i]![0];
      const y = ring[i]![1];
      let byY = this.#ids.get(x);
      if (!byY) this.#ids.set(x, (byY = new Map<number, number>()));
      let id = byY.get(y);
      if (id === undefined) byY.set(y, (id = this.#size++));
      out[i] = id;
    }
    return out;
  }

  get size(): number {
    return this.#size;
  }
}

/**
 * The vertices at which sharing changes: met in two rings with different neighbours (three
 * shapes meet, or a shared edge ends). Rings are open, as vertex ids.
 */
export function findJunctions(rings: readonly Int32Array[], vertexCount: number): Uint8Array {
  // The unordered neighbour pair each vertex was first met with, as min·V + max (exact below 2^53).
  const pairOf = new Float64Array(vertexCount).fill(-1);
  const junction = new Uint8Array(vertexCount);
  for (const ring of rings) {
    const n = ring.length;
    for (let i = 0; i < n; i++) {
      const a = ring[(i + n - 1) % n]!;
      const b = ring[(i + 1) % n]!;
      const pair = a < b ? a * vertexCount + b : b * vertexCount + a;
      const v = ring[i]!;
      if (pairOf[v] === -1) pairOf[v] = pair;
      else if (pairOf[v] !== pair) junction[v] = 1;
    }
  }
  return junction;
}

/** Simplifies a chain in its canonical direction, so the same chain met from either side gives the same vertices. */
function simplifyCanonical(chain: Position[], ids: Int32Array, toleranceM: number): Position[] {
  const last = chain.length - 1;
  const reverse = ids[0]! > ids[last]! || (ids[0] === ids[last] && last > 1 && ids[1]! > ids[last - 1]!);
  const c = reverse ? chain.slice().reverse() : chain;
  const kept = simplifyChain(c, toleranceM).map((i) => c[i]!);
  return reverse ? kept.reverse() : kept;
}

/** One ring (open, with its vertex ids) simplified between its junctions; returned closed. */
export function simplifyRing(ring: readonly Position[], ids: Int32Array, junction: Uint8Array, toleranceM: number): Position[] {
  const n = ring.length;
  if (n < 3) return [...ring, ...ring.slice(0, 1)];
  const at: number[] = [];
  for (let i = 0; i < n; i++) if (junction[ids[i]!]) at.push(i);
  // No junction (an island, or a ring shared whole): start at the least vertex, the same from either side.
  let start = 0;
  if (at.length > 0) start = at[0]!;
  else for (let i = 1; i < n; i++) if (ids[i]! < ids[start]!) start = i;
  const order = (i: number) => (start + i) % n;
  const closed = Array.from({ length: n + 1 }, (_, i) => ring[order(i)]!);
  const closedIds = Int32Array.from({ length: n + 1 }, (_, i) => ids[order(i)]!);
  const cuts = [...at.map((i) => (i - start + n) % n), n];
  if (at.length === 0) cuts.unshift(0);
  const out: Position[] = [];
  for (let c = 0; c + 1 < cuts.length; c++) {
    const from = cuts[c]!;
    const to = cuts[c + 1]! + 1;
    const part = simplifyCanonical(closed.slice(from, to), closedIds.subarray(from, to), toleranceM);
    out.push(...part.slice(0, -1));
  }
  out.push(closed[n]!);
  return out;
}

/** A closed ring rounded; null when it collapses below a triangle. */
function finish(ring: Position[], decimals: number): [number, number][] | null {
  const r = roundPositions(ring, decimals);
  return r.length >= 4 ? r : null;
}

/**
 * Simplifies every shape of a level with shared boundaries kept shared.
 * @example simplifyShapes(communities, { toleranceM: 5, decimals: 5 }).get(id);
 */
export function simplifyShapes(shapes: readonly Shape[], s: SimplifySettings): Map<string, Polygon | MultiPolygon> {
  const vertices = new VertexIds();
  const opened = new Map<Ring, { ring: Position[]; ids: Int32Array }>();
  for (const shape of shapes)
    for (const ring of ringsOf(shape.geometry)) {
      const o = open(ring);
      opened.set(ring, { ring: o, ids: vertices.of(o) });
    }
  const junction = findJunctions(
    [...opened.values()].map((r) => r.ids),
    vertices.size,
  );
  // A ring that collapses is dropped (a sliver part or hole: its neighbours' simplified edges
  // close over it, so dropping it keeps the tiling); the outer ring collapsing drops the polygon.
  const polygon = (rings: Ring[], simplify: boolean): [number, number][][] | null => {
    const out: [number, number][][] = [];
    for (const [i, ring] of rings.entries()) {
      const o = opened.get(ring)!;
      const r = finish(simplify ? simplifyRing(o.ring, o.ids, junction, s.toleranceM) : ring, s.decimals);
      if (r) out.push(r);
      else if (i === 0) return null;
    }
    return out;
  };
  const shape = (g: Polygon | MultiPolygon, simplify: boolean): Polygon | MultiPolygon | null => {
    if (g.type === 'Polygon') {
      const p = polygon(g.coordinates, simplify);
      return p ? { type: 'Polygon', coordinates: p } : null;
    }
    const ps = g.coordinates.map((rings) => polygon(rings, simplify)).filter((p): p is [number, number][][] => p !== null);
    return ps.length > 0 ? { type: 'MultiPolygon', coordinates: ps } : null;
  };
  const result = new Map<string, Polygon | MultiPolygon>();
  for (const { id, geometry } of shapes) {
    // A shape smaller than the tolerance keeps its stored outline (rounded), overlapping its
    // simplified neighbours by less than the tolerance, rather than vanish from the map.
    const out = shape(geometry, true) ?? shape(geometry, false);
    if (out) result.set(id, out);
  }
  return result;
}

/** Number of positions in a geometry, for figures. */
export function vertexCount(g: Polygon | MultiPolygon): number {
  return ringsOf(g).reduce((n, r) => n + r.length, 0);
}
