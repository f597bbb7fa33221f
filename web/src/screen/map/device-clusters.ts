/**
 * Devices grouped at city and district zoom, computed here rather than by the map's GeoJSON source.
 * 100,000 circles a few pixels wide cannot be read there, and drawing them all is what made
 * panning crawl under software WebGL. MapLibre's own clustering needs every device sent to its
 * worker (a structured clone of 100,000 features, ~0.5 s each way on a busy laptop) and then
 * maps and reduces their properties per zoom in expressions (another ~0.5–1 s with per-scenario
 * counts); the groups are instead made from the device columns the screen already holds, with
 * the same greedy algorithm as supercluster (each device or group takes every neighbour within
 * {@link DEVICE_CLUSTER_RADIUS} pixels, zoom by zoom from the finest up), in some tens of
 * milliseconds, and only the groups — a few thousand small points — go to the map. A scenario
 * view groups its own devices only. Each group knows the zoom at which it splits (`expand`),
 * which a click zooms to. A device alone at a zoom stays a device, drawn in its status's colour
 * (as supercluster leaves lone points alone). From {@link DEVICE_POINTS_ZOOM} on, every device is
 * a point again. Pure.
 */
import { DEVICE_COLOR } from './colors.ts';
import type { ColorValue, FilterSpec, NumberValue } from './spec-types.ts';

/** Groups are made for zooms up to this one; from the next one (one street, 街道, fills the view) devices are points. */
export const DEVICE_CLUSTER_MAX_ZOOM = 13;

/** The zoom from which devices are drawn one by one. */
export const DEVICE_POINTS_ZOOM = DEVICE_CLUSTER_MAX_ZOOM + 1;

/** Group radius, px (as MapLibre's clusterRadius): ~200 groups over Shanghai at city zoom. */
export const DEVICE_CLUSTER_RADIUS = 40;

/** World size of zoom 0 in pixels: MapLibre's tiles are 512 px. */
const TILE_PX = 512;

/** The offline status code (device-model.ts). */
const OFFLINE = 2;

/** Offline share at which a group is fully the offline colour. */
const OFFLINE_SHARE_FULL = 0.3;

/**
 * What a group carries: its zoom, devices, offline devices and the zoom at which it splits; a
 * device alone (n = 1) also its status code (`s`, device-model.ts).
 */
export interface DeviceGroupProps {
  z: number;
  n: number;
  off: number;
  expand: number;
  s?: number;
}

/** A group as a map point (its id: its place in the list, so a query can tell groups apart). */
export interface DeviceGroupFeature {
  type: 'Feature';
  id: number;
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: DeviceGroupProps;
}

/** Groups of one zoom, as parallel arrays (x, y in world units 0–1, weighted by device count). */
interface Level {
  x: Float64Array;
  y: Float64Array;
  n: Uint32Array;
  off: Uint32Array;
  expand: Uint8Array;
  /** The device's index when the item is one device, else -1. */
  dev: Int32Array;
  size: number;
}

function newLevel(size: number): Level {
  return {
    x: new Float64Array(size),
    y: new Float64Array(size),
    n: new Uint32Array(size),
    off: new Uint32Array(size),
    expand: new Uint8Array(size),
    dev: new Int32Array(size),
    size: 0,
  };
}

/** Web Mercator, world units 0–1. */
const worldX = (lon: number) => lon / 360 + 0.5;
const worldY = (lat: number) => {
  const s = Math.sin((lat * Math.PI) / 180);
  return 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI);
};
const lonOf = (x: number) => (x - 0.5) * 360;
const latOf = (y: number) => (360 / Math.PI) * Math.atan(Math.exp((0.5 - y) * 2 * Math.PI)) - 90;

