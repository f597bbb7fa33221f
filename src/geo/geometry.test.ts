import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MultiPolygon, Polygon, Ring } from './geojson.ts';
import { geometryBBox, pointInGeometry, pointInRings, polygonsOf, rayCrossesEdge, validateGeometry } from './geometry.ts';

const square = (x0: number, y0: number, x1: number, y1: number): Ring => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];

/** A 10×10 square with a 2×2 hole in the middle (hole wound the other way, as GeoJSON asks). */
const withHole: Polygon = { type: 'Polygon', coordinates: [square(0, 0, 10, 10), square(4, 4, 6, 6).reverse()] };
const twoIslands: MultiPolygon = {
  type: 'MultiPolygon',
  coordinates: [[square(0, 0, 1, 1)], [square(5, 5, 7, 6)]],
};

describe('geometryBBox', () => {
  it('spans all parts of a multipolygon', () => {
    expect(geometryBBox(twoIslands)).toEqual([0, 0, 7, 6]);
    expect(geometryBBox(withHole)).toEqual([0, 0, 10, 10]);
  });
});

describe('point in polygon', () => {
  it('honours holes', () => {
    expect(pointInGeometry(withHole, 1, 1)).toBe(true);
    expect(pointInGeometry(withHole, 5, 5)).toBe(false);
    expect(pointInGeometry(withHole, 3.9, 5)).toBe(true);
    expect(pointInGeometry(withHole, 11, 5)).toBe(false);
  });

  it('finds points in any part of a multipolygon and none between parts', () => {
    expect(pointInGeometry(twoIslands, 0.5, 0.5)).toBe(true);
    expect(pointInGeometry(twoIslands, 6, 5.5)).toBe(true);
    expect(pointInGeometry(twoIslands, 3, 3)).toBe(false);
  });

  it('handles a concave polygon and a ray through a vertex', () => {
    // A "V" notch from the top down to (5, 5): the ray from (1, 5) passes through the notch tip.
    const notch: Polygon = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [10, 0],
          [10, 10],
          [5, 5],
          [0, 10],
          [0, 0],
        ],
      ],
    };
    expect(pointInGeometry(notch, 1, 5)).toBe(true);
    expect(pointInGeometry(notch, 5, 8)).toBe(false);
    expect(pointInGeometry(notch, 5, 4)).toBe(true);
  });

  it('puts a point on an edge shared by two neighbours in at most one of them', () => {
    // Two triangles sharing the diagonal (0,0)-(3,7), walked in opposite directions.
    const left: Ring[] = [
      [
        [0, 0],
        [3, 7],
        [-5, 3],
        [0, 0],
      ],
    ];
    const right: Ring[] = [
      [
        [3, 7],
        [0, 0],
        [6, 1],
        [3, 7],
      ],
    ];
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 0.99, noNaN: true }), (t) => {
        const x = 3 * t;
        const y = 7 * t;
        const hits = Number(pointInRings(left, x, y)) + Number(pointInRings(right, x, y));
        return hits <= 1;
      }),
    );
  });

  it('answers the same for an edge walked either way', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 6, maxLength: 6 }),
        ([x = 0, y = 0, ax = 0, ay = 0, bx = 0, by = 0]) => rayCrossesEdge(x, y, ax, ay, bx, by) === rayCrossesEdge(x, y, bx, by, ax, ay),
      ),
    );
    expect(rayCrossesEdge(0, 0.5, 1, 0, 1, 1)).toBe(true);
    expect(rayCrossesEdge(2, 0.5, 1, 0, 1, 1)).toBe(false);
    expect(rayCrossesEdge(0, 1, 1, 0, 1, 1)).toBe(false); // half-open: the top end does not count
    expect(rayCrossesEdge(0, 0, 1, 0, 1, 1)).toBe(true); // … the bottom end does
  });

  it('polygonsOf treats Polygon and MultiPolygon alike', () => {
    expect(polygonsOf(withHole)).toHaveLength(1);
    expect(polygonsOf(twoIslands)).toHaveLength(2);
  });
});

describe('validateGeometry', () => {
  it('accepts valid polygons and multipolygons', () => {
    expect(validateGeometry(withHole)).toBeNull();
    expect(validateGeometry(twoIslands)).toBeNull();
  });

  it.each([
    [null, 'geometry is missing'],
    [{ type: 'Point', coordinates: [0, 0] }, 'type Point is not Polygon or MultiPolygon'],
    [{ type: 'Polygon', coordinates: [] }, 'polygon has no rings'],
    [
      {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [0, 0],
          ],
        ],
      },
      'polygon ring 0 has 3 positions (a closed ring needs at least 4)',
    ],
    [
      {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [1, 1],
            [0, 1],
          ],
        ],
      },
      'polygon ring 0 is not closed (first position differs from last)',
    ],
    [
      {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [181, 0],
            [1, 1],
            [0, 0],
          ],
        ],
      },
      'polygon ring 0 position 1 has longitude 181 outside [-180, 180]',
    ],
    [
      {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, -91],
            [1, 1],
            [0, 0],
          ],
        ],
      },
      'polygon ring 0 position 1 has latitude -91 outside [-90, 90]',
    ],
    [
      {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, NaN],
            [1, 1],
            [0, 0],
          ],
        ],
      },
      'polygon ring 0 position 1 has a non-finite number',
    ],
    [{ type: 'Polygon', coordinates: [[[0, 0], [1, 0], 'x', [0, 0]]] }, 'polygon ring 0 position 2 is not [lon, lat]'],
    [{ type: 'MultiPolygon', coordinates: [] }, 'multipolygon has no polygons'],
    [
      {
        type: 'MultiPolygon',
        coordinates: [
          [square(0, 0, 1, 1)],
          [
            [
              [0, 0],
              [1, 1],
              [0, 0],
            ],
          ],
        ],
      },
      'polygon 1 ring 0 has 3 positions (a closed ring needs at least 4)',
    ],
  ])('rejects %j', (g, reason) => {
    expect(validateGeometry(g)).toBe(reason);
  });
});
