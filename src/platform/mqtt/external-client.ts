/**
 * A subscriber on an external MQTT broker (Mosquitto, EMQX, …) with mqtt.js: connects, subscribes
 * to topic filters at QoS 1 by default, reconnects by itself, and hands each message to a callback.
 * Knows no domain word.
 *
 * Backpressure: mqtt.js takes the connection's packets one at a time and sends the QoS 1 PUBACK
 * (and reads the next packet) only when `handleMessage` calls back. We call back when the promise
 * returned by `onMessage` settles, so a slow consumer makes the broker hold the messages (the
 * broker's own queue limits then apply, e.g. Mosquitto's `max_queued_messages`).
 */
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';

/** Options of {@link connectExternalSubscriber}. */
export interface ExternalSubscriberOptions {
  /** e.g. `mqtt://127.0.0.1:1883`, `mqtts://broker:8883`. */
  url: string;
  username?: string | null;
  password?: string | null;
  /** Default: a random id. Give a stable one with `clean: false` to keep the session across restarts. */
  clientId?: string;
  /** Clean session (default true). With false the broker queues QoS ≥ 1 messages while we are away. */
  clean?: boolean;
  /** Topic filters, e.g. `devices/+/readings`; MQTT 5 / Mosquitto shared subscriptions (`$share/g/…`) work too. */
  topics: readonly string[];
  /** Subscription QoS; default 1. */
  qos?: 0 | 1 | 2;
  /** Takes a message; the next one (and the PUBACK) waits until a returned promise settles. */
  onMessage(topic: string, payload: Buffer): void | Promise<void>;
  /** How long the first connection may take before giving up; default 10 s. */
  connectTimeoutMs?: number;
  /** Delay between reconnection attempts after a connection was lost; default 1 s. */
  reconnectPeriodMs?: number;
  /** Where problems are reported; default nowhere. */
  log?: (line: string) => void;
}

/** A connected subscriber. */
export interface ExternalSubscriber {
  /** The broker URL without its password. */
  readonly url: string;
  isConnected(): boolean;
  /** Reconnection attempts since start. */
  reconnects(): number;
  /** Disconnects at once; messages not yet acknowledged are redelivered by the broker. */
  close(): Promise<void>;
}

/** The URL with any password replaced by `***`, for logs and status pages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    return u.toString().replace(/\/$/, '');
  } catch {
    return url.replace(/\/\/([^:/@]*):[^@]*@/, '//$1:***@');
  }
}

/**
 * Connects and subscribes. Rejects if the first connection or subscription fails (broker
 * unreachable, credentials refused, filter refused); after that it reconnects on its own.
 * @example
 * const sub = await connectExternalSubscriber({ url, topics: ['devices/+/readings'], onMessage });
 */
export async function connectExternalSubscriber(options: ExternalSubscriberOptions): Promise<ExternalSubscriber> {
  const log = options.log ?? (() => {});
  const url = redactUrl(options.url);
  const qos = options.qos ?? 1;
  const clientOptions: IClientOptions = {
    clean: options.clean ?? true,
    reconnectPeriod: options.reconnectPeriodMs ?? 1000,
    connectTimeout: options.connectTimeoutMs ?? 10_000,
    resubscribe: true,
    ...(options.clientId !== undefined ? { clientId: options.clientId } : {}),
    ...(options.username != null ? { username: options.username } : {}),
    ...(options.password != null ? { password: options.password } : {}),
  };
  const client: MqttClient = mqtt.connect(options.url, clientOptions);
  client.handleMessage = (packet, callback) => {
    const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
    const failed = (e: unknown) => {
      log(`MQTT message on ${packet.topic} failed: ${String(e)}`);
      callback();
    };
    try {
      const result = options.onMessage(packet.topic, payload);
      if (result instanceof Promise) result.then(() => callback(), failed);
      else callback();
    } catch (e) {
      failed(e);
    }
  };
  let reconnects = 0;
  let started = false;
  client.on('reconnect', () => reconnects++);
  client.on('error', (e) => {
    if (started) log(`MQTT broker ${url}: ${e.message}`);
  });
  client.on('offline', () => {
    if (started) log(`MQTT broker ${url} unreachable; reconnecting every ${clientOptions.reconnectPeriod} ms`);
  });

  try {
    await firstConnect(client, options.connectTimeoutMs ?? 10_000);
    const granted = await client.subscribeAsync([...options.topics], { qos });
    const refused = granted.filter((g) => g.qos === 128).map((g) => g.topic);
    if (refused.length > 0) throw new Error(`the broker refused the subscription to ${refused.join(', ')}`);
  } catch (e) {
    await client.endAsync(true);
    const reason = e instanceof Error ? e.message : String(e);
    throw new Error(`cannot subscribe on the MQTT broker at ${url}: ${reason}`, { cause: e });
  }
  started = true;

  let closed: Promise<void> | null = null;
  return {
    url,
    isConnected: () => client.connected,
    reconnects: () => reconnects,
    close: () => (closed ??= client.endAsync(true)),
  };
}

function firstConnect(client: MqttClient, timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    const onConnect = () => finish(null);
    const onError = (e: Error) => finish(e);
    function finish(e: Error | null) {
      clearTimeout(timer);
      client.off('connect', onConnect);
      client.off('error', onError);
      if (e === null) resolve();
      else reject(e);
    }
    client.once('connect', onConnect);
    client.once('error', onError);
  });
}
