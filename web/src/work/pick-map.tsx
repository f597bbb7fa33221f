/**
 * A small map to pick where a case is: the caller's jurisdictions drawn from the platform's own
 * GeoJSON (`/api/v1/screen/jurisdictions`), no basemap, no tiles, no glyphs — nothing loads from
 * outside the platform. A click or tap picks the point; the picked point shows as a dot. Loaded
 * on demand (React.lazy), so the workbench does not carry MapLibre.
 */
import 'maplibre-gl/dist/maplibre-gl.css';
import { Map as MapLibreMap, NavigationControl, setWorkerUrl, type GeoJSONSource, type MapOptions } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { placeApi } from '../api/endpoints.ts';
import type { FeatureCollection, JurisdictionLevel } from '../api/types.ts';
import { useWorkProblem } from './problem.tsx';

// MapLibre's worker, emitted by Vite as a file of the app (the bundle does not keep it beside the module).
setWorkerUrl(workerUrl);

type StyleSpec = Exclude<MapOptions['style'], string | undefined>;
/** GeoJSON as MapLibre takes it. */
type SourceData = Parameters<GeoJSONSource['setData']>[0];

/** Features as source data (the app types GeoJSON itself, without @types/geojson: a view change, not a conversion). */
function collection(features: readonly object[]): SourceData {
  return { type: 'FeatureCollection', features };
}

/** The style: a plain ground, the jurisdictions' fill and outline, the picked point. */
function pickStyle(): StyleSpec {
  return {
    version: 8,
    sources: {
      areas: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } },
      pick: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } },
    },
    layers: [
      { id: 'ground', type: 'background', paint: { 'background-color': '#eef2f6' } },
      { id: 'area-fill', type: 'fill', source: 'areas', paint: { 'fill-color': '#cfe0f3', 'fill-opacity': 0.6 } },
      { id: 'area-line', type: 'line', source: 'areas', paint: { 'line-color': '#0b5cad', 'line-width': 1, 'line-opacity': 0.7 } },
      {
        id: 'pick',
        type: 'circle',
        source: 'pick',
        paint: { 'circle-radius': 8, 'circle-color': '#d64545', 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 },
      },
    ],
  };
}

/** The box around every coordinate of a collection, or null when it has none. */
export function boundsOf(fc: FeatureCollection): [number, number, number, number] | null {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const visit = (c: unknown): void => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number' && typeof c[1] === 'number') {
      minX = Math.min(minX, c[0]);
      maxX = Math.max(maxX, c[0]);
      minY = Math.min(minY, c[1]);
      maxY = Math.max(maxY, c[1]);
    } else for (const x of c) visit(x);
  };
  for (const f of fc.features) visit(f.geometry?.coordinates);
  return Number.isFinite(minX) ? [minX, minY, maxX, maxY] : null;
}

/** Props of the pick map. */
export interface PickMapProps {
  /** The level drawn (the one below the caller's scope). */
  level: JurisdictionLevel;
  /** The picked point. */
  value: { lon: number; lat: number } | null;
  onPick: (lon: number, lat: number) => void;
  /** Where the polygons come from instead of the screen's layer (which needs a session): the public portal's. */
  polygons?: () => Promise<FeatureCollection>;
}

/** The map; its container has a fixed height (work.css). */
export default function PickMap({ level, value, onPick, polygons: loadPolygons }: PickMapProps) {
  const { t } = useTranslation();
  const problem = useWorkProblem();
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  const pickRef = useRef(onPick);
  const loadRef = useRef(loadPolygons);
  const [error, setError] = useState<unknown>(null);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    pickRef.current = onPick;
  }, [onPick]);

  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const map = new MapLibreMap({
      container: el,
      style: pickStyle(),
      center: [121.47, 31.23],
      zoom: 9,
      maxPitch: 0,
      dragRotate: false,
      pitchWithRotate: false,
      touchPitch: false,
      attributionControl: false,
      fadeDuration: 0,
    });
    map.touchZoomRotate.disableRotation();
    map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    map.getCanvas().style.cursor = 'crosshair';
    map.on('click', (e) => pickRef.current(e.lngLat.lng, e.lngLat.lat));
    mapRef.current = map;
    let live = true;
    const polygons = loadRef.current ? loadRef.current() : placeApi.polygons(level);
    map.once('load', () => {
      polygons.then(
        (fc) => {
          if (!live) return;
          void map.getSource<GeoJSONSource>('areas')?.setData(collection(fc.features));
          const box = boundsOf(fc);
          if (box) map.fitBounds(box, { padding: 12, duration: 0 });
          setReady(true);
        },
        (e: unknown) => live && setError(e),
      );
    });
    return () => {
      live = false;
      mapRef.current = null;
      map.remove();
    };
  }, [level]);

  const lon = value?.lon;
  const lat = value?.lat;
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !ready) return;
    const at: [number, number] | null = lon !== undefined && lat !== undefined ? [lon, lat] : null;
    void map
      .getSource<GeoJSONSource>('pick')
      ?.setData(collection(at ? [{ type: 'Feature', geometry: { type: 'Point', coordinates: at }, properties: {} }] : []));
    if (at && !map.getBounds().contains(at)) map.easeTo({ center: at, duration: 300 });
  }, [lon, lat, ready]);

  return (
    <div className="pick-map-wrap">
      <div ref={container} className="pick-map" role="application" aria-label={t('intake.map')} data-ready={ready ? 'true' : undefined} />
      {error ? <div className="field-error">{problem.text(error)}</div> : null}
    </div>
  );
}
