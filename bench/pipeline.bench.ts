/**
 * Pipeline benchmark (issue 3 item 6): readings per second end to end on a real platform —
 * `buildServices` + `buildPlatform` on SQLite in a temp data dir, the demo city (demo rules and
 * alert policies), `startPipeline`, 5,000 water level gauges in Shanghai, plus one bench
 * threshold rule without duration (> 50 cm raises, < 10 cm clears) so alerts are raised and
 * cleared continuously by a few "alert devices".
 *
 * Rows:
 * - HTTP batches: POST /api/v1/readings (5,000-reading JSON arrays, gateway bearer token)
 *   through `app.inject` from 4 concurrent loops; accepted readings/s from the responses.
 *   Bodies are built in the same process (their cost is in the figure). Baseline: the same
 *   bodies' items handed to `sensing.ingestReadings` directly (validation + storage + rules +
 *   alerts, no HTTP/JSON parsing) — not the raw SQLite append rate.
 * - MQTT: a child process (bench/pipeline-mqtt-load.ts) publishes 100-reading QoS 1 payloads
 *   with fresh event times, ≤ 2 unacknowledged per device, over one connection per device to `startMqttIngest`'s embedded broker
 *   wired to `services.sensing`; readings/s stored from `ingestStats()`. Baseline: the same
 *   publisher into a bare aedes, counting publishes taken in.
 * - Reading-to-alert latency, both as the alerts service records it (signal received → alert
 *   stored) and as measured here (reading's event time = client send time → `alerts` bus event
 *   of the bench rule; HTTP: body built, MQTT: payload encoded in the child).
 * - Peak RSS of this process, sampled every 100 ms.
 * Run with `npm run bench -- pipeline` or `npx tsx bench/pipeline.bench.ts`.
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Aedes } from 'aedes';
import type { BenchRow } from './bench-row.ts';
import type { PipelineLoadPlan } from './pipeline-mqtt-load.ts';
import { loadConfig } from '../src/config.ts';
import { buildPlatform, buildServices, type Platform } from '../src/compose.ts';
import { loadDemo } from '../src/demo/load-demo.ts';
import { startMqttIngest } from '../src/mqtt-ingest/start-mqtt-ingest.ts';
import { ALERTS_SUBJECT, type AlertEvent } from '../src/alerts/event-model.ts';
import { createLatencyHistogram, type LatencyHistogram } from '../src/alerts/latency-histogram.ts';

const DEVICES = 5_000;
const MQTT_DEVICES = 500;
const ALERT_DEVICES = 10;
const HTTP_BATCH = 5_000;
const HTTP_CONCURRENCY = 4;
const HTTP_MS = 6_000;
const BASELINE_MS = 4_000;
const MQTT_WARMUP_MS = 1_000;
const MQTT_MS = 6_000;
const RAW_MS = 3_000;
const READINGS_PER_MESSAGE = 100;
const LOAD_SCRIPT = fileURLToPath(new URL('./pipeline-mqtt-load.ts', import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const started = performance.now();
const phase = (what: string) => process.stderr.write(`  pipeline: ${what} at ${((performance.now() - started) / 1000).toFixed(1)} s\n`);

const deviceId = (i: number) => `pb-${i.toString().padStart(5, '0')}`;
const secretOf = (i: number) => `bench-secret-${i}`.padEnd(24, 'x');

/** Event times for HTTP rounds: wall clock, strictly increasing (one reading per device a round). */
let lastTs = 0;
const nextTs = () => (lastTs = Math.max(Date.now(), lastTs + 1));
let round = 0;

/** Pieces of one round's items per device, so building a 5,000-item body is one join. */
const prefixes = Array.from({ length: DEVICES }, (_, i) => `{"deviceId":"${deviceId(i)}","ts":`);

/** One round for `count` devices from `from`: alert devices alternate 60 / 5 cm, the rest stay low. */
function roundBody(from: number, count: number): { text: string; items: number } {
  const ts = nextTs();
  const high = round++ % 2 === 0;
  const parts: string[] = new Array<string>(count);
  for (let k = 0; k < count; k++) {
    const i = (from + k) % DEVICES;
    const v = i < ALERT_DEVICES ? (high ? 60 : 5) : 3 + (i % 50) / 10;
    parts[k] = `${prefixes[i]}${ts},"values":{"water_level_cm":${v}}}`;
  }
  return { text: `[${parts.join(',')}]`, items: count };
}

interface Bench {
  platform: Platform;
  dataDir: string;
  token: string;
  cityPath: string;
  ruleId: string;
  /** Bench-measured latency: reading event time → alert event on the bus (bench rule only). */
  own: LatencyHistogram;
  stop(): void;
}

