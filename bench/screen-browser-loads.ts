/**
 * Cold loads and probes of bench/screen-browser.bench.ts: a navigation with an empty browser cache
 * timed to the page's first drawn features (and names, and devices), with when its API answers
 * came in; and the frame and long-task probe run around some moves.
 */
import fs from 'node:fs';
import type { TestBrowser } from '../test/support/browser.ts';
import { INSTALL_PROBE } from './screen-browser-pages.ts';

/** What the probe saw. */
export interface Probe {
  ms: number;
  frames: number;
  maxGap: number;
  longTasks: number;
  longest: number;
  lines: number;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Frames a second the probe saw. */
export const fps = (p: Probe) => (p.frames / p.ms) * 1000;

/** Runs `during` with the probe on. */
export async function probe(page: TestBrowser['page'], during: () => Promise<unknown>): Promise<Probe> {
  await page.evaluate(INSTALL_PROBE);
  await page.evaluate('window.__probe.start()');
  await during();
  return page.evaluate<Probe>('window.__probe.stop()');
}

/**
 * One cold load: ms since navigation to the first features, the map's frames before them, when
 * names and devices were drawn, and when the screen's API answers had come in (`responseEnd` by
 * route name, e.g. `jurisdictions`, `devices`, `kpis`) — to tell a slow server from a busy page.
 */
export interface Cold {
  first: number;
  frames: number;
  labels: number | null;
  devices: number | null;
  answers: Record<string, number>;
}

/** When each `/api/v1/screen/<name>` answer ended, ms since navigation (the first of each name). */
const ANSWERS = `(() => {
  const out = {};
  for (const e of performance.getEntriesByType('resource')) {
    const m = /\\/api\\/v1\\/screen\\/([a-z]+)/.exec(e.name);
    if (m && out[m[1]] === undefined) out[m[1]] = Math.round(e.responseEnd);
  }
  return out;
})()`;

/** Navigates with an empty cache and waits for the page's first drawn features (and devices, when asked). */
export async function coldFirstFeatures(b: TestBrowser, url: string, devices = false): Promise<Cold> {
  const cdp = await b.context.newCDPSession(b.page);
  await cdp.send('Network.clearBrowserCache');
  await b.page.goto(url);
  const has = (mark: string) => b.page.evaluate<boolean>(`window.__cityopsScreen?.${mark} != null`);
  const mark = devices ? 'devicesDrawnAt' : 'firstFeaturesAt';
  // Polled with evaluate: waitForFunction evaluates a string, which the platform's CSP refuses.
  for (const until = Date.now() + 120_000; !(await has(mark)); await sleep(100)) {
    if (Date.now() > until) throw new Error(`${url}: nothing drawn (${mark}) in 2 minutes`);
  }
  // The screen names its polygons right after drawing them (the baseline has no names).
  if (!url.includes('/__bench/'))
    for (const until = Date.now() + 10_000; Date.now() < until && !(await has('labelsDrawnAt'));) await sleep(50);
  const s = await b.page.evaluate<{ firstFeaturesAt: number; labelsDrawnAt?: number | null; devicesDrawnAt?: number | null }>(
    'window.__cityopsScreen',
  );
  const frames = await b.page.evaluate<number>('window.__framesBeforeFirst ?? -1');
  const answers = await b.page.evaluate<Record<string, number>>(ANSWERS);
  return { first: s.firstFeaturesAt, frames, labels: s.labelsDrawnAt ?? null, devices: s.devicesDrawnAt ?? null, answers };
}

/** The run with the median first features. */
export function median(runs: Cold[]): Cold {
  return [...runs].sort((x, y) => x.first - y.first)[Math.floor(runs.length / 2)]!;
}

/** The median of numbers (NaN for none). */
export function medianOf(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : s[Math.floor(s.length / 2)]!;
}

/**
 * Records a Chromium trace (timeline, the page's and workers' threads) around `during` into
 * `file` (JSON, opens in the browser's Performance panel or Perfetto).
 */
export async function traced<T>(b: TestBrowser, file: string, during: () => Promise<T>): Promise<T> {
  const cdp = await b.context.newCDPSession(b.page);
  const categories = [
    'devtools.timeline',
    'disabled-by-default-devtools.timeline',
    'v8.execute',
    'blink.user_timing',
    'toplevel',
    'disabled-by-default-v8.cpu_profiler',
  ];
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: categories }, transferMode: 'ReturnAsStream' });
  try {
    return await during();
  } finally {
    const done = new Promise<string>((resolve) => cdp.once('Tracing.tracingComplete', (e) => resolve(e.stream!)));
    await cdp.send('Tracing.end');
    const stream = await done;
    const out = fs.createWriteStream(file);
    for (;;) {
      const chunk = await cdp.send('IO.read', { handle: stream });
      out.write(chunk.base64Encoded ? Buffer.from(chunk.data, 'base64') : chunk.data);
      if (chunk.eof) break;
    }
    await cdp.send('IO.close', { handle: stream });
    await new Promise((r) => out.end(r));
  }
}
