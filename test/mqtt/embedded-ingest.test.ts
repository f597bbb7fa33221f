/**
 * MQTT ingestion through the embedded broker, end to end with mqtt.js devices on a real TCP port:
 * sign-in, the per-device ACL, garbage counting and throttling, the packet size limit, client-id
 * takeover, acknowledgement after storage, and a clean close. The sensing service is a recording
 * fake (test/mqtt/fake-ingest.ts); the end-to-end test with the real service comes with it.
 */
import net from 'node:net';
import type { MqttClient } from 'mqtt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/platform/clock.ts';
import { startMqttIngest, type MqttIngest, type MqttIngestTuning } from '../../src/mqtt-ingest/start-mqtt-ingest.ts';
import { readingsTopic } from '../../src/mqtt-ingest/topics.ts';
import { fakeIngest, type FakeIngest } from './fake-ingest.ts';
import { closed, connectDevice, readingJson, waitFor } from './support.ts';

const T0 = Date.UTC(2026, 10, 27, 2, 0, 0);
const SECRETS = { 'WL-1': 'secret-1', 'WL-2': 'secret-2' };

describe('MQTT ingestion, embedded broker', () => {
  let ingest: FakeIngest;
  let running: MqttIngest & { mode: 'embedded' };
  let clock: ReturnType<typeof manualClock>;
  const clients: MqttClient[] = [];
  const logs: string[] = [];

  async function start(tuning: Partial<MqttIngestTuning> = {}): Promise<void> {
    const ingestion = await startMqttIngest({
      ingest,
      clock,
      config: { mqttPort: 0, mqttUrl: null, mqttUsername: null, mqttPassword: null, host: '127.0.0.1' },
      log: (line) => logs.push(line),
      tuning,
    });
    if (ingestion.mode !== 'embedded') throw new Error('expected the embedded broker');
    running = ingestion;
  }
  async function device(id: string, secret: string, options: Parameters<typeof connectDevice>[3] = {}): Promise<MqttClient> {
    const c = await connectDevice(running.port, id, secret, options);
    clients.push(c);
    return c;
  }

  beforeEach(() => {
    ingest = fakeIngest(SECRETS);
    clock = manualClock(T0);
    logs.length = 0;
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.endAsync(true)));
    await running.close();
  });

  it('takes a device publish to ingestPayload and acknowledges QoS 1 only once it is stored', async () => {
    await start();
    expect(running.url).toBe(`mqtt://127.0.0.1:${running.port}`);
    const c = await device('WL-1', 'secret-1');
    ingest.hold();
    let acked = false;
    const published = c.publishAsync(readingsTopic('WL-1'), `[${readingJson(12.5)},${readingJson(13)}]`, { qos: 1 }).then(() => {
      acked = true;
    });
    await waitFor('the payload to reach ingestPayload', () => ingest.calls.length === 1);
    await new Promise((r) => setTimeout(r, 100));
    expect(acked).toBe(false); // not stored yet → not acknowledged
    ingest.release();
    await published;
    expect(ingest.calls[0]).toEqual({ deviceId: 'WL-1', payload: `[${readingJson(12.5)},${readingJson(13)}]`, receivedAt: T0 });
    const stats = running.stats();
    expect(stats.mode).toBe('embedded');
    expect(stats.connected).toBe(1);
    expect(stats.messages).toMatchObject({ received: 1, ingested: 1, failed: 0 });
    expect(stats.readings).toEqual({ accepted: 2, rejected: 0 });
    expect(ingest.rejections).toEqual([]);
  });

  it('refuses wrong, unknown and missing credentials and counts them', async () => {
    await start();
    await expect(connectDevice(running.port, 'WL-1', 'wrong')).rejects.toThrow(/bad user ?name or password/i);
    await expect(connectDevice(running.port, 'nobody', 'x')).rejects.toThrow(/bad user ?name or password/i);
    await expect(connectDevice(running.port, 'a/b', 'x')).rejects.toThrow(/bad user ?name or password/i);
    await expect(connectDevice(running.port, '', '')).rejects.toThrow(/bad user ?name or password/i);
    expect(running.stats().connections.refusedAuth).toBe(4);
    expect(ingest.rejectionsOf('WL-1', 'auth')).toBe(1);
    expect(ingest.rejectionsOf('nobody', 'auth')).toBe(1);
    expect(running.stats().connected).toBe(0);
  });

  it("refuses a publish to another device's topic (the connection is closed) and counts it", async () => {
    await start();
    const c = await device('WL-1', 'secret-1');
    const gone = closed(c);
    c.publish(readingsTopic('WL-2'), readingJson(1), { qos: 0 });
    await gone;
    const c2 = await device('WL-1', 'secret-1');
    const gone2 = closed(c2);
    c2.publish('cityops/v1/devices/WL-1/anything-else', readingJson(1), { qos: 0 });
    await gone2;
    expect(ingest.calls).toEqual([]);
    expect(ingest.rejectionsOf('WL-1', 'acl')).toBe(2);
    expect(running.stats().messages.refusedAcl).toBe(2);
  });

  it('lets a device subscribe only under its own topics', async () => {
    await start();
    const c = await device('WL-1', 'secret-1');
    const granted = await c.subscribeAsync('cityops/v1/devices/WL-1/commands', { qos: 1 });
    expect(granted.map((g) => g.qos)).toEqual([1]);
    // mqtt.js rejects a SUBACK that refuses (0x80) any filter.
    await expect(c.subscribeAsync('cityops/v1/devices/WL-2/#', { qos: 1 })).rejects.toThrow(/subscribe error/i);
    await expect(c.subscribeAsync('#', { qos: 1 })).rejects.toThrow(/subscribe error/i);
    expect(c.connected).toBe(true);
  });

  it('counts garbage; a device that keeps sending it is throttled, then disconnected and kept out until it has cooled off', async () => {
    await start({ throttle: { maxBadPerWindow: 3, windowMs: 10_000, coolOffMs: 60_000, maxDroppedBeforeDisconnect: 2 } });
    const bad = await device('WL-1', 'secret-1', { clientId: 'wl-1' });
    const good = await device('WL-2', 'secret-2');
    for (let i = 0; i < 4; i++) await bad.publishAsync(readingsTopic('WL-1'), 'not json{', { qos: 1 });
    expect(ingest.calls).toHaveLength(4); // the fourth bad message in the window starts the cool-off
    expect(running.stats().readings.rejected).toBe(4);
    expect(running.stats().throttle).toEqual({ coolingOff: 1, throttledTotal: 1 });

    // Cooling off: dropped unread (still acknowledged), counted per device.
    for (let i = 0; i < 2; i++) await bad.publishAsync(readingsTopic('WL-1'), readingJson(1), { qos: 1 });
    expect(ingest.calls).toHaveLength(4);
    expect(ingest.rejectionsOf('WL-1', 'throttled')).toBe(2);
    // Others are not affected.
    await good.publishAsync(readingsTopic('WL-2'), readingJson(2), { qos: 1 });
    expect(ingest.calls).toHaveLength(5);

    // It persists: disconnected, and may not come back during the cool-off.
    const gone = closed(bad);
    bad.publish(readingsTopic('WL-1'), readingJson(1), { qos: 0 });
    await gone;
    expect(running.stats().connections.disconnectedThrottled).toBe(1);
    await expect(connectDevice(running.port, 'WL-1', 'secret-1')).rejects.toThrow(/not authorized/i);
    expect(running.stats().connections.refusedThrottled).toBe(1);

    clock.advance(60_001);
    const back = await device('WL-1', 'secret-1');
    await back.publishAsync(readingsTopic('WL-1'), readingJson(3), { qos: 1 });
    expect(ingest.calls).toHaveLength(6);
    expect(running.stats().throttle.coolingOff).toBe(0);
    expect(running.stats().messages).toMatchObject({ received: 9, ingested: 6, throttled: 3 });
  });

  it('closes the connection of a device that sends a packet over the size limit, before reading it', async () => {
    await start({ maxPacketBytes: 1024 });
    const c = await device('WL-1', 'secret-1');
    await c.publishAsync(readingsTopic('WL-1'), readingJson(1), { qos: 1 });
    const gone = closed(c);
    c.publish(readingsTopic('WL-1'), 'x'.repeat(2000), { qos: 0 });
    await gone;
    expect(ingest.calls).toHaveLength(1);
    expect(running.stats().messages.tooLarge).toBe(1);
    expect(ingest.rejectionsOf('WL-1', 'too_large')).toBe(1);
  });

  it("does not let a device take over another device's client id", async () => {
    await start();
    const first = await device('WL-1', 'secret-1', { clientId: 'gateway-7' });
    await expect(connectDevice(running.port, 'WL-2', 'secret-2', { clientId: 'gateway-7' })).rejects.toThrow(/not authorized/i);
    expect(first.connected).toBe(true);
    expect(running.stats().connections.refusedClientId).toBe(1);
    // The same device may take its own id over (a reconnect after a half-open connection).
    await device('WL-1', 'secret-1', { clientId: 'gateway-7' });
    await waitFor('the old connection to be closed', () => !first.connected);
  });

  it('closes the connection unacknowledged when storing fails; the device sends again and nothing is lost', async () => {
    await start();
    const c = await device('WL-1', 'secret-1', { clientId: 'wl-1', reconnectPeriod: 50 });
    ingest.fail(true);
    const published = c.publishAsync(readingsTopic('WL-1'), readingJson(7), { qos: 1 });
    await waitFor('the failed attempt', () => running.stats().messages.failed >= 1);
    ingest.fail(false);
    await published; // resent by mqtt.js after reconnecting, acknowledged once stored
    expect(ingest.calls.length).toBeGreaterThanOrEqual(2);
    expect(running.stats().messages.ingested).toBe(1);
    expect(logs.join('\n')).toMatch(/storing a payload of device WL-1 failed: storage unavailable/);
  });

  it('close() disconnects every device and frees the port within a second', async () => {
    await start();
    const devices = await Promise.all([device('WL-1', 'secret-1'), device('WL-2', 'secret-2')]);
    const idle = new net.Socket(); // connected but never sent CONNECT
    await new Promise<void>((resolve) => idle.connect(running.port, '127.0.0.1', resolve));
    const t0 = performance.now();
    await running.close();
    expect(performance.now() - t0).toBeLessThan(1000);
    await Promise.all(devices.map((d) => closed(d)));
    const again = net.createServer();
    await new Promise<void>((resolve, reject) => {
      again.once('error', reject);
      again.listen(running.port, '127.0.0.1', resolve);
    });
    await new Promise<void>((resolve) => again.close(() => resolve()));
    idle.destroy();
  });
});
