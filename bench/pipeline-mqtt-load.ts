/**
 * Load generator for the pipeline benchmark (bench/pipeline.bench.ts), run as a child process:
 * one TCP connection per device, signed in with the device's id and secret, publishing QoS 1
 * array payloads of `readingsPerMessage` water levels as fast as PUBACKs come back, at most
 * `window` unacknowledged per device (the ingest acks after storing), optionally paced to a rate. A fire-and-forget
 * QoS 0 publisher filled the kernel's socket buffers with ~50 s of backlog under overload,
 * which measured those buffers rather than the pipeline.
 * Unlike bench/mqtt-load.ts every payload carries new event times (wall clock, strictly
 * increasing per device), so nothing is a duplicate and the alert devices' event time is their
 * send time: the parent reads reading-to-alert latency as `now - eventTs`.
 * The first `alertDevices` devices alternate single readings above 50 cm and below 10 cm, one
 * payload every 50 ms (so alerts are raised and cleared continuously, not flooded).
 * Protocol over IPC: parent sends a {@link PipelineLoadPlan}; child answers 'ready', then on
 * 'stop' answers `{ sent, cpuMs, upMs }` (payloads; its CPU time and lifetime) and exits.
 */
import net from 'node:net';
import { once } from 'node:events';
import { encodeConnect, encodePublish } from './mqtt-wire.ts';

/** What to publish. */
export interface PipelineLoadPlan {
  port: number;
  devices: Array<{ id: string; secret?: string }>;
  readingsPerMessage: number;
  alertDevices: number;
  /**
   * Unacknowledged payloads per device (default 2): a closed loop, so no queue builds up in
   * socket buffers. A large window with no pacing is overload: publishers write as fast as TCP
   * lets them, and only the platform's backpressure holds them.
   */
  window?: number;
  /** Readings per second over all devices but the alert devices; 0 or absent: as fast as the window allows. */
  rate?: number;
}

/** Alert devices publish at most one payload per period (an alert raised or cleared each time). */
const ALERT_PERIOD_MS = 50;

interface State {
  running: boolean;
  sent: number;
}

const TS_WIDTH = 13;

/**
 * A QoS 1 PUBLISH of `n` readings (fixed packet id, which aedes does not track) with zeros where
 * the event times go: a payload costs a copy and `n` 13-byte writes, so the generator leaves the
 * cores to the platform even when it publishes as fast as TCP lets it.
 */
function packetTemplate(topic: string, n: number, level: (i: number) => number): { buf: Buffer; slots: number[] } {
  const marker = '9'.repeat(TS_WIDTH);
  let s = '[';
  for (let i = 0; i < n; i++) s += `${i === 0 ? '' : ','}{"ts":${marker},"values":{"water_level_cm":${level(i)}}}`;
  const buf = encodePublish(topic, `${s}]`, 1);
  const slots: number[] = [];
  for (let at = buf.indexOf(marker); at >= 0; at = buf.indexOf(marker, at + TS_WIDTH)) slots.push(at);
  return { buf, slots };
}

function stamped(t: { buf: Buffer; slots: number[] }, base: number): Buffer {
  const out = Buffer.from(t.buf);
  t.slots.forEach((at, i) => out.write(String(base + i), at, 'latin1'));
  return out;
}

async function connect(plan: PipelineLoadPlan, device: { id: string; secret?: string }, index: number) {
  const socket = net.connect(plan.port, '127.0.0.1');
  socket.setNoDelay(true);
  await once(socket, 'connect');
  const connack = once(socket, 'data');
  socket.write(encodeConnect(`load-${device.id}`, device.secret === undefined ? undefined : device.id, device.secret));
  const [first] = (await connack) as [Buffer];
  if (first[0] !== 0x20 || first[3] !== 0) throw new Error(`CONNECT of ${device.id} refused: ${first.toString('hex')}`);
  // Only PUBACKs (4 bytes each) arrive after the CONNACK: count bytes, wake the loop.
  let ackBytes = 0;
  let wake: (() => void) | null = null;
  socket.on('data', (chunk: Buffer) => {
    ackBytes += chunk.length;
    wake?.();
  });
  socket.on('error', () => {});
  const topic = `cityops/v1/devices/${device.id}/readings`;
  const alerting = index < plan.alertDevices;
  // An alert device sends one reading a payload, stamped with its send time: with more, the
  // stamps of one every millisecond would run ahead of the clock at one payload per 50 ms.
  const n = alerting ? 1 : plan.readingsPerMessage;
  const window = plan.window ?? 2;
  // Paced: this device's payloads are due every `period` ms, devices spread over the period.
  const paced = !alerting && (plan.rate ?? 0) > 0;
  const period = paced ? ((plan.devices.length - plan.alertDevices) * n * 1000) / plan.rate! : 0;
  return async (state: State) => {
    let last = 0;
    let sent = 0;
    let k = 0;
    let spins = 0;
    const start = performance.now() + (period * index) / plan.devices.length;
    const templates = alerting
      ? [packetTemplate(topic, n, () => 60), packetTemplate(topic, n, () => 5)]
      : [packetTemplate(topic, n, (i) => 3 + ((i * 7) % 50) / 10)];
    while (state.running) {
      if (paced) {
        const wait = start + sent * period - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        if (!state.running) break;
      }
      // The payload's readings end at the send time, a millisecond apart, never repeating one:
      // stamps run ahead of the clock only while a device sends over 1,000 readings a second.
      const base = Math.max(Date.now() - n + 1, last + 1);
      last = base + n - 1;
      const ok = socket.write(stamped(templates[k++ % templates.length]!, base));
      state.sent++;
      sent++;
      if (!ok) await once(socket, 'drain');
      while (state.running && sent - Math.floor(ackBytes / 4) >= window) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 200);
        });
        wake = null;
      }
      if (alerting) await new Promise((r) => setTimeout(r, ALERT_PERIOD_MS));
      else if (!paced && ++spins % 16 === 0) await new Promise((r) => setImmediate(r));
    }
    socket.destroy();
  };
}

const state: State = { running: true, sent: 0 };
process.on('message', (message: unknown) => {
  if (message === 'stop') {
    state.running = false;
    const cpu = process.cpuUsage();
    process.send?.({ sent: state.sent, cpuMs: (cpu.user + cpu.system) / 1000, upMs: process.uptime() * 1000 }, () => process.exit(0));
    return;
  }
  const plan = message as PipelineLoadPlan;
  Promise.all(plan.devices.map((d, i) => connect(plan, d, i)))
    .then((loops) => {
      process.send?.('ready');
      return Promise.all(loops.map((loop) => loop(state)));
    })
    .catch((e: unknown) => {
      console.error(e);
      process.exit(1);
    });
});
