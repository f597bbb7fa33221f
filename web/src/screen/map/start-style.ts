/**
 * The style the map is made with: {@link screenStyle} with everything already known put in —
 * the zoom bands, the selection's outline, the first levels' polygons and fill, the alerts and
 * cases loaded so far (devices come later: device-layer.ts). Not the names: a label layer's glyphs are
 * drawn on the main thread and its symbols placed a frame later, which would hold back the first
 * paint by two frames; the polygons are drawn first and named right after. Each of these set on a loaded map
 * instead (setData, setFilter, setLayerZoomRange, a data-driven setPaintProperty) re-tiles a
 * source in the worker and costs a frame; in a software-rendered browser a frame of the screen
 * is 100–400 ms, so the first paint waits for all of them. Pure.
 */
import type { FillMode } from './fill-model.ts';
import { fillColor, fillOpacity } from './fill-model.ts';
import { labelZoomRange, MAP_LEVELS, type LevelBands, type MapLevel } from './levels.ts';
import type { FilterSpec, LayerSpec, StyleSpec } from './spec-types.ts';
import { LAYER, SOURCE } from './map-ids.ts';
import { screenStyle } from './style.ts';
import type { JurisdictionProps, ShapeFeature } from '../types.ts';

/** What is known when the map is made. */
export interface StyleStart {
  bands: LevelBands;
  /** The jurisdiction outlined as picked, if any. */
  selectedId: string | null;
  mode: FillMode;
  /** Polygons of the levels on screen. */
  levels: ReadonlyArray<{ level: MapLevel; features: readonly ShapeFeature<JurisdictionProps>[] }>;
  /** Points as the point layers would set them (already narrowed to the scenario). */
  alerts: readonly object[];
  cases: readonly object[];
}

/** The loose view of a layer this file writes to (the spec's union has no common writable shape). */
type Writable = { minzoom?: number; maxzoom?: number; filter?: FilterSpec; paint?: Record<string, unknown> };

/** The outline filter of the picked jurisdiction (matches nothing when none is). */
export function selectedFilter(id: string | null): FilterSpec {
  return ['==', ['get', 'id'], id ?? ''];
}

/**
 * The screen's style with the start put in.
 * @example new Map({ container, style: startStyle(start), center, zoom });
 */
export function startStyle(start: StyleStart): StyleSpec {
  const style = screenStyle();
  const layers = new Map<string, Writable>(style.layers.map((l: LayerSpec) => [l.id, l as Writable]));
  const layer = (id: string) => layers.get(id)!;
  const setData = (id: string, features: readonly object[]) => {
    style.sources[id] = { ...style.sources[id]!, data: { type: 'FeatureCollection', features } } as StyleSpec['sources'][string];
  };

  for (const level of MAP_LEVELS) {
    const b = start.bands[level];
    Object.assign(layer(LAYER.fill(level)), { minzoom: b.fillFrom, maxzoom: b.fillTo });
    layer(LAYER.line(level)).minzoom = b.lineFrom;
    const [from, to] = labelZoomRange(b);
    Object.assign(layer(LAYER.label(level)), { minzoom: from, maxzoom: to });
    layer(LAYER.selected(level)).filter = selectedFilter(start.selectedId);
  }
  for (const { level, features } of start.levels) {
    // Names come after the first paint (jurisdiction-layers.ts: nameStartLevels).
    setData(SOURCE.level(level), features);
    const fill = layer(LAYER.fill(level));
    fill.paint = {
      ...fill.paint,
      'fill-color': fillColor(
        start.mode,
        features.map((f) => f.properties.openCases),
      ),
      'fill-opacity': fillOpacity(start.mode),
    };
  }
  setData(SOURCE.alerts, start.alerts);
  setData(SOURCE.cases, start.cases);
  return style;
}
