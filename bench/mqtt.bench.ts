/**
 * MQTT benchmark: how fast devices' publishes get through the embedded broker.
 *
 * - "Raw broker": publishers → a bare aedes (no hooks) → one bare subscriber on
 *   `cityops/v1/devices/+/readings` that only counts PUBLISH frames (the broker rate).
 * - Baseline of the glue, "bare aedes, taken in": the same without a subscriber, counting what
 *   aedes' `published` handler sees: the ceiling for any consumer inside the broker. (Forwarding
 *   to a subscriber costs aedes more than our hooks do, so the glue beats the raw broker rate.)
 * - "ingest glue": publishers → the embedded broker of `startMqttIngest` (sign-in, ACL, throttle,
 *   in-flight cap, ack after ingest) → a no-op `DeviceIngest` that answers at once.
 *
 * The publishers run in a child process (bench/mqtt-load.ts) writing pre-encoded QoS 0 packets
 * as fast as TCP allows, one connection per device, so the broker process has a core of its own.
 * Our own aedes, not Mosquitto: the stock Mosquitto drops QoS 0 messages when a subscriber lags.
 * Run directly with `npx tsx bench/mqtt.bench.ts`, or through `npm run bench -- mqtt`.
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { Aedes } from 'aedes';
import type { BenchRow } from './bench-row.ts';
import type { LoadPlan } from './mqtt-load.ts';
import { encodeConnect, encodeSubscribe } from './mqtt-wire.ts';
import { MqttFrameScanner } from '../src/platform/mqtt/frame-scanner.ts';
import type { DeviceIngest, IngestResult } from '../src/mqtt-ingest/device-ingest.ts';
import { startMqttIngest } from '../src/mqtt-ingest/start-mqtt-ingest.ts';
import { READINGS_FILTER } from '../src/mqtt-ingest/topics.ts';

const DEVICES = 4;
const WARMUP_MS = 1000;
const MEASURE_MS = 3000;
const TOPIC = 'cityops/v1/devices/{id}/readings';
const LOAD_SCRIPT = fileURLToPath(new URL('./mqtt-load.ts', import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A payload of `n` readings as devices send them (DESIGN §6), ~55 bytes a reading. */
function payloadOf(n: number): string {
  const t0 = Date.UTC(2026, 10, 27, 2, 0, 0);
  const items = Array.from({ length: n }, (_, i) => ({ ts: t0 + i * 1000, values: { water_level_cm: 10 + (i % 50) / 10 } }));
  return JSON.stringify(n === 1 ? items[0] : items);
}

const devices = Array.from({ length: DEVICES }, (_, i) => ({ id: `bench-${i}`, secret: `secret-${i}` }));

/** Runs the load generator against `port`; returns messages/s counted by `sink` once warmed up. */
async function measure(plan: LoadPlan, sink: () => number): Promise<number> {
  const child = fork(LOAD_SCRIPT, [], { execArgv: process.execArgv });
  const exited = once(child, 'exit');
  const ready = once(child, 'message');
  child.send(plan);
  const [first] = (await ready) as [unknown];
  if (first !== 'ready') throw new Error(`load generator: ${JSON.stringify(first)}`);
  await sleep(WARMUP_MS);
  const c0 = sink();
  const t0 = performance.now();
  await sleep(MEASURE_MS);
  const c1 = sink();
  const seconds = (performance.now() - t0) / 1000;
  child.send('stop');
  await exited;
  // Let the broker work off what it had read before tearing it down.
  for (let last = -1; sink() !== last; await sleep(100)) last = sink();
  return (c1 - c0) / seconds;
}

/**
 * Publishers → bare aedes (no hooks). With `subscriber`: messages/s delivered to a bare
 * subscriber (the raw broker rate). Without: messages/s aedes took in, counted in its
 * `published` handler (the ceiling for anything that consumes publishes inside the broker).
 */
