/**
 * MQTT ingestion from an external broker.
 *
 * - Against a real Mosquitto (`MQTT_TEST_URL`, the name .ci/run exports; default
 *   mqtt://127.0.0.1:1883): a device's publish reaches ingestPayload with the device id taken from the topic, and a stuck
 *   downstream holds the subscription (in flight capped, nothing waiting beyond one message).
 *   Skipped, saying so, only when nothing listens there and CI is not set; in CI it must run.
 * - The platform subscriber reconnects and resubscribes by itself (checked against a broker this
 *   test restarts: an embedded aedes, since Mosquitto cannot be restarted from here).
 * - An unreachable broker is a clear error, not a silent hang.
 */
import net from 'node:net';
import { randomUUID } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmbeddedBroker, type EmbeddedBroker } from '../../src/platform/mqtt/embedded-broker.ts';
import { connectExternalSubscriber, redactUrl } from '../../src/platform/mqtt/external-client.ts';
import { startMqttIngest, type MqttIngest } from '../../src/mqtt-ingest/start-mqtt-ingest.ts';
import { readingsTopic } from '../../src/mqtt-ingest/topics.ts';
import { fakeIngest } from './fake-ingest.ts';
import { readingJson, waitFor } from './support.ts';

const BROKER_URL = process.env.MQTT_TEST_URL ?? 'mqtt://127.0.0.1:1883';

