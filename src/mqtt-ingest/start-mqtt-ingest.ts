/**
 * MQTT ingestion: devices → MQTT → the sensing service (shared/DESIGN.md §6).
 *
 * - Without `mqttUrl`: an embedded broker (aedes) on `mqttPort`. Devices sign in with user name =
 *   device id and password = device secret (checked by `authenticateDevice`), and may publish
 *   only to `cityops/v1/devices/{their id}/readings`.
 * - With `mqttUrl`: the platform subscribes to `cityops/v1/devices/+/readings` (QoS 1) on that
 *   broker and takes the device id from the topic. That broker authenticates devices and must
 *   enforce the per-device ACL itself (Mosquitto: `password_file` + an `acl_file` with
 *   `pattern write cityops/v1/devices/%u/readings`; EMQX: its authn and authz, same rule), and
 *   must let the platform's user (`mqttUsername`) read `cityops/v1/devices/+/readings`.
 *
 * Flow control (bounded memory under overload): at most `maxInFlight` payloads are inside the
 * sensing service at once; more wait in a FIFO, and every waiting payload holds its publisher.
 * Embedded: a payload is acknowledged (QoS 1 PUBACK) only once `ingestPayload` resolved, i.e.
 * stored, and aedes reads no more from a connection while any payload of its last read is
 * unfinished, so TCP flow control stops fast publishers; the FIFO holds at most one socket read
 * per connection. External: the next message is taken from the broker (and the previous one
 * acknowledged) once the FIFO is empty again; the external broker queues the rest under its own
 * limits (Mosquitto: `max_queued_messages`, 1000 by default, then it drops). There a message is
 * acknowledged when admitted, not when stored (mqtt.js handles one message at a time, so acking
 * after storage would allow one payload in flight): a crash can lose up to `maxInFlight + 1`
 * acknowledged payloads. Throttled devices are only dropped there (the platform cannot
 * disconnect a client of another broker). Batching: the sensing interface takes one payload per call, so nothing is batched
 * here; the cap lets many calls be in flight together so the service can group them into
 * multi-row inserts.
 */
import { systemClock, type Clock } from '../platform/clock.ts';
import { startEmbeddedBroker } from '../platform/mqtt/embedded-broker.ts';
import { connectExternalSubscriber, redactUrl } from '../platform/mqtt/external-client.ts';
import type { DeviceIngest } from './device-ingest.ts';
import { deviceHooks } from './device-hooks.ts';
import { InFlightLimiter, type InFlightCounts } from './in-flight.ts';
import { createMessageHandler, newCounters, type IngestCounters } from './message-handler.ts';
import { DEFAULT_THROTTLE, DeviceThrottle, type ThrottleSettings } from './throttle.ts';
import { READINGS_FILTER, readingsDeviceId } from './topics.ts';

/** The settings MQTT ingestion reads; the platform `Config` has them all. */
export interface MqttIngestConfig {
  /** Embedded broker port (0 picks a free one); unused with `mqttUrl`. */
  mqttPort: number;
  /** External broker to subscribe to; the embedded broker runs when null. */
  mqttUrl: string | null;
  /** The platform's credentials on the external broker. */
  mqttUsername: string | null;
  mqttPassword: string | null;
  /** Address the embedded broker binds; default `0.0.0.0`. */
  host?: string;
}

/** Tuning knobs, with defaults. */
export interface MqttIngestTuning {
  /** Payloads inside the sensing service at once (default 1024). */
  maxInFlight: number;
  /** Largest MQTT packet the embedded broker accepts, bytes (default 1 MiB). */
  maxPacketBytes: number;
  throttle: ThrottleSettings;
  /** External broker: client id (default random) and clean session (default true). */
  externalClientId?: string;
  externalCleanSession: boolean;
  /**
   * External broker: subscribe as a member of this shared-subscription group
   * (`$share/{group}/cityops/v1/devices/+/readings`, Mosquitto ≥ 1.6, EMQX), so that several
   * ingest processes split the devices' messages instead of each receiving all of them.
   */
  externalSharedGroup?: string;
  /** External broker: how long the first connection may take (default 10 s). */
  connectTimeoutMs: number;
}

const DEFAULT_TUNING: MqttIngestTuning = {
  maxInFlight: 1024,
  maxPacketBytes: 1024 * 1024,
  throttle: DEFAULT_THROTTLE,
  externalCleanSession: true,
  connectTimeoutMs: 10_000,
};

/** What {@link startMqttIngest} needs. */
export interface MqttIngestDeps {
  ingest: DeviceIngest;
  config: MqttIngestConfig;
  clock?: Clock;
  /** Where problems are reported; default stderr. */
  log?: (line: string) => void;
  tuning?: Partial<MqttIngestTuning>;
}

