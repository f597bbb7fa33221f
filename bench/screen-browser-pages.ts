/**
 * The pages and page scripts of bench/screen-browser.bench.ts: MapLibre alone (the baseline), a
 * frame and long-task probe, the pan-and-zoom walk and a counter of the map's frames before its
 * first features. Page scripts are strings: the bench is compiled without the DOM's types.
 */

/** The baseline page: MapLibre alone, one polygon, the map on `window.__cityopsMap` as the screen's. */
export const EMPTY_MAP_HTML = `<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="maplibre-gl.css">
<style>html,body,#map{margin:0;height:100%}</style></head><body><div id="map"></div><script type="module">
import { Map, setWorkerUrl } from './maplibre-gl.mjs';
setWorkerUrl(new URL('./maplibre-gl-worker.mjs', location.href).href);
const ring = [[121.3, 31.1], [121.6, 31.1], [121.6, 31.4], [121.3, 31.4], [121.3, 31.1]];
const map = new Map({ container: 'map', center: [121.47, 31.23], zoom: 9, fadeDuration: 0, attributionControl: false, style: {
  version: 8,
  sources: { one: { type: 'geojson', data: { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [ring] } } } },
  layers: [{ id: 'bg', type: 'background', paint: { 'background-color': '#0b1a2a' } }, { id: 'one', type: 'fill', source: 'one', paint: { 'fill-color': '#2a6' } }],
} });
window.__cityopsMap = map;
window.__cityopsScreen = { firstFeaturesAt: null };
map.on('idle', () => { if (window.__cityopsScreen.firstFeaturesAt === null && map.queryRenderedFeatures({ layers: ['one'] }).length) window.__cityopsScreen.firstFeaturesAt = performance.now(); });
</script></body></html>`;

/**
 * Installs `window.__probe` in the page: between start() and stop() it counts animation frames and
 * their longest gap, long tasks (PerformanceObserver) and live-feed alert lines added to the DOM.
 * (Page scripts are strings: this file is compiled without the DOM's types.)
 */
export const INSTALL_PROBE = `(() => {
  if (window.__probe) return;
  const p = { running: false, t0: 0, frames: 0, last: 0, maxGap: 0, longTasks: 0, longest: 0, lines: 0 };
  const loop = (t) => {
    if (!p.running) return;
    if (p.last) p.maxGap = Math.max(p.maxGap, t - p.last);
    p.last = t;
    p.frames++;
    requestAnimationFrame(loop);
  };
  new PerformanceObserver((list) => {
    if (p.running) for (const e of list.getEntries()) { p.longTasks++; p.longest = Math.max(p.longest, e.duration); }
  }).observe({ type: 'longtask' });
  const isLine = (n) => n.nodeType === 1 && n.matches('li[data-kind="alert"]') ? 1 : n.nodeType === 1 ? n.querySelectorAll('li[data-kind="alert"]').length : 0;
  new MutationObserver((records) => {
    if (p.running) for (const r of records) for (const n of r.addedNodes) p.lines += isLine(n);
  }).observe(document.body, { childList: true, subtree: true });
  window.__probe = {
    start() { Object.assign(p, { running: true, t0: performance.now(), frames: 0, last: 0, maxGap: 0, longTasks: 0, longest: 0, lines: 0 }); requestAnimationFrame(loop); },
    stop() { p.running = false; return { ms: performance.now() - p.t0, frames: p.frames, maxGap: p.maxGap, longTasks: p.longTasks, longest: p.longest, lines: p.lines }; },
  };
})()`;

/** Eight eased moves of a second each: districts → streets → grids → communities (panned) → back out. */
export const PAN_AND_ZOOM = `(async () => {
  const map = window.__cityopsMap;
  const moves = [[121.47, 31.23, 10.5], [121.5, 31.24, 12], [121.48, 31.22, 14], [121.52, 31.25, 14.5], [121.44, 31.2, 14], [121.4, 31.15, 12.5], [121.5, 31.3, 10.5], [121.47, 31.23, 9]];
  for (const [lon, lat, zoom] of moves) await new Promise((done) => { map.once('moveend', done); map.easeTo({ center: [lon, lat], zoom, duration: 1000 }); });
})()`;

/**
 * Counts the map's frames (`render` events) until the page marks its first features, whichever
 * page it is: installed before any page script (an init script), it catches the map as the page
 * hands it to `window.__cityopsMap`. Read as `window.__framesBeforeFirst`.
 */
export const COUNT_FIRST_FRAMES = `(() => {
  let map;
  window.__framesBeforeFirst = 0;
  Object.defineProperty(window, '__cityopsMap', { configurable: true, get: () => map, set: (m) => {
    map = m;
    m.on('render', () => { if (window.__cityopsScreen?.firstFeaturesAt == null) window.__framesBeforeFirst++; });
  } });
})()`;
