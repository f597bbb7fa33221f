/**
 * Douglas–Peucker line simplification (Douglas & Peucker 1973), for sending boundaries to a
 * screen with fewer vertices than they are stored with. Distances are metres in a local
 * equirectangular projection (longitude scaled by the cosine of the chain's first latitude),
 * which is exact enough inside one city. Pure; iterative, so a 100,000-vertex chain needs no
 * deep recursion.
 */
import type { Position } from '../geo/geojson.ts';

/** Metres per degree of latitude (mean). */
const M_PER_DEG = 111_320;

/**
 * The indices of the vertices to keep, ascending; the first and last are always kept. A vertex
 * is kept when it lies farther than `toleranceM` from the simplified line around it.
 * @example simplifyChain([[0, 0], [0.5, 0.000001], [1, 0]], 1); // [0, 2]
 */
export function simplifyChain(points: readonly Position[], toleranceM: number): number[] {
  const n = points.length;
  if (n <= 2 || !(toleranceM > 0)) return points.map((_, i) => i);
  const lat0 = points[0]![1];
  const kx = M_PER_DEG * Math.cos((lat0 * Math.PI) / 180);
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    xs[i] = points[i]![0] * kx;
    ys[i] = points[i]![1] * M_PER_DEG;
  }
  const keep = new Uint8Array(n);
  keep[0] = 1;
  keep[n - 1] = 1;
  const tol2 = toleranceM * toleranceM;
  const stack: number[] = [0, n - 1];
  while (stack.length > 0) {
    const last = stack.pop()!;
    const first = stack.pop()!;
    let worst = -1;
    let worstD2 = tol2;
    for (let i = first + 1; i < last; i++) {
      const d2 = segmentDistance2(xs[i]!, ys[i]!, xs[first]!, ys[first]!, xs[last]!, ys[last]!);
      if (d2 > worstD2) {
        worstD2 = d2;
        worst = i;
      }
    }
    if (worst < 0) continue;
    keep[worst] = 1;
    stack.push(first, worst, worst, last);
  }
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (keep[i]) out.push(i);
  return out;
}

/** Squared distance from (px, py) to the segment (ax, ay)–(bx, by); to the point when the segment has no length. */
export function segmentDistance2(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  let t = len2 === 0 ? 0 : ((px - ax) * dx + (py - ay) * dy) / len2;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  const ex = px - (ax + t * dx);
  const ey = py - (ay + t * dy);
  return ex * ex + ey * ey;
}

/**
 * Rounds positions to `decimals` and drops the repeats rounding makes (5 decimals ≈ 1 m).
 * @example roundPositions([[1.000001, 2], [1.000002, 2], [3, 4]], 5); // [[1, 2], [3, 4]]
 */
export function roundPositions(points: readonly Position[], decimals: number): [number, number][] {
  const f = 10 ** decimals;
  const out: [number, number][] = [];
  for (const p of points) {
    const x = Math.round(p[0] * f) / f;
    const y = Math.round(p[1] * f) / f;
    const prev = out[out.length - 1];
    if (!prev || prev[0] !== x || prev[1] !== y) out.push([x, y]);
  }
  return out;
}
