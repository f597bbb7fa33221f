/**
 * The locate index against brute force over the generated demo city: the same chain for every
 * point, 100 %. Points: 100,000 uniform in the city's bbox, a few inside every community, and
 * points a hair away from community vertices, where rounding slivers would show up if the
 * generator let children poke out of their parents.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { geometryBBox, pointInGeometry, polygonsOf, validateGeometry } from '../../src/geo/geometry.ts';
import { LEVELS, levelDepth } from '../../src/geo/model.ts';
import { LocateIndex, type LocatableJurisdiction } from '../../src/geo/locate-index.ts';
import { bruteForceLocate } from '../../src/geo/brute-force-locate.ts';
import { createRng } from '../../scripts/demo-city/prng.ts';
import { readDemoCity } from '../../scripts/demo-city/read-demo.ts';

const key = (chain: ReadonlyArray<{ code: string }>): string => chain.map((r) => r.code).join('>');

describe('locate index vs brute force on the demo city', () => {
  let items: LocatableJurisdiction[] = [];
  let index: LocateIndex;

  beforeAll(() => {
    items = readDemoCity();
    index = LocateIndex.build(items);
  });

  function disagreements(points: ReadonlyArray<readonly [number, number]>): string[] {
    const bad: string[] = [];
    for (const [x, y] of points) {
      const fast = key(index.locate(x, y));
      const slow = key(bruteForceLocate(items, x, y));
      if (fast !== slow) bad.push(`${x},${y}: index ${fast} | brute ${slow}`);
    }
    return bad;
  }

  it('has the expected shape', () => {
    expect(index.size).toBe(items.length);
    expect(items.filter((i) => i.level === 'community').length).toBeGreaterThan(6000);
  });

  it('agrees on 100,000 random points in the city bbox', () => {
    const city = items[0];
    if (city === undefined) throw new Error('empty demo city');
    const [minX, minY, maxX, maxY] = geometryBBox(city.geometry);
    const rng = createRng('locate-agreement');
    const points: Array<[number, number]> = [];
    for (let i = 0; i < 100_000; i++) points.push([minX + rng.next() * (maxX - minX), minY + rng.next() * (maxY - minY)]);
    expect(disagreements(points).slice(0, 5)).toEqual([]);
    // Most of the bbox is city, and inside it a point reaches a community.
    const full = points.filter(([x, y]) => index.locate(x, y).length === 5).length;
    expect(full / points.length).toBeGreaterThan(0.3);
  });

  it('agrees on points inside every community and next to its vertices', () => {
    const rng = createRng('locate-agreement-inside');
    const points: Array<[number, number]> = [];
    for (const item of items) {
      if (item.level !== 'community') continue;
      const [minX, minY, maxX, maxY] = geometryBBox(item.geometry);
      for (let found = 0, tries = 0; found < 2 && tries < 200; tries++) {
        const p: [number, number] = [minX + rng.next() * (maxX - minX), minY + rng.next() * (maxY - minY)];
        if (pointInGeometry(item.geometry, p[0], p[1])) {
          points.push(p);
          found++;
        }
      }
      // A few vertices of the outer ring, nudged by up to ~1 cm in a random direction.
      const ring = polygonsOf(item.geometry)[0]?.[0] ?? [];
      for (let k = 0; k < 3 && ring.length > 1; k++) {
        const v = ring[rng.int(ring.length - 1)] ?? [0, 0];
        points.push([(v[0] ?? 0) + (rng.next() - 0.5) * 2e-7, (v[1] ?? 0) + (rng.next() - 0.5) * 2e-7]);
      }
    }
    expect(points.length).toBeGreaterThan(30_000);
    expect(disagreements(points).slice(0, 5)).toEqual([]);
  });
});

describe('the demo city file', () => {
  const items = readDemoCity();
  const byCode = new Map(items.map((i) => [i.code, i]));

  it('lists levels top-down, each parent one level up, with national codes', () => {
    const depths = items.map((i) => levelDepth(i.level));
    expect(depths).toEqual([...depths].sort((a, b) => a - b));
    expect(LEVELS.map((l) => items.filter((i) => i.level === l).length)).toEqual([1, 16, 234, expect.any(Number), 6509]);
    for (const item of items) {
      const parent = item.parentId === null ? undefined : byCode.get(item.parentId);
      if (item.level === 'city') expect(item.parentId).toBeNull();
      else expect(parent && levelDepth(parent.level)).toBe(levelDepth(item.level) - 1);
    }
    const codeShape = { city: /^310000$/, district: /^31\d{4}$/, street: /^31\d{7}$/, grid: /^31\d{7}G\d{3}$/, community: /^31\d{10}$/ };
    for (const item of items) expect(item.code).toMatch(codeShape[item.level]);
    expect(byCode.get('310101002G001')?.name).toBe('南京东路街道第1网格');
  });

  it('has valid geometry with at most 6 decimals', () => {
    const invalid = items.filter((i) => validateGeometry(i.geometry) !== null).map((i) => i.code);
    expect(invalid).toEqual([]);
    let tooPrecise = 0;
    for (const item of items) {
      for (const polygon of polygonsOf(item.geometry)) {
        for (const ring of polygon) for (const p of ring) for (const v of p) if (Math.round(v * 1e6) / 1e6 !== v) tooPrecise++;
      }
    }
    expect(tooPrecise).toBe(0);
  });
});
