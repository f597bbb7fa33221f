/**
 * The city screen's map: a MapLibre map on the style built here (no basemap, no remote glyphs),
 * with the jurisdiction polygons, devices, alerts and cases layers wired to their data and the
 * pointer. The page drives it with plain calls (where to look, fill mode, scenario, devices);
 * calls made before the style has loaded are applied once it has.
 */
import './worker.ts';
import 'maplibre-gl/dist/maplibre-gl.css';
import { Map as MapLibreMap, NavigationControl } from 'maplibre-gl';
import type { PointStore } from '../data/point-store.ts';
import type { Scenario } from '../scenarios.ts';
import type { AlertProps, CaseProps, DeviceColumns } from '../types.ts';
import { exposeMap, markFirstFeatures } from './debug-handle.ts';
import { DeviceLayer } from './device-layer.ts';
import type { FillMode } from './fill-model.ts';
import { bindInteractions, type MapPickHooks } from './interactions.ts';
import { JurisdictionLayers, type JurisdictionHooks } from './jurisdiction-layers.ts';
import { MAP_LEVELS, type LevelContext } from './levels.ts';
import { PointLayers } from './point-layers.ts';
import { LABEL_FONTS, LAYER, screenStyle } from './style.ts';

/** Everything the map tells the page. */
export type ScreenMapHooks = MapPickHooks & JurisdictionHooks;

/** A box to show: [minLon, minLat, maxLon, maxLat]. */
export type BBox = [number, number, number, number];

interface Parts {
  jurisdictions: JurisdictionLayers;
  points: PointLayers;
  devices: DeviceLayer;
  unbind: () => void;
}

/** The screen's map. */
export class ScreenMap {
  readonly map: MapLibreMap;
  private parts: Parts | null = null;
  private readonly queued: Array<(p: Parts) => void> = [];
  private readonly unexpose: () => void;

  constructor(container: HTMLElement, stores: { alerts: PointStore<AlertProps>; cases: PointStore<CaseProps> }, hooks: ScreenMapHooks) {
    this.map = new MapLibreMap({
      container,
      style: screenStyle(),
      // Shanghai until the scope's box arrives.
      center: [121.47, 31.23],
      zoom: 8.6,
      minZoom: 6,
      maxZoom: 18,
      // A flat administrative map: no tilting or turning to get lost in.
      maxPitch: 0,
      dragRotate: false,
      pitchWithRotate: false,
      touchPitch: false,
      attributionControl: false,
      // CJK names drawn with the browser's own fonts; with no `glyphs` URL the rest are too.
      localIdeographFontFamily: LABEL_FONTS.join(', '),
      fadeDuration: 0,
    });
    this.map.touchZoomRotate.disableRotation();
    this.map.addControl(new NavigationControl({ showCompass: false }), 'bottom-right');
    this.unexpose = exposeMap(this.map);
    this.map.on('error', (e) => hooks.onError?.(e.error));
    this.map.once('load', () => {
      const parts: Parts = {
        jurisdictions: new JurisdictionLayers(this.map, hooks),
        points: new PointLayers(this.map, stores.alerts, stores.cases),
        devices: new DeviceLayer(this.map),
        unbind: bindInteractions(this.map, hooks),
      };
      this.map.on('moveend', () => parts.jurisdictions.update());
      this.parts = parts;
      for (const f of this.queued.splice(0)) f(parts);
    });
    const fills = MAP_LEVELS.map((l) => LAYER.fill(l));
    const onIdle = () => {
      if (this.map.queryRenderedFeatures({ layers: fills }).length === 0) return;
      markFirstFeatures();
      this.map.off('idle', onIdle);
    };
    this.map.on('idle', onIdle);
  }

  /** Where to look: scope and selection, and the box to fit (animated unless `instant`). */
  show(ctx: LevelContext, bbox: BBox | null, instant = false): void {
    if (bbox) this.map.fitBounds(bbox, { padding: 32, animate: !instant, duration: 800, maxZoom: 16 });
    this.when((p) => {
      p.jurisdictions.setContext(ctx);
      p.devices.reset();
    });
  }

  setFillMode(mode: FillMode): void {
    this.when((p) => p.jurisdictions.setFillMode(mode));
  }

  setScenario(scenario: Scenario | null): void {
    this.when((p) => {
      p.points.setScenario(scenario);
      p.devices.setScenario(scenario);
    });
  }

  /** Shows a devices answer. */
  showDevices(c: DeviceColumns): void {
    this.when((p) => p.devices.apply(c));
  }

  /** Loads the jurisdiction counts again. */
  refreshJurisdictions(): void {
    this.when((p) => p.jurisdictions.refresh());
  }

  /** Removes the map and everything bound to it. */
  dispose(): void {
    if (this.parts) {
      this.parts.unbind();
      this.parts.points.dispose();
      this.parts.jurisdictions.dispose();
    }
    this.unexpose();
    this.map.remove();
  }

  private when(f: (p: Parts) => void): void {
    if (this.parts) f(this.parts);
    else this.queued.push(f);
  }
}
