/**
 * City screen benchmark (issue 5: all ~6,500 communities and 100,000 devices on one screen, a
 * live feed keeping up with 1,000 events/s). On a fresh SQLite platform with the demo city and
 * 100,000 devices (80 % heard from recently), through the HTTP app (`inject`, as a browser would
 * call it, gzip accepted):
 *
 * - the community layer: bytes as JSON and gzip, time cold (first request: geometry read and
 *   simplified) and warm (figures recounted, shapes cached), beside the stored, unsimplified
 *   geometry of the same communities;
 * - the device layer for 100,000 points, GeoJSON and columns: bytes and time, beside the
 *   devices API's own JSON for the same devices; and the snapshot read behind it;
 * - the KPI panel of the whole city, uncached;
 * - the live feed's fan-out: 10,000 alert events to 100 clients (one city-wide, the others
 *   scoped to districts), beside a plain loop serializing the same events once.
 *
 * Run with `npx tsx bench/screen.bench.ts`, or through bench/run.ts once registered.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BenchRow } from './bench-row.ts';
import { loadConfig } from '../src/config.ts';
import { buildPlatform, buildServices, type Platform } from '../src/compose.ts';
import { loadDemo } from '../src/demo/load-demo.ts';
import { createMemoryBus } from '../src/platform/bus/memory-bus.ts';
import { simulatedClock, type SimulatedClock } from '../src/platform/clock.ts';
import { createLiveService, type LiveSink } from '../src/live/service.ts';
import { liveAlert } from '../src/live/event-model.ts';
import type { AlertEvent } from '../src/alerts/event-model.ts';
import type { Alert } from '../src/alerts/model.ts';
import { newId } from '../src/platform/ids.ts';

const DEVICES = 100_000;
const TYPES = ['water_level_gauge', 'manhole_cover', 'smoke_detector', 'water_meter'];

/** A deterministic generator (mulberry32). */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

