/**
 * Boundaries of a jurisdiction level as the screen sends them: read once through the geo
 * service, simplified together (shared edges stay shared, see topology-model.ts) with the
 * level's tolerance, and kept serialized. Read again only when the tree changed (an import adds
 * jurisdictions; stored ones never change shape).
 */
import type { GeoService } from '../geo/service.ts';
import type { JurisdictionLevel } from '../geo/model.ts';
import { LEVEL_SIMPLIFY } from './layer-model.ts';
import { simplifyShapes } from './topology-model.ts';

/** Simplified geometry JSON by jurisdiction id. */
export type LevelShapes = ReadonlyMap<string, string>;

/**
 * Returns a function giving a level's shapes, computed on first use and cached per level.
 * @example const shapes = levelShapes(geo); (await shapes('community')).get(id);
 */
export function levelShapes(geo: Pick<GeoService, 'list' | 'geometries' | 'count'>): (level: JurisdictionLevel) => Promise<LevelShapes> {
  const cache = new Map<JurisdictionLevel, { count: number; shapes: Promise<LevelShapes> }>();
  return (level) => {
    const count = geo.count();
    const hit = cache.get(level);
    if (hit && hit.count === count) return hit.shapes;
    const shapes = (async () => {
      const geometries = await geo.geometries(geo.list(level).map((j) => j.id));
      const simplified = simplifyShapes(
        [...geometries].map(([id, geometry]) => ({ id, geometry })),
        LEVEL_SIMPLIFY[level],
      );
      return new Map([...simplified].map(([id, g]) => [id, JSON.stringify(g)]));
    })();
    const entry = { count, shapes };
    cache.set(level, entry);
    shapes.catch(() => {
      if (cache.get(level) === entry) cache.delete(level);
    });
    return shapes;
  };
}
