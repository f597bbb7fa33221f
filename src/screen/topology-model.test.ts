import { describe, expect, it } from 'vitest';
import type { Polygon, Position } from '../geo/geojson.ts';
import { readDemoFeatures } from '../demo/load-demo.ts';
import { roundPositions, simplifyChain } from './simplify-model.ts';
import { findJunctions, simplifyShapes, VertexIds, vertexCount } from './topology-model.ts';

/** ~1 m in degrees of latitude. */
const M = 1 / 111_320;

describe('simplifyChain (Douglas–Peucker)', () => {
  it('keeps the ends and drops vertices within the tolerance, keeps those beyond', () => {
    const line: Position[] = [
      [0, 0],
      [10 * M, 0.5 * M],
      [20 * M, 0],
      [30 * M, 8 * M],
      [40 * M, 0],
    ];
    expect(simplifyChain(line, 1)).toEqual([0, 2, 3, 4]);
    expect(simplifyChain(line, 10)).toEqual([0, 4]);
    expect(simplifyChain(line.slice(0, 2), 100)).toEqual([0, 1]);
  });

  it('simplifies a closed loop (first = last) around its farthest point', () => {
    const loop: Position[] = [
      [0, 0],
      [100 * M, 0],
      [100 * M, 100 * M],
      [0, 100 * M],
      [0, 0],
    ];
    expect(simplifyChain(loop, 1)).toEqual([0, 1, 2, 3, 4]);
  });

  it('rounds and drops the repeats rounding makes', () => {
    expect(
      roundPositions(
        [
          [1.000001, 2],
          [1.000002, 2],
          [3, 4],
        ],
        5,
      ),
    ).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });
});

/** Two squares side by side sharing a wiggly vertical edge x = 100 m. */
function twoSquares(): { a: Polygon; b: Polygon } {
  const wiggle: Position[] = [];
  for (let i = 0; i <= 20; i++) wiggle.push([(100 + (i % 2 ? 0.3 : -0.3)) * M, i * 5 * M]);
  wiggle[0] = [100 * M, 0];
  wiggle[20] = [100 * M, 100 * M];
  const a: Polygon = { type: 'Polygon', coordinates: [[[0, 0], ...wiggle, [0, 100 * M], [0, 0]]] };
  const b: Polygon = { type: 'Polygon', coordinates: [[[200 * M, 0], [200 * M, 100 * M], ...wiggle.slice().reverse(), [200 * M, 0]]] };
  return { a, b };
}

describe('simplifyShapes keeps shared edges shared', () => {
  it('finds the ends of the shared edge as junctions', () => {
    const { a, b } = twoSquares();
    const ids = new VertexIds();
    const rings = [ids.of(a.coordinates[0]!.slice(0, -1)), ids.of(b.coordinates[0]!.slice(0, -1))];
    const junction = findJunctions(rings, ids.size);
    const ends = ids.of([
      [100 * M, 0],
      [100 * M, 100 * M],
    ]);
    expect([...junction.keys()].filter((v) => junction[v])).toEqual([...ends].sort((x, y) => x - y));
  });

  it('simplifies the shared edge to the same vertices on both sides', () => {
    const { a, b } = twoSquares();
    const out = simplifyShapes(
      [
        { id: 'a', geometry: a },
        { id: 'b', geometry: b },
      ],
      { toleranceM: 1, decimals: 7 },
    );
    const ra = (out.get('a') as Polygon).coordinates[0]!;
    const rb = (out.get('b') as Polygon).coordinates[0]!;
    expect(ra.length).toBeLessThan(a.coordinates[0]!.length);
    const onEdge = (r: Position[]) => r.filter((p) => Math.abs(p[0] - 100 * M) < 1e-9).map((p) => p.join(','));
    expect(new Set(onEdge(ra))).toEqual(new Set(onEdge(rb)));
  });

  it('leaves no gap between the demo city’s streets: every simplified edge is shared unless it lies on the city’s outline', () => {
    const streets = readDemoFeatures().filter((f) => f.level === 'street');
    const settings = { toleranceM: 15, decimals: 6 };
    const out = simplifyShapes(
      streets.map((f) => ({ id: f.code, geometry: f.geometry })),
      settings,
    );
    expect(out.size).toBe(streets.length);
    const edges = (rings: Position[][]) => rings.flatMap((r) => r.slice(1).map((p, i) => [r[i]!.join(','), p.join(',')] as const));
    const ringsOf = (g: { type: string; coordinates: unknown }) =>
      (g.type === 'Polygon' ? g.coordinates : (g.coordinates as Position[][][]).flat()) as Position[][];
    // The outline: vertices of edges that only one street has.
    const before = streets.flatMap((f) => edges(ringsOf(f.geometry).map((r) => roundPositions(r, 6))));
    const undirected = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);
    const seen = new Map<string, number>();
    for (const [a, b] of before) seen.set(undirected(a, b), (seen.get(undirected(a, b)) ?? 0) + 1);
    const outline = new Set(before.filter(([a, b]) => seen.get(undirected(a, b)) === 1).flatMap(([a, b]) => [a, b]));
    // Streets thinner than the tolerance keep their stored outline (they would vanish otherwise).
    const whole = streets.filter((f) => vertexCount(out.get(f.code)!) === vertexCount(f.geometry)).map((f) => f.code);
    expect(whole.length).toBeLessThan(5);
    const after = [...out].filter(([code]) => !whole.includes(code)).flatMap(([, g]) => edges(ringsOf(g)));
    const directed = new Set(after.map(([a, b]) => `${a}|${b}`));
    const wholeVertices = new Set(
      whole.flatMap((code) =>
        ringsOf(out.get(code)!)
          .flat()
          .map((p) => p.join(',')),
      ),
    );
    // An edge is shared, or on the city's outline, or closes over a whole-kept sliver.
    const unshared = after.filter(([a, b]) => !directed.has(`${b}|${a}`) && !(wholeVertices.has(a) && wholeVertices.has(b)));
    for (const [a, b] of unshared) expect(outline.has(a) && outline.has(b), `${a} → ${b}`).toBe(true);
    const n0 = streets.reduce((n, f) => n + vertexCount(f.geometry), 0);
    const n1 = [...out.values()].reduce((n, g) => n + vertexCount(g), 0);
    expect(n1).toBeLessThan(n0 * 0.8);
  });
});
