/**
 * The jurisdiction polygons on the map: which part of which level is loaded (levels appear as
 * the zoom reaches them; below a picked jurisdiction only its own part is loaded), the fill by
 * open cases or active alerts, the picked one's outline, and fresh counts. Each level's layer is
 * fetched once per parent; later counts (for the level being filled only — outlines need none)
 * go into feature state when the polygons are the same ones, so 6,500 communities are not
 * re-tiled for a new number. The levels on screen at the start come in the map's style
 * (start-style.ts); later ones are fetched as the zoom or the context asks for them.
 */
import type { Map as MapLibreMap } from 'maplibre-gl';
import { screenApi } from '../data/screen-api.ts';
import type { JurisdictionProps, ShapeFeature } from '../types.ts';
import { fillColor, fillOpacity, type FillMode } from './fill-model.ts';
import { labelFeatures } from './label-points.ts';
import {
  DEFAULT_BANDS,
  fillLevelAt,
  labelZoomRange,
  levelVisibleAt,
  MAP_LEVELS,
  parentFor,
  type LevelBands,
  type LevelContext,
  type MapLevel,
} from './levels.ts';
import { sameIds } from './same-ids.ts';
import { collection, EMPTY_COLLECTION, setSourceData } from './sources.ts';
import { selectedFilter } from './start-style.ts';
import { LAYER, SOURCE } from './map-ids.ts';

/** What the fill reads of a polygon, as feature state (`worstLevel` 'none' for no alert). */
interface Figures {
  openCases: number;
  activeAlerts: number;
  worstLevel: string;
}

interface Loaded {
  parent: string;
  ids: string[];
  figures: Figures[];
  /** Counts have changed since; reload when this level is filled again. */
  stale: boolean;
}

/** Callbacks to the page. */
export interface JurisdictionHooks {
  /** A level's data arrived (its feature count). */
  onLoaded?(level: MapLevel, features: number): void;
  onError?(error: unknown): void;
}

function figuresOf(p: JurisdictionProps): Figures {
  return { openCases: p.openCases, activeAlerts: p.activeAlerts, worstLevel: p.worstLevel ?? 'none' };
}

/** What the map was made with (see start-style.ts): context, bands, fill and the levels already in the style. */
export interface JurisdictionStart {
  ctx: LevelContext;
  bands: LevelBands;
  mode: FillMode;
  levels: ReadonlyArray<{ level: MapLevel; parent: string; features: readonly ShapeFeature<JurisdictionProps>[] }>;
}

const sameFigures = (a: Figures, b: Figures) =>
  a.openCases === b.openCases && a.activeAlerts === b.activeAlerts && a.worstLevel === b.worstLevel;

/** The polygons of every level. */
export class JurisdictionLayers {
  private ctx: LevelContext | null = null;
  private mode: FillMode = 'cases';
  private bands: LevelBands = DEFAULT_BANDS;
  private readonly loaded = new Map<MapLevel, Loaded>();
  private readonly inFlight = new Map<MapLevel, { parent: string; abort: AbortController }>();
  /** Start levels whose names are not drawn yet. */
  private readonly unnamed = new Map<MapLevel, readonly ShapeFeature<JurisdictionProps>[]>();

  /** `ready` resolves once the map's style has loaded; `start` is what its style was made with. */
  constructor(
    private readonly map: MapLibreMap,
    private readonly ready: Promise<void>,
    start: JurisdictionStart,
    private readonly hooks: JurisdictionHooks = {},
  ) {
    this.ctx = start.ctx;
    this.bands = start.bands;
    this.mode = start.mode;
    for (const { level, parent, features } of start.levels) {
      this.loaded.set(level, {
        parent,
        ids: features.map((f) => f.properties.id),
        figures: features.map((f) => figuresOf(f.properties)),
        stale: false,
      });
      this.unnamed.set(level, features);
      this.hooks.onLoaded?.(level, features.length);
    }
  }

  /**
   * Names the polygons the map was made with (their labels are left out of the first paint);
   * returns whether there were any. Levels loaded again since were named as they came.
   */
  nameStartLevels(): boolean {
    const levels = [...this.unnamed];
    this.unnamed.clear();
    for (const [level, features] of levels) setSourceData(this.map, SOURCE.labels(level), collection(labelFeatures(features)));
    return levels.length > 0;
  }

