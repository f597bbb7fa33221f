/**
 * MQTT ingestion with the real sensing service (test/sensing/support.ts builds it the way
 * compose.ts will, on the suite's real database): a registered device signs in with its own
 * secret, publishes over the embedded broker, and its readings are stored and published on the
 * bus; a payload with a bad reading stores the good one and counts the bad one per device.
 * The scenario test that sees the alert comes when compose wires rules and alerts.
 */
import type { MqttClient } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReadingBatch } from '../../src/sensing/reading-model.ts';
import { startMqttIngest, type MqttIngest } from '../../src/mqtt-ingest/start-mqtt-ingest.ts';
import { readingsTopic } from '../../src/mqtt-ingest/topics.ts';
import { startSensingPlatform, T0, type SensingPlatform } from '../sensing/support.ts';
import { connectDevice, waitFor } from './support.ts';

describe('MQTT ingestion into the sensing service (embedded broker)', () => {
  let p: SensingPlatform | undefined;
  let mqtt: MqttIngest | undefined;
  let device: MqttClient | undefined;
  afterEach(async () => {
    await device?.endAsync(true);
    await mqtt?.close(); // before the sensing service: payloads in flight are stored first
    await p?.dispose();
  });

  it('stores what a device publishes, and counts what it gets wrong', async () => {
    p = await startSensingPlatform({ city: 'tiny' });
    const { secret } = await p.sensing.createDevice({ id: 'wl-mqtt-1', type: 'water_level_gauge', lon: 121.3, lat: 31.3 }, '/');
    mqtt = await startMqttIngest({
      ingest: p.sensing,
      clock: p.clock,
      config: { mqttPort: 0, mqttUrl: null, mqttUsername: null, mqttPassword: null, host: '127.0.0.1' },
    });
    if (mqtt.mode !== 'embedded') throw new Error('expected the embedded broker');
    await expect(connectDevice(mqtt.port, 'wl-mqtt-1', 'not-the-secret')).rejects.toThrow(/bad user ?name or password/i);
    device = await connectDevice(mqtt.port, 'wl-mqtt-1', secret);

    const payload = JSON.stringify([
      { ts: T0 - 60_000, values: { water_level_cm: 12.5 } },
      { ts: T0 - 30_000, values: { no_such_metric: 1 } },
    ]);
    await device.publishAsync(readingsTopic('wl-mqtt-1'), payload, { qos: 1 }); // acknowledged once stored

    const batches = p.published.filter((m) => m.subject === 'readings.0').map((m) => m.data as ReadingBatch);
    expect(batches.flatMap((b) => b.readings)).toEqual([{ deviceId: 'wl-mqtt-1', metric: 'water_level_cm', ts: T0 - 60_000, value: 12.5 }]);
    const stats = mqtt.stats();
    expect(stats.readings).toEqual({ accepted: 1, rejected: 1 });
    expect(stats.connections.refusedAuth).toBe(1);
    await waitFor('the sensing counters', () => p?.sensing.ingestStats().bySource.mqtt.accepted === 1);
    const sensingStats = p.sensing.ingestStats();
    const mine = sensingStats.devices.find((d) => d.deviceId === 'wl-mqtt-1');
    expect(mine?.byReason.auth).toBe(1);
    expect(mine?.rejected).toBe(2); // the wrong password and the unknown metric
  });
});