/** Counters and state for `/api/v1/ingest/stats`. */
export interface MqttIngestStats extends IngestCounters {
  mode: 'embedded' | 'external';
  /** `mqtt://host:port` of the embedded broker, or the external URL without its password. */
  broker: string;
  /** Embedded: devices connected. External: 1 while connected to the broker, else 0. */
  connected: number;
  /** External only: reconnection attempts since start. */
  reconnects: number;
  inFlight: InFlightCounts;
  throttle: { coolingOff: number; throttledTotal: number };
}

interface MqttIngestBase {
  /** Where devices connect: `mqtt://host:port`, or the external URL without its password. */
  readonly url: string;
  stats(): MqttIngestStats;
  /** Stops taking messages, then waits for payloads in flight to be stored. */
  close(): Promise<void>;
}

/** A running MQTT ingestion, embedded broker or external subscriber. */
export type MqttIngest =
  (MqttIngestBase & { readonly mode: 'embedded'; readonly port: number }) | (MqttIngestBase & { readonly mode: 'external' });

/**
 * Starts MQTT ingestion: the embedded broker, or a subscription on `config.mqttUrl`. Rejects
 * with a message saying what to do when the port is taken or the external broker is unreachable.
 * @example
 * const mqtt = await startMqttIngest({ ingest: services.sensing, config });
 * print(`MQTT: ${mqtt.url}`); … await mqtt.close();
 */
export async function startMqttIngest(deps: MqttIngestDeps): Promise<MqttIngest> {
  const tuning: MqttIngestTuning = { ...DEFAULT_TUNING, ...deps.tuning };
  const clock = deps.clock ?? systemClock;
  const log = deps.log ?? ((line: string) => console.error(line));
  const counters = newCounters();
  const throttle = new DeviceThrottle(tuning.throttle, clock);
  const limiter = new InFlightLimiter(tuning.maxInFlight);
  const { config, ingest } = deps;
  let disconnect: (clientId: string) => boolean = () => false;
  const handle = createMessageHandler({ ingest, clock, throttle, limiter, counters, log, disconnect: (id) => disconnect(id) });

  const stats = (mode: 'embedded' | 'external', broker: string, connected: number, reconnects: number): MqttIngestStats => ({
    ...structuredClone(counters),
    mode,
    broker,
    connected,
    reconnects,
    inFlight: limiter.counts(),
    throttle: { coolingOff: throttle.coolingOff(), throttledTotal: throttle.throttledTotal },
  });

  if (config.mqttUrl === null) {
    const host = config.host ?? '0.0.0.0';
    const broker = await startEmbeddedBroker({
      port: config.mqttPort,
      host,
      hooks: deviceHooks({ ingest, throttle, counters, handle }),
      maxPacketBytes: tuning.maxPacketBytes,
      log,
      portInUseAdvice:
        `Start with --mqtt-port <n> (or MQTT_PORT=<n>; 0 picks a free port), or, if it is an MQTT broker you want ` +
        `to use, set MQTT_URL=mqtt://127.0.0.1:${config.mqttPort} to subscribe to it instead of embedding one.`,
    });
    disconnect = (id) => broker.disconnect(id);
    const url = `mqtt://${host === '0.0.0.0' || host === '::' ? 'localhost' : host}:${broker.port}`;
    return {
      mode: 'embedded',
      port: broker.port,
      url,
      stats: () => stats('embedded', url, broker.connectedClients(), 0),
      async close() {
        await broker.close();
        await limiter.idle();
      },
    };
  }

  const subscriber = await connectExternalSubscriber({
    url: config.mqttUrl,
    username: config.mqttUsername,
    password: config.mqttPassword,
    ...(tuning.externalClientId !== undefined ? { clientId: tuning.externalClientId } : {}),
    clean: tuning.externalCleanSession,
    topics: [tuning.externalSharedGroup === undefined ? READINGS_FILTER : `$share/${tuning.externalSharedGroup}/${READINGS_FILTER}`],
    qos: 1,
    connectTimeoutMs: tuning.connectTimeoutMs,
    log,
    onMessage(topic, payload) {
      const deviceId = readingsDeviceId(topic);
      if (deviceId === null) {
        counters.messages.badTopic++;
        return;
      }
      // Not awaited: the handler counts and logs its failures. Take the next message once a slot is free.
      handle(deviceId, payload, null).catch(() => {});
      return limiter.whenNotFull();
    },
  }).catch((e: unknown) => {
    const reason = e instanceof Error ? e.message : String(e);
    throw new Error(`${reason}. Check MQTT_URL (and MQTT_USERNAME/MQTT_PASSWORD), or unset MQTT_URL to run the embedded broker.`, {
      cause: e,
    });
  });
  const url = redactUrl(config.mqttUrl);
  return {
    mode: 'external',
    url,
    stats: () => stats('external', url, subscriber.isConnected() ? 1 : 0, subscriber.reconnects()),
    async close() {
      await subscriber.close();
      await limiter.idle();
    },
  };
}
