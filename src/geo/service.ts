/**
 * The city model's use-cases: locate points, read the jurisdiction tree, import boundaries.
 * Keeps the whole tree (without geometry) and the locate index in memory: ~10,000
 * jurisdictions is small, and locate must answer a million points a second.
 */
import { isUniqueViolation, type Database } from '../platform/db/create-db.ts';
import type { Clock } from '../platform/clock.ts';
import { newId } from '../platform/ids.ts';
import { AppError } from '../platform/errors.ts';
import type { JurisdictionTable } from '../platform/db/schema.ts';
import type { MultiPolygon, Polygon } from './geojson.ts';
import { levelDepth, type Jurisdiction, type JurisdictionFeature, type JurisdictionLevel, type JurisdictionRef } from './model.ts';
import { LocateIndex } from './locate-index.ts';
import { geometryBBox, pointInGeometry } from './geometry.ts';
import { interiorPoint } from './interior-point.ts';
import { toWgs84, type Crs } from './crs.ts';
import * as store from './store.ts';

/** What the geo service needs. */
export interface GeoDeps {
  database: Database;
  clock: Clock;
}

/** Progress callback for long imports: done of total. */
export type Progress = (done: number, total: number) => void;

/** The geo service. */
export type GeoService = Awaited<ReturnType<typeof createGeoService>>;

/** A point as the API takes it. */
export interface LonLat {
  lon: number;
  lat: number;
}

/**
 * Creates the service and loads the tree and index from storage.
 * @example const geo = await createGeoService({ database, clock }); geo.locate(121.47, 31.23);
 */
