/**
 * A point guaranteed to lie inside a polygon (unlike the centroid of a crescent): the middle of
 * the widest inside stretch of a horizontal line through the largest part's vertical middle.
 */
import type { MultiPolygon, Polygon, Ring } from './geojson.ts';

function ringArea(ring: Ring): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const p = ring[i]!;
    const q = ring[j]!;
    a += ((q[0] ?? 0) - (p[0] ?? 0)) * ((q[1] ?? 0) + (p[1] ?? 0));
  }
  return Math.abs(a / 2);
}

function crossings(rings: Ring[], y: number): number[] {
  const xs: number[] = [];
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [x1, y1] = ring[i] as [number, number];
      const [x2, y2] = ring[j] as [number, number];
      if (y1 > y !== y2 > y) xs.push(x1 + ((y - y1) * (x2 - x1)) / (y2 - y1));
    }
  }
  return xs.sort((a, b) => a - b);
}

/**
 * Returns [lon, lat] inside the (largest part of the) geometry.
 * @example interiorPoint({ type: 'Polygon', coordinates: [[[0,0],[2,0],[2,2],[0,2],[0,0]]] }) // [1, 1]
 */
export function interiorPoint(geometry: Polygon | MultiPolygon): [number, number] {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let best: Ring[] = polygons[0] ?? [];
  let bestArea = -1;
  for (const rings of polygons) {
    const a = rings[0] ? ringArea(rings[0]) : 0;
    if (a > bestArea) [best, bestArea] = [rings, a];
  }
  const outer = best[0] ?? [];
  let minY = Infinity;
  let maxY = -Infinity;
  for (const p of outer) {
    minY = Math.min(minY, p[1] ?? minY);
    maxY = Math.max(maxY, p[1] ?? maxY);
  }
  // Try a few lines near the middle; a line exactly through a vertex can miscount.
  let answer: [number, number] | null = null;
  let widest = -1;
  for (const f of [0.5, 0.4999871, 0.37, 0.63, 0.25, 0.75]) {
    const y = minY + (maxY - minY) * f;
    const xs = crossings(best, y);
    for (let k = 0; k + 1 < xs.length; k += 2) {
      const w = xs[k + 1]! - xs[k]!;
      if (w > widest) [widest, answer] = [w, [(xs[k]! + xs[k + 1]!) / 2, y]];
    }
    if (answer && f === 0.4999871) break;
  }
  return answer ?? [outer[0]?.[0] ?? 0, outer[0]?.[1] ?? 0];
}
