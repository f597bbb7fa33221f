/**
 * Reads the generated demo city back as locatable jurisdictions (id = code, parentId =
 * parentCode), for the locate-agreement test and the locate benchmark.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MultiPolygon, Polygon } from '../../src/geo/geojson.ts';
import type { LocatableJurisdiction } from '../../src/geo/locate-index.ts';
import type { JurisdictionLevel } from '../../src/geo/model.ts';

/** Where `npm run gen:demo` writes the Shanghai demo city. */
export const DEMO_CITY_PATH = join(
  resolve(dirname(fileURLToPath(import.meta.url)), '..', '..'),
  'demo',
  'shanghai',
  'jurisdictions.geojson',
);

interface DemoFeature {
  properties: { code: string; name: string; level: JurisdictionLevel; parentCode: string | null };
  geometry: Polygon | MultiPolygon;
}

/** The demo city's jurisdictions in file order (city, districts, streets, grids, communities). */
export function readDemoCity(path: string = DEMO_CITY_PATH): LocatableJurisdiction[] {
  const fc = JSON.parse(readFileSync(path, 'utf8')) as { features: DemoFeature[] };
  return fc.features.map((f) => ({
    id: f.properties.code,
    code: f.properties.code,
    name: f.properties.name,
    level: f.properties.level,
    parentId: f.properties.parentCode,
    geometry: f.geometry,
  }));
}