async function rawBroker(readingsPerMessage: number, subscriber: boolean): Promise<number> {
  let taken = 0;
  const aedes = await Aedes.createBroker({
    concurrency: 0, // as the embedded broker runs it (see src/platform/mqtt/embedded-broker.ts)
    published(_packet, client, callback) {
      if (client !== null) taken++;
      callback(null);
    },
  });
  const server = net.createServer((socket) => aedes.handle(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  let delivered = 0;
  let subscribed = false;
  const scanner = new MqttFrameScanner(Number.MAX_SAFE_INTEGER, (type) => {
    if (type === 3) delivered++;
    else if (type === 9) subscribed = true; // SUBACK
  });
  const sub = net.connect(port, '127.0.0.1');
  sub.on('data', (chunk: Buffer) => scanner.feed(chunk));
  await once(sub, 'connect');
  if (subscriber) {
    sub.write(Buffer.concat([encodeConnect('bench-subscriber'), encodeSubscribe(READINGS_FILTER, 0)]));
    while (!subscribed) await sleep(5);
  }
  const plan = { port, devices: devices.map((d) => ({ id: d.id })), topic: TOPIC, payload: payloadOf(readingsPerMessage) };
  try {
    return await measure(plan, subscriber ? () => delivered : () => taken);
  } finally {
    sub.destroy();
    await new Promise<void>((resolve) => aedes.close(() => resolve()));
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** Publishers → startMqttIngest's embedded broker → no-op ingest; payloads/s taken by the ingest. */
async function ingestGlue(readingsPerMessage: number, qos: 0 | 1 = 0): Promise<{ perSecond: number; peakInFlight: number }> {
  const secrets = new Map(devices.map((d) => [d.id, d.secret]));
  const answer: IngestResult = { accepted: readingsPerMessage, rejected: [] };
  let payloads = 0;
  const ingest: DeviceIngest = {
    authenticateDevice: async (id, secret) => secrets.get(id) === secret,
    ingestPayload: async () => {
      payloads++;
      return answer;
    },
    recordRejection: () => {},
  };
  const running = await startMqttIngest({
    ingest,
    config: { mqttPort: 0, mqttUrl: null, mqttUsername: null, mqttPassword: null, host: '127.0.0.1' },
  });
  if (running.mode !== 'embedded') throw new Error('expected the embedded broker');
  try {
    const plan = { port: running.port, devices, topic: TOPIC, payload: payloadOf(readingsPerMessage), qos };
    const perSecond = await measure(plan, () => payloads);
    const stats = running.stats();
    if (stats.readings.rejected + stats.messages.refusedAcl + stats.messages.failed > 0) throw new Error('bench traffic was refused');
    return { perSecond, peakInFlight: stats.inFlight.peakActive };
  } finally {
    await running.close();
  }
}

/** Runs the MQTT benchmark and returns its rows. */
export async function benchMqtt(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const msgs = (perSecond: number) => `${Math.round(perSecond).toLocaleString('en-US')} msgs/s`;
  for (const n of [100, 1]) {
    const perMsg = `${n} reading${n === 1 ? '' : 's'}/msg`;
    const unit = 'readings/s';
    const delivered = await rawBroker(n, true);
    const taken = await rawBroker(n, false);
    const glue = await ingestGlue(n);
    const rawRow: BenchRow = {
      name: `MQTT raw broker: aedes → bare subscriber, ${perMsg} (${msgs(delivered)})`,
      value: Math.round(delivered * n),
      unit,
    };
    const ceiling = { name: `bare aedes, publishes taken in (${msgs(taken)})`, value: Math.round(taken * n) };
    rows.push(rawRow, {
      name: `MQTT ingest glue → no-op ingest, ${perMsg} (${msgs(glue.perSecond)}, ≤ ${glue.peakInFlight} in flight)`,
      value: Math.round(glue.perSecond * n),
      unit,
      baseline: ceiling,
      ...(n === 100 ? { goal: '≥ 100,000 readings/s end to end (with sensing)' } : {}),
    });
    if (n === 100) {
      const acked = await ingestGlue(n, 1);
      rows.push({
        name: `MQTT ingest glue, QoS 1 (PUBACK after ingest), ${perMsg} (${msgs(acked.perSecond)})`,
        value: Math.round(acked.perSecond * n),
        unit,
        baseline: ceiling,
      });
    }
  }
  rows.push({ name: 'MQTT bench process peak RSS', value: Math.round(process.resourceUsage().maxRSS / 1024), unit: 'MB' });
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.table((await benchMqtt()).map((r) => ({ ...r, baseline: r.baseline ? `${r.baseline.value} (${r.baseline.name})` : '' })));
}