/** True if something accepts TCP connections at the URL's host and port. */
async function listening(url: string): Promise<boolean> {
  const u = new URL(url);
  return new Promise<boolean>((resolve) => {
    const socket = net.connect({ host: u.hostname, port: Number(u.port || 1883) });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

const haveBroker = (await listening(BROKER_URL)) || process.env.CI !== undefined;
if (!haveBroker) {
  console.warn(`external MQTT broker tests skipped: nothing listens on ${BROKER_URL} (start Mosquitto, or set MQTT_TEST_URL)`);
}

const config = (url: string) => ({ mqttPort: 0, mqttUrl: url, mqttUsername: null, mqttPassword: null });

describe.runIf(haveBroker)(`MQTT ingestion from an external broker (${BROKER_URL})`, () => {
  let running: MqttIngest | undefined;
  let device: MqttClient | undefined;
  afterEach(async () => {
    await device?.endAsync(true);
    await running?.close();
  });

  it('subscribes to cityops/v1/devices/+/readings and hands each payload on with the device id from the topic', async () => {
    const ingest = fakeIngest({});
    running = await startMqttIngest({ ingest, config: config(BROKER_URL), log: () => {} });
    expect(running.mode).toBe('external');
    expect(running.stats()).toMatchObject({ mode: 'external', connected: 1 });
    const deviceId = `test-${randomUUID()}`; // other tests or a simulator may publish on this broker too
    device = await mqtt.connectAsync(BROKER_URL, { reconnectPeriod: 0 });
    await device.publishAsync(readingsTopic(deviceId), readingJson(21.5), { qos: 1 });
    await device.publishAsync(`cityops/v1/devices/${deviceId}/status`, 'not a readings topic', { qos: 1 });
    await waitFor('the reading to arrive', () => ingest.calls.some((c) => c.deviceId === deviceId));
    const mine = ingest.calls.filter((c) => c.deviceId === deviceId);
    expect(mine).toEqual([{ deviceId, payload: readingJson(21.5), receivedAt: expect.any(Number) }]);
    expect(running.stats().readings.accepted).toBeGreaterThanOrEqual(1);
  });

  it('several ingest processes in one shared-subscription group split the messages', async () => {
    const a = fakeIngest({});
    const b = fakeIngest({});
    const tuning = { externalSharedGroup: `cityops-test-${randomUUID()}` };
    running = await startMqttIngest({ ingest: a, config: config(BROKER_URL), log: () => {}, tuning });
    const second = await startMqttIngest({ ingest: b, config: config(BROKER_URL), log: () => {}, tuning });
    try {
      const deviceId = `test-${randomUUID()}`;
      device = await mqtt.connectAsync(BROKER_URL, { reconnectPeriod: 0 });
      for (let i = 0; i < 40; i++) await device.publishAsync(readingsTopic(deviceId), readingJson(i), { qos: 1 });
      const mine = (f: typeof a) => f.calls.filter((c) => c.deviceId === deviceId).length;
      await waitFor('all 40 to arrive', () => mine(a) + mine(b) === 40);
      await new Promise((r) => setTimeout(r, 200));
      expect(mine(a) + mine(b)).toBe(40); // each exactly once
      expect(mine(a)).toBeGreaterThan(0);
      expect(mine(b)).toBeGreaterThan(0);
    } finally {
      await second.close();
    }
  });

  it('a stuck downstream holds the subscription: in flight capped, the rest stays with the broker, then arrives', async () => {
    const ingest = fakeIngest({});
    running = await startMqttIngest({ ingest, config: config(BROKER_URL), log: () => {}, tuning: { maxInFlight: 8 } });
    const deviceId = `test-${randomUUID()}`;
    device = await mqtt.connectAsync(BROKER_URL, { reconnectPeriod: 0 });
    ingest.hold();
    const count = 200; // under Mosquitto's default max_queued_messages (1000): beyond it the broker drops
    for (let i = 0; i < count; i++) await device.publishAsync(readingsTopic(deviceId), readingJson(i), { qos: 1 });
    await waitFor('the cap to fill', () => ingest.pending() >= 8);
    await new Promise((r) => setTimeout(r, 200));
    const held = running.stats().inFlight;
    expect(held.active).toBe(8);
    expect(held.waiting).toBeLessThanOrEqual(1);
    expect(ingest.peakPending()).toBeLessThanOrEqual(8);
    ingest.release();
    await waitFor('every message to arrive', () => ingest.calls.filter((c) => c.deviceId === deviceId).length === count);
    const values = ingest.calls
      .filter((c) => c.deviceId === deviceId)
      .map((c) => (JSON.parse(c.payload) as { values: { water_level_cm: number } }).values.water_level_cm);
    expect(values).toEqual(Array.from({ length: count }, (_, i) => i)); // in order
  });
});

describe('external broker subscriber', () => {
  let broker: EmbeddedBroker | undefined;
  afterEach(async () => {
    await broker?.close();
  });

  const allowAll = {
    authenticate: async () => true,
    authorizePublish: () => true,
    authorizeSubscribe: () => true,
    onPublish: () => {},
  };

  it('reconnects and resubscribes by itself when the broker comes back', async () => {
    broker = await startEmbeddedBroker({ port: 0, host: '127.0.0.1', hooks: allowAll });
    const port = broker.port;
    const url = `mqtt://127.0.0.1:${port}`;
    const got: string[] = [];
    const sub = await connectExternalSubscriber({ url, topics: ['a/+/b'], reconnectPeriodMs: 50, onMessage: (t) => void got.push(t) });
    await broker.close();
    await waitFor('the subscriber to notice', () => !sub.isConnected());
    broker = await startEmbeddedBroker({ port, host: '127.0.0.1', hooks: allowAll });
    await waitFor('the subscriber to reconnect', () => sub.isConnected());
    const pub = await mqtt.connectAsync(url, { reconnectPeriod: 0 });
    // Resubscription follows the CONNACK; publish until one arrives.
    await waitFor('a message after the reconnect', () => {
      pub.publish('a/1/b', 'x', { qos: 0 });
      return got.length > 0;
    });
    expect(got[0]).toBe('a/1/b');
    expect(sub.reconnects()).toBeGreaterThanOrEqual(1);
    await pub.endAsync(true);
    await sub.close();
  });

  it('an unreachable broker is a clear error that says what to check', async () => {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const url = `mqtt://cityops:hunter2@127.0.0.1:${port}`;
    const attempt = startMqttIngest({ ingest: fakeIngest({}), config: config(url), log: () => {} });
    await expect(attempt).rejects.toThrow(
      new RegExp(`cannot subscribe on the MQTT broker at mqtt://cityops:\\*\\*\\*@127\\.0\\.0\\.1:${port}: .*ECONNREFUSED.*Check MQTT_URL`),
    );
    await expect(attempt).rejects.not.toThrow(/hunter2/);
  });

  it('redacts passwords from broker URLs', () => {
    expect(redactUrl('mqtt://u:p@h:1883')).toBe('mqtt://u:***@h:1883');
    expect(redactUrl('mqtt://h:1883')).toBe('mqtt://h:1883');
  });
});
