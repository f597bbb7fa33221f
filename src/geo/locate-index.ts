/**
 * Point → jurisdiction chain, in memory. One packed R-tree (flatbush) per level over polygon
 * bounding boxes; a lookup asks the deepest level first and stops at the first polygon that
 * really contains the point, whose ancestor chain was built once at build time. Rings live in
 * flat Float64Arrays so the exact point-in-polygon test touches no objects and allocates nothing.
 */
import Flatbush from 'flatbush';
import type { MultiPolygon, Polygon } from './geojson.ts';
import { geometryBBox, polygonsOf, rayCrossesEdge, validateGeometry } from './geometry.ts';
import { LEVELS, type JurisdictionLevel, type JurisdictionRef } from './model.ts';

/** What the index needs to know about a jurisdiction. */
export interface LocatableJurisdiction {
  id: string;
  code: string;
  name: string;
  level: JurisdictionLevel;
  parentId: string | null;
  geometry: Polygon | MultiPolygon;
}

/** Flatbush's default fan-out; 4, 8 and 32 did no better on the demo city (within noise). */
const NODE_SIZE = 16;

/** About this many edges per horizontal band of a polygon (see {@link LevelTable}). */
const EDGES_PER_BAND = 4;
const MAX_BANDS = 4096;

/**
 * One level's polygons, stored flat. A "part" is one polygon of an item (a MultiPolygon gives
 * several), so each island gets its own tight bbox in the tree.
 *
 * Each part's y-range is cut into horizontal bands, each listing the edges whose y-range meets
 * it: a ray at height y can only cross edges of y's band, so a 3,000-vertex city outline costs
 * a handful of edge tests instead of 3,000. The edges tested and the crossing formula are those
 * of a full scan, so the answer is the same bit for bit (bruteForceLocate checks that).
 */
interface LevelTable {
  /** x,y pairs of every ring of the level, rings closed. */
  coords: Float64Array;
  /** Edges as the offset in coords of their first point; the second point follows it. */
  edges: Int32Array;
  /** Band b of part p lists edges[bandStart[partBand[p] + b] .. bandStart[partBand[p] + b + 1]). */
  bandStart: Uint32Array;
  /** First band of part p; part p has partBand[p + 1] - partBand[p] bands. */
  partBand: Uint32Array;
  partMinY: Float64Array;
  /** Bands per degree of latitude, per part. */
  partBandScale: Float64Array;
  /** Item (index into the build array) that part p belongs to. */
  partItem: Int32Array;
  /** The tree's node boxes and indices, read directly for an allocation-free walk. */
  boxes: Float64Array;
  indices: Uint16Array | Uint32Array;
  levelBounds: Int32Array;
  numParts4: number;
}

/** Band of height y in a part; monotone in y, so an edge's bands span its y-range. */
function bandOf(y: number, minY: number, scale: number, bands: number): number {
  const b = Math.floor((y - minY) * scale);
  return b < 0 ? 0 : b >= bands ? bands - 1 : b;
}

