/**
 * The demo city's hierarchy, level by level: city = union of the real districts; streets =
 * Voronoi cells of their centres inside each district; grids = groups of about four committees
 * cut from each street; communities = cells cut from each grid. Only the districts are real
 * boundaries; everything below them is generated.
 */
import polygonClipping from 'polygon-clipping';
import type { JurisdictionLevel } from '../../src/geo/model.ts';
import { createRng } from './prng.ts';
import { placeSeeds, serpentineOrder, xScaleFor } from './seeds.ts';
import { inShape, type Pair, type Shape } from './shapes.ts';
import { byCode, type DistrictSource, type StreetSource, type VillageSource } from './sources.ts';
import { voronoiPartition } from './voronoi.ts';

/** A jurisdiction under construction, at full precision. */
export interface Unit {
  code: string;
  name: string;
  level: JurisdictionLevel;
  parentCode: string | null;
  shape: Shape;
}

/** The city code and name (上海市). */
export const CITY = { code: '310000', name: '上海市' } as const;

/** City and districts: the districts as read, the city as their union. */
export function buildTop(districts: readonly DistrictSource[]): { city: Unit; districts: Unit[] } {
  const [first, ...rest] = districts.map((d) => d.shape);
  if (first === undefined) throw new Error('no districts');
  const city: Unit = { ...CITY, level: 'city', parentCode: null, shape: polygonClipping.union(first, ...rest) };
  return {
    city,
    districts: districts.map((d) => ({ code: d.code, name: d.name, level: 'district', parentCode: CITY.code, shape: d.shape })),
  };
}

/** What happened to the streets of one district. */
export interface StreetOutcome {
  streets: Unit[];
  /** Codes of streets whose seed was generated (no centre, centre outside, or duplicate centre). */
  generated: string[];
}

/**
 * Cuts a district into its streets. Real centres inside the district are used as they are;
 * the rest get generated seeds spread away from them, so every street gets a cell.
 */
export function buildStreets(district: Unit, streets: readonly StreetSource[]): StreetOutcome {
  const seen = new Set<string>();
  const fixed: Array<{ street: StreetSource; seed: Pair }> = [];
  const toPlace: StreetSource[] = [];
  for (const s of streets) {
    const c = s.centre;
    const key = c === null ? '' : `${c[0]},${c[1]}`;
    if (c !== null && !seen.has(key) && inShape(district.shape, c[0], c[1])) {
      seen.add(key);
      fixed.push({ street: s, seed: c });
    } else {
      toPlace.push(s);
    }
  }
  const rng = createRng(`streets:${district.code}`);
  const seeds = placeSeeds(
    district.shape,
    fixed.map((f) => f.seed),
    toPlace.length,
    rng,
  );
  const ordered = [...fixed.map((f) => f.street), ...toPlace];
  const cells = voronoiPartition(
    district.shape,
    seeds,
    xScaleFor(district.shape),
    ordered.map((s) => s.name),
  );
  const units = ordered.map((s, i): Unit => ({
    code: s.code,
    name: s.name,
    level: 'street',
    parentCode: district.code,
    shape: cells[i] as Shape,
  }));
  return { streets: units.sort(byCode), generated: toPlace.map((s) => s.code) };
}

/**
 * How many grids a street with n committees gets: about four committees each, so that for
 * n ≥ 3 every grid holds 3 to 5 (fewer only when the street itself has fewer than 3).
 */
export function gridCount(n: number): number {
  return Math.max(1, Math.round(n / 4));
}

/** Splits n items into k groups whose sizes differ by at most one, larger groups first. */
export function groupSizes(n: number, k: number): number[] {
  return Array.from({ length: k }, (_, i) => Math.floor(n / k) + (i < n % k ? 1 : 0));
}

/** Grid code and name: street code + 'G' + 3 digits; 「<street>第N网格」. */
export function gridIdentity(street: { code: string; name: string }, n: number): { code: string; name: string } {
  return { code: `${street.code}G${String(n).padStart(3, '0')}`, name: `${street.name}第${n}网格` };
}

/** Cuts `parent` into one cell per item, seeds spread inside it, numbered in serpentine order. */
function cutInto(parent: Shape, count: number, seedKey: string, names: (i: number) => string): Shape[] {
  const seeds = placeSeeds(parent, [], count, createRng(seedKey));
  const order = serpentineOrder(seeds);
  const ordered = order.map((i) => seeds[i] as Pair);
  return voronoiPartition(
    parent,
    ordered,
    xScaleFor(parent),
    ordered.map((_, i) => names(i)),
  );
}

/**
 * Cuts a street into grids of about four committees and each grid into its committees.
 * Committees are dealt to grids in code order, so a grid holds consecutive codes.
 */
export function buildGridsAndCommunities(street: Unit, villages: readonly VillageSource[]): { grids: Unit[]; communities: Unit[] } {
  if (villages.length === 0) return { grids: [], communities: [] };
  const k = gridCount(villages.length);
  const gridShapes = cutInto(street.shape, k, `grids:${street.code}`, (i) => gridIdentity(street, i + 1).name);
  const grids: Unit[] = [];
  const communities: Unit[] = [];
  let next = 0;
  groupSizes(villages.length, k).forEach((size, g) => {
    const id = gridIdentity(street, g + 1);
    const grid: Unit = { ...id, level: 'grid', parentCode: street.code, shape: gridShapes[g] as Shape };
    grids.push(grid);
    const members = villages.slice(next, next + size);
    next += size;
    const cells = cutInto(grid.shape, members.length, `communities:${grid.code}`, (i) => members[i]?.name ?? '');
    members.forEach((v, i) => {
      communities.push({ code: v.code, name: v.name, level: 'community', parentCode: grid.code, shape: cells[i] as Shape });
    });
  });
  return { grids, communities };
}
