/**
 * When the screen's map first drew its polygons, for the work that should come after: drawing
 * the charts takes ~300 ms of the main thread (ECharts' start-up and two canvases), which, done
 * while the map loads, pushed its first paint back by as much.
 */

/** The longest anything waits for the map, ms: a map that cannot draw (no WebGL) must not keep the rest away. */
const MAX_WAIT_MS = 5_000;

let painted = false;
const waiting: Array<() => void> = [];

/** Says the map drew its first polygons (once per page: later maps find it said). */
export function markMapPainted(): void {
  painted = true;
  for (const go of waiting.splice(0)) go();
}

/**
 * Resolves once the map drew its first polygons, or after {@link MAX_WAIT_MS} at most.
 * @example await afterMapPaint(); drawCharts();
 */
export function afterMapPaint(): Promise<void> {
  if (painted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, MAX_WAIT_MS);
    waiting.push(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
