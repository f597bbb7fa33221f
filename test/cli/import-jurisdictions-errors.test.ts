/**
 * Bad inputs to `cityops import jurisdictions`: each exits 1 with one clear message naming the
 * feature (index and code) and the property or option at fault, prints no stack trace, and
 * imports nothing: the first feature of every bad file is valid and must not be stored either.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countJurisdictions, fixture, hasStackTrace, makeWorkspace, runCli, stopAll, type Workspace, importCity } from './cli-harness.ts';

interface Feature {
  type: 'Feature';
  properties: Record<string, unknown>;
  geometry: { type: 'Polygon'; coordinates: number[][][] };
}
interface Collection {
  type: 'FeatureCollection';
  features: Feature[];
}

const districts = (): Collection => JSON.parse(fs.readFileSync(fixture('cli-districts.geojson'), 'utf8')) as Collection;

/** The districts fixture with its second feature (index 1, code 990102) changed. */
function withSecond(change: (f: Feature) => void): string {
  const c = districts();
  const f = c.features[1];
  if (!f) throw new Error('fixture has two features');
  change(f);
  return JSON.stringify(c);
}

const ring = (f: Feature): number[][] => f.geometry.coordinates[0] ?? [];

interface Case {
  name: string;
  /** File content, or null for a path that does not exist. */
  content: string | null;
  args?: string[];
  /** What stderr must say. */
  message: RegExp;
}

const CASES: Case[] = [
  {
    name: 'a feature without the code property',
    content: withSecond((f) => delete f.properties.code),
    message: /feature 1: properties\.code: missing/,
  },
  {
    name: 'a ring that is not closed',
    content: withSecond((f) => ring(f).pop()),
    message: /feature 1 \(990102\): geometry: polygon ring 0 is not closed/,
  },
  {
    name: 'longitude 200',
    content: withSecond((f) => (ring(f)[1] = [200, 30.05])),
    message: /feature 1 \(990102\): geometry: polygon ring 0 position 1 has longitude 200 outside \[-180, 180\]/,
  },
  { name: 'a file that is not JSON', content: '{"type": "FeatureCollection", "features": [', message: /bad\.geojson: not valid JSON/ },
  { name: 'a missing file', content: null, message: /missing\.geojson: no such file/ },
  {
    name: 'a code twice in the file',
    content: withSecond((f) => (f.properties.code = '990101')),
    message: /feature 1 \(990101\): properties\.code: duplicate code, also feature 0/,
  },
  {
    name: 'a code that already exists (the city’s)',
    content: withSecond((f) => (f.properties.code = '990000')),
    message: /nothing imported; feature 1 \(990000\): code: a jurisdiction with this code already exists/,
  },
  {
    name: 'a district outside every city',
    content: withSecond(
      (f) =>
        (f.geometry.coordinates = [
          [
            [110, 30],
            [110.5, 30],
            [110.5, 30.5],
            [110, 30.5],
            [110, 30],
          ],
        ]),
    ),
    message: /nothing imported; feature 1 \(990102\): geometry: lies in no jurisdiction above level district/,
  },
  {
    name: 'an unknown --level',
    content: JSON.stringify(districts()),
    args: ['--level', 'province'],
    message: /option '--level <level>' argument 'province' is invalid\. Allowed choices are city, district/,
  },
  {
    name: 'an unknown --crs',
    content: JSON.stringify(districts()),
    args: ['--crs', 'epsg3857'],
    message: /option '--crs <crs>' argument 'epsg3857' is invalid\. Allowed choices are wgs84, gcj02, bd09/,
  },
];

describe('cityops import jurisdictions: bad input imports nothing', () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = makeWorkspace();
    const city = await importCity(ws);
    expect(city.code, city.stderr).toBe(0);
  }, 120_000);
  afterAll(async () => {
    stopAll();
    await ws.cleanup();
  });

  it.each(CASES)('$name', { timeout: 120_000 }, async ({ name, content, args, message }) => {
    const file = content === null ? `${ws.dataDir}/missing.geojson` : ws.write('bad.geojson', content);
    const before = await countJurisdictions(ws);
    const r = await runCli(
      [
        'import',
        'jurisdictions',
        file,
        '--level',
        'district',
        '--code-prop',
        'code',
        '--name-prop',
        'name',
        '--data-dir',
        ws.dataDir,
        ...(args ?? []),
      ],
      ws,
    );
    expect(r.code, `${name}\n${r.stdout}\n${r.stderr}`).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(hasStackTrace(r.stderr), r.stderr).toBe(false);
    expect(r.stdout).not.toMatch(/imported/);
    // Exactly one error (our own, or commander's followed by the usage text).
    expect(r.stderr.match(/^(cityops:|error:)/gm)).toHaveLength(1);
    expect(await countJurisdictions(ws)).toBe(before);
    expect(before).toBe(1);
  });

  it('after all that, the good file still imports', { timeout: 120_000 }, async () => {
    const r = await runCli(
      [
        'import',
        'jurisdictions',
        fixture('cli-districts.geojson'),
        '--level',
        'district',
        '--code-prop',
        'code',
        '--name-prop',
        'name',
        '--data-dir',
        ws.dataDir,
      ],
      ws,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(await countJurisdictions(ws)).toBe(3);
  });
});