export async function createGeoService(deps: GeoDeps) {
  const { db } = deps.database;
  let byId = new Map<string, Jurisdiction>();
  let byCode = new Map<string, Jurisdiction>();
  let children = new Map<string | null, Jurisdiction[]>();
  let index = LocateIndex.build([]);

  async function reload(): Promise<void> {
    const all = await store.listWithGeometry(db);
    byId = new Map(all.map((j) => [j.id, stripGeometry(j)]));
    byCode = new Map(all.map((j) => [j.code, byId.get(j.id)!]));
    children = new Map();
    for (const j of byId.values()) {
      const list = children.get(j.parentId) ?? [];
      list.push(j);
      children.set(j.parentId, list);
    }
    index = LocateIndex.build(all);
  }

  function chainFor(lon: number, lat: number): JurisdictionRef[] {
    return index.locate(lon, lat);
  }

  /** A feature of the running import, already given an id and path. */
  interface Pending {
    id: string;
    path: string;
    depth: number;
    level: JurisdictionLevel;
    geometry: Polygon | MultiPolygon;
    bbox: [number, number, number, number];
  }

  /**
   * Finds the parent of a feature without a parent code: the deepest higher-level jurisdiction
   * containing its interior point, among those stored and those earlier in the same import.
   */
  function parentByContainment(
    f: JurisdictionFeature,
    point: [number, number],
    pending: Iterable<Pending>,
  ): Pending | Jurisdiction | undefined {
    const depth = levelDepth(f.level);
    let best: Pending | Jurisdiction | undefined;
    const chain = chainFor(point[0], point[1]);
    for (let i = chain.length - 1; i >= 0; i--) {
      const ref = chain[i]!;
      if (levelDepth(ref.level) < depth) {
        best = byId.get(ref.id);
        break;
      }
    }
    const [x, y] = point;
    for (const p of pending) {
      if (p.depth >= depth || (best && p.depth <= best.depth)) continue;
      if (x < p.bbox[0] || x > p.bbox[2] || y < p.bbox[1] || y > p.bbox[3]) continue;
      if (pointInGeometry(p.geometry, x, y)) best = p;
    }
    return best;
  }

  async function importFeatures(features: readonly JurisdictionFeature[], onProgress?: Progress): Promise<{ imported: number }> {
    const now = deps.clock.now();
    const pending = new Map<string, Pending>();
    const rows: JurisdictionTable[] = [];
    features.forEach((f, i) => {
      const problem = (property: string, message: string, code: string) =>
        new AppError(400, code, `feature ${i} (${f.code}): ${property}: ${message}`, [{ field: `features[${i}].${property}`, message }]);
      if (byCode.has(f.code) || pending.has(f.code))
        throw problem('code', 'a jurisdiction with this code already exists', 'JURISDICTION_EXISTS');
      const center = interiorPoint(f.geometry);
      const overlapped = chainFor(center[0], center[1]).find((r) => r.level === f.level);
      if (overlapped) throw problem('geometry', `overlaps ${overlapped.level} ${overlapped.code} ${overlapped.name}`, 'OVERLAPS_EXISTING');
      let parent: Pending | Jurisdiction | undefined;
      if (f.parentCode !== null) {
        parent = pending.get(f.parentCode) ?? byCode.get(f.parentCode);
        if (!parent) throw problem('parentCode', `unknown parent code ${f.parentCode}`, 'UNKNOWN_PARENT');
      } else if (f.level !== 'city') {
        parent = parentByContainment(f, center, pending.values());
        if (!parent)
          throw problem(
            'geometry',
            `lies in no jurisdiction above level ${f.level}; import the upper level first`,
            'NO_CONTAINING_JURISDICTION',
          );
      }
      if (parent && levelDepth(parent.level) >= levelDepth(f.level)) {
        throw problem('parentCode', `parent level ${parent.level} is not above ${f.level}`, 'BAD_PARENT_LEVEL');
      }
      const id = newId();
      const path = `${parent?.path ?? '/'}${id}/`;
      const depth = levelDepth(f.level);
      const bbox = geometryBBox(f.geometry);
      pending.set(f.code, { id, path, depth, level: f.level, geometry: f.geometry, bbox });
      const [minLon, minLat, maxLon, maxLat] = bbox;
      rows.push({
        id,
        code: f.code,
        name: f.name,
        level: f.level,
        parent_id: parent?.id ?? null,
        path,
        depth,
        min_lon: minLon,
        min_lat: minLat,
        max_lon: maxLon,
        max_lat: maxLat,
        center_lon: center[0],
        center_lat: center[1],
        geometry: JSON.stringify(f.geometry),
        created_at: now,
      });
    });
    // One transaction: an import that fails leaves nothing half-written.
    try {
      await db.transaction().execute(async (trx) => {
        for (let i = 0; i < rows.length; i += 2000) {
          await store.insertJurisdictions(trx, rows.slice(i, i + 2000));
          onProgress?.(Math.min(i + 2000, rows.length), rows.length);
        }
      });
    } catch (e) {
      // Another process imported the same code meanwhile: the constraint kept the data right.
      if (isUniqueViolation(e))
        throw new AppError(409, 'JURISDICTION_EXISTS', 'a jurisdiction with one of these codes was imported meanwhile');
      throw e;
    }
    await reload();
    return { imported: rows.length };
  }

  await reload();

  return {
    reload,
    importFeatures,
    /** Chain from the city down for a point; converts from `crs` first. */
    locate(lon: number, lat: number, crs: Crs = 'wgs84'): JurisdictionRef[] {
      const [x, y] = toWgs84(lon, lat, crs);
      return chainFor(x, y);
    },
    /** Chains for many points. */
    locateMany(points: readonly LonLat[], crs: Crs = 'wgs84'): JurisdictionRef[][] {
      return points.map((p) => {
        const [x, y] = toWgs84(p.lon, p.lat, crs);
        return chainFor(x, y);
      });
    },
    get: (id: string): Jurisdiction | undefined => byId.get(id),
    getByCode: (code: string): Jurisdiction | undefined => byCode.get(code),
    /** By id or code. */
    find: (idOrCode: string): Jurisdiction | undefined => byId.get(idOrCode) ?? byCode.get(idOrCode),
    /** Direct children of a jurisdiction (or the roots for `null`). */
    childrenOf: (id: string | null): readonly Jurisdiction[] => children.get(id) ?? [],
    /** All jurisdictions, optionally of one level, top-down. */
    list(level?: JurisdictionLevel): Jurisdiction[] {
      const all = [...byId.values()];
      return level ? all.filter((j) => j.level === level) : all;
    },
    /** Ancestors from the top down, excluding the jurisdiction itself. */
    ancestors(id: string): Jurisdiction[] {
      const out: Jurisdiction[] = [];
      let cur = byId.get(id);
      while (cur?.parentId) {
        cur = byId.get(cur.parentId);
        if (cur) out.unshift(cur);
      }
      return out;
    },
    geometry: (id: string): Promise<Polygon | MultiPolygon | undefined> => store.getGeometry(db, id),
    geometries: (ids: readonly string[]) => store.getGeometries(db, ids),
    count: (): number => byId.size,
    /** Throws 404 when unknown. */
    require(idOrCode: string): Jurisdiction {
      const j = byId.get(idOrCode) ?? byCode.get(idOrCode);
      if (!j) throw new AppError(404, 'JURISDICTION_NOT_FOUND', `jurisdiction ${idOrCode} not found`);
      return j;
    },
  };
}

function stripGeometry(j: Jurisdiction & { geometry?: unknown }): Jurisdiction {
  const { geometry: _g, ...rest } = j;
  return rest;
}
