import { describe, expect, it } from 'vitest';
import type { Ring } from './geojson.ts';
import { LocateIndex, type LocatableJurisdiction } from './locate-index.ts';
import { bruteForceLocate } from './brute-force-locate.ts';

const square = (x0: number, y0: number, x1: number, y1: number): Ring => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];

/**
 * A 10×10 city; district W (x < 5) and E (x ≥ 5); street W1 covers only the lower half of W;
 * grid W1a is W1 with a hole at (1..2, 1..2) plus an island; community W1a-1 fills the grid's
 * left part. District E has no streets at all.
 */
const items: LocatableJurisdiction[] = [
  {
    id: 'c',
    code: '310000',
    name: 'City',
    level: 'city',
    parentId: null,
    geometry: { type: 'Polygon', coordinates: [square(0, 0, 10, 10)] },
  },
  {
    id: 'w',
    code: '310101',
    name: 'W',
    level: 'district',
    parentId: 'c',
    geometry: { type: 'Polygon', coordinates: [square(0, 0, 5, 10)] },
  },
  {
    id: 'e',
    code: '310104',
    name: 'E',
    level: 'district',
    parentId: 'c',
    geometry: { type: 'Polygon', coordinates: [square(5, 0, 10, 10)] },
  },
  {
    id: 'w1',
    code: '310101001',
    name: 'W1',
    level: 'street',
    parentId: 'w',
    geometry: { type: 'Polygon', coordinates: [square(0, 0, 5, 5)] },
  },
  {
    id: 'w1a',
    code: '310101001G001',
    name: 'W1 grid 1',
    level: 'grid',
    parentId: 'w1',
    geometry: {
      type: 'MultiPolygon',
      coordinates: [[square(0, 0, 4, 4), square(1, 1, 2, 2).reverse()], [square(4.5, 4.5, 4.9, 4.9)]],
    },
  },
  {
    id: 'w1a1',
    code: '310101001001',
    name: 'W1a-1',
    level: 'community',
    parentId: 'w1a',
    geometry: { type: 'Polygon', coordinates: [square(0, 0, 0.5, 4)] },
  },
];

const codes = (chain: readonly { code: string }[]): string[] => chain.map((r) => r.code);

describe('LocateIndex', () => {
  const index = LocateIndex.build(items);

  it('reports its size', () => {
    expect(index.size).toBe(items.length);
  });

  it.each([
    ['a community', 0.25, 3, ['310000', '310101', '310101001', '310101001G001', '310101001001']],
    ['a grid outside every community', 3, 3, ['310000', '310101', '310101001', '310101001G001']],
    ['the hole of a grid (falls back to the street)', 1.5, 1.5, ['310000', '310101', '310101001']],
    ['an island of a multipolygon grid', 4.7, 4.7, ['310000', '310101', '310101001', '310101001G001']],
    ['a street outside its grids', 4.2, 1, ['310000', '310101', '310101001']],
    ['a district with no street there', 2, 7, ['310000', '310101']],
    ['a district with no streets at all', 7, 7, ['310000', '310104']],
    ['outside everything', 11, 5, []],
  ])('locates a point in %s', (_label, x, y, expected) => {
    expect(codes(index.locate(x, y))).toEqual(expected);
    expect(codes(bruteForceLocate(items, x, y))).toEqual(expected);
  });

  it('returns the deepest item index, -1 outside, and the cached chain for it', () => {
    expect(index.locateDeepest(0.25, 3)).toBe(5);
    expect(index.locateDeepest(1.5, 1.5)).toBe(3);
    expect(index.locateDeepest(-1, -1)).toBe(-1);
    expect(index.chainAt(-1)).toEqual([]);
    expect(index.chainAt(5)).toHaveLength(5);
    expect(Object.isFrozen(index.chainAt(5))).toBe(true);
  });

  it('gives callers of locate() their own array', () => {
    const chain = index.locate(0.25, 3);
    chain.pop();
    expect(index.locate(0.25, 3)).toHaveLength(5);
  });

  it('refuses invalid geometry, naming the jurisdiction', () => {
    const bad: LocatableJurisdiction = {
      ...items[0]!,
      id: 'x',
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [0, 0],
          ],
        ],
      },
    };
    expect(() => LocateIndex.build([bad])).toThrow(/310000 City: polygon ring 0 has 3 positions/);
  });

  it('refuses duplicate ids and parent cycles', () => {
    expect(() => LocateIndex.build([items[0]!, items[0]!])).toThrow(/duplicate/);
    const a = { ...items[1]!, id: 'a', parentId: 'b' };
    const b = { ...items[2]!, id: 'b', parentId: 'a' };
    expect(() => LocateIndex.build([a, b])).toThrow(/cycle/);
  });

  it('finds jurisdictions whose chain does not reach the top level', () => {
    // An orphan outside the city square: the index must not reject it for being outside the city.
    const orphan: LocatableJurisdiction = {
      id: 'o',
      code: 'O',
      name: 'Orphan',
      level: 'community',
      parentId: 'missing',
      geometry: { type: 'Polygon', coordinates: [square(20, 20, 21, 21)] },
    };
    const withOrphan = LocateIndex.build([...items, orphan]);
    expect(codes(withOrphan.locate(20.5, 20.5))).toEqual(['O']);
    expect(codes(withOrphan.locate(0.25, 3))).toEqual(['310000', '310101', '310101001', '310101001G001', '310101001001']);
    // Without a city, districts are the top level.
    const noCity = LocateIndex.build(items.slice(1).map((i) => (i.parentId === 'c' ? { ...i, parentId: null } : i)));
    expect(codes(noCity.locate(7, 7))).toEqual(['310104']);
    expect(codes(noCity.locate(11, 5))).toEqual([]);
  });

  it('agrees with brute force on a multi-level tree of thousands of cells', () => {
    // 80×80 unit cells at one level: enough for a three-level packed tree (16 per node).
    const cells: LocatableJurisdiction[] = [];
    for (let i = 0; i < 80; i++) {
      for (let j = 0; j < 80; j++) {
        const id = `${i}-${j}`;
        cells.push({
          id,
          code: id,
          name: id,
          level: 'community',
          parentId: null,
          geometry: { type: 'Polygon', coordinates: [square(i, j, i + 1, j + 1)] },
        });
      }
    }
    const big = LocateIndex.build(cells);
    let seed = 42;
    const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let k = 0; k < 2000; k++) {
      const x = rand() * 82 - 1;
      const y = rand() * 82 - 1;
      expect(codes(big.locate(x, y))).toEqual(codes(bruteForceLocate(cells, x, y)));
    }
  });
});
