/** Setting a GeoJSON source's data by id (the sources are made by style.ts). */
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';

/** Any GeoJSON the sources take. */
export type SourceData = Parameters<GeoJSONSource['setData']>[0];

/** The GeoJSON source `id` of the map's style, if the style has it. */
export function geojsonSource(map: MapLibreMap, id: string): GeoJSONSource | undefined {
  return map.getSource<GeoJSONSource>(id);
}

/** Replaces a source's data (ignored when the source is gone, e.g. the map was removed). */
export function setSourceData(map: MapLibreMap, id: string, data: SourceData): void {
  void geojsonSource(map, id)?.setData(data);
}

/** An empty collection. */
export const EMPTY_COLLECTION: SourceData = { type: 'FeatureCollection', features: [] };

/**
 * The screen's own feature types as source data. They are GeoJSON (typed in ../types.ts without
 * depending on @types/geojson), so this is a view change, not a conversion.
 */
export function collection(features: readonly object[]): SourceData {
  return { type: 'FeatureCollection', features };
}
