/**
 * The screen's palette, shared by the map, the charts and the panels so a red alert is the same
 * red everywhere. Warning colours follow the national four-colour scheme (蓝黄橙红); deadline
 * lights follow the supervision lights (绿黄红). Tuned for a dark background.
 */
import type { Light } from '../../api/types.ts';
import type { WarningLevel } from '../types.ts';

/** Alert levels. */
export const LEVEL_COLOR: Readonly<Record<WarningLevel, string>> = {
  blue: '#3b8cff',
  yellow: '#ffd400',
  orange: '#ff8a00',
  red: '#ff3b3b',
};

/** Deadline lights. */
export const LIGHT_COLOR: Readonly<Record<Light, string>> = {
  green: '#2ed47a',
  yellow: '#ffc53d',
  red: '#ff4d4f',
};

/** Device liveness. */
export const DEVICE_COLOR = { online: '#35d0ff', offline: '#ff5c7a', unknown: '#6b7a90' } as const;

/** The map's ground and lines. */
export const MAP_COLOR = {
  background: '#07111f',
  land: '#0d1d33',
  line: '#2f5d8a',
  lineStrong: '#6fb6ff',
  selected: '#ffffff',
  hover: '#9fd4ff',
  label: '#d6e6ff',
  labelHalo: '#07111f',
} as const;

/** The ramp of open-case counts, from none to many (a cool-to-warm sequence on dark blue). */
export const CASE_RAMP = ['#12304f', '#1d4f7a', '#2f7a8f', '#c9a227', '#e0661f', '#d4313a'] as const;
