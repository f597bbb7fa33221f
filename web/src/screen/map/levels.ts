/**
 * Which jurisdiction level the map shows at which zoom, and whose children each level is loaded
 * for. Districts fill the city view; streets take over when zoomed in (or a district is picked),
 * then grids, then communities. Outlines appear a little before their fill so the next level is
 * visible as lines while the current one is still coloured. Pure.
 */
import type { JurisdictionLevel } from '../../api/types.ts';

/** The levels drawn as polygons, coarsest first. */
export const MAP_LEVELS = ['district', 'street', 'grid', 'community'] as const;
/** One drawn level. */
export type MapLevel = (typeof MAP_LEVELS)[number];

/** Every level, city first (the tree's order). */
const RANK: Record<JurisdictionLevel, number> = { city: 0, district: 1, street: 2, grid: 3, community: 4 };

/** Depth of a level in the tree (city 0). */
export function levelRank(level: JurisdictionLevel): number {
  return RANK[level];
}

/** Zoom band of a level: its fill shows in [fillFrom, fillTo), its outline from lineFrom on. */
export interface LevelBand {
  fillFrom: number;
  fillTo: number;
  lineFrom: number;
}

/** The bands: the city (~50 km across) fits a laptop screen around zoom 9. */
export const LEVEL_BANDS: Readonly<Record<MapLevel, LevelBand>> = {
  district: { fillFrom: 0, fillTo: 10.5, lineFrom: 0 },
  street: { fillFrom: 10.5, fillTo: 12.5, lineFrom: 9.5 },
  grid: { fillFrom: 12.5, fillTo: 13.8, lineFrom: 12 },
  community: { fillFrom: 13.8, fillTo: 24, lineFrom: 13 },
};

/** Whether a level has anything on screen at `zoom` (its outline shows from `lineFrom`). */
export function levelVisibleAt(level: MapLevel, zoom: number): boolean {
  return zoom >= LEVEL_BANDS[level].lineFrom;
}

/** The level whose fill is shown at `zoom`. */
export function fillLevelAt(zoom: number): MapLevel {
  return MAP_LEVELS.find((l) => zoom >= LEVEL_BANDS[l].fillFrom && zoom < LEVEL_BANDS[l].fillTo) ?? 'community';
}

/** Where the map stands: the caller's scope and the jurisdiction picked (or none). */
export interface LevelContext {
  scope: { id: string; level: JurisdictionLevel };
  selected: { id: string; level: JurisdictionLevel } | null;
}

/**
 * Whose part of a level to load: below the selected jurisdiction, only its own part (drill-down);
 * at or above it, the whole scope, so the selection keeps its neighbours around it. Null when the
 * level lies above the scope (at the scope's own level the scope draws as its one polygon).
 */
export function parentFor(level: MapLevel, ctx: LevelContext): string | null {
  if (RANK[level] < RANK[ctx.scope.level]) return null;
  if (ctx.selected && RANK[level] > RANK[ctx.selected.level]) return ctx.selected.id;
  return ctx.scope.id;
}

/** The first level below `level` that the map draws, or null below communities. */
export function childLevel(level: JurisdictionLevel): MapLevel | null {
  return MAP_LEVELS.find((l) => RANK[l] > RANK[level]) ?? null;
}