  /**
   * Sets scope and selection, and the zoom bands for them; levels loaded for another parent are
   * emptied and loaded again.
   */
  setContext(ctx: LevelContext, bands: LevelBands): void {
    this.ctx = ctx;
    this.bands = bands;
    const emptied: MapLevel[] = [];
    for (const level of MAP_LEVELS) {
      const parent = parentFor(level, ctx);
      if (this.loaded.has(level) && this.loaded.get(level)!.parent !== parent) {
        this.loaded.delete(level);
        this.unnamed.delete(level);
        emptied.push(level);
      }
      const pending = this.inFlight.get(level);
      if (pending && pending.parent !== parent) {
        pending.abort.abort();
        this.inFlight.delete(level);
      }
    }
    void this.ready.then(() => {
      for (const level of emptied) {
        setSourceData(this.map, SOURCE.level(level), EMPTY_COLLECTION);
        setSourceData(this.map, SOURCE.labels(level), EMPTY_COLLECTION);
      }
      for (const level of MAP_LEVELS) {
        const b = bands[level];
        this.map.setLayerZoomRange(LAYER.fill(level), b.fillFrom, b.fillTo);
        this.map.setLayerZoomRange(LAYER.line(level), b.lineFrom, 24);
        const [from, to] = labelZoomRange(b);
        this.map.setLayerZoomRange(LAYER.label(level), from, to);
        this.map.setFilter(LAYER.selected(level), selectedFilter(ctx.selected?.id ?? null));
      }
    });
    this.update();
  }

  /** Colours by open cases or by active alerts. */
  setFillMode(mode: FillMode): void {
    if (mode === this.mode) return;
    this.mode = mode;
    void this.ready.then(() => {
      for (const [level, l] of this.loaded) this.paint(level, l.figures);
    });
  }

  /** Loads what the current zoom shows and is missing or stale (call after moves). */
  update(): void {
    const ctx = this.ctx;
    if (!ctx) return;
    const zoom = this.map.getZoom();
    const filled = fillLevelAt(zoom, this.bands);
    for (const level of MAP_LEVELS) {
      const parent = parentFor(level, ctx);
      if (parent === null || !levelVisibleAt(level, zoom, this.bands) || this.inFlight.get(level)?.parent === parent) continue;
      const have = this.loaded.get(level);
      if (have?.parent === parent && !(have.stale && level === filled)) continue;
      void this.load(level, parent);
    }
  }

  /** Counts moved on: reloads the level being filled now; the others when they are filled next. */
  refresh(): void {
    for (const l of this.loaded.values()) l.stale = true;
    this.update();
  }

  /** Stops pending loads. */
  dispose(): void {
    for (const p of this.inFlight.values()) p.abort.abort();
    this.inFlight.clear();
  }

  private async load(level: MapLevel, parent: string): Promise<void> {
    const abort = new AbortController();
    this.inFlight.set(level, { parent, abort });
    try {
      const [layer] = await Promise.all([screenApi.jurisdictions(level, parent, abort.signal), this.ready]);
      if (abort.signal.aborted) return;
      const features: ShapeFeature<JurisdictionProps>[] = layer.features;
      const ids = features.map((f) => f.properties.id);
      const figures = features.map((f) => figuresOf(f.properties));
      const have = this.loaded.get(level);
      if (have && have.parent === parent && sameIds(have.ids, ids)) {
        // The same polygons with new counts: feature state, no re-tiling.
        figures.forEach((f, i) => {
          if (!sameFigures(f, have.figures[i]!)) this.map.setFeatureState({ source: SOURCE.level(level), id: ids[i]! }, { ...f });
        });
      } else {
        this.map.removeFeatureState({ source: SOURCE.level(level) });
        this.unnamed.delete(level);
        setSourceData(this.map, SOURCE.level(level), collection(features));
        setSourceData(this.map, SOURCE.labels(level), collection(labelFeatures(features)));
      }
      this.loaded.set(level, { parent, ids, figures, stale: false });
      this.paint(level, figures);
      this.hooks.onLoaded?.(level, features.length);
    } catch (e) {
      if (!abort.signal.aborted) this.hooks.onError?.(e);
    } finally {
      if (this.inFlight.get(level)?.abort === abort) this.inFlight.delete(level);
    }
  }

  private paint(level: MapLevel, figures: readonly Figures[]): void {
    this.map.setPaintProperty(
      LAYER.fill(level),
      'fill-color',
      fillColor(
        this.mode,
        figures.map((f) => f.openCases),
      ),
    );
    this.map.setPaintProperty(LAYER.fill(level), 'fill-opacity', fillOpacity(this.mode));
  }
}
