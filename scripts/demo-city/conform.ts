/**
 * Rounds the generated city to a fixed number of decimals without breaking its tiling.
 *
 * Rounding alone would not do: where a Voronoi edge meets its parent's boundary, the crossing
 * point is a vertex of the two children but lies *on* an edge of the parent. Rounded, it moves
 * off that edge by up to a micro-degree, and the children poke out of their parent in slivers
 * (a point there would be in a community but not in its grid). So, working in integer units of
 * the last decimal: (1) vertices within one unit of each other are merged, (2) every vertex
 * lying within ROUNDING_SLACK units of another ring's edge is inserted into that edge — in every
 * ring that has that edge, so neighbours stay identical — repeated until nothing changes, and
 * (3) rings left degenerate are dropped. Afterwards children and parents share boundaries
 * vertex for vertex, which `check.ts` verifies exactly.
 */
import type { Shape } from './shapes.ts';

/** Integer polygons: rings of vertex ids (open: the first vertex is not repeated). */
export type IntShape = number[][][];

/** The rounded geometry of all units, over one shared vertex table. */
export interface Conformed {
  /** Integer coordinates of vertex i: xs[i], ys[i], in units of 10^-decimals degrees. */
  xs: number[];
  ys: number[];
  scale: number;
  shapes: IntShape[];
  /** Rings dropped because rounding collapsed them. */
  droppedRings: number;
  /** Vertices inserted to close T-junctions. */
  insertedVertices: number;
  /** Distinct rounded vertices merged into a neighbour one unit away. */
  mergedVertices: number;
}

/** Rounding moves each of the three points of a T-junction by ≤ 0.71 units: 1.5 covers it. */
const ROUNDING_SLACK = 1.5;
/** Spatial hash cell, in units: a few hundred metres at 6 decimals. */
const CELL = 4096;

class VertexTable {
  readonly xs: number[] = [];
  readonly ys: number[] = [];
  readonly #ids = new Map<string, number>();
  id(x: number, y: number): number {
    const key = `${x},${y}`;
    let id = this.#ids.get(key);
    if (id === undefined) {
      id = this.xs.length;
      this.xs.push(x);
      this.ys.push(y);
      this.#ids.set(key, id);
    }
    return id;
  }
}

/** Drops repeated vertices and zero-width spikes (a → b → a) from an open ring. */
function tidyRing(ring: readonly number[]): number[] {
  const out: number[] = [];
  for (const v of ring) {
    if (out[out.length - 1] === v) continue;
    if (out.length >= 2 && out[out.length - 2] === v) {
      out.pop();
      continue;
    }
    out.push(v);
  }
  // The same two rules across the seam between the last and the first vertex.
  let changed = true;
  while (changed && out.length >= 3) {
    changed = false;
    if (out[0] === out[out.length - 1]) {
      out.pop();
      changed = true;
    } else if (out[1] === out[out.length - 1]) {
      out.shift();
      out.pop();
      changed = true;
    } else if (out[0] === out[out.length - 2]) {
      out.pop();
      out.pop();
      changed = true;
    }
  }
  return out;
}

function twiceArea(ring: readonly number[], xs: readonly number[], ys: readonly number[]): number {
  // Relative to the first vertex, so products stay exact in doubles.
  const ox = xs[ring[0] as number] as number;
  const oy = ys[ring[0] as number] as number;
  let sum = 0;
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i] as number;
    const b = ring[(i + 1) % ring.length] as number;
    sum += ((xs[a] as number) - ox) * ((ys[b] as number) - oy) - ((xs[b] as number) - ox) * ((ys[a] as number) - oy);
  }
  return sum;
}

/** Merges vertices at most one unit apart in each axis (union-find; lowest id represents). */
function mergeNearVertices(xs: readonly number[], ys: readonly number[]): Int32Array {
  const parent = Int32Array.from(xs.keys());
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i] as number] as number;
    return i;
  };
  const at = new Map<string, number>(xs.map((x, i) => [`${x},${ys[i]}`, i]));
  xs.forEach((x, i) => {
    const y = ys[i] as number;
    for (const [dx, dy] of [
      [1, -1],
      [1, 0],
      [1, 1],
      [0, 1],
    ] as const) {
      const j = at.get(`${x + dx},${y + dy}`);
      if (j === undefined) continue;
      const a = find(i);
      const b = find(j);
      if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
    }
  });
  return parent.map((_, i) => find(i));
}

