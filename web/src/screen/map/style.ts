/**
 * The screen map's style, built from nothing but the platform's own data: a dark ground, the
 * jurisdiction polygons of each level (fill + outline + the selected one), devices, active alerts,
 * clustered open cases and name labels. There is no basemap and no `glyphs` URL: without one,
 * MapLibre (≥ 5.11) draws every label with the browser's local fonts (TinySDF), so no tile, font
 * or glyph request ever leaves the platform. Sources start empty; the layer classes fill them.
 * Pure.
 */
import { DEVICE_COLOR, LEVEL_COLOR, LIGHT_COLOR, MAP_COLOR } from './colors.ts';
import {
  DEVICE_CLUSTER_COLOR,
  DEVICE_CLUSTER_FILTER,
  DEVICE_CLUSTER_RADIUS_PX,
  DEVICE_POINTS_ZOOM,
  DEVICE_SINGLE_FILTER,
} from './device-clusters.ts';
import { DEFAULT_BANDS, labelZoomRange, MAP_LEVELS, type MapLevel } from './levels.ts';
import { LABEL_FONTS, LAYER, SOURCE } from './map-ids.ts';
import type { ColorValue, LayerSpec, NumberValue, SourceSpec, StyleSpec } from './spec-types.ts';

const EMPTY = { type: 'FeatureCollection', features: [] } as const;

/** Outline width per level: coarser levels draw heavier lines. */
const LINE_WIDTH: Record<MapLevel, number> = { district: 1.6, street: 1.1, grid: 0.7, community: 0.5 };

/** Label size per level at the zoom its fill starts, px. */
const LABEL_SIZE: Record<MapLevel, number> = { district: 14, street: 12, grid: 11, community: 11 };

function sources(): Record<string, SourceSpec> {
  const out: Record<string, SourceSpec> = {};
  for (const l of MAP_LEVELS) {
    // promoteId: features are addressed by jurisdiction id for hover/selection feature state.
    out[SOURCE.level(l)] = { type: 'geojson', data: EMPTY, promoteId: 'id' };
    out[SOURCE.labels(l)] = { type: 'geojson', data: EMPTY };
  }
  // Single devices, only those around the view from street zoom on, and the groups drawn below it (see device-clusters.ts).
  out[SOURCE.devices] = { type: 'geojson', data: EMPTY, buffer: 32, tolerance: 0.5 };
  out[SOURCE.deviceGroups] = { type: 'geojson', data: EMPTY, buffer: 32, tolerance: 0.5 };
  // Alerts grouped while they crowd, as cases are: 10,000 active alerts over the city, each a dot
  // with a halo, were ~2 M blended fragments a frame — in a software-rendered browser 150 ms a
  // frame, several frames after each live update (the longest hitch of the live feed at 1,000
  // alerts/s). A group is as red as its reddest alert: count the levels while clustering. Its size,
  // not a number on it, says how many: a second count label (a symbol layer beside the cases')
  // halved the frames per second while panning (31 → 15 in the bench).
  out[SOURCE.alerts] = {
    type: 'geojson',
    data: EMPTY,
    promoteId: 'id',
    cluster: true,
    clusterRadius: 40,
    clusterMaxZoom: 15,
    clusterProperties: {
      red: ['+', ['case', ['==', ['get', 'level'], 'red'], 1, 0]],
      orange: ['+', ['case', ['==', ['get', 'level'], 'orange'], 1, 0]],
      yellow: ['+', ['case', ['==', ['get', 'level'], 'yellow'], 1, 0]],
    },
  };
  out[SOURCE.cases] = {
    type: 'geojson',
    data: EMPTY,
    cluster: true,
    clusterRadius: 45,
    clusterMaxZoom: 15,
    // A cluster is as red as its reddest case: count the lights while clustering.
    clusterProperties: {
      red: ['+', ['case', ['==', ['get', 'light'], 'red'], 1, 0]],
      yellow: ['+', ['case', ['==', ['get', 'light'], 'yellow'], 1, 0]],
    },
  };
  return out;
}

function levelLayers(l: MapLevel): LayerSpec[] {
  const band = DEFAULT_BANDS[l];
  const src = SOURCE.level(l);
  return [
    {
      id: LAYER.fill(l),
      type: 'fill',
      source: src,
      minzoom: band.fillFrom,
      maxzoom: band.fillTo,
      paint: { 'fill-color': MAP_COLOR.land, 'fill-opacity': 0.5 },
    },
    {
      id: LAYER.line(l),
      type: 'line',
      source: src,
      minzoom: band.lineFrom,
      paint: {
        'line-color': [
          'case',
          ['boolean', ['feature-state', 'hover'], false],
          MAP_COLOR.hover,
          l === 'district' ? MAP_COLOR.lineStrong : MAP_COLOR.line,
        ],
        'line-width': LINE_WIDTH[l],
        'line-opacity': l === 'district' ? 0.9 : 0.7,
      },
    },
  ];
}

function selectedLayer(l: MapLevel): LayerSpec {
  return {
    id: LAYER.selected(l),
    type: 'line',
    source: SOURCE.level(l),
    filter: ['==', ['get', 'id'], ''],
    paint: { 'line-color': MAP_COLOR.selected, 'line-width': 2.5 },
  };
}

