/**
 * The reference answer for locating a point, with no spatial index: every jurisdiction is
 * tested. Tests and the benchmark hold the LocateIndex to it.
 */
import { geometryBBox, pointInGeometry } from './geometry.ts';
import { levelDepth, type JurisdictionRef } from './model.ts';
import type { LocatableJurisdiction } from './locate-index.ts';

/** Bounding boxes per items array (length 4n), so repeated brute-force calls skip recomputing them. */
const bboxCache = new WeakMap<readonly LocatableJurisdiction[], { geometries: unknown[]; boxes: Float64Array }>();

function bboxesOf(items: readonly LocatableJurisdiction[]): Float64Array {
  const cached = bboxCache.get(items);
  // Reused only while the array still holds the very same geometries.
  if (cached?.geometries.length === items.length && items.every((it, i) => it.geometry === cached.geometries[i])) {
    return cached.boxes;
  }
  const boxes = Float64Array.from(items.flatMap((it) => geometryBBox(it.geometry)));
  bboxCache.set(items, { geometries: items.map((it) => it.geometry), boxes });
  return boxes;
}

/**
 * The reference answer, with no index: tests every jurisdiction (bbox reject, then exact
 * point-in-polygon) and returns all that contain the point, sorted by level. Slow by design;
 * tests and benchmarks hold {@link LocateIndex} to it. Bounding boxes are memoised per items
 * array (checked against each item's geometry), which is no spatial index: every item is still
 * visited.
 */
export function bruteForceLocate(items: readonly LocatableJurisdiction[], lon: number, lat: number): JurisdictionRef[] {
  const boxes = bboxesOf(items);
  const hits: LocatableJurisdiction[] = [];
  for (let i = 0; i < items.length; i++) {
    const b = i * 4;
    if (lon < (boxes[b] as number) || lat < (boxes[b + 1] as number) || lon > (boxes[b + 2] as number) || lat > (boxes[b + 3] as number))
      continue;
    const item = items[i] as LocatableJurisdiction;
    if (pointInGeometry(item.geometry, lon, lat)) hits.push(item);
  }
  hits.sort((a, b) => levelDepth(a.level) - levelDepth(b.level));
  return hits.map((item) => ({ id: item.id, code: item.code, name: item.name, level: item.level }));
}
