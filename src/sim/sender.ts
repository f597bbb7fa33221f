/**
 * Sending what the simulation generates: readings over HTTP batches or, for devices connected
 * over MQTT, on their own topics; detections always over HTTP. Keeps the counters: HTTP
 * answers item by item; MQTT acceptance is read from the platform's ingestion statistics
 * (which count every MQTT sender, not only this one). Waits for each answer before sending
 * more, so a slow platform slows the simulator instead of growing a queue.
 */
import { countReasons, type Counters } from './counters.ts';
import type { MqttFleet } from './mqtt-fleet.ts';
import { ingestStats, postDetections, postReadings, type IngestAnswer, type SourceCounters } from './platform-api.ts';
import { PlatformError, SimError, type PlatformClient } from './platform-client.ts';
import type { SimDetection, SimReading } from './sim-model.ts';

/** Readings per HTTP request. */
export const HTTP_CHUNK = 10_000;
/** Detections per HTTP request (the platform takes up to 1,000). */
const DETECTION_CHUNK = 1_000;
/** How long to keep trying a platform that went away before giving up. */
const GIVE_UP_AFTER_MS = 30_000;

/** What the sender works with. */
export interface SenderDeps {
  client: PlatformClient;
  counters: Counters;
  /** Devices on MQTT, or null (all over HTTP). */
  fleet: MqttFleet | null;
  signal?: AbortSignal;
  log: (line: string) => void;
}

/** Sends and counts. */
export interface Sender {
  sendReadings(items: readonly SimReading[]): Promise<void>;
  sendDetections(items: readonly SimDetection[]): Promise<void>;
  /** Reads the MQTT figures from the platform's statistics (no-op without MQTT). */
  refreshMqttCounts(): Promise<void>;
}

const valuesOf = (items: readonly SimReading[]) => items.reduce((n, r) => n + Object.keys(r.values).length, 0);
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Creates the sender; with MQTT it first notes the platform's MQTT counters, so only what comes
 * after counts.
 * @example const sender = await createSender({ client, counters, fleet: null, log: console.error });
 */
export async function createSender(deps: SenderDeps): Promise<Sender> {
  const { client, counters, fleet } = deps;
  const http = { accepted: 0, rejected: 0 };
  const mqtt = { accepted: 0, rejected: 0 };
  const base: SourceCounters | null = fleet ? (await ingestStats(client)).bySource.mqtt : null;
  const sync = () => {
    counters.accepted = http.accepted + mqtt.accepted;
    counters.rejected = http.rejected + mqtt.rejected;
  };

  /** Calls the platform, retrying while it is unreachable (a restart) for up to 30 s. */
  async function call<T>(f: () => Promise<T>): Promise<T | null> {
    const start = Date.now();
    for (let attempt = 0; ; attempt++) {
      try {
        return await f();
      } catch (e) {
        if (e instanceof PlatformError) {
          counters.lastError = e.message;
          return null;
        }
        if (!(e instanceof SimError) || deps.signal?.aborted) throw e;
        if (Date.now() - start > GIVE_UP_AFTER_MS) throw new SimError(`lost the platform: ${e.message}`);
        if (attempt === 0) deps.log(`platform unreachable, retrying for ${GIVE_UP_AFTER_MS / 1000} s: ${e.message}`);
        counters.lastError = e.message;
        await sleep(1000);
      }
    }
  }

  function tallyReadings(a: IngestAnswer): void {
    http.accepted += a.accepted;
    counters.duplicates += a.duplicates ?? 0;
    http.rejected += a.rejected.length;
    countReasons(
      counters,
      a.rejected.map((r) => r.reason),
    );
    sync();
  }

  async function overHttp(items: readonly SimReading[]): Promise<void> {
    for (let i = 0; i < items.length; i += HTTP_CHUNK) {
      const chunk = items.slice(i, i + HTTP_CHUNK);
      const answer = await call(() => postReadings(client, chunk));
      if (answer) tallyReadings(answer);
      else counters.failed += valuesOf(chunk);
    }
  }

  async function overMqtt(f: MqttFleet, byDevice: Map<string, SimReading[]>): Promise<void> {
    const results = await Promise.allSettled([...byDevice].map(([id, list]) => f.publish(id, list)));
    let i = 0;
    for (const list of byDevice.values()) {
      const r = results[i++];
      if (r?.status === 'rejected') {
        counters.failed += valuesOf(list);
        counters.lastError = r.reason instanceof Error ? r.reason.message : String(r.reason);
      }
    }
  }

  return {
    async sendReadings(items) {
      if (items.length === 0) return;
      counters.sent += valuesOf(items);
      if (!fleet) return overHttp(items);
      const viaHttp: SimReading[] = [];
      const byDevice = new Map<string, SimReading[]>();
      for (const r of items) {
        if (!fleet.connected.has(r.deviceId)) viaHttp.push(r);
        else {
          const list = byDevice.get(r.deviceId);
          if (list) list.push(r);
          else byDevice.set(r.deviceId, [r]);
        }
      }
      await Promise.all([overHttp(viaHttp), overMqtt(fleet, byDevice)]);
    },

    async sendDetections(items) {
      for (let i = 0; i < items.length; i += DETECTION_CHUNK) {
        const chunk = items.slice(i, i + DETECTION_CHUNK);
        counters.detectionsSent += chunk.length;
        const answer = await call(() => postDetections(client, chunk));
        if (!answer) continue;
        counters.detectionsAccepted += answer.accepted;
        counters.detectionsRejected += answer.rejected.length;
        countReasons(
          counters,
          answer.rejected.map((r) => `detection:${r.reason}`),
        );
      }
    },

    async refreshMqttCounts() {
      if (!base) return;
      const now = await call(() => ingestStats(client));
      if (!now) return;
      mqtt.accepted = Math.max(0, now.bySource.mqtt.accepted - base.accepted);
      mqtt.rejected = Math.max(0, now.bySource.mqtt.rejected - base.rejected);
      sync();
    },
  };
}
