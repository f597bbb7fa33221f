/**
 * `cityops start` runs the embedded MQTT broker itself: the process prints where devices connect,
 * and the broker there answers MQTT and checks credentials against the platform's devices (an
 * unknown device is refused as a bad user name or password). The ingestion behind the broker is
 * tested in embedded-ingest.test.ts and, with alerts, in test/scenarios/early-warning.test.ts.
 */
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { makeWorkspace, startServer, stopAll, type Workspace } from '../cli/cli-harness.ts';

describe('cityops start, embedded MQTT broker', () => {
  let ws: Workspace | undefined;
  afterEach(async () => {
    stopAll();
    await ws?.cleanup();
    ws = undefined;
  });

  it('prints the broker’s address, and the broker there refuses an unknown device', { timeout: 120_000 }, async () => {
    ws = makeWorkspace();
    const server = await startServer(['--no-demo', '--port', '0', '--mqtt-port', '0', '--data-dir', ws.dataDir], ws);
    const out = await server.waitFor(/MQTT broker for devices: mqtt:\/\/\S+:\d+/);
    const url = /MQTT broker for devices: (mqtt:\/\/\S+:\d+)/.exec(out)![1]!;
    const port = new URL(url).port;
    await expect(
      mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { username: 'no-such-device', password: 'x', reconnectPeriod: 0, connectTimeout: 5000 }),
    ).rejects.toThrow(/bad user ?name or password/i);
    const exit = await server.stop('SIGINT');
    expect(exit.code, exit.stderr).toBe(0);
  });
});
