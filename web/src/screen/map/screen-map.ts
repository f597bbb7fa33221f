/**
 * The city screen's map: a MapLibre map on the style built here (no basemap, no remote glyphs),
 * with the jurisdiction polygons, devices, alerts and cases layers wired to their data and the
 * pointer; the polygons' counts follow the alerts and cases shortly after they change. The page
 * drives it with plain calls (where to look, fill mode, scenario, devices).
 *
 * It is made by {@link ScreenMap.open} once the first polygons are in, at its final camera and
 * size, with everything known in the style (start-style.ts): in a software-rendered browser each
 * frame is 100–400 ms, and every change after the style loads would cost one more before the
 * first paint.
 */
import './worker.ts';
import 'maplibre-gl/dist/maplibre-gl.css';
import { Map as MapLibreMap, NavigationControl } from 'maplibre-gl';
import { screenApi } from '../data/screen-api.ts';
import type { PointStore } from '../data/point-store.ts';
import type { Scenario } from '../scenarios.ts';
import type { AlertProps, CaseProps, DeviceColumns } from '../types.ts';
import { fitCamera, FIT, type BBox, type Camera } from './camera.ts';
import { exposeMap, markFirstFeatures, markLabelsDrawn } from './debug-handle.ts';
import { markMapPainted } from './first-paint.ts';
import { DeviceLayer } from './device-layer.ts';
import type { FillMode } from './fill-model.ts';
import { bindInteractions, type MapPickHooks } from './interactions.ts';
import { JurisdictionLayers, type JurisdictionHooks, type JurisdictionStart } from './jurisdiction-layers.ts';
import { bandsAt, levelsShown, MAP_LEVELS, type LevelContext } from './levels.ts';
import { pointFeatures, PointLayers } from './point-layers.ts';
import { startStyle } from './start-style.ts';
import { LABEL_FONTS, LAYER } from './map-ids.ts';

export type { BBox } from './camera.ts';

/** Everything the map tells the page. */
export type ScreenMapHooks = MapPickHooks & JurisdictionHooks;

/** The shared point stores the map draws. */
export interface MapStores {
  alerts: PointStore<AlertProps>;
  cases: PointStore<CaseProps>;
}

/** What the page has decided when the map is opened. */
export interface MapOpening {
  ctx: LevelContext;
  bbox: BBox | null;
  /** Read when the map is made (after the first polygons came in), so they are the latest. */
  settings: () => { mode: FillMode; scenario: Scenario | null };
}

/** What the map is made with. */
interface MapStart extends JurisdictionStart {
  camera: Camera;
  scenario: Scenario | null;
}

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
  private scenario: Scenario | null;

  /**
   * Fetches the polygons on screen for `opening` (the first are usually prefetched), then makes
   * the map in `container` at its size then. Rejects when aborted (nothing is made).
   */
  static async open(
    container: HTMLElement,
    opening: MapOpening,
    stores: MapStores,
    hooks: ScreenMapHooks,
    signal: AbortSignal,
  ): Promise<ScreenMap> {
    const { ctx, bbox } = opening;
    const guess = fitCamera(bbox, container.clientWidth, container.clientHeight);
    const wanted = levelsShown(ctx, guess.zoom, bandsAt(ctx, guess.zoom));
    // A level that fails to come is reported and loaded again once the map stands (update()).
    const layers = await Promise.all(
      wanted.map((w) =>
        screenApi.jurisdictions(w.level, w.parent, signal).catch((e: unknown) => {
          if (!signal.aborted) hooks.onError?.(e);
          return null;
        }),
      ),
    );
    signal.throwIfAborted();
    // Measured again: the panels around the map may have settled meanwhile.
    const camera = fitCamera(bbox, container.clientWidth, container.clientHeight);
    const { mode, scenario } = opening.settings();
    const levels = wanted.flatMap((w, i) => (layers[i] ? [{ ...w, features: layers[i].features }] : []));
    return new ScreenMap(container, { ctx, camera, bands: bandsAt(ctx, camera.zoom), mode, scenario, levels }, stores, hooks);
  }

  private constructor(container: HTMLElement, start: MapStart, stores: MapStores, hooks: ScreenMapHooks) {
    const drawn = { scenario: start.scenario, alerts: stores.alerts.version, cases: stores.cases.version };
    this.scenario = start.scenario;
    this.map = new MapLibreMap({
      container,
      style: startStyle({
        bands: start.bands,
        selectedId: start.ctx.selected?.id ?? null,
        mode: start.mode,
        levels: start.levels,
        alerts: pointFeatures(stores.alerts, start.scenario),
        cases: pointFeatures(stores.cases, start.scenario),
      }),
      center: start.camera.center,
      zoom: start.camera.zoom,
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
    this.jurisdictions = new JurisdictionLayers(this.map, loaded, start, hooks);
    void loaded.then(() => {
      const parts: Parts = {
        points: new PointLayers(this.map, stores.alerts, stores.cases, drawn),
        devices: new DeviceLayer(this.map, this.scenario),
        unbind: bindInteractions(this.map, hooks),
      };
      this.map.on('moveend', () => this.jurisdictions.update());
      this.jurisdictions.update();
      this.parts = parts;
      for (const f of this.queued.splice(0)) f(parts);
    });

    const fills = MAP_LEVELS.map((l) => LAYER.fill(l));
    const labels = MAP_LEVELS.map((l) => LAYER.label(l));
    this.drawn = new Promise<void>((resolve) => {
      this.whenDrawn(fills, () => {
        markFirstFeatures();
        markMapPainted();
        if (this.jurisdictions.nameStartLevels()) this.whenDrawn(labels, markLabelsDrawn);
        resolve();
      });
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
    // The level below the jurisdiction looked at fills the view at the zoom that fits it.
    const zoom = (bbox && this.map.cameraForBounds(bbox, FIT)?.zoom) ?? this.map.getZoom();
    if (bbox) this.map.fitBounds(bbox, { ...FIT, animate: !instant, duration: 800 });
    this.jurisdictions.setContext(ctx, bandsAt(ctx, zoom));
    this.when((p) => p.devices.reset());
  }

  setFillMode(mode: FillMode): void {
    this.jurisdictions.setFillMode(mode);
  }

  setScenario(scenario: Scenario | null): void {
    if (scenario === this.scenario) return;
    this.scenario = scenario;
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
      this.parts.devices.dispose();
    }
    this.unexpose();
    this.map.remove();
  }

  /** Calls `f` at the first idle moment with features of `layers` drawn. */
  private whenDrawn(layers: string[], f: () => void): void {
    const onIdle = () => {
      if (this.map.queryRenderedFeatures({ layers }).length === 0) return;
      this.map.off('idle', onIdle);
      f();
    };
    this.map.on('idle', onIdle);
  }

  private when(f: (p: Parts) => void): void {
    if (this.parts) f(this.parts);
    else this.queued.push(f);
  }
}
