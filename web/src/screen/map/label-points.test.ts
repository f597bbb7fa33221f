import { describe, expect, it } from 'vitest';
import { labelPoint } from './label-points.ts';

/** Even-odd point-in-polygon, to check the label lies inside. */
function inside(rings: number[][][], [x, y]: [number, number]): boolean {
  let c = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i]!;
      const [xj, yj] = ring[j]!;
      if (yi! > y !== yj! > y && x < ((xj! - xi!) * (y - yi!)) / (yj! - yi!) + xi!) c = !c;
    }
  }
  return c;
}

describe('label points', () => {
  it('puts a square’s label in its middle', () => {
    expect(
      labelPoint({
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [2, 0],
            [2, 2],
            [0, 2],
            [0, 0],
          ],
        ],
      }),
    ).toEqual([1, 1]);
  });

  it('keeps the label inside a concave shape (a C), where the box centre is outside', () => {
    const c = [
      [
        [0, 0],
        [3, 0],
        [3, 1],
        [1, 1],
        [1, 2],
        [3, 2],
        [3, 3],
        [0, 3],
        [0, 0],
      ],
    ];
    const at = labelPoint({ type: 'Polygon', coordinates: c })!;
    expect(inside(c, at)).toBe(true);
    expect(inside(c, [1.5, 1.5])).toBe(false);
  });

  it('avoids holes and picks the widest part of a multipolygon', () => {
    const donut = [
      [
        [0, 0],
        [10, 0],
        [10, 10],
        [0, 10],
        [0, 0],
      ],
      [
        [2, 2],
        [8, 2],
        [8, 8],
        [2, 8],
        [2, 2],
      ],
    ];
    const at = labelPoint({
      type: 'MultiPolygon',
      coordinates: [
        [
          [
            [20, 0],
            [21, 0],
            [21, 1],
            [20, 1],
            [20, 0],
          ],
        ],
        donut,
      ],
    })!;
    expect(inside(donut, at)).toBe(true);
  });

  it('gives nothing for a missing or degenerate boundary', () => {
    expect(labelPoint(null)).toBeNull();
    expect(
      labelPoint({
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 1],
          ],
        ],
      }),
    ).toBeNull();
  });
});
