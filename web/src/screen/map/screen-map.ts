/**
 * The city screen's map: a MapLibre map on the style built here (no basemap, no remote glyphs),
 * with the jurisdiction polygons, devices, alerts and cases layers wired to their data and the
 * pointer; the polygons' counts follow the alerts and cases shortly after they change. The page
 * drives it with plain calls (where to look, fill mode, scenario, devices). The polygons are
 * fetched while the style loads; the rest waits for it.
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
import { bandsFor, childLevel, MAP_LEVELS, type LevelContext } from './levels.ts';
import { PointLayers } from './point-layers.ts';
import { LABEL_FONTS, LAYER, screenStyle } from './style.ts';

/** Everything the map tells the page. */
export type ScreenMapHooks = MapPickHooks & JurisdictionHooks;

/** A box to show: [minLon, minLat, maxLon, maxLat]. */
export type BBox = [number, number, number, number];

/**
 * The polygons' counts are read again at most this often after alerts or cases changed, ms, so
 * a new alert colours its street within seconds without 1,000 events a second reloading layers.
 */
const RECOUNT_MS = 5_000;

/** What needs the loaded style. */
interface Parts {
  points: PointLayers;
  devices: DeviceLayer;
  unbind: () => void;
}

/** The screen's map. */
export class ScreenMap {
  readonly map: MapLibreMap;
  /** Resolves once jurisdiction features have been drawn the first time (devices wait for it). */
  readonly drawn: Promise<void>;
  private readonly jurisdictions: JurisdictionLayers;
  private parts: Parts | null = null;
  private readonly queued: Array<(p: Parts) => void> = [];
  private readonly unexpose: () => void;
  private readonly unsubscribe: Array<() => void>;
  private recount: ReturnType<typeof setTimeout> | null = null;

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

    const loaded = new Promise<void>((resolve) => this.map.once('load', () => resolve()));
    this.jurisdictions = new JurisdictionLayers(this.map, loaded, hooks);
    void loaded.then(() => {
      const parts: Parts = {
        points: new PointLayers(this.map, stores.alerts, stores.cases),
        devices: new DeviceLayer(this.map),
        unbind: bindInteractions(this.map, hooks),
      };
      this.map.on('moveend', () => this.jurisdictions.update());
      this.parts = parts;
      for (const f of this.queued.splice(0)) f(parts);
    });

    const fills = MAP_LEVELS.map((l) => LAYER.fill(l));
    this.drawn = new Promise<void>((resolve) => {
      const onIdle = () => {
        if (this.map.queryRenderedFeatures({ layers: fills }).length === 0) return;
        markFirstFeatures();
        this.map.off('idle', onIdle);
        resolve();
      };
      this.map.on('idle', onIdle);
    });

    const recount = () => {
      this.recount ??= setTimeout(() => {
        this.recount = null;
        this.jurisdictions.refresh();
      }, RECOUNT_MS);
    };
    this.unsubscribe = [stores.alerts.subscribe(recount), stores.cases.subscribe(recount)];
  }

  /** Where to look: scope and selection, and the box to fit (animated unless `instant`). */
  show(ctx: LevelContext, bbox: BBox | null, instant = false): void {
    const fit = { padding: 32, maxZoom: 16 };
    // The level below the jurisdiction looked at fills the view at the zoom that fits it.
    const zoom = (bbox && this.map.cameraForBounds(bbox, fit)?.zoom) ?? this.map.getZoom();
    const bands = bandsFor(childLevel(ctx.selected?.level ?? ctx.scope.level) ?? 'community', zoom);
    if (bbox) this.map.fitBounds(bbox, { ...fit, animate: !instant, duration: 800 });
    this.jurisdictions.setContext(ctx, bands);
    this.when((p) => p.devices.reset());
  }

  setFillMode(mode: FillMode): void {
    this.jurisdictions.setFillMode(mode);
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
    this.jurisdictions.refresh();
  }

  /** Removes the map and everything bound to it. */
  dispose(): void {
    this.unsubscribe.forEach((u) => u());
    if (this.recount) clearTimeout(this.recount);
    this.jurisdictions.dispose();
    if (this.parts) {
      this.parts.unbind();
      this.parts.points.dispose();
    }
    this.unexpose();
    this.map.remove();
  }

  private when(f: (p: Parts) => void): void {
    if (this.parts) f(this.parts);
    else this.queued.push(f);
  }
}
