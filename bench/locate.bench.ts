/**
 * Locate benchmark: the R-tree + point-in-polygon index over the generated Shanghai demo city
 * (run `npm run gen:demo` first), beside the brute-force scan measured in the same run.
 * Run directly with `npx tsx bench/locate.bench.ts`, or through `npm run bench`.
 */
import type { BenchRow } from './bench-row.ts';
import { geometryBBox } from '../src/geo/geometry.ts';
import { LocateIndex } from '../src/geo/locate-index.ts';
import { bruteForceLocate } from '../src/geo/brute-force-locate.ts';
import { createRng } from '../scripts/demo-city/prng.ts';
import { readDemoCity } from '../scripts/demo-city/read-demo.ts';

const FAST_POINTS = 2_000_000;
const BRUTE_POINTS = 20_000;

/** Uniform random points in a bbox, packed x,y, from a fixed seed so every run asks the same. */
function randomPoints(bbox: readonly number[], n: number, seed: string): Float64Array {
  const [minX = 0, minY = 0, maxX = 0, maxY = 0] = bbox;
  const rng = createRng(seed);
  const out = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    out[2 * i] = minX + rng.next() * (maxX - minX);
    out[2 * i + 1] = minY + rng.next() * (maxY - minY);
  }
  return out;
}

/** Calls per second of `run` over all points; the checksum keeps the work from being optimised away. */
function rate(points: Float64Array, run: (x: number, y: number) => number): { perSecond: number; checksum: number } {
  let checksum = 0;
  const n = points.length / 2;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) checksum += run(points[2 * i] as number, points[2 * i + 1] as number);
  const seconds = (performance.now() - t0) / 1000;
  return { perSecond: n / seconds, checksum };
}

/** Runs the locate benchmark and returns its rows. */
export async function benchLocate(): Promise<BenchRow[]> {
  const items = readDemoCity();
  const city = items.find((i) => i.level === 'city');
  if (city === undefined) throw new Error('demo city has no city feature; run npm run gen:demo');
  const communities = items.filter((i) => i.level === 'community').length;

  const t0 = performance.now();
  const index = LocateIndex.build(items);
  const buildMs = performance.now() - t0;

  const bbox = geometryBBox(city.geometry);
  const points = randomPoints(bbox, FAST_POINTS, 'bench:locate');
  rate(points.subarray(0, 400_000), (x, y) => index.locateDeepest(x, y)); // warm up the JIT
  const deepest = rate(points, (x, y) => index.locateDeepest(x, y));
  const chain = rate(points.subarray(0, 1_000_000), (x, y) => index.locate(x, y).length);
  const bruteInput = randomPoints(bbox, BRUTE_POINTS, 'bench:locate:brute');
  const brute = rate(bruteInput, (x, y) => bruteForceLocate(items, x, y).length);
  await Promise.resolve();

  const baseline = { name: 'brute force (bbox reject + PIP, every jurisdiction)', value: Math.round(brute.perSecond) };
  return [
    { name: `locate index build, ${items.length} jurisdictions`, value: Math.round(buildMs), unit: 'ms' },
    {
      name: `locateDeepest (R-tree + PIP), ${communities} communities`,
      value: Math.round(deepest.perSecond),
      unit: 'lookups/s',
      baseline,
      goal: '≥ 1,000,000 lookups/s on one core',
    },
    { name: 'locate (cached chain, copied)', value: Math.round(chain.perSecond), unit: 'lookups/s', baseline },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await benchLocate();
  console.table(
    rows.map((r) => ({
      benchmark: r.name,
      value: r.value.toLocaleString('en-US'),
      unit: r.unit,
      baseline: r.baseline === undefined ? '' : `${r.baseline.value.toLocaleString('en-US')} (${r.baseline.name})`,
      speedup: r.baseline === undefined ? '' : `×${(r.value / r.baseline.value).toFixed(0)}`,
    })),
  );
}
