/**
 * The jurisdiction polygons on the map: which part of which level is loaded (levels appear as
 * the zoom reaches them; below a picked jurisdiction only its own part is loaded), the fill by
 * open cases or active alerts, the picked one's outline, and a periodic refresh of the counts.
 * Each level's layer is fetched once per parent and kept while the view stays in that parent.
 */
import type { Map as MapLibreMap } from 'maplibre-gl';
import { screenApi } from '../data/screen-api.ts';
import type { JurisdictionProps, ShapeFeature } from '../types.ts';
import { fillColor, fillOpacity, type FillMode } from './fill-model.ts';
import { labelFeatures } from './label-points.ts';
import { levelVisibleAt, MAP_LEVELS, parentFor, type LevelContext, type MapLevel } from './levels.ts';
import { collection, EMPTY_COLLECTION, setSourceData } from './sources.ts';
import { LAYER, SOURCE } from './style.ts';

interface Loaded {
  parent: string;
  /** Open cases per feature, for the fill's class breaks. */
  counts: number[];
  features: number;
}

/** Callbacks to the page. */
export interface JurisdictionHooks {
  /** A level's data arrived (its feature count). */
  onLoaded?(level: MapLevel, features: number): void;
  onError?(error: unknown): void;
}

/** The polygons of every level. */
export class JurisdictionLayers {
  private ctx: LevelContext | null = null;
  private mode: FillMode = 'cases';
  private readonly loaded = new Map<MapLevel, Loaded>();
  private readonly inFlight = new Map<MapLevel, { parent: string; abort: AbortController }>();

  constructor(
    private readonly map: MapLibreMap,
    private readonly hooks: JurisdictionHooks = {},
  ) {}

  /** Sets scope and selection; levels loaded for another parent are emptied and loaded again. */
  setContext(ctx: LevelContext): void {
    this.ctx = ctx;
    for (const level of MAP_LEVELS) {
      const parent = parentFor(level, ctx);
      const have = this.loaded.get(level);
      if (have && have.parent !== parent) {
        this.loaded.delete(level);
        setSourceData(this.map, SOURCE.level(level), EMPTY_COLLECTION);
        setSourceData(this.map, SOURCE.labels(level), EMPTY_COLLECTION);
      }
      const pending = this.inFlight.get(level);
      if (pending && pending.parent !== parent) {
        pending.abort.abort();
        this.inFlight.delete(level);
      }
    }
    for (const level of MAP_LEVELS) this.map.setFilter(LAYER.selected(level), ['==', ['get', 'id'], ctx.selected?.id ?? '']);
    this.update();
  }

  /** Colours by open cases or by active alerts. */
  setFillMode(mode: FillMode): void {
    this.mode = mode;
    for (const [level, l] of this.loaded) this.paint(level, l.counts);
  }

  /** Loads the levels the current zoom shows that are not loaded yet (call after moves). */
  update(): void {
    const ctx = this.ctx;
    if (!ctx) return;
    const zoom = this.map.getZoom();
    for (const level of MAP_LEVELS) {
      const parent = parentFor(level, ctx);
      if (parent === null || !levelVisibleAt(level, zoom)) continue;
      if (this.loaded.get(level)?.parent === parent || this.inFlight.get(level)?.parent === parent) continue;
      void this.load(level, parent);
    }
  }

  /** Fetches the loaded levels again (new counts), e.g. every minute or after a resync. */
  refresh(): void {
    for (const [level, l] of this.loaded) if (!this.inFlight.has(level)) void this.load(level, l.parent);
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
      const layer = await screenApi.jurisdictions(level, parent, abort.signal);
      if (abort.signal.aborted) return;
      const features: ShapeFeature<JurisdictionProps>[] = layer.features;
      setSourceData(this.map, SOURCE.level(level), collection(features));
      setSourceData(this.map, SOURCE.labels(level), collection(labelFeatures(features)));
      const counts = features.map((f) => f.properties.openCases);
      this.loaded.set(level, { parent, counts, features: features.length });
      this.paint(level, counts);
      this.hooks.onLoaded?.(level, features.length);
    } catch (e) {
      if (!abort.signal.aborted) this.hooks.onError?.(e);
    } finally {
      if (this.inFlight.get(level)?.abort === abort) this.inFlight.delete(level);
    }
  }

  private paint(level: MapLevel, counts: readonly number[]): void {
    this.map.setPaintProperty(LAYER.fill(level), 'fill-color', fillColor(this.mode, counts));
    this.map.setPaintProperty(LAYER.fill(level), 'fill-opacity', fillOpacity(this.mode));
  }
}