async function setUp(): Promise<{ p: Platform; clock: SimulatedClock; headers: Record<string, string>; dataDir: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cityops-bench-screen-'));
  // A clock the bench can move past the screen's 2-second answer cache.
  const clock = simulatedClock();
  const services = await buildServices(loadConfig({}, { dataDir, logLevel: 'silent' }), { clock });
  const p = await buildPlatform(services);
  await loadDemo(p);
  const city = p.geo.list('city')[0]!;
  const user = await p.directory.createUser({
    username: 'bench_screen',
    displayName: 'bench',
    password: 'Bench-screen-2026!',
    roles: ['shift_lead'],
    jurisdictionId: city.id,
  });
  const { token } = await p.auth.createToken(user.id, 'bench', null);
  // Devices spread over the communities, a little off their centres.
  const random = rng(42);
  const communities = p.geo.list('community');
  const rows = Array.from({ length: DEVICES }, (_, i) => {
    const c = communities[i % communities.length]!;
    return {
      id: `bench-${String(i).padStart(6, '0')}`,
      type: TYPES[i % TYPES.length]!,
      lon: c.center[0] + (random() - 0.5) * 0.001,
      lat: c.center[1] + (random() - 0.5) * 0.001,
    };
  });
  const imported = await p.sensing.importDevices(rows, city.path);
  if (imported.created < DEVICES * 0.99) throw new Error(`only ${imported.created} devices imported`);
  const now = p.clock.now();
  const metric: Record<string, Record<string, number | boolean>> = {
    water_level_gauge: { water_level_cm: 2 },
    manhole_cover: { tilt_deg: 0 },
    smoke_detector: { smoke: false },
    water_meter: { volume_m3: 0.1 },
  };
  // 80 % heard from a minute ago; the rest never.
  const heard = rows.filter((_, i) => i % 5 !== 0).map((r) => ({ deviceId: r.id, ts: now - 60_000, values: metric[r.type]! }));
  for (let i = 0; i < heard.length; i += 40_000) await p.sensing.ingestReadings({ json: heard.slice(i, i + 40_000) }, city.path);
  await p.sensing.flush();
  return { p, clock, headers: { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip' }, dataDir };
}

/** The live feed's fan-out on its own bus: `events` alert events to `clients` clients. */
async function liveFanOut(p: Platform, events: number, clients: number): Promise<{ ms: number; baselineMs: number; delivered: number }> {
  const bus = createMemoryBus();
  const live = createLiveService({ bus, clock: p.clock, options: { ringSize: events, maxLag: events } });
  const districts = p.geo.list('district');
  let delivered = 0;
  const sink: LiveSink = {
    write: (chunk) => {
      delivered += chunk.length;
      return true;
    },
    onceDrain: () => undefined,
    end: () => undefined,
  };
  for (let i = 0; i < clients; i++)
    live.connect({ scopePath: i === 0 ? p.geo.list('city')[0]!.path : districts[i % districts.length]!.path, kpi: false }, sink);
  const communities = p.geo.list('community');
  const made: AlertEvent[] = Array.from({ length: events }, (_, i) => {
    const c = communities[i % communities.length]!;
    const at = p.clock.now();
    const alert = {
      id: newId(),
      level: 'orange',
      state: 'raised',
      category: 'E0401',
      message: `积水 ${i} cm`,
      jurisdictionPath: c.path,
      location: c.center,
      version: 1,
    } as Alert;
    const entry = {
      id: newId(),
      seq: 1,
      type: 'raised',
      at,
      eventTs: at,
      level: 'orange',
      fromLevel: null,
      actorId: null,
      note: null,
      value: 1,
    };
    return { type: 'alert.raised', eventId: entry.id, alert, entry, actions: [] } as AlertEvent;
  });
  const baseline = performance.now();
  let bytes = 0;
  for (const e of made) bytes += JSON.stringify(liveAlert(e)).length;
  const baselineMs = performance.now() - baseline;
  if (bytes === 0) throw new Error('nothing serialized');
  const t0 = performance.now();
  // 100 ms worth of events at a time, then a flush, as the timer would.
  for (let i = 0; i < made.length; i += 100) {
    for (const e of made.slice(i, i + 100)) await bus.publish('alerts', e);
    live.flushNow();
  }
  const ms = performance.now() - t0;
  live.close();
  return { ms, baselineMs, delivered };
}

/** Runs the screen benchmark. */
export async function runScreenBench(): Promise<BenchRow[]> {
  const { p, clock, headers, dataDir } = await setUp();
  try {
    const get = (url: string) => p.app.inject({ url, headers });
    const plain = (url: string) => p.app.inject({ url, headers: { authorization: headers.authorization! } });
    const communityUrl = '/api/v1/screen/jurisdictions?level=community';
    const cold = await timed(() => get(communityUrl));
    clock.advance(5_000); // past the 2 s answer cache; the simplified shapes stay
    const warm = await timed(() => get(communityUrl));
    const json = await plain(`${communityUrl}&x=1`);
    const shapes = await get(`${communityUrl}&part=shapes`);
    const figures = await get(`${communityUrl}&part=figures`);
    const stored = await timed(() => p.geo.geometries(p.geo.list('community').map((j) => j.id)));
    const storedBytes = [...stored.value.values()].reduce((n, g) => n + JSON.stringify(g).length, 0);

    const snapshot = await timed(() => get('/api/v1/screen/devices?format=columns'));
    clock.advance(5_000);
    const devicesGeo = await timed(() => get('/api/v1/screen/devices'));
    const devicesGeoJson = await plain('/api/v1/screen/devices?y=1');
    clock.advance(5_000);
    const devicesCols = await timed(() => get('/api/v1/screen/devices?format=columns'));
    const devicesColsJson = await plain('/api/v1/screen/devices?format=columns&y=1');
    const cityPath = p.geo.list('city')[0]!.path;
    let apiBytes = 0;
    const api = await timed(async () => {
      for (let cursor: string | null = null, first = true; first || cursor; first = false) {
        const page: Awaited<ReturnType<typeof p.sensing.listDevices>> = await p.sensing.listDevices({
          scopePath: cityPath,
          limit: 1000,
          ...(cursor ? { cursor } : {}),
        });
        apiBytes += JSON.stringify(page).length;
        cursor = page.nextCursor;
      }
    });
    const online = JSON.parse(devicesColsJson.body) as { status: number[] };
    clock.advance(5_000);
    const kpis = await timed(() => get('/api/v1/screen/kpis'));
    const district = p.geo.list('district')[0]!;
    const districtKpis = await timed(() => get(`/api/v1/screen/kpis?jurisdiction=${district.id}`));
    const fan = await liveFanOut(p, 10_000, 100);

    const kb = (n: number) => n / 1024;
    return [
      {
        name: 'screen: communities layer, gzip',
        value: kb(cold.value.rawPayload.length),
        unit: 'kB',
        baseline: { name: 'stored geometry, JSON', value: kb(storedBytes) },
        goal: `${p.geo.list('community').length} polygons; JSON ${(json.rawPayload.length / 1e6).toFixed(2)} MB; shapes ${kb(shapes.rawPayload.length).toFixed(0)} kB gz; figures ${kb(figures.rawPayload.length).toFixed(1)} kB gz`,
      },
      {
        name: 'screen: communities layer, cold',
        value: cold.ms,
        unit: 'ms',
        baseline: { name: 'reading the stored geometry', value: stored.ms },
        goal: 'first paint < 2 s',
      },
      { name: 'screen: communities layer, warm', value: warm.ms, unit: 'ms', goal: 'polled every few s' },
      {
        name: 'screen: 100k devices, columns gzip',
        value: kb(devicesCols.value.rawPayload.length),
        unit: 'kB',
        baseline: { name: 'devices API JSON', value: kb(apiBytes) },
        goal: `JSON ${(devicesColsJson.rawPayload.length / 1e6).toFixed(2)} MB; ${online.status.filter((s) => s === 1).length} online`,
      },
      {
        name: 'screen: 100k devices, columns',
        value: devicesCols.ms,
        unit: 'ms',
        baseline: { name: 'devices API, all pages', value: api.ms },
      },
      {
        name: 'screen: 100k devices, GeoJSON gzip',
        value: kb(devicesGeo.value.rawPayload.length),
        unit: 'kB',
        goal: `JSON ${(devicesGeoJson.rawPayload.length / 1e6).toFixed(2)} MB in ${devicesGeo.ms.toFixed(0)} ms`,
      },
      { name: 'screen: device snapshot, first read', value: snapshot.ms, unit: 'ms', goal: 'then once a minute, in the background' },
      {
        name: 'screen: KPIs of the city, uncached',
        value: kpis.ms,
        unit: 'ms',
        baseline: { name: 'one district', value: districtKpis.ms },
        goal: 'cached 2 s per scope',
      },
      {
        name: 'live: 10k events → 100 clients',
        value: (10_000 / fan.ms) * 1000,
        unit: 'events/s',
        baseline: { name: 'serialize once, plain loop', value: (10_000 / fan.baselineMs) * 1000 },
        goal: `≥ 1,000 events/s; ${(fan.delivered / 1e6).toFixed(1)} MB written`,
      },
    ];
  } finally {
    await p.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.table(await runScreenBench());
}
