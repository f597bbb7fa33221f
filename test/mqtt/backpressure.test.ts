/**
 * Overload: devices publish as fast as TCP lets them while the downstream (the sensing service)
 * is stuck. The in-flight cap holds, the waiting list stays within one socket read per
 * connection, the publishers are stopped by TCP flow control (their sent count stops growing)
 * instead of the process queueing their messages, and once the downstream moves again every
 * message sent arrives: QoS 0 over the embedded broker loses nothing, because nothing is dropped.
 * And a subscriber that stops reading stalls no one but the publishers to its own topic, and
 * its going away does not bring the broker down.
 */
import { once } from 'node:events';
import net from 'node:net';
import type { MqttClient } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { startMqttIngest, type MqttIngest } from '../../src/mqtt-ingest/start-mqtt-ingest.ts';
import { readingsTopic } from '../../src/mqtt-ingest/topics.ts';
import { fakeIngest } from './fake-ingest.ts';
import { connectDevice, readingJson, waitFor } from './support.ts';
import { encodeConnect, encodePublish, encodeSubscribe } from '../../bench/mqtt-wire.ts';

const DEVICES = 4;
const MAX_IN_FLIGHT = 32;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('MQTT ingestion under overload (embedded broker)', () => {
  let running: MqttIngest | undefined;
  const clients: MqttClient[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.endAsync(true)));
    await running?.close();
  });

  it('applies backpressure to fast publishers instead of queueing: bounded in flight, bounded waiting, nothing lost', async () => {
    const ids = Array.from({ length: DEVICES }, (_, i) => `WL-${i}`);
    const ingest = fakeIngest(Object.fromEntries(ids.map((id) => [id, `s-${id}`])));
    const ingestion = await startMqttIngest({
      ingest,
      config: { mqttPort: 0, mqttUrl: null, mqttUsername: null, mqttPassword: null, host: '127.0.0.1' },
      tuning: { maxInFlight: MAX_IN_FLIGHT },
    });
    running = ingestion;
    if (ingestion.mode !== 'embedded') throw new Error('expected the embedded broker');
    const payload = `[${Array.from({ length: 10 }, (_, i) => readingJson(i)).join(',')}]`; // ~500 bytes
    for (const id of ids) clients.push(await connectDevice(ingestion.port, id, `s-${id}`));

    ingest.hold(); // the downstream stops
    let stop = false;
    let sent = 0;
    const publishers = clients.map(async (c, i) => {
      const topic = readingsTopic(ids[i] as string);
      // publishAsync at QoS 0 resolves once the socket took the bytes, so this loop runs at
      // whatever speed TCP allows.
      while (!stop) {
        await c.publishAsync(topic, payload, { qos: 0 });
        sent++;
      }
    });

    const rssBefore = process.memoryUsage().rss;
    // The publishers are held by TCP: once the socket buffers are full, nothing more gets out.
    let last = -1;
    await waitFor(
      'the publishers to be held',
      () => {
        const held = sent === last;
        last = sent;
        return held;
      },
      20_000,
      300,
    );
    const heldAt = sent;
    await sleep(500);
    expect(sent).toBe(heldAt);
    expect(sent).toBeGreaterThan(0);
    const during = ingestion.stats();
    const rssGrowth = process.memoryUsage().rss - rssBefore;

    // At most MAX_IN_FLIGHT payloads inside the downstream…
    expect(ingest.peakPending()).toBeLessThanOrEqual(MAX_IN_FLIGHT);
    expect(during.inFlight.active).toBe(MAX_IN_FLIGHT);
    // …and the rest of what the broker has read waits, at most one socket read (64 KiB) per connection.
    const perRead = Math.ceil((64 * 1024) / payload.length);
    expect(during.inFlight.waiting).toBeLessThanOrEqual(DEVICES * perRead);
    expect(during.inFlight.peakWaiting).toBeLessThanOrEqual(DEVICES * perRead);
    expect(rssGrowth).toBeLessThan(64 * 1024 * 1024);
    // Most of what was sent is still in the kernel's socket buffers, not in this process.
    expect(during.messages.received).toBeLessThan(sent);

    stop = true;
    ingest.release(); // the downstream moves again: everything sent arrives
    await Promise.all(publishers);
    await waitFor(`all ${sent} messages to arrive`, () => ingest.callCount() === sent, 20_000);
    const after = ingestion.stats();
    expect(after.messages).toMatchObject({ received: sent, ingested: sent, failed: 0, throttled: 0 });
    expect(after.readings.accepted).toBe(sent * 10);
    expect(after.inFlight).toMatchObject({ active: 0, waiting: 0 });
  });

  it('a device that subscribes to its own topic and stops reading stalls no other device, and leaving does not crash the broker', async () => {
    const ingest = fakeIngest({ 'WL-1': 's1', 'WL-2': 's2' });
    const ingestion = await startMqttIngest({
      ingest,
      config: { mqttPort: 0, mqttUrl: null, mqttUsername: null, mqttPassword: null, host: '127.0.0.1' },
    });
    running = ingestion;
    if (ingestion.mode !== 'embedded') throw new Error('expected the embedded broker');
    const raw = async (clientId: string): Promise<net.Socket> => {
      const socket = net.connect(ingestion.port, '127.0.0.1');
      socket.on('error', () => {});
      await once(socket, 'connect');
      socket.write(encodeConnect(clientId, 'WL-1', 's1'));
      await once(socket, 'data'); // CONNACK
      return socket;
    };
    // The stalled subscriber: subscribes to its own readings and never reads again.
    const stalled = await raw('wl-1-sub');
    stalled.write(encodeSubscribe(readingsTopic('WL-1'), 0));
    await once(stalled, 'data'); // SUBACK
    stalled.pause();
    // The same device floods its topic from four more connections (small messages: many per
    // socket read), until the stalled subscriber's buffers are full and deliveries hang.
    const flooders = await Promise.all([1, 2, 3, 4].map((i) => raw(`wl-1-pub-${i}`)));
    const batch = Buffer.concat(Array.from({ length: 64 }, () => encodePublish(readingsTopic('WL-1'), readingJson(1))));
    let flooding = true;
    const floods = flooders.map(async (f) => {
      while (flooding) if (!f.write(batch)) await Promise.race([once(f, 'drain'), sleep(50)]);
    });
    let seen = -1;
    await waitFor(
      'the deliveries to the stalled subscriber to hang',
      () => {
        const now = ingestion.stats().messages.received;
        const stuck = now === seen;
        seen = now;
        return stuck;
      },
      20_000,
      250,
    );
    // Another device is not held up.
    const other = await connectDevice(ingestion.port, 'WL-2', 's2');
    clients.push(other);
    const t0 = performance.now();
    for (let i = 0; i < 20; i++) await other.publishAsync(readingsTopic('WL-2'), readingJson(i), { qos: 1 });
    expect(performance.now() - t0).toBeLessThan(2000);
    // The stalled subscriber leaves with deliveries pending; the broker carries on.
    flooding = false;
    stalled.destroy();
    for (const f of flooders) f.destroy();
    await Promise.all(floods);
    await sleep(200);
    await other.publishAsync(readingsTopic('WL-2'), readingJson(99), { qos: 1 });
    expect(ingest.calls.filter((c) => c.deviceId === 'WL-2')).toHaveLength(21);
  });
});
