/**
 * Point → jurisdiction chain, in memory. One packed R-tree (flatbush) per level over polygon
 * bounding boxes; a lookup asks the deepest level first and stops at the first polygon that
 * really contains the point, whose ancestor chain was built once at build time. Rings live in
 * flat Float64Arrays so the exact point-in-polygon test touches no objects and allocates nothing.
 */
import Flatbush from 'flatbush';
import type { MultiPolygon, Polygon } from './geojson.ts';
import { geometryBBox, pointInFlatRings, pointInGeometry, polygonsOf, validateGeometry } from './geometry.ts';
import { LEVELS, levelDepth, type JurisdictionLevel, type JurisdictionRef } from './model.ts';

/** What the index needs to know about a jurisdiction. */
export interface LocatableJurisdiction {
  id: string;
  code: string;
  name: string;
  level: JurisdictionLevel;
  parentId: string | null;
  geometry: Polygon | MultiPolygon;
}

/** Flatbush's default fan-out; measured here as good as 8 or 32 for ~6,500 community polygons. */
const NODE_SIZE = 16;

/**
 * One level's polygons, stored flat. A "part" is one polygon of an item (a MultiPolygon gives
 * several), so each island gets its own tight bbox in the tree.
 */
interface LevelTable {
  /** x,y pairs of every ring of the level, rings closed. */
  coords: Float64Array;
  /** Ring r spans coords[ringStart[r] .. ringStart[r + 1]). */
  ringStart: Uint32Array;
  /** Part p spans rings [partRing[p] .. partRing[p + 1]). */
  partRing: Uint32Array;
  /** Item (index into the build array) that part p belongs to. */
  partItem: Int32Array;
  /** The tree's node boxes and indices, read directly for an allocation-free walk. */
  boxes: Float64Array;
  indices: Uint16Array | Uint32Array;
  levelBounds: Int32Array;
  numParts4: number;
}

function buildLevel(items: readonly LocatableJurisdiction[], members: readonly number[]): LevelTable {
  const coords: number[] = [];
  const ringStart: number[] = [0];
  const partRing: number[] = [0];
  const partItem: number[] = [];
  const bboxes: number[] = [];
  for (const itemIndex of members) {
    const item = items[itemIndex];
    if (item === undefined) continue;
    for (const polygon of polygonsOf(item.geometry)) {
      for (const ring of polygon) {
        for (const p of ring) coords.push(p[0] ?? NaN, p[1] ?? NaN);
        ringStart.push(coords.length);
      }
      partRing.push(ringStart.length - 1);
      partItem.push(itemIndex);
      bboxes.push(...geometryBBox({ type: 'Polygon', coordinates: polygon }));
    }
  }
  const tree = new Flatbush(partItem.length, NODE_SIZE);
  for (let i = 0; i < bboxes.length; i += 4) {
    tree.add(bboxes[i] ?? NaN, bboxes[i + 1] ?? NaN, bboxes[i + 2] ?? NaN, bboxes[i + 3] ?? NaN);
  }
  tree.finish();
  // flatbush's search() allocates two arrays per call and cannot stop early, so the lookup walks
  // the packed tree itself; these fields are declared in flatbush's typings, and the test suite
  // checks the walk against flatbush.search() so a format change cannot go unnoticed.
  if (!(tree._boxes instanceof Float64Array)) throw new Error('flatbush: expected Float64Array boxes');
  return {
    coords: Float64Array.from(coords),
    ringStart: Uint32Array.from(ringStart),
    partRing: Uint32Array.from(partRing),
    partItem: Int32Array.from(partItem),
    boxes: tree._boxes,
    indices: tree._indices,
    levelBounds: Int32Array.from(tree._levelBounds),
    numParts4: partItem.length * 4,
  };
}

/** Index of the first part in `t` containing (x, y), walking the packed tree with `stack`. */
function findPart(t: LevelTable, stack: Int32Array, x: number, y: number): number {
  const { boxes, indices, levelBounds, numParts4 } = t;
  let sp = 0;
  stack[sp++] = boxes.length - 4; // root node
  stack[sp++] = levelBounds.length - 1; // its tree level
  while (sp > 0) {
    const level = stack[--sp] as number;
    const node = stack[--sp] as number;
    const end = Math.min(node + NODE_SIZE * 4, levelBounds[level] as number);
    const isLeafLevel = node < numParts4;
    for (let pos = node; pos < end; pos += 4) {
      if (x < (boxes[pos] as number) || y < (boxes[pos + 1] as number)) continue;
      if (x > (boxes[pos + 2] as number) || y > (boxes[pos + 3] as number)) continue;
      const index = indices[pos >> 2] as number;
      if (!isLeafLevel) {
        stack[sp++] = index;
        stack[sp++] = level - 1;
      } else if (
        pointInFlatRings(t.coords, t.ringStart, t.partRing[index] as number, t.partRing[index + 1] as number, x, y)
      ) {
        return index;
      }
    }
  }
  return -1;
}

function toRef(item: LocatableJurisdiction): JurisdictionRef {
  return Object.freeze({ id: item.id, code: item.code, name: item.name, level: item.level });
}

/** Builds every item's chain (top level first) by walking parentId, memoised, cycle-safe. */
function buildChains(items: readonly LocatableJurisdiction[]): ReadonlyArray<readonly JurisdictionRef[]> {
  const byId = new Map<string, number>();
  items.forEach((item, i) => {
    if (byId.has(item.id)) throw new Error(`duplicate jurisdiction id ${item.id}`);
    byId.set(item.id, i);
  });
  const chains: Array<readonly JurisdictionRef[] | undefined> = new Array<undefined>(items.length);
  const chainOf = (i: number, depth: number): readonly JurisdictionRef[] => {
    const cached = chains[i];
    if (cached !== undefined) return cached;
    const item = items[i];
    if (item === undefined) throw new Error(`no item ${i}`);
    if (depth > items.length) throw new Error(`parentId cycle through ${item.code}`);
    const parent = item.parentId === null ? undefined : byId.get(item.parentId);
    // An unknown parent ends the chain there rather than failing the whole index.
    const chain = Object.freeze([...(parent === undefined ? [] : chainOf(parent, depth + 1)), toRef(item)]);
    chains[i] = chain;
    return chain;
  };
  return items.map((_, i) => chainOf(i, 0));
}

