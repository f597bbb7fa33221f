/**
 * The screen map's source and layer ids and its label fonts: the names the style (style.ts) gives
 * and the layer classes, interactions and start-up refer to. Pure constants.
 */
import type { MapLevel } from './levels.ts';

/**
 * Local fonts for labels, CJK faces first (the ones Windows, macOS and Linux ship), as the app's
 * CSS lists them. MapLibre hands these to the canvas as a CSS font-family.
 */
export const LABEL_FONTS = [
  'Noto Sans CJK SC',
  'Source Han Sans SC',
  'PingFang SC',
  'Microsoft YaHei',
  'WenQuanYi Micro Hei',
  'sans-serif',
];

/** Source ids. */
export const SOURCE = {
  level: (l: MapLevel) => `j-${l}`,
  labels: (l: MapLevel) => `labels-${l}`,
  alerts: 'alerts',
  cases: 'cases',
  devices: 'devices',
  deviceGroups: 'device-groups',
} as const;

/** Layer ids the rest of the screen refers to. */
export const LAYER = {
  fill: (l: MapLevel) => `fill-${l}`,
  line: (l: MapLevel) => `line-${l}`,
  selected: (l: MapLevel) => `selected-${l}`,
  label: (l: MapLevel) => `label-${l}`,
  devices: 'devices',
  deviceClusters: 'device-clusters',
  deviceSingles: 'device-singles',
  alertClusters: 'alert-clusters',
  alertHalo: 'alerts-halo',
  alerts: 'alerts',
  clusters: 'case-clusters',
  clusterCount: 'case-cluster-count',
  cases: 'cases',
} as const;
