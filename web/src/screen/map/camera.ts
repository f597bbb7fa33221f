/**
 * Where the map starts: the centre and zoom that fit a box in a container of a given size, as
 * MapLibre's `fitBounds` would (Web Mercator, 512 px tiles, symmetric padding). Computed before
 * the map exists, so the map is made at its final camera with its first polygons in the style:
 * one load and no re-tiling after a camera jump. Pure.
 */
/** A box: [minLon, minLat, maxLon, maxLat]. */
export type BBox = [number, number, number, number];

/** A camera: centre [lon, lat] and zoom. */
export interface Camera {
  center: [number, number];
  zoom: number;
}

/** Shanghai, before any box is known. */
export const DEFAULT_CAMERA: Camera = { center: [121.47, 31.23], zoom: 8.6 };

/** Fitting: padding on every side, px, and the closest zoom a fit may reach. */
export const FIT = { padding: 32, maxZoom: 16 } as const;

/** MapLibre's world size at zoom 0, px. */
const TILE = 512;

const mercatorX = (lon: number) => (lon + 180) / 360;
const mercatorY = (lat: number) => (180 - (180 / Math.PI) * Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360))) / 360;
const latOf = (y: number) => (360 / Math.PI) * Math.atan(Math.exp(((180 - y * 360) * Math.PI) / 180)) - 90;

/**
 * The camera fitting `bbox` into `width` × `height` px (the default camera without a box or room).
 * @example fitCamera([121, 31, 122, 32], 800, 600).zoom // ≈ 8.7
 */
export function fitCamera(bbox: BBox | null, width: number, height: number, fit: { padding: number; maxZoom: number } = FIT): Camera {
  if (!bbox) return DEFAULT_CAMERA;
  const [x0, x1] = [mercatorX(bbox[0]), mercatorX(bbox[2])];
  const [y0, y1] = [mercatorY(bbox[3]), mercatorY(bbox[1])];
  const center: [number, number] = [(bbox[0] + bbox[2]) / 2, latOf((y0 + y1) / 2)];
  const w = width - 2 * fit.padding;
  const h = height - 2 * fit.padding;
  if (w <= 0 || h <= 0) return { center, zoom: DEFAULT_CAMERA.zoom };
  const scale = Math.min(x1 > x0 ? w / ((x1 - x0) * TILE) : Infinity, y1 > y0 ? h / ((y1 - y0) * TILE) : Infinity);
  return { center, zoom: Number.isFinite(scale) ? Math.min(fit.maxZoom, Math.log2(scale)) : fit.maxZoom };
}