async function setUp(): Promise<Bench> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cityops-bench-'));
  const config = loadConfig({}, { dataDir, logLevel: 'silent' });
  const services = await buildServices(config);
  const platform = await buildPlatform(services);
  await loadDemo(platform);
  await platform.startPipeline();
  const city = platform.geo.list('city')[0];
  if (!city) throw new Error('demo city missing');
  const cityPath = city.path;
  const gateway = (await platform.directory.listUsers(cityPath)).find((u) => u.username === 'gateway');
  if (!gateway) throw new Error('demo gateway user missing');
  const { token } = await platform.auth.createToken(gateway.id, 'bench', null);
  const rule = await platform.rules.create(
    {
      name: 'bench water level',
      kind: 'threshold',
      params: { metric: 'water_level_cm', op: '>', threshold: 50, clear: { op: '<', threshold: 10 } },
      appliesTo: { deviceTypes: ['water_level_gauge'] },
      level: 'red',
      messageTemplate: '{device} {value}',
    },
    { userId: null, scopePath: cityPath },
  );
  // A 100 × 50 grid inside Shanghai (121.40–121.55 E, 31.15–31.30 N).
  const rows = Array.from({ length: DEVICES }, (_, i) => ({
    id: deviceId(i),
    type: 'water_level_gauge',
    lon: 121.4 + ((i % 100) / 100) * 0.15,
    lat: 31.15 + (Math.floor(i / 100) / 50) * 0.15,
    secret: secretOf(i),
  }));
  const report = await platform.sensing.importDevices(rows, '/', 'rows');
  if (report.rejected.length > 0) throw new Error(`device import refused: ${JSON.stringify(report.rejected[0])}`);
  // Let the engine pick up the new devices before load starts.
  await sleep(500);
  const own = createLatencyHistogram();
  const sub = platform.bus.subscribe<AlertEvent>(ALERTS_SUBJECT, (m) => {
    const e = m.data;
    if (e.alert.ruleId !== rule.id || (e.type !== 'alert.raised' && e.type !== 'alert.cleared')) return;
    if (e.entry.eventTs !== null) own.record(Date.now() - e.entry.eventTs);
  });
  return { platform, dataDir, token, cityPath, ruleId: rule.id, own, stop: () => sub.unsubscribe() };
}

/** Runs `loops` concurrent loops of `step` (each returns readings accepted) for `ms`; readings/s. */
async function drive(ms: number, loops: number, step: () => Promise<number>): Promise<number> {
  let accepted = 0;
  const t0 = performance.now();
  const end = t0 + ms;
  await Promise.all(
    Array.from({ length: loops }, async () => {
      while (performance.now() < end) accepted += await step();
    }),
  );
  return accepted / ((performance.now() - t0) / 1000);
}

async function httpRows(b: Bench): Promise<BenchRow[]> {
  const { platform } = b;
  let offset = 0;
  const nextFrom = () => {
    const from = offset;
    offset = (offset + HTTP_BATCH) % DEVICES;
    return from;
  };
  const direct = await drive(BASELINE_MS, HTTP_CONCURRENCY, async () => {
    const body = roundBody(nextFrom(), HTTP_BATCH);
    const result = await platform.sensing.ingestReadings({ json: JSON.parse(body.text) as unknown[] }, b.cityPath);
    if (result.rejected.length > 0) throw new Error(`direct ingest refused: ${JSON.stringify(result.rejected[0])}`);
    return result.accepted;
  });
  platform.alerts.resetLatency();
  b.own.reset();
  const headers = { authorization: `Bearer ${b.token}`, 'content-type': 'application/json' };
  const http = await drive(HTTP_MS, HTTP_CONCURRENCY, async () => {
    const body = roundBody(nextFrom(), HTTP_BATCH);
    const res = await platform.app.inject({ method: 'POST', url: '/api/v1/readings', headers, payload: body.text });
    if (res.statusCode !== 200) throw new Error(`POST /api/v1/readings answered ${res.statusCode}: ${res.body.slice(0, 300)}`);
    const { accepted } = JSON.parse(res.body) as { accepted: number };
    if (accepted !== body.items) throw new Error(`accepted ${accepted} of ${body.items}`);
    return accepted;
  });
  const service = platform.alerts.latency();
  const own = b.own.snapshot();
  return [
    {
      name: `HTTP batches end to end: inject POST /readings, ${HTTP_BATCH.toLocaleString('en-US')}/req × ${HTTP_CONCURRENCY} in flight, ${DEVICES.toLocaleString('en-US')} gauges`,
      value: Math.round(http),
      unit: 'readings/s',
      baseline: { name: 'sensing.ingestReadings direct (no HTTP; still validates, stores, runs rules)', value: Math.round(direct) },
      goal: '≥ 300,000 readings/s',
    },
    ...latencyRows('HTTP', service, own),
  ];
}

function latencyRows(
  what: string,
  service: ReturnType<Platform['alerts']['latency']>,
  own: ReturnType<LatencyHistogram['snapshot']>,
): BenchRow[] {
  return [
    {
      name: `${what}: reading → alert p50 (bench: event time → bus event, n=${own.count}; service: signal received → stored, n=${service.count})`,
      value: own.p50,
      unit: 'ms',
      baseline: { name: 'alerts.latency() p50', value: service.p50 },
    },
    {
      name: `${what}: reading → alert p99 (same; max ${Math.round(own.max)} ms)`,
      value: own.p99,
      unit: 'ms',
      baseline: { name: 'alerts.latency() p99', value: service.p99 },
      goal: 'p99 < 100 ms',
    },
  ];
}

