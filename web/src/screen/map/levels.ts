/**
 * Which jurisdiction level the map shows at which zoom, and whose children each level is loaded
 * for. The level below the jurisdiction looked at fills the view (districts for the city); the
 * next takes over as you zoom in (or pick one), then grids, then communities. Outlines appear a
 * little before their fill so the next level shows as lines while the current one is still
 * coloured. Pure.
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

/** Zoom bands of every level. */
export type LevelBands = Readonly<Record<MapLevel, LevelBand>>;

/** Zoom steps between one level's fill and the next (1.5 ≈ ×2.8 in scale: a district holds ~15 streets). */
const STEP = 1.5;

/**
 * The bands when `base` is the level first shown (the one below the jurisdiction looked at) and
 * the map fits that jurisdiction at `baseZoom`: `base` fills the view, each deeper level takes
 * over 1.5 zoom levels further in (its outline a level earlier), and coarser levels fill when
 * zoomed out. So a city screen starts on districts, a district screen on streets, a street screen
 * on grids, whatever the size of the wall.
 * @example bandsFor('district', 9).street // { fillFrom: 10.5, fillTo: 12, lineFrom: 9.5 }
 */
export function bandsFor(base: MapLevel, baseZoom: number): LevelBands {
  const ib = MAP_LEVELS.indexOf(base);
  // Boundary between level k-1 and level k.
  const edge = (k: number) => baseZoom + STEP * (k - ib) - (k <= ib ? STEP : 0);
  const out = {} as Record<MapLevel, LevelBand>;
  MAP_LEVELS.forEach((level, i) => {
    const fillFrom = i === 0 ? 0 : edge(i);
    out[level] = { fillFrom, fillTo: i === MAP_LEVELS.length - 1 ? 24 : edge(i + 1), lineFrom: i <= ib ? 0 : fillFrom - 1 };
  });
  return out;
}

/** The bands of a city-wide screen on a laptop (the city fits around zoom 9). */
export const DEFAULT_BANDS: LevelBands = bandsFor('district', 9);

/** Zoom range of a level's name labels: while its fill shows, so one level is named at a time. */
export function labelZoomRange(band: LevelBand): [number, number] {
  return [band.fillFrom, band.fillTo];
}

/** Whether a level has anything on screen at `zoom` (its outline shows from `lineFrom`). */
export function levelVisibleAt(level: MapLevel, zoom: number, bands: LevelBands = DEFAULT_BANDS): boolean {
  return zoom >= bands[level].lineFrom;
}

/** The level whose fill is shown at `zoom`. */
export function fillLevelAt(zoom: number, bands: LevelBands = DEFAULT_BANDS): MapLevel {
  return MAP_LEVELS.find((l) => zoom >= bands[l].fillFrom && zoom < bands[l].fillTo) ?? 'community';
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

/** The zoom bands when the map looks at `ctx` from `zoom`: the level below the one looked at fills the view. */
export function bandsAt(ctx: LevelContext, zoom: number): LevelBands {
  return bandsFor(childLevel(ctx.selected?.level ?? ctx.scope.level) ?? 'community', zoom);
}

/** The levels (and whose part of each) on screen at `zoom`. */
export function levelsShown(ctx: LevelContext, zoom: number, bands: LevelBands): Array<{ level: MapLevel; parent: string }> {
  const out: Array<{ level: MapLevel; parent: string }> = [];
  for (const level of MAP_LEVELS) {
    const parent = parentFor(level, ctx);
    if (parent !== null && levelVisibleAt(level, zoom, bands)) out.push({ level, parent });
  }
  return out;
}
