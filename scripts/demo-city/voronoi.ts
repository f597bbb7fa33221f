/**
 * Voronoi-in-polygon: cuts a parent shape into one cell per seed. The cells of d3-delaunay tile
 * a box around the parent; intersecting each with the parent (polygon-clipping) therefore tiles
 * the parent, and neighbouring cells share their Voronoi edges vertex for vertex.
 */
import { Delaunay } from 'd3-delaunay';
import polygonClipping from 'polygon-clipping';
import { shapeBBox, type Pair, type Shape } from './shapes.ts';

/**
 * Splits `parent` into cells around `seeds` (all strictly inside `parent`), in seed order.
 * Distances use `xScale` on longitude so cells are round on the ground, not in degrees.
 * Throws, naming the unit, if a cell comes out empty (e.g. two seeds at one point).
 */
export function voronoiPartition(parent: Shape, seeds: readonly Pair[], xScale: number, names: readonly string[]): Shape[] {
  if (seeds.length === 1) return [parent];
  const [minX, minY, maxX, maxY] = shapeBBox(parent);
  const pad = Math.max(maxX - minX, maxY - minY) * 0.05 + 1e-3;
  const projected = seeds.map(([x, y]): [number, number] => [x * xScale, y]);
  const voronoi = Delaunay.from(projected).voronoi([(minX - pad) * xScale, minY - pad, (maxX + pad) * xScale, maxY + pad]);
  return seeds.map((_, i) => {
    const cell = voronoi.cellPolygon(i);
    if (cell === null) throw new Error(`empty Voronoi cell for ${names[i] ?? i} (duplicate seed?)`);
    const ring: Pair[] = cell.map(([x, y]): Pair => [x / xScale, y]);
    const clipped = polygonClipping.intersection(parent, [ring]);
    if (clipped.length === 0) throw new Error(`Voronoi cell of ${names[i] ?? i} misses its parent`);
    return clipped;
  });
}
