/**
 * Simulated devices on MQTT, each its own connection signed in as itself (user name = device
 * id, password = its secret), publishing JSON arrays of `{ts, values}` at QoS 1 to
 * `cityops/v1/devices/{id}/readings`. The embedded broker acknowledges a message once it is
 * stored, so waiting for the PUBACK is the backpressure. Connections are capped
 * (MAX_MQTT_CONNECTIONS); the caller sends for the other devices over HTTP.
 */
import mqtt, { type MqttClient } from 'mqtt';
import { readingsTopic } from '../mqtt-ingest/topics.ts';
import { SimError } from './platform-client.ts';
import type { SimReading } from './sim-model.ts';

/** Most MQTT connections the simulator opens (one per device). */
export const MAX_MQTT_CONNECTIONS = 2_000;
/** Most readings in one MQTT message. */
const MAX_ITEMS_PER_MESSAGE = 1_000;
/** How long a QoS 1 publish may wait for its acknowledgement. */
const PUBLISH_TIMEOUT_MS = 30_000;

/** A device that could not connect, and why. */
export interface ConnectFailure {
  id: string;
  /** `auth`: the broker refused the id and secret; else the error's message. */
  reason: string;
}

/** Connected devices. */
export interface MqttFleet {
  readonly connected: ReadonlySet<string>;
  /** Publishes a device's readings (its own topic); resolves when acknowledged. */
  publish(deviceId: string, items: readonly SimReading[]): Promise<void>;
  close(): Promise<void>;
}

/** Options of {@link connectFleet}. */
export interface FleetOptions {
  /** e.g. `mqtt://localhost:1883` */
  url: string;
  devices: ReadonlyArray<{ id: string; secret: string }>;
  /** Connections opened at once (default 50). */
  concurrency?: number;
  connectTimeoutMs?: number;
  /**
   * A new secret for a device the broker refused (the saved one is stale, e.g. the platform's
   * database was reset); the device is tried once more with it.
   */
  renewSecret?: (id: string) => Promise<string>;
}

/** CONNACK codes of a refused sign-in: MQTT 3.1.1 (4, 5) and MQTT 5 (134, 135). */
const AUTH_REFUSED = new Set([4, 5, 134, 135]);

function isAuthRefusal(e: unknown): boolean {
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'number' && AUTH_REFUSED.has(code)) return true;
  return /not authori[sz]ed|bad user ?name or password/i.test(e instanceof Error ? e.message : String(e));
}

function isUnreachable(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EHOSTUNREACH' || code === 'EAI_AGAIN';
}

/**
 * Connects the devices. Devices the broker refuses are returned in `failed` (the caller may
 * give them new secrets and try again); an unreachable broker is a SimError.
 * @example const { fleet, failed } = await connectFleet({ url: 'mqtt://localhost:1883', devices });
 */
export async function connectFleet(options: FleetOptions): Promise<{ fleet: MqttFleet; failed: ConnectFailure[] }> {
  const clients = new Map<string, MqttClient>();
  const failed: ConnectFailure[] = [];
  const queue = [...options.devices];
  let unreachable: unknown = null;
  const connect = (id: string, secret: string) =>
    mqtt.connectAsync(options.url, {
      username: id,
      password: secret,
      clientId: `${id}-sim-${process.pid}`,
      connectTimeout: options.connectTimeoutMs ?? 10_000,
      reconnectPeriod: 2_000,
      clean: true,
    });
  const worker = async () => {
    for (let d = queue.shift(); d && unreachable === null; d = queue.shift()) {
      let renewed = false;
      for (let secret = d.secret; ;) {
        try {
          const client = await connect(d.id, secret);
          // Problems after the connection is up (the platform restarting) are retried by mqtt.js.
          client.on('error', () => {});
          clients.set(d.id, client);
        } catch (e) {
          if (isUnreachable(e)) unreachable = e;
          else if (isAuthRefusal(e) && options.renewSecret && !renewed) {
            renewed = true;
            secret = await options.renewSecret(d.id);
            continue;
          } else failed.push({ id: d.id, reason: isAuthRefusal(e) ? 'auth' : e instanceof Error ? e.message : String(e) });
        }
        break;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 50, Math.max(1, queue.length)) }, worker));
  if (unreachable !== null) {
    await Promise.all([...clients.values()].map((c) => c.endAsync(true)));
    const code = (unreachable as NodeJS.ErrnoException).code ?? 'unreachable';
    throw new SimError(
      `cannot reach the MQTT broker at ${options.url} (${code}). Does the platform run its embedded broker there (\`npm start\` prints "MQTT broker for devices")? ` +
        'Point --mqtt-url at it, or use --transport http.',
    );
  }
  const fleet: MqttFleet = {
    connected: new Set(clients.keys()),
    async publish(deviceId, items) {
      const client = clients.get(deviceId);
      if (!client) throw new Error(`${deviceId} is not connected over MQTT`);
      for (let i = 0; i < items.length; i += MAX_ITEMS_PER_MESSAGE) {
        const payload = JSON.stringify(items.slice(i, i + MAX_ITEMS_PER_MESSAGE).map(({ ts, values }) => ({ ts, values })));
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no acknowledgement from the broker for ${deviceId} in ${PUBLISH_TIMEOUT_MS / 1000} s`)),
            PUBLISH_TIMEOUT_MS,
          );
        });
        try {
          await Promise.race([client.publishAsync(readingsTopic(deviceId), payload, { qos: 1 }), timeout]);
        } finally {
          clearTimeout(timer);
        }
      }
    },
    async close() {
      await Promise.all([...clients.values()].map((c) => c.endAsync(false).catch(() => c.endAsync(true))));
      clients.clear();
    },
  };
  return { fleet, failed };
}