/** Groups the items of the next zoom for `zoom`: greedy, each unassigned item takes its unassigned neighbours within the radius. */
function groupLevel(items: Level, zoom: number): Level {
  const r = DEVICE_CLUSTER_RADIUS / (TILE_PX * 2 ** zoom);
  const r2 = r * r;
  // A hash grid of cells one radius wide: neighbours lie in the 3 × 3 cells around an item. Each
  // cell is a linked list through `next` (no array per cell: 100,000 small arrays cost more than the grouping).
  const head = new Map<number, number>();
  const next = new Int32Array(items.size);
  const span = Math.ceil(1 / r) + 2;
  const cellOf = (i: number) => Math.floor(items.x[i]! / r) * span + Math.floor(items.y[i]! / r);
  for (let i = items.size - 1; i >= 0; i--) {
    const k = cellOf(i);
    next[i] = head.get(k) ?? -1;
    head.set(k, i);
  }
  const out = newLevel(items.size);
  const taken = new Uint8Array(items.size);
  for (let i = 0; i < items.size; i++) {
    if (taken[i]) continue;
    taken[i] = 1;
    const x0 = items.x[i]!;
    const y0 = items.y[i]!;
    let n = items.n[i]!;
    let off = items.off[i]!;
    let sx = x0 * n;
    let sy = y0 * n;
    let members = 1;
    const k0 = cellOf(i);
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (let j = head.get(k0 + dx * span + dy) ?? -1; j >= 0; j = next[j]!) {
          if (taken[j]) continue;
          const ex = items.x[j]! - x0;
          const ey = items.y[j]! - y0;
          if (ex * ex + ey * ey > r2) continue;
          taken[j] = 1;
          const m = items.n[j]!;
          n += m;
          off += items.off[j]!;
          sx += items.x[j]! * m;
          sy += items.y[j]! * m;
          members++;
        }
      }
    }
    const g = out.size++;
    out.x[g] = sx / n;
    out.y[g] = sy / n;
    out.n[g] = n;
    out.off[g] = off;
    // Several items here come apart at the next zoom; a lone one comes apart where it does.
    out.expand[g] = members > 1 ? zoom + 1 : items.expand[i]!;
    out.dev[g] = members > 1 ? -1 : items.dev[i]!;
  }
  return out;
}

/**
 * Groups devices for every zoom from {@link DEVICE_CLUSTER_MAX_ZOOM} down to 0.
 * @param lon - longitudes of all devices
 * @param lat - latitudes of all devices
 * @param status - status codes of all devices (device-model.ts: 2 is offline)
 * @param keep - indices of the devices to group (a scenario's own)
 * @example deviceGroups(c.lon, c.lat, statusCodes(c), keep).filter((g) => g.properties.z === 9)
 */
export function deviceGroups(
  lon: ArrayLike<number>,
  lat: ArrayLike<number>,
  status: ArrayLike<number>,
  keep: ArrayLike<number>,
): DeviceGroupFeature[] {
  let level = newLevel(keep.length);
  for (let k = 0; k < keep.length; k++) {
    const i = keep[k]!;
    level.x[k] = worldX(lon[i]!);
    level.y[k] = worldY(lat[i]!);
    level.n[k] = 1;
    level.off[k] = status[i] === OFFLINE ? 1 : 0;
    level.expand[k] = DEVICE_POINTS_ZOOM;
    level.dev[k] = i;
  }
  level.size = keep.length;
  const out: DeviceGroupFeature[] = [];
  for (let z = DEVICE_CLUSTER_MAX_ZOOM; z >= 0; z--) {
    level = groupLevel(level, z);
    for (let g = 0; g < level.size; g++) {
      const dev = level.dev[g]!;
      const properties: DeviceGroupProps = { z, n: level.n[g]!, off: level.off[g]!, expand: level.expand[g]! };
      if (dev >= 0) properties.s = status[dev]!;
      out.push({
        type: 'Feature',
        id: out.length,
        geometry: { type: 'Point', coordinates: [lonOf(level.x[g]!), latOf(level.y[g]!)] },
        properties,
      });
    }
  }
  return out;
}

/** The groups of the zoom drawn (filters see integer zooms: a tile's). */
export const DEVICE_CLUSTER_FILTER: FilterSpec = ['all', ['==', ['get', 'z'], ['zoom']], ['>', ['get', 'n'], 1]];

/** The devices alone at the zoom drawn. */
export const DEVICE_SINGLE_FILTER: FilterSpec = ['all', ['==', ['get', 'z'], ['zoom']], ['==', ['get', 'n'], 1]];

/** A group's radius, px, from how many devices it holds. */
export const DEVICE_CLUSTER_RADIUS_PX: NumberValue = ['step', ['get', 'n'], 5, 10, 8, 100, 11, 1000, 15, 5000, 20];

/** A group's colour: online's when none is offline, offline's from OFFLINE_SHARE_FULL offline. */
export const DEVICE_CLUSTER_COLOR: ColorValue = [
  'interpolate',
  ['linear'],
  ['/', ['get', 'off'], ['max', 1, ['get', 'n']]],
  0,
  DEVICE_COLOR.online,
  OFFLINE_SHARE_FULL,
  DEVICE_COLOR.offline,
];