/** Inserts into every edge the vertices within ROUNDING_SLACK of it; returns how many. */
function closeTJunctions(shapes: IntShape[], xs: readonly number[], ys: readonly number[]): number {
  const grid = new Map<string, number[]>();
  const used = new Set<number>(shapes.flat(3));
  for (const v of used) {
    const key = `${Math.floor((xs[v] as number) / CELL)},${Math.floor((ys[v] as number) / CELL)}`;
    const list = grid.get(key);
    if (list === undefined) grid.set(key, [v]);
    else list.push(v);
  }
  const tol2 = ROUNDING_SLACK * ROUNDING_SLACK;
  let inserted = 0;
  for (const shape of shapes) {
    for (const polygon of shape) {
      for (let r = 0; r < polygon.length; r++) {
        const ring = polygon[r] as number[];
        const out: number[] = [];
        for (let i = 0; i < ring.length; i++) {
          const a = ring[i] as number;
          const b = ring[(i + 1) % ring.length] as number;
          out.push(a);
          const ax = xs[a] as number;
          const ay = ys[a] as number;
          const dx = (xs[b] as number) - ax;
          const dy = (ys[b] as number) - ay;
          const len2 = dx * dx + dy * dy;
          const hits: Array<[number, number]> = [];
          const cx0 = Math.floor((Math.min(ax, ax + dx) - ROUNDING_SLACK) / CELL);
          const cx1 = Math.floor((Math.max(ax, ax + dx) + ROUNDING_SLACK) / CELL);
          const cy0 = Math.floor((Math.min(ay, ay + dy) - ROUNDING_SLACK) / CELL);
          const cy1 = Math.floor((Math.max(ay, ay + dy) + ROUNDING_SLACK) / CELL);
          for (let cx = cx0; cx <= cx1; cx++) {
            for (let cy = cy0; cy <= cy1; cy++) {
              for (const v of grid.get(`${cx},${cy}`) ?? []) {
                if (v === a || v === b) continue;
                const wx = (xs[v] as number) - ax;
                const wy = (ys[v] as number) - ay;
                const dot = wx * dx + wy * dy;
                if (dot <= 0 || dot >= len2) continue;
                const cross = dx * wy - dy * wx;
                if (cross * cross <= tol2 * len2) hits.push([dot, v]);
              }
            }
          }
          hits.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
          for (const [, v] of hits) out.push(v);
          inserted += hits.length;
        }
        polygon[r] = out;
      }
    }
  }
  return inserted;
}

function tidyShape(shape: IntShape, xs: readonly number[], ys: readonly number[]): { shape: IntShape; dropped: number } {
  let dropped = 0;
  const out: IntShape = [];
  const usable = (ring: number[]): boolean => ring.length >= 3 && twiceArea(ring, xs, ys) !== 0;
  for (const polygon of shape) {
    const [outer, ...holes] = polygon.map(tidyRing);
    // A polygon whose outer ring collapsed is gone, holes and all.
    if (outer === undefined || !usable(outer)) {
      dropped += polygon.length;
      continue;
    }
    const kept = holes.filter(usable);
    dropped += holes.length - kept.length;
    out.push([outer, ...kept]);
  }
  return { shape: out, dropped };
}

/**
 * Rounds every shape to `decimals` places and repairs the T-junctions rounding opens.
 * Shapes are taken in order and returned in the same order.
 */
export function conform(shapes: readonly Shape[], decimals: number): Conformed {
  const scale = 10 ** decimals;
  const table = new VertexTable();
  const raw: IntShape[] = shapes.map((shape) =>
    shape.map((polygon) =>
      polygon.map((ring) => ring.slice(0, -1).map(([x, y]) => table.id(Math.round(x * scale), Math.round(y * scale)))),
    ),
  );
  const { xs, ys } = table;
  const rep = mergeNearVertices(xs, ys);
  const mergedVertices = rep.filter((r, i) => r !== i).length;
  let current = raw.map((shape) => shape.map((polygon) => polygon.map((ring) => tidyRing(ring.map((v) => rep[v] as number)))));
  let insertedVertices = 0;
  for (let pass = 0; pass < 8; pass++) {
    const n = closeTJunctions(current, xs, ys);
    insertedVertices += n;
    current = current.map((shape) => shape.map((polygon) => polygon.map(tidyRing)));
    if (n === 0) break;
  }
  let droppedRings = 0;
  const tidy = current.map((shape) => {
    const t = tidyShape(shape, xs, ys);
    droppedRings += t.dropped;
    return t.shape;
  });
  return { xs, ys, scale, shapes: tidy, droppedRings, insertedVertices, mergedVertices };
}
