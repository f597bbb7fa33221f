/** Helpers for MQTT tests: mqtt.js clients that do not reconnect, and polling for a condition. */
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';

/** Connects an mqtt.js client without automatic reconnection; rejects on a refused CONNECT. */
export async function connectDevice(port: number, username: string, password: string, options: IClientOptions = {}): Promise<MqttClient> {
  return mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { username, password, reconnectPeriod: 0, connectTimeout: 5000, ...options });
}

/** Resolves once `check()` is true; rejects after `timeoutMs` with `what` in the message. */
export async function waitFor(what: string, check: () => boolean, timeoutMs = 5000, everyMs = 10): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Resolves when the client's connection closes (or at once if it already has). */
export function closed(client: MqttClient): Promise<void> {
  if (client.disconnected || (!client.connected && !client.reconnecting)) return Promise.resolve();
  return new Promise<void>((resolve) => client.once('close', () => resolve()));
}

/** One reading payload as devices send it (shared/DESIGN.md §6). */
export function readingJson(value: number, ts = Date.UTC(2026, 10, 27, 2, 0, 0)): string {
  return JSON.stringify({ ts, values: { water_level_cm: value } });
}
