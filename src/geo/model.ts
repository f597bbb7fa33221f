/**
 * The city model's types: jurisdictions at five levels, each a polygon or multipolygon in WGS-84.
 * Pure types and helpers only; no I/O.
 */
import type { MultiPolygon, Polygon } from './geojson.ts';

/** Jurisdiction levels from the top down (市 › 区 › 街镇 › 网格 › 居村). */
export const LEVELS = ['city', 'district', 'street', 'grid', 'community'] as const;

/** One jurisdiction level. */
export type JurisdictionLevel = (typeof LEVELS)[number];

/** Depth of a level, 0 for city. */
export function levelDepth(level: JurisdictionLevel): number {
  return LEVELS.indexOf(level);
}

/** A jurisdiction as the generator and importers produce it, before it has an id. */
export interface JurisdictionFeature {
  code: string;
  name: string;
  level: JurisdictionLevel;
  parentCode: string | null;
  geometry: Polygon | MultiPolygon;
}

/** A jurisdiction as the platform refers to it in answers (a link in a locate chain). */
export interface JurisdictionRef {
  id: string;
  code: string;
  name: string;
  level: JurisdictionLevel;
}

/** A stored jurisdiction, without its geometry. */
export interface Jurisdiction extends JurisdictionRef {
  parentId: string | null;
  /** Materialized path of ids from the top, `/id1/id2/`; a subtree is a path prefix. */
  path: string;
  depth: number;
  bbox: [number, number, number, number];
  /** A point inside the jurisdiction, for labels and default map views. */
  center: [number, number];
}

/** True if `level` may sit directly or indirectly under `parent`. */
export function isBelow(level: JurisdictionLevel, parent: JurisdictionLevel): boolean {
  return levelDepth(level) > levelDepth(parent);
}