function buildLevel(items: readonly LocatableJurisdiction[], members: readonly number[]): LevelTable {
  const coords: number[] = [];
  const edges: number[] = [];
  const bandStart: number[] = [0];
  const part = { band: [] as number[], minY: [] as number[], scale: [] as number[], item: [] as number[] };
  const tree = new Flatbush(
    members.reduce((n, i) => n + polygonsOf((items[i] as LocatableJurisdiction).geometry).length, 0),
    NODE_SIZE,
  );
  for (const itemIndex of members) {
    const item = items[itemIndex] as LocatableJurisdiction;
    for (const polygon of polygonsOf(item.geometry)) {
      const [minX, minY, maxX, maxY] = geometryBBox({ type: 'Polygon', coordinates: polygon });
      tree.add(minX, minY, maxX, maxY);
      const own: number[] = [];
      for (const ring of polygon) {
        const start = coords.length;
        for (const p of ring) coords.push(p[0] ?? NaN, p[1] ?? NaN);
        for (let k = start; k + 2 < coords.length; k += 2) own.push(k);
      }
      const bands = Math.min(MAX_BANDS, Math.max(1, Math.ceil(own.length / EDGES_PER_BAND)));
      const scale = maxY > minY ? bands / (maxY - minY) : 0;
      const lists: number[][] = Array.from({ length: bands }, () => []);
      for (const k of own) {
        const y0 = coords[k + 1] as number;
        const y1 = coords[k + 3] as number;
        const last = bandOf(Math.max(y0, y1), minY, scale, bands);
        for (let b = bandOf(Math.min(y0, y1), minY, scale, bands); b <= last; b++) lists[b]?.push(k);
      }
      part.band.push(bandStart.length - 1);
      for (const list of lists) {
        edges.push(...list);
        bandStart.push(edges.length);
      }
      part.minY.push(minY);
      part.scale.push(scale);
      part.item.push(itemIndex);
    }
  }
  part.band.push(bandStart.length - 1);
  tree.finish();
  // flatbush's search() allocates two arrays per call and cannot stop early, so the lookup walks
  // the packed tree itself; these fields are declared in flatbush's typings, and the tests hold
  // the walk to brute force on multi-level trees, so a format change cannot go unnoticed.
  if (!(tree._boxes instanceof Float64Array)) throw new Error('flatbush: expected Float64Array boxes');
  return {
    coords: Float64Array.from(coords),
    edges: Int32Array.from(edges),
    bandStart: Uint32Array.from(bandStart),
    partBand: Uint32Array.from(part.band),
    partMinY: Float64Array.from(part.minY),
    partBandScale: Float64Array.from(part.scale),
    partItem: Int32Array.from(part.item),
    boxes: tree._boxes,
    indices: tree._indices,
    levelBounds: Int32Array.from(tree._levelBounds),
    numParts4: part.item.length * 4,
  };
}

/** Even-odd test of (x, y) against part p, over the edges of y's band only. */
function inPart(t: LevelTable, p: number, x: number, y: number): boolean {
  const first = t.partBand[p] as number;
  const o = first + bandOf(y, t.partMinY[p] as number, t.partBandScale[p] as number, (t.partBand[p + 1] as number) - first);
  const { coords, edges } = t;
  let inside = false;
  for (let e = t.bandStart[o] as number, end = t.bandStart[o + 1] as number; e < end; e++) {
    const k = edges[e] as number;
    if (rayCrossesEdge(x, y, coords[k] as number, coords[k + 1] as number, coords[k + 2] as number, coords[k + 3] as number)) {
      inside = !inside;
    }
  }
  return inside;
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
      } else if (inPart(t, index, x, y)) {
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
  /**
   * The top level's table when every chain starts at that level, else null. Then a point outside
   * every top-level polygon is outside everything (ancestors contain their children), and most
   * points in a city's bbox but off its coast are rejected after one cheap test instead of one
   * per level.
   */
  readonly #gate: LevelTable | null;

  private constructor(tables: LevelTable[], chains: ReadonlyArray<readonly JurisdictionRef[]>, gated: boolean) {
    this.#tables = gated ? tables.slice(0, -1) : tables;
    this.#gate = gated ? (tables[tables.length - 1] ?? null) : null;
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
    const levels = [...LEVELS].reverse().filter((level) => members.has(level));
    const tables = levels.map((level) => buildLevel(items, members.get(level) ?? []));
    const chains = buildChains(items);
    const top = levels[levels.length - 1];
    const gated = chains.every((chain) => chain[0]?.level === top);
    return new LocateIndex(tables, chains, gated);
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
    const gate = this.#gate;
    let top = -1;
    if (gate !== null) {
      const part = findPart(gate, this.#stack, lon, lat);
      if (part < 0) return -1;
      top = gate.partItem[part] as number;
    }
    const tables = this.#tables;
    for (let i = 0; i < tables.length; i++) {
      const t = tables[i] as LevelTable;
      const part = findPart(t, this.#stack, lon, lat);
      if (part >= 0) return t.partItem[part] as number;
    }
    return top;
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