/** Starts the load child against `port`; resolves once it is publishing, with a stop function. */
async function startLoad(plan: PipelineLoadPlan): Promise<() => Promise<number>> {
  const child = fork(LOAD_SCRIPT, [], { execArgv: process.execArgv });
  const exited = once(child, 'exit');
  const ready = once(child, 'message');
  child.send(plan);
  const [first] = (await ready) as [unknown];
  if (first !== 'ready') throw new Error(`load generator: ${JSON.stringify(first)}`);
  return async () => {
    const done = once(child, 'message');
    child.send('stop');
    const [answer] = (await done) as [{ sent: number }];
    await exited;
    return answer.sent;
  };
}

const mqttDevices = () => Array.from({ length: MQTT_DEVICES }, (_, i) => ({ id: deviceId(i), secret: secretOf(i) }));

/** The same publisher into a bare aedes (no hooks, no subscriber): readings/s taken in. */
async function rawAedes(): Promise<number> {
  let taken = 0;
  const aedes = await Aedes.createBroker({
    concurrency: 0,
    published(_packet, client, callback) {
      if (client !== null) taken++;
      callback(null);
    },
  });
  const server = net.createServer((socket) => aedes.handle(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  try {
    const stop = await startLoad({ port, devices: mqttDevices(), readingsPerMessage: READINGS_PER_MESSAGE, alertDevices: 0 });
    await sleep(MQTT_WARMUP_MS);
    const c0 = taken;
    const t0 = performance.now();
    await sleep(RAW_MS);
    const rate = ((taken - c0) * READINGS_PER_MESSAGE) / ((performance.now() - t0) / 1000);
    await stop();
    return rate;
  } finally {
    await new Promise<void>((resolve) => aedes.close(() => resolve()));
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

async function mqttRows(b: Bench): Promise<BenchRow[]> {
  const { platform } = b;
  const raw = await rawAedes();
  phase('raw aedes done');
  const running = await startMqttIngest({
    ingest: platform.sensing,
    clock: platform.clock,
    config: { mqttPort: 0, mqttUrl: null, mqttUsername: null, mqttPassword: null, host: '127.0.0.1' },
  });
  if (running.mode !== 'embedded') throw new Error('expected the embedded broker');
  const stored = () => {
    const s = platform.sensing.ingestStats().bySource.mqtt;
    return s.accepted - s.duplicates;
  };
  try {
    const stop = await startLoad({
      port: running.port,
      devices: mqttDevices(),
      readingsPerMessage: READINGS_PER_MESSAGE,
      alertDevices: ALERT_DEVICES,
    });
    await sleep(MQTT_WARMUP_MS);
    platform.alerts.resetLatency();
    b.own.reset();
    const c0 = stored();
    const t0 = performance.now();
    await sleep(MQTT_MS);
    const rate = (stored() - c0) / ((performance.now() - t0) / 1000);
    const service = platform.alerts.latency();
    const own = b.own.snapshot();
    phase('MQTT measured');
    await stop();
    phase('MQTT load stopped');
    const s = running.stats();
    const rejected = platform.sensing.ingestStats().bySource.mqtt.rejected + s.messages.refusedAcl + s.messages.failed;
    if (rejected > 0) throw new Error(`MQTT bench traffic was refused (${rejected})`);
    return [
      {
        name: `MQTT end to end: ${MQTT_DEVICES} devices → embedded broker → sensing → rules → alerts, ${READINGS_PER_MESSAGE} readings/msg (stored)`,
        value: Math.round(rate),
        unit: 'readings/s',
        baseline: { name: 'same publisher (QoS 1, window 2) → bare aedes, taken in', value: Math.round(raw) },
        goal: '≥ 100,000 readings/s',
      },
      ...latencyRows('MQTT', service, own),
    ];
  } finally {
    await running.close();
  }
}

/** Runs the pipeline benchmark and returns its rows. */
export async function benchPipeline(): Promise<BenchRow[]> {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  const b = await setUp();
  phase('set up');
  const rows: BenchRow[] = [];
  try {
    rows.push(...(await httpRows(b)));
    phase('HTTP done');
    rows.push(...(await mqttRows(b)));
    phase('MQTT done');
  } finally {
    clearInterval(sampler);
    b.stop();
    await b.platform.close();
    fs.rmSync(b.dataDir, { recursive: true, force: true });
    phase('closed');
  }
  rows.push({ name: 'Pipeline bench process peak RSS (sampled every 100 ms, whole run)', value: Math.round(peak / 2 ** 20), unit: 'MB' });
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.table((await benchPipeline()).map((r) => ({ ...r, baseline: r.baseline ? `${r.baseline.value} (${r.baseline.name})` : '' })));
}
