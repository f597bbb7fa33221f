/**
 * Where generated units sit: seed points spread evenly inside a parent shape. Seeds are drawn
 * from uniform samples of the parent (farthest-point picks, so new seeds keep away from existing
 * ones), then a few Lloyd steps (k-means over the samples) even out the cells. Only generated
 * seeds move; real street centres stay where the source puts them.
 */
import type { Rng } from './prng.ts';
import { inShape, interiorPoint, shapeBBox, type Pair, type Shape } from './shapes.ts';

/** Samples per seed: enough for k-means to settle, few enough to stay fast over 6,500 cells. */
const SAMPLES_PER_SEED = 40;
const MIN_SAMPLES = 64;
const LLOYD_STEPS = 6;

/**
 * The factor that makes degrees of longitude and latitude comparable at the shape's middle
 * latitude (a degree of longitude is shorter by cos(latitude)), so cells come out round.
 */
export function xScaleFor(shape: Shape): number {
  const [, minY, , maxY] = shapeBBox(shape);
  return Math.cos((((minY + maxY) / 2) * Math.PI) / 180);
}

/** Up to `count` uniform random points inside a shape, by rejection sampling in its bbox. */
export function samplePoints(shape: Shape, count: number, rng: Rng): Pair[] {
  const [minX, minY, maxX, maxY] = shapeBBox(shape);
  const out: Pair[] = [];
  for (let attempt = 0; attempt < count * 200 && out.length < count; attempt++) {
    const x = minX + rng.next() * (maxX - minX);
    const y = minY + rng.next() * (maxY - minY);
    if (inShape(shape, x, y)) out.push([x, y]);
  }
  return out;
}

function dist2(a: Pair, b: Pair, sx: number): number {
  const dx = (a[0] - b[0]) * sx;
  const dy = a[1] - b[1];
  return dx * dx + dy * dy;
}

/** Index of the seed nearest to p. */
function nearest(seeds: readonly Pair[], p: Pair, sx: number): number {
  let best = 0;
  let bestD = Infinity;
  for (let i = 0; i < seeds.length; i++) {
    const d = dist2(seeds[i] as Pair, p, sx);
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}

/**
 * Returns `fixed` followed by `count` new seeds inside `shape`, spread away from the fixed ones
 * and from each other. Every returned seed lies strictly inside the shape, so its Voronoi cell
 * clipped to the shape cannot be empty.
 */
export function placeSeeds(shape: Shape, fixed: readonly Pair[], count: number, rng: Rng): Pair[] {
  if (count === 0) return [...fixed];
  const sx = xScaleFor(shape);
  const samples = samplePoints(shape, Math.max(MIN_SAMPLES, SAMPLES_PER_SEED * (fixed.length + count)), rng);
  if (samples.length < count) {
    // A sliver of a shape: fall back to scan-line interior points, which always exist.
    const p = interiorPoint(shape);
    if (p !== null) samples.push(p);
  }
  if (samples.length < count) throw new Error(`cannot place ${count} seeds: only ${samples.length} interior samples`);

  // Farthest-point picks: each new seed is the sample farthest from every seed so far.
  const minD = samples.map((s) => fixed.reduce((m, f) => Math.min(m, dist2(s, f, sx)), Infinity));
  const seeds: Pair[] = [...fixed];
  const taken = new Set<number>();
  for (let n = 0; n < count; n++) {
    let pick = fixed.length === 0 && n === 0 ? rng.int(samples.length) : -1;
    if (pick < 0) {
      let best = -1;
      for (let i = 0; i < samples.length; i++) {
        if (!taken.has(i) && (minD[i] as number) > best) {
          best = minD[i] as number;
          pick = i;
        }
      }
    }
    const s = samples[pick] as Pair;
    taken.add(pick);
    seeds.push(s);
    for (let i = 0; i < samples.length; i++) minD[i] = Math.min(minD[i] as number, dist2(samples[i] as Pair, s, sx));
  }

  // Lloyd steps over the samples; a centroid outside a concave shape is replaced by the
  // cluster's sample nearest to it, which is inside by construction.
  for (let step = 0; step < LLOYD_STEPS; step++) {
    const sumX = new Float64Array(seeds.length);
    const sumY = new Float64Array(seeds.length);
    const members: number[][] = seeds.map(() => []);
    samples.forEach((s, i) => {
      const k = nearest(seeds, s, sx);
      sumX[k] = (sumX[k] as number) + s[0];
      sumY[k] = (sumY[k] as number) + s[1];
      members[k]?.push(i);
    });
    for (let k = fixed.length; k < seeds.length; k++) {
      const own = members[k] ?? [];
      if (own.length === 0) continue;
      const c: Pair = [(sumX[k] as number) / own.length, (sumY[k] as number) / own.length];
      if (inShape(shape, c[0], c[1])) {
        seeds[k] = c;
      } else {
        let best = own[0] as number;
        for (const i of own) if (dist2(samples[i] as Pair, c, sx) < dist2(samples[best] as Pair, c, sx)) best = i;
        seeds[k] = samples[best] as Pair;
      }
    }
  }
  return seeds;
}

/**
 * A reading order for seeds: rows from north to south, alternating west→east and east→west,
 * so consecutive numbers (第1网格, 第2网格 …) are neighbours on the map.
 */
export function serpentineOrder(seeds: readonly Pair[]): number[] {
  const byNorth = seeds.map((_, i) => i).sort((a, b) => (seeds[b] as Pair)[1] - (seeds[a] as Pair)[1] || a - b);
  const rows = Math.max(1, Math.round(Math.sqrt(seeds.length)));
  const perRow = Math.ceil(seeds.length / rows);
  const order: number[] = [];
  for (let r = 0; r * perRow < byNorth.length; r++) {
    const row = byNorth.slice(r * perRow, (r + 1) * perRow).sort((a, b) => (seeds[a] as Pair)[0] - (seeds[b] as Pair)[0] || a - b);
    order.push(...(r % 2 === 0 ? row : row.reverse()));
  }
  return order;
}
