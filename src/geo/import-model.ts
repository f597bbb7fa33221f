/**
 * Parsing a GeoJSON FeatureCollection into jurisdiction features for one level. Pure: returns
 * the features or the problems, each naming the feature (index and code) and the property.
 */
import type { MultiPolygon, Polygon } from './geojson.ts';
import { LEVELS, type JurisdictionFeature, type JurisdictionLevel } from './model.ts';
import { CRS_LIST, geometryToWgs84, type Crs } from './crs.ts';
import { validateGeometry } from './geometry.ts';

/** How to read the collection. */
export interface ImportOptions {
  level: JurisdictionLevel;
  codeProp: string;
  nameProp: string;
  crs: Crs;
  /** Property holding the parent's code; parents are found by containment when absent. */
  parentProp?: string;
  /** Property holding each feature's level, for files that hold several levels (the demo city). */
  levelProp?: string;
}

/** One thing wrong with the input, naming where. */
export interface ImportProblem {
  feature: number | null;
  code?: string;
  property: string;
  message: string;
}

/** Result of parsing. */
export type ParseResult = { ok: true; features: JurisdictionFeature[] } | { ok: false; problems: ImportProblem[] };

/** True if `s` is a known level. */
export function isLevel(s: string): s is JurisdictionLevel {
  return (LEVELS as readonly string[]).includes(s);
}

/** True if `s` is a known coordinate reference system. */
export function isCrs(s: string): s is Crs {
  return (CRS_LIST as readonly string[]).includes(s);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Parses and validates a FeatureCollection; converts coordinates to WGS-84.
 * @example parseFeatureCollection(json, { level: 'street', codeProp: 'code', nameProp: 'name', crs: 'gcj02' })
 */
export function parseFeatureCollection(input: unknown, options: ImportOptions): ParseResult {
  const problems: ImportProblem[] = [];
  if (!isObject(input) || input.type !== 'FeatureCollection' || !Array.isArray(input.features)) {
    return {
      ok: false,
      problems: [{ feature: null, property: 'type', message: 'expected a GeoJSON FeatureCollection with a features array' }],
    };
  }
  const features: JurisdictionFeature[] = [];
  const seen = new Map<string, number>();
  input.features.forEach((raw: unknown, i: number) => {
    const problem = (property: string, message: string, code?: string) =>
      problems.push({ feature: i, property, message, ...(code !== undefined ? { code } : {}) });
    if (!isObject(raw) || raw.type !== 'Feature') return problem('type', 'not a GeoJSON Feature');
    const props = isObject(raw.properties) ? raw.properties : {};
    const codeRaw = props[options.codeProp];
    const code = typeof codeRaw === 'number' ? String(codeRaw) : codeRaw;
    if (typeof code !== 'string' || !/^[0-9A-Za-z_-]{1,32}$/.test(code)) {
      return problem(`properties.${options.codeProp}`, 'missing, or not a code of 1–32 letters, digits, - or _');
    }
    const name = props[options.nameProp];
    if (typeof name !== 'string' || name.trim() === '' || name.length > 200) {
      return problem(`properties.${options.nameProp}`, 'missing, empty or longer than 200 characters', code);
    }
    const earlier = seen.get(code);
    if (earlier !== undefined) return problem(`properties.${options.codeProp}`, `duplicate code, also feature ${earlier}`, code);
    seen.set(code, i);
    let parentCode: string | null = null;
    if (options.parentProp) {
      const p = props[options.parentProp];
      if (p !== undefined && p !== null) {
        if (typeof p !== 'string' && typeof p !== 'number') return problem(`properties.${options.parentProp}`, 'not a code', code);
        parentCode = String(p);
      }
    }
    let level = options.level;
    if (options.levelProp) {
      const l = props[options.levelProp];
      if (typeof l !== 'string' || !isLevel(l)) return problem(`properties.${options.levelProp}`, `not one of ${LEVELS.join(', ')}`, code);
      level = l;
    }
    const geometry = raw.geometry as Polygon | MultiPolygon | null;
    const why = validateGeometry(geometry);
    if (why !== null || geometry === null) return problem('geometry', why ?? 'missing', code);
    let wgs: Polygon | MultiPolygon;
    try {
      wgs = geometryToWgs84(geometry, options.crs);
    } catch (e) {
      return problem('geometry', `cannot convert from ${options.crs}: ${(e as Error).message}`, code);
    }
    features.push({ code, name: name.trim(), level, parentCode, geometry: wgs });
  });
  if (input.features.length === 0) problems.push({ feature: null, property: 'features', message: 'no features' });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, features };
}

/** One line per problem, for the CLI and problem details. */
export function describeProblem(p: ImportProblem): string {
  const where = p.feature === null ? 'collection' : `feature ${p.feature}${p.code ? ` (${p.code})` : ''}`;
  return `${where}: ${p.property}: ${p.message}`;
}
