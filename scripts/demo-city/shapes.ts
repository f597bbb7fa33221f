/**
 * The generator's working geometry: polygon-clipping's nested arrays, always as a
 * MultiPolygon, in WGS-84 degrees at full precision (rounding happens once, at the end).
 */
import type { MultiPolygon as PcMultiPolygon, Pair } from 'polygon-clipping';
import { pointInRings } from '../../src/geo/geometry.ts';

export type { Pair };
/** A MultiPolygon as polygon-clipping reads and writes it. */
export type Shape = PcMultiPolygon;

/** [minX, minY, maxX, maxY] of a shape. */
export function shapeBBox(shape: Shape): [number, number, number, number] {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const polygon of shape) {
    for (const [x, y] of polygon[0] ?? []) {
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  }
  return [minX, minY, maxX, maxY];
}

/** Whether a point lies inside a shape (holes honoured). */
export function inShape(shape: Shape, x: number, y: number): boolean {
  for (const polygon of shape) if (pointInRings(polygon, x, y)) return true;
  return false;
}

/**
 * A point well inside a shape, for shapes too thin for rejection sampling: on a few horizontal
 * scan lines, the midpoint of the widest inside interval.
 */
export function interiorPoint(shape: Shape): Pair | null {
  const [, minY, , maxY] = shapeBBox(shape);
  let best: Pair | null = null;
  let bestWidth = 0;
  for (let k = 1; k < 16; k++) {
    const y = minY + ((maxY - minY) * k) / 16;
    const xs: number[] = [];
    for (const polygon of shape) {
      for (const ring of polygon) {
        for (let i = 0; i + 1 < ring.length; i++) {
          const a = ring[i];
          const b = ring[i + 1];
          if (a === undefined || b === undefined || a[1] > y === b[1] > y) continue;
          xs.push(a[0] + ((y - a[1]) * (b[0] - a[0])) / (b[1] - a[1]));
        }
      }
    }
    xs.sort((p, q) => p - q);
    for (let i = 0; i + 1 < xs.length; i += 2) {
      const x0 = xs[i] ?? 0;
      const x1 = xs[i + 1] ?? 0;
      if (x1 - x0 > bestWidth && inShape(shape, (x0 + x1) / 2, y)) {
        bestWidth = x1 - x0;
        best = [(x0 + x1) / 2, y];
      }
    }
  }
  return best;
}
