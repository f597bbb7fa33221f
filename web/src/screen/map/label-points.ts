/**
 * A point inside each jurisdiction polygon for its name label. Labelling the polygons directly
 * would repeat a big district's name in every tile it spans; one point per jurisdiction is
 * labelled once. The point is the middle of the widest horizontal run through the polygon
 * (tried at a few heights), which lies inside even for concave shapes. Pure.
 */
import type { JurisdictionProps, PointFeature, ShapeFeature } from '../types.ts';

/** What a label needs. */
export interface LabelProps {
  id: string;
  name: string;
}

type Ring = number[][];

/** The x where each edge of the rings crosses the horizontal line at `y`, sorted. */
function crossings(rings: readonly Ring[], y: number): number[] {
  const xs: number[] = [];
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [x1, y1] = ring[i] as [number, number];
      const [x2, y2] = ring[j] as [number, number];
      // Half-open on y so a vertex on the line is counted once.
      if (y1 > y !== y2 > y) xs.push(x1 + ((y - y1) / (y2 - y1)) * (x2 - x1));
    }
  }
  return xs.sort((a, b) => a - b);
}

/** The middle of the widest inside run of a polygon (outer ring plus holes), with its width. */
function widestRun(rings: readonly Ring[]): { x: number; y: number; width: number } | null {
  const outer = rings[0];
  if (!outer || outer.length < 4) return null;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const p of outer) {
    minY = Math.min(minY, p[1]!);
    maxY = Math.max(maxY, p[1]!);
  }
  let best: { x: number; y: number; width: number } | null = null;
  for (const f of [0.5, 0.35, 0.65, 0.2, 0.8]) {
    const y = minY + (maxY - minY) * f;
    const xs = crossings(rings, y);
    // Even-odd: [xs[0], xs[1]] is inside, [xs[1], xs[2]] outside, …
    for (let k = 0; k + 1 < xs.length; k += 2) {
      const width = xs[k + 1]! - xs[k]!;
      if (!best || width > best.width) best = { x: (xs[k]! + xs[k + 1]!) / 2, y, width };
    }
  }
  return best;
}

/**
 * A label point for a polygon or multipolygon (the widest run over its parts), or null.
 * @example labelPoint({ type: 'Polygon', coordinates: [[[0,0],[2,0],[2,2],[0,2],[0,0]]] }) // [1, 1]
 */
export function labelPoint(geometry: ShapeFeature<unknown>['geometry']): [number, number] | null {
  if (!geometry) return null;
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let best: { x: number; y: number; width: number } | null = null;
  for (const rings of polygons) {
    const run = widestRun(rings);
    if (run && (!best || run.width > best.width)) best = run;
  }
  return best ? [best.x, best.y] : null;
}

/** Label points of a jurisdiction layer. */
export function labelFeatures(features: readonly ShapeFeature<JurisdictionProps>[]): PointFeature<LabelProps>[] {
  const out: PointFeature<LabelProps>[] = [];
  for (const f of features) {
    const at = labelPoint(f.geometry);
    if (at)
      out.push({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: at },
        properties: { id: f.properties.id, name: f.properties.name },
      });
  }
  return out;
}
