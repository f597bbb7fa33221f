/**
 * Exact checks on the rounded city, run before anything is written: every unit non-empty and
 * valid GeoJSON, and every parent tiled by its children edge for edge. Tiling is checked on
 * shared vertex ids: each edge of a parent must be an edge of exactly one child, and every
 * other child edge must be shared by exactly two children. That is what makes a point's
 * containing units one clean chain, which the locate index relies on.
 */
import type { JurisdictionLevel } from '../../src/geo/model.ts';
import type { Conformed, IntShape } from './conform.ts';

/** Per child level: how many parents were checked and how many edges failed. */
export interface TilingReport {
  level: JurisdictionLevel;
  parents: number;
  badParents: number;
  badEdges: number;
  examples: string[];
}

function edgesOf(shape: IntShape, n: number, visit: (key: number) => void): void {
  for (const polygon of shape) {
    for (const ring of polygon) {
      for (let i = 0; i < ring.length; i++) {
        const a = ring[i] as number;
        const b = ring[(i + 1) % ring.length] as number;
        visit(a < b ? a * n + b : b * n + a);
      }
    }
  }
}

/** Checks that each parent is tiled by its children; units and conformed.shapes align. */
export function checkTiling(
  units: ReadonlyArray<{ code: string; level: JurisdictionLevel; parentCode: string | null }>,
  conformed: Conformed,
): TilingReport[] {
  const n = conformed.xs.length;
  const index = new Map(units.map((u, i) => [u.code, i]));
  const children = new Map<number, number[]>();
  units.forEach((u, i) => {
    const p = u.parentCode === null ? undefined : index.get(u.parentCode);
    if (p === undefined) return;
    const list = children.get(p) ?? [];
    list.push(i);
    children.set(p, list);
  });
  const reports = new Map<JurisdictionLevel, TilingReport>();
  for (const [p, kids] of children) {
    const level = units[kids[0] as number]?.level ?? 'community';
    const report = reports.get(level) ?? { level, parents: 0, badParents: 0, badEdges: 0, examples: [] };
    reports.set(level, report);
    report.parents++;
    const count = new Map<number, number>();
    for (const k of kids) edgesOf(conformed.shapes[k] ?? [], n, (e) => count.set(e, (count.get(e) ?? 0) + 1));
    let bad = 0;
    const onBoundary = new Set<number>();
    edgesOf(conformed.shapes[p] ?? [], n, (e) => {
      onBoundary.add(e);
      if (count.get(e) !== 1) bad++;
    });
    for (const [e, c] of count) if (!onBoundary.has(e) && c !== 2) bad++;
    if (bad > 0) {
      report.badParents++;
      report.badEdges += bad;
      if (report.examples.length < 5) report.examples.push(`${units[p]?.code ?? p}: ${bad} edges`);
    }
  }
  return [...reports.values()];
}
