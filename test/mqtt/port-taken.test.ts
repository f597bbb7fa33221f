/**
 * When the embedded broker's port is taken, starting says so and what to do, and leaves nothing
 * running; it never dies silently — also as a process: `cityops start --mqtt-port <taken>`.
 * The default port is different: a broker already on the machine (Mosquitto on 1883) must not
 * stop `npm start`, so the platform warns that MQTT ingestion is off and runs over HTTP.
 */
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmbeddedBroker } from '../../src/platform/mqtt/embedded-broker.ts';
import { startMqttIngest } from '../../src/mqtt-ingest/start-mqtt-ingest.ts';
import { loadConfig } from '../../src/config.ts';
import { startCommand } from '../../src/cli/start.ts';
import { fakeIngest } from './fake-ingest.ts';
import { hasStackTrace, makeWorkspace, runCli, type Workspace } from '../cli/cli-harness.ts';

const hooks = {
  authenticate: async () => true,
  authorizePublish: () => true,
  authorizeSubscribe: () => true,
  onPublish: () => {},
};

describe('embedded MQTT broker on a port that is taken', () => {
  let blocker: net.Server | undefined;
  let ws: Workspace | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (blocker ? blocker.close(() => resolve()) : resolve()));
    await ws?.cleanup();
    ws = undefined;
  });

  async function takePort(host = '127.0.0.1'): Promise<number> {
    blocker = net.createServer();
    await new Promise<void>((resolve) => blocker?.listen(0, host, resolve));
    return (blocker.address() as net.AddressInfo).port;
  }

  it('startMqttIngest rejects with the options and variables to change', async () => {
    const port = await takePort();
    const attempt = startMqttIngest({
      ingest: fakeIngest({}),
      config: { mqttPort: port, mqttUrl: null, mqttUsername: null, mqttPassword: null, host: '127.0.0.1' },
    });
    await expect(attempt).rejects.toThrow(`MQTT port ${port} on 127.0.0.1 is already in use`);
    await expect(attempt).rejects.toThrow(/--mqtt-port <n> \(or MQTT_PORT=<n>; 0 picks a free port\)/);
    await expect(attempt).rejects.toThrow(`MQTT_URL=mqtt://127.0.0.1:${port}`);
  });

  it('the platform broker alone rejects with a generic hint, and can then start elsewhere', async () => {
    const port = await takePort();
    await expect(startEmbeddedBroker({ port, host: '127.0.0.1', hooks })).rejects.toThrow(
      /already in use .*Stop the other process or choose another port/,
    );
    const elsewhere = await startEmbeddedBroker({ port: 0, host: '127.0.0.1', hooks });
    expect(elsewhere.port).not.toBe(port);
    await elsewhere.close();
  });

  it(
    '`cityops start` on the default port, taken: warns that MQTT is off, says what to do, and runs over HTTP',
    { timeout: 120_000 },
    async () => {
      const port = await takePort('0.0.0.0');
      ws = makeWorkspace();
      const config = loadConfig({}, { dataDir: ws.dataDir, port: 0, host: '127.0.0.1', mqttPort: port, demo: false, logLevel: 'silent' });
      const lines: string[] = [];
      const running = await startCommand(config, (l) => lines.push(l), { mqttPortExplicit: false });
      try {
        const out = lines.join('\n');
        expect(out).toMatch(new RegExp(`warning: MQTT ingestion is off: MQTT port ${port} .*already in use`));
        expect(out).toMatch(/--mqtt-port <n>/);
        expect(out).toMatch(/cityops is running at http:\/\/localhost:\d+/);
        expect(out).not.toMatch(/MQTT broker for devices/);
        const health = await fetch(`${running.url.replace('localhost', '127.0.0.1')}/api/v1/health`);
        expect(health.status).toBe(200);
      } finally {
        await running.stop();
      }
      // Asked for by name, the same port is an error and nothing keeps running.
      await expect(startCommand(config, () => {}, { mqttPortExplicit: true })).rejects.toThrow(`MQTT port ${port}`);
    },
  );

  it(
    '`cityops start --mqtt-port <taken>` exits 1 with that message, no stack trace, and does not say it is running',
    { timeout: 120_000 },
    async () => {
      const port = await takePort('0.0.0.0');
      ws = makeWorkspace();
      const r = await runCli(['start', '--no-demo', '--port', '0', '--mqtt-port', String(port), '--data-dir', ws.dataDir], ws, {
        timeoutMs: 90_000,
      });
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toContain(`MQTT port ${port}`);
      expect(r.stderr).toContain('already in use');
      expect(r.stderr).toMatch(/--mqtt-port <n>/);
      expect(hasStackTrace(r.stderr)).toBe(false);
      expect(r.stdout).not.toMatch(/cityops is running/);
    },
  );
});
