/**
 * Where MapLibre's web worker comes from: the worker module shipped in the package, emitted by
 * Vite as a hashed file of the app (`?url`). MapLibre 6 otherwise looks for it next to its own
 * module, which a bundle does not keep, and the map would stay blank. Imported for its effect,
 * before the first map is made.
 *
 * The worker is started here, as the screen's code loads (`prewarm`), rather than when the map
 * is made: fetching and compiling its half-megabyte script then overlaps the page's first
 * requests instead of delaying the map's first frames.
 */
import { prewarm, setWorkerUrl } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';

setWorkerUrl(workerUrl);
prewarm();
