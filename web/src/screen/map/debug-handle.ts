/**
 * The map on `window.__cityopsMap` for tests and development (a browser test asks it which
 * features are drawn, rather than trusting that a canvas exists), plus the moment the screen
 * first drew features (`window.__cityopsScreen.firstFeaturesAt`, ms since navigation start), their
 * names (`labelsDrawnAt`) and the devices (`devicesDrawnAt`: bench/screen-browser.bench.ts times
 * 100,000 of them).
 * Only in a dev build or a browser driven by automation (`navigator.webdriver`), so a production
 * screen exposes nothing.
 */
import type { Map as MapLibreMap } from 'maplibre-gl';

declare global {
  interface Window {
    __cityopsMap?: MapLibreMap;
    __cityopsScreen?: { firstFeaturesAt: number | null; labelsDrawnAt: number | null; devicesDrawnAt: number | null };
  }
}

/** Whether this page exposes the handle. */
export function debugHandleWanted(): boolean {
  return import.meta.env.DEV || navigator.webdriver;
}

/** Exposes the map (when wanted); returns the undo. */
export function exposeMap(map: MapLibreMap): () => void {
  if (!debugHandleWanted()) return () => undefined;
  window.__cityopsMap = map;
  window.__cityopsScreen = { firstFeaturesAt: null, labelsDrawnAt: null, devicesDrawnAt: null };
  return () => {
    if (window.__cityopsMap === map) delete window.__cityopsMap;
  };
}

/** Records the first time features were drawn. */
export function markFirstFeatures(): void {
  const s = window.__cityopsScreen;
  if (s && s.firstFeaturesAt === null) s.firstFeaturesAt = performance.now();
}

/** Records the first time the jurisdictions' names were drawn (they follow the first features). */
export function markLabelsDrawn(): void {
  const s = window.__cityopsScreen;
  if (s && s.labelsDrawnAt === null) s.labelsDrawnAt = performance.now();
}

/** Records the first time devices were drawn. */
export function markDevicesDrawn(): void {
  const s = window.__cityopsScreen;
  if (s && s.devicesDrawnAt === null) s.devicesDrawnAt = performance.now();
}
