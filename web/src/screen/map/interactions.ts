/**
 * Pointer interactions on the map: hovering a jurisdiction lights it up; a click picks, in this
 * order, an alert or case cluster or a device group (zoom in until it comes apart), a case or an alert (a
 * popup about it), or a jurisdiction (drill down into it). What a popup says is the page's business (it has the translations).
 */
import { Popup, type GeoJSONSource, type Map as MapLibreMap, type MapGeoJSONFeature, type MapMouseEvent } from 'maplibre-gl';
import type { JurisdictionLevel } from '../../api/types.ts';
import type { AlertProps, CaseProps } from '../types.ts';
import type { DeviceGroupProps } from './device-clusters.ts';
import { MAP_LEVELS, type MapLevel } from './levels.ts';
import { geojsonSource } from './sources.ts';
import { LAYER, SOURCE } from './map-ids.ts';

/** What a click on the map asks of the page. */
export interface MapPickHooks {
  /** A jurisdiction was clicked. */
  onPickJurisdiction(j: { id: string; level: JurisdictionLevel; name: string }): void;
  /** Content of the popup for an alert or a case. */
  popupFor(p: { kind: 'alert'; props: AlertProps } | { kind: 'case'; props: CaseProps }): HTMLElement;
}

const FILL_LAYERS = MAP_LEVELS.map((l) => LAYER.fill(l));
const LEVEL_OF_FILL = new Map<string, MapLevel>(MAP_LEVELS.map((l) => [LAYER.fill(l), l]));
const POINT_LAYERS = [LAYER.alertClusters, LAYER.clusters, LAYER.cases, LAYER.alerts, LAYER.deviceClusters];
/** The clustered source behind each cluster layer. */
const CLUSTER_SOURCE = new Map<string, string>([
  [LAYER.clusters, SOURCE.cases],
  [LAYER.alertClusters, SOURCE.alerts],
]);

/** Properties of a rendered feature, as the screen's own type (GeoJSON keeps them as given). */
function propsOf<P>(f: MapGeoJSONFeature): P {
  return f.properties as P;
}

/** Wires hover and click; returns the undo. */
export function bindInteractions(map: MapLibreMap, hooks: MapPickHooks): () => void {
  let hovered: { level: MapLevel; id: string | number } | null = null;
  let popup: Popup | null = null;

  const setHover = (next: typeof hovered) => {
    if (hovered && (hovered.id !== next?.id || hovered.level !== next.level)) {
      map.setFeatureState({ source: SOURCE.level(hovered.level), id: hovered.id }, { hover: false });
    }
    if (next) map.setFeatureState({ source: SOURCE.level(next.level), id: next.id }, { hover: true });
    hovered = next;
  };

  const onMove = (e: MapMouseEvent) => {
    const layers = [...POINT_LAYERS, ...FILL_LAYERS].filter((id) => map.getLayer(id));
    const top = map.queryRenderedFeatures(e.point, { layers })[0];
    map.getCanvas().style.cursor = top ? 'pointer' : '';
    const level = top ? LEVEL_OF_FILL.get(top.layer.id) : undefined;
    setHover(level && top?.id !== undefined ? { level, id: top.id } : null);
  };

  const onClick = (e: MapMouseEvent) => {
    const [point] = map.queryRenderedFeatures(e.point, { layers: POINT_LAYERS });
    const clustered = point && CLUSTER_SOURCE.get(point.layer.id);
    if (point && clustered) {
      const clusterId = Number(point.properties.cluster_id);
      const source: GeoJSONSource | undefined = geojsonSource(map, clustered);
      void source?.getClusterExpansionZoom(clusterId).then((zoom) => map.easeTo({ center: e.lngLat, zoom }));
      return;
    }
    if (point?.layer.id === LAYER.deviceClusters) {
      // Made by the screen, not by the source (device-clusters.ts): each group knows where it splits.
      const group = propsOf<DeviceGroupProps>(point);
      // A point's geometry (typed by @types/geojson, which the app does not load).
      const geometry = point.geometry as unknown as { type: string; coordinates: [number, number] };
      const center = geometry.type === 'Point' ? geometry.coordinates : e.lngLat;
      map.easeTo({ center, zoom: Math.max(group.expand, map.getZoom()) });
      return;
    }
    if (point) {
      popup?.remove();
      const content =
        point.layer.id === LAYER.cases
          ? hooks.popupFor({ kind: 'case', props: propsOf<CaseProps>(point) })
          : hooks.popupFor({ kind: 'alert', props: propsOf<AlertProps>(point) });
      popup = new Popup({ closeButton: true, maxWidth: '320px', className: 'screen-popup' })
        .setLngLat(e.lngLat)
        .setDOMContent(content)
        .addTo(map);
      return;
    }
    const [area] = map.queryRenderedFeatures(e.point, { layers: FILL_LAYERS });
    if (area) {
      const p = propsOf<{ id: string; level: JurisdictionLevel; name: string }>(area);
      hooks.onPickJurisdiction({ id: p.id, level: p.level, name: p.name });
    }
  };

  const onLeave = () => {
    setHover(null);
    map.getCanvas().style.cursor = '';
  };

  map.on('mousemove', onMove);
  map.on('click', onClick);
  map.getCanvas().addEventListener('mouseleave', onLeave);
  return () => {
    map.off('mousemove', onMove);
    map.off('click', onClick);
    map.getCanvas().removeEventListener('mouseleave', onLeave);
    popup?.remove();
  };
}