function labelLayer(l: MapLevel): LayerSpec {
  const band = DEFAULT_BANDS[l];
  const [minzoom, maxzoom] = labelZoomRange(band);
  const size = LABEL_SIZE[l];
  return {
    id: LAYER.label(l),
    type: 'symbol',
    source: SOURCE.labels(l),
    minzoom,
    maxzoom,
    layout: {
      'text-field': ['get', 'name'],
      'text-font': LABEL_FONTS,
      'text-size': ['interpolate', ['linear'], ['zoom'], band.fillFrom, size, band.fillFrom + 2, size + 3],
      'text-max-width': 6,
      'text-padding': 4,
    },
    paint: { 'text-color': MAP_COLOR.label, 'text-halo-color': MAP_COLOR.labelHalo, 'text-halo-width': 1.4, 'text-opacity': 0.9 },
  };
}

function pointLayers(): LayerSpec[] {
  const zoomRadius = (small: number, large: number): NumberValue => ['interpolate', ['linear'], ['zoom'], 8, small, 15, large];
  const lightColor: ColorValue = [
    'match',
    ['get', 'light'],
    'red',
    LIGHT_COLOR.red,
    'yellow',
    LIGHT_COLOR.yellow,
    'green',
    LIGHT_COLOR.green,
    '#8aa0b8',
  ];
  const levelColor: ColorValue = [
    'match',
    ['get', 'level'],
    'red',
    LEVEL_COLOR.red,
    'orange',
    LEVEL_COLOR.orange,
    'yellow',
    LEVEL_COLOR.yellow,
    LEVEL_COLOR.blue,
  ];
  const devicePaint = {
    'circle-radius': zoomRadius(1.2, 4),
    // The status code (device-model.ts): 1 online, 2 offline, else unknown.
    'circle-color': ['match', ['get', 's'], 1, DEVICE_COLOR.online, 2, DEVICE_COLOR.offline, DEVICE_COLOR.unknown] as ColorValue,
    'circle-opacity': 0.75,
  };
  return [
    {
      id: LAYER.deviceClusters,
      type: 'circle',
      source: SOURCE.deviceGroups,
      maxzoom: DEVICE_POINTS_ZOOM,
      filter: DEVICE_CLUSTER_FILTER,
      paint: { 'circle-radius': DEVICE_CLUSTER_RADIUS_PX, 'circle-color': DEVICE_CLUSTER_COLOR, 'circle-opacity': 0.7 },
    },
    {
      id: LAYER.deviceSingles,
      type: 'circle',
      source: SOURCE.deviceGroups,
      maxzoom: DEVICE_POINTS_ZOOM,
      filter: DEVICE_SINGLE_FILTER,
      paint: devicePaint,
    },
    { id: LAYER.devices, type: 'circle', source: SOURCE.devices, minzoom: DEVICE_POINTS_ZOOM, paint: devicePaint },
    {
      id: LAYER.clusters,
      type: 'circle',
      source: SOURCE.cases,
      filter: ['has', 'point_count'],
      paint: {
        'circle-color': [
          'case',
          ['>', ['get', 'red'], 0],
          LIGHT_COLOR.red,
          ['>', ['get', 'yellow'], 0],
          LIGHT_COLOR.yellow,
          LIGHT_COLOR.green,
        ],
        'circle-opacity': 0.8,
        'circle-radius': ['step', ['get', 'point_count'], 12, 10, 16, 100, 22, 1000, 28],
        'circle-stroke-color': MAP_COLOR.background,
        'circle-stroke-width': 1.5,
      },
    },
    {
      id: LAYER.clusterCount,
      type: 'symbol',
      source: SOURCE.cases,
      filter: ['has', 'point_count'],
      layout: { 'text-field': ['get', 'point_count_abbreviated'], 'text-font': LABEL_FONTS, 'text-size': 12, 'text-allow-overlap': true },
      paint: { 'text-color': '#08121f' },
    },
    {
      id: LAYER.cases,
      type: 'circle',
      source: SOURCE.cases,
      filter: ['!', ['has', 'point_count']],
      paint: {
        'circle-color': lightColor,
        'circle-radius': zoomRadius(4, 8),
        'circle-stroke-color': MAP_COLOR.background,
        'circle-stroke-width': 1,
      },
    },
    {
      id: LAYER.alertClusters,
      type: 'circle',
      source: SOURCE.alerts,
      filter: ['has', 'point_count'],
      paint: {
        'circle-color': [
          'case',
          ['>', ['get', 'red'], 0],
          LEVEL_COLOR.red,
          ['>', ['get', 'orange'], 0],
          LEVEL_COLOR.orange,
          ['>', ['get', 'yellow'], 0],
          LEVEL_COLOR.yellow,
          LEVEL_COLOR.blue,
        ],
        'circle-radius': ['step', ['get', 'point_count'], 10, 10, 13, 100, 17, 1000, 22],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 1.2,
      },
    },
    {
      id: LAYER.alertHalo,
      type: 'circle',
      source: SOURCE.alerts,
      filter: ['all', ['!', ['has', 'point_count']], ['in', ['get', 'level'], ['literal', ['orange', 'red']]]],
      paint: { 'circle-color': levelColor, 'circle-radius': zoomRadius(10, 18), 'circle-opacity': 0.25, 'circle-blur': 0.6 },
    },
    {
      id: LAYER.alerts,
      type: 'circle',
      source: SOURCE.alerts,
      filter: ['!', ['has', 'point_count']],
      paint: {
        'circle-color': levelColor,
        'circle-radius': zoomRadius(5, 9),
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 1.2,
      },
    },
  ];
}

/**
 * The style.
 * @example new Map({ container, style: screenStyle() });
 */
export function screenStyle(): StyleSpec {
  return {
    version: 8,
    name: 'cityops-screen',
    sources: sources(),
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': MAP_COLOR.background } },
      ...MAP_LEVELS.flatMap(levelLayers),
      ...MAP_LEVELS.map(selectedLayer),
      ...pointLayers(),
      ...MAP_LEVELS.map(labelLayer),
    ],
  };
}
