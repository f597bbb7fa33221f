/** Minimal GeoJSON geometry types (RFC 7946) used across the platform. Positions are [lon, lat]. */
export type Position = [number, number] | number[];
/** A ring: closed list of positions, first equals last. */
export type Ring = Position[];
/** GeoJSON Polygon: outer ring then holes. */
export interface Polygon {
  type: 'Polygon';
  coordinates: Ring[];
}
/** GeoJSON MultiPolygon. */
export interface MultiPolygon {
  type: 'MultiPolygon';
  coordinates: Ring[][];
}
/** Axis-aligned bounding box [minLon, minLat, maxLon, maxLat]. */
export type BBox = [number, number, number, number];
