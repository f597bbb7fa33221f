/**
 * Two builds of the browser app on the same platform, data and browser, loaded in turn (A, B,
 * B, A, …): a change to the screen measured against the build before it on a shared machine
 * whose load drifts. bench/screen-browser.bench.ts runs it instead of its usual rows when
 * `SCREEN_BENCH_AB=<folder of build A>` is set (build B is web/dist as it is when the bench
 * starts; copy web/dist somewhere before the change to make A), `SCREEN_BENCH_ROUNDS` pairs (4);
 * `SCREEN_BENCH_TRACE=<path prefix>` records Chromium traces of each build's last load and pan.
 * Each build's files are served by the page's router, so both take the same path.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BenchRow } from './bench-row.ts';
import type { TestBrowser } from '../test/support/browser.ts';
import { WEB_DIST } from '../test/support/web-build.ts';
import { coldFirstFeatures, fps, medianOf, probe, traced, type Cold, type Probe } from './screen-browser-loads.ts';
import { PAN_AND_ZOOM } from './screen-browser-pages.ts';

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.html': 'text/html' };

/** What one build did. */
interface Runs {
  cold: Cold[];
  pan: Probe[];
}

/**
 * Loads /screen from build A (`dirA`) and build B (web/dist) in turn, `rounds` times each, calling
 * `beforeLoad` before every load (e.g. to age the platform's caches so each load finds them as the
 * first did); pans after each load. Returns medians per build.
 */
export async function compareBuilds(
  b: TestBrowser,
  origin: string,
  dirA: string,
  rounds: number,
  beforeLoad: () => void,
): Promise<BenchRow[]> {
  // A copy of B: a rebuild of web/dist during the run must not change it.
  const dirB = fs.mkdtempSync(path.join(os.tmpdir(), 'cityops-bench-build-b-'));
  fs.cpSync(WEB_DIST, dirB, { recursive: true });
  let dir = dirA;
  await b.page.route(`${origin}/**`, (route) => {
    const p = new URL(route.request().url()).pathname;
    if (p.startsWith('/api/') || p.startsWith('/__bench/')) return route.fallback();
    const file = path.join(dir, path.normalize(p));
    const found = file.startsWith(dir) && fs.existsSync(file) && fs.statSync(file).isFile();
    const served = found ? file : path.join(dir, 'index.html');
    return route.fulfill({ contentType: TYPES[path.extname(served)] ?? 'application/octet-stream', body: fs.readFileSync(served) });
  });
  const runs: Record<'A' | 'B', Runs> = { A: { cold: [], pan: [] }, B: { cold: [], pan: [] } };
  try {
    for (let round = 0; round < rounds; round++) {
      for (const which of round % 2 === 0 ? (['A', 'B'] as const) : (['B', 'A'] as const)) {
        dir = which === 'A' ? dirA : dirB;
        beforeLoad();
        const load = () => coldFirstFeatures(b, `${origin}/screen`, true);
        const trace = process.env.SCREEN_BENCH_TRACE;
        const cold = trace && round === rounds - 1 ? await traced(b, `${trace}-${which}.json`, load) : await load();
        runs[which].cold.push(cold);
        const pan = () => probe(b.page, () => b.page.evaluate(PAN_AND_ZOOM));
        runs[which].pan.push(trace && round === rounds - 1 ? await traced(b, `${trace}-${which}-pan.json`, pan) : await pan());
        const a = cold.answers;
        console.warn(
          `${which}: first ${cold.first.toFixed(0)} ms, devices ${cold.devices?.toFixed(0)} ms, answers kpis ${a.kpis} ` +
            `jurisdictions ${a.jurisdictions} devices ${a.devices}; pan ${fps(runs[which].pan.at(-1)!).toFixed(2)} frames/s`,
        );
      }
    }
  } finally {
    await b.page.unroute(`${origin}/**`);
    fs.rmSync(dirB, { recursive: true, force: true });
  }
  const med = (w: 'A' | 'B', f: (c: Cold) => number | null | undefined) => medianOf(runs[w].cold.map((c) => f(c) ?? Number.NaN));
  const list = (w: 'A' | 'B', f: (c: Cold) => number | null | undefined) =>
    runs[w].cold.map((c) => (f(c) ?? Number.NaN).toFixed(0)).join(', ');
  const row = (name: string, f: (c: Cold) => number | null | undefined): BenchRow => ({
    name: `A/B screen (Chromium, 100k devices): ${name}`,
    value: med('B', f),
    unit: 'ms',
    baseline: { name: 'build A', value: med('A', f) },
    goal: `medians of ${rounds}; B ${list('B', f)}; A ${list('A', f)}`,
  });
  const panOf = (w: 'A' | 'B') => runs[w].pan;
  return [
    row('first features', (c) => c.first),
    row('devices drawn', (c) => c.devices),
    row('devices answer in', (c) => c.answers.devices),
    row('polygons answer in', (c) => c.answers.jurisdictions),
    {
      name: 'A/B screen (Chromium, 100k devices): pan and zoom',
      value: medianOf(panOf('B').map(fps)),
      unit: 'frames/s',
      baseline: { name: 'build A', value: medianOf(panOf('A').map(fps)) },
      goal: `longest task B ${panOf('B')
        .map((p) => p.longest.toFixed(0))
        .join(', ')}; A ${panOf('A')
        .map((p) => p.longest.toFixed(0))
        .join(', ')}`,
    },
  ];
}