const NO_CHAIN: readonly JurisdictionRef[] = Object.freeze([]);

/**
 * In-memory point-locate index over jurisdictions of all levels.
 *
 * @example
 * const index = LocateIndex.build(jurisdictions);
 * index.locate(121.4737, 31.2304); // [{ level: 'city', … }, { level: 'district', code: '310101', … }, …]
 */
export class LocateIndex {
  readonly #tables: readonly LevelTable[];
  readonly #chains: ReadonlyArray<readonly JurisdictionRef[]>;
  readonly #stack: Int32Array;

  private constructor(tables: LevelTable[], chains: ReadonlyArray<readonly JurisdictionRef[]>) {
    this.#tables = tables;
    this.#chains = chains;
    const depth = Math.max(1, ...tables.map((t) => t.levelBounds.length));
    // A depth-first walk holds at most NODE_SIZE children per tree level, two ints each.
    this.#stack = new Int32Array((depth + 1) * NODE_SIZE * 2);
  }

  /**
   * Builds the index. Throws on an invalid geometry (naming the jurisdiction), a duplicate id
   * or a parentId cycle. Ancestors are assumed to contain their children: the chain returned
   * for a point is the deepest containing jurisdiction's parentId chain.
   */
  static build(items: readonly LocatableJurisdiction[]): LocateIndex {
    const members = new Map<JurisdictionLevel, number[]>();
    items.forEach((item, i) => {
      const problem = validateGeometry(item.geometry);
      if (problem !== null) throw new Error(`jurisdiction ${item.code} ${item.name}: ${problem}`);
      const list = members.get(item.level) ?? [];
      list.push(i);
      members.set(item.level, list);
    });
    // Deepest level first: the first level with a hit gives the deepest jurisdiction.
    const tables = [...LEVELS]
      .reverse()
      .flatMap((level) => {
        const list = members.get(level);
        return list === undefined ? [] : [buildLevel(items, list)];
      });
    return new LocateIndex(tables, buildChains(items));
  }

  /** Number of jurisdictions indexed. */
  get size(): number {
    return this.#chains.length;
  }

  /**
   * Index (into the build array) of the deepest jurisdiction containing the point, or -1.
   * Allocates nothing: the hot path for bulk geotagging of readings and reports.
   */
  locateDeepest(lon: number, lat: number): number {
    const tables = this.#tables;
    for (let i = 0; i < tables.length; i++) {
      const t = tables[i] as LevelTable;
      const part = findPart(t, this.#stack, lon, lat);
      if (part >= 0) return t.partItem[part] as number;
    }
    return -1;
  }

  /**
   * The chain from the top level (city) down to the deepest jurisdiction containing the point;
   * [] if none. A point in a district but in none of its streets gets a chain ending at the
   * district.
   */
  locate(lon: number, lat: number): JurisdictionRef[] {
    return [...this.chainAt(this.locateDeepest(lon, lat))];
  }

  /** The cached, frozen chain of the item at `index` (as from locateDeepest); [] for -1. */
  chainAt(index: number): readonly JurisdictionRef[] {
    return this.#chains[index] ?? NO_CHAIN;
  }
}

interface BBoxTable {
  geometries: Array<Polygon | MultiPolygon>;
  boxes: Float64Array;
}

/** Bounding boxes per items array, so repeated brute-force calls do not recompute them. */
const bboxCache = new WeakMap<readonly LocatableJurisdiction[], BBoxTable>();

function bboxTable(items: readonly LocatableJurisdiction[]): BBoxTable {
  let table = bboxCache.get(items);
  // Rebuilt when the array changed length or an item's geometry was swapped since last time.
  const stale = table === undefined || table.geometries.length !== items.length || items.some((it, i) => it.geometry !== table?.geometries[i]);
  if (table === undefined || stale) {
    table = { geometries: items.map((it) => it.geometry), boxes: Float64Array.from(items.flatMap((it) => geometryBBox(it.geometry))) };
    bboxCache.set(items, table);
  }
  return table;
}

/**
 * The reference answer, with no index: tests every jurisdiction (bbox reject, then exact
 * point-in-polygon) and returns all that contain the point, sorted by level. Slow by design;
 * tests and benchmarks hold {@link LocateIndex} to it. Bounding boxes are memoised per items
 * array (checked against each item's geometry), which is no spatial index: every item is still
 * visited.
 */
export function bruteForceLocate(items: readonly LocatableJurisdiction[], lon: number, lat: number): JurisdictionRef[] {
  const { boxes } = bboxTable(items);
  const hits: LocatableJurisdiction[] = [];
  for (let i = 0; i < items.length; i++) {
    const b = i * 4;
    if (lon < (boxes[b] as number) || lat < (boxes[b + 1] as number) || lon > (boxes[b + 2] as number) || lat > (boxes[b + 3] as number)) continue;
    const item = items[i] as LocatableJurisdiction;
    if (pointInGeometry(item.geometry, lon, lat)) hits.push(item);
  }
  hits.sort((a, b) => levelDepth(a.level) - levelDepth(b.level));
  return hits.map((item) => ({ id: item.id, code: item.code, name: item.name, level: item.level }));
}
