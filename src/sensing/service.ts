/**
 * The sensing service: devices, reading and detection ingestion, latest values and history.
 * The one thing routes, the MQTT layer, the rules engine and the CLI call. Built from the
 * device service, the view functions, the ingest service, the batching writer and the
 * in-memory registry; this file wires them and owns their lifetimes.
 */
import type { Database } from '../platform/db/create-db.ts';
import type { Clock } from '../platform/clock.ts';
import type { Bus, Subscription } from '../platform/bus/bus.ts';
import { newId } from '../platform/ids.ts';
import type { GeoService } from '../geo/service.ts';
import type { Crs } from '../geo/crs.ts';
import type { DirectoryService } from '../directory/service.ts';
import type { DeviceFacts } from './reading-model.ts';
import { DEVICE_TYPES, DEVICE_TYPE_CODES, deviceType, type DeviceType } from './device-types.ts';
import { deviceStatus, offlineAfterOf, type DeviceStatus } from './device-model.ts';
import { DeviceRegistry, type DeviceListener } from './device-registry.ts';
import { LatestState } from './latest-state.ts';
import { ReadingWriter } from './reading-writer.ts';
import { ReadingFrontier } from './reading-frontier.ts';
import { IngestStats, type IngestStatsSnapshot } from './ingest-stats.ts';
import { createDeviceService, DEVICES_SUBJECT, type DeviceChange } from './device-service.ts';
import { createDeviceViews } from './device-views.ts';
import { createIngestService, publishReadings } from './ingest-service.ts';
import * as store from './store.ts';
import * as readingsStore from './readings-store.ts';

/** Tunables; the defaults suit a city. */
export interface SensingOptions {
  /** How often latest values are written (ms); 0 writes them after every batch. */
  latestFlushMs: number;
  /** How far ahead of arrival an event time may be (ms). */
  maxFutureMs: number;
  /** Readings per storage batch before one is cut without waiting for the event loop. */
  maxBatch: number;
  /** Readings queued for storage before submitters wait (backpressure). */
  maxQueued: number;
  /** At start, latest values are rebuilt from readings this much older than the newest one. */
  recoverLatestMs: number;
  /** SQLite files: insert readings from a worker thread (another core) rather than the event loop. */
  appendInWorker: boolean;
}

/** What the sensing service needs. */
export interface SensingDeps {
  database: Database;
  clock: Clock;
  /** Where reading batches, detections and device changes are published; null publishes nothing. */
  bus: Bus | null;
  geo: GeoService;
  directory: DirectoryService;
  /** Number of reading shards (config `shards`, default 1). */
  shards?: number;
  options?: Partial<SensingOptions>;
  onError?: (e: unknown, where: string) => void;
}

const DEFAULTS: SensingOptions = {
  latestFlushMs: 1000,
  maxFutureMs: 5 * 60_000,
  maxBatch: 5_000,
  maxQueued: 30_000,
  recoverLatestMs: 60_000,
  appendInWorker: true,
};

/** A device's place and liveness (see `deviceLiveness`). */
export interface DeviceLiveness {
  id: string;
  type: string;
  location: [number, number];
  jurisdictionPath: string;
  status: DeviceStatus;
}

/** The sensing service. */
export type SensingService = Awaited<ReturnType<typeof createSensingService>>;

/**
 * Creates the sensing service: loads the device registry, rebuilds latest values a crash may
 * have left behind, and starts the latest-value flush timer. Call `close()` to flush and stop.
 * @example const sensing = await createSensingService({ database, clock, bus, geo, directory, shards: config.shards });
 */
export async function createSensingService(deps: SensingDeps) {
  const opts: SensingOptions = { ...DEFAULTS, ...deps.options };
  let mqttStats: () => unknown = () => null;
  const onError = deps.onError ?? ((e, where) => console.error(`sensing: ${where} failed:`, e));
  const { database, clock, bus, geo } = deps;
  const shards = deps.shards ?? 1;
  const registry = new DeviceRegistry((jurisdictionId) => geo.get(jurisdictionId)?.path);
  await store.forEachDevice(database.db, (d) => registry.put(d));
  const latest = new LatestState(readingsStore.latestUpserter(database), opts.latestFlushMs, (e) => onError(e, 'latest flush'));
  await recoverLatest(database, latest, opts.recoverLatestMs);
  const appender = readingsStore.readingsAppender(database, opts.appendInWorker);
  // Readings newer than their key's frontier are passed on ahead of storage (reading-writer.ts).
  const frontier = new ReadingFrontier(
    (ids) => readingsStore.latestOf(database.db, ids),
    (e) => onError(e, 'reading frontier'),
    (id) => registry.facts(id)?.id ?? id,
  );
  const writer = new ReadingWriter({
    appender,
    latest,
    publish: (readings, receivedAt) => (bus ? publishReadings(bus, shards, readings, receivedAt) : Promise.resolve()),
    maxBatch: opts.maxBatch,
    maxQueued: opts.maxQueued,
    frontier,
  });
  const stats = new IngestStats(clock.now());
  const instanceId = newId();
  const devices = createDeviceService({ database, clock, bus, geo, directory: deps.directory, registry, instanceId });
  const views = createDeviceViews({ database, clock, latest });
  const ingest = createIngestService({ database, clock, bus, registry, writer, stats, shards, maxFutureMs: opts.maxFutureMs });
  const subscriptions: Subscription[] = [];
  if (bus) {
    subscriptions.push(
      bus.subscribe<DeviceChange>(DEVICES_SUBJECT, (m) =>
        devices.onRemoteChange(m.data).catch((e: unknown) => onError(e, 'device change')),
      ),
    );
  }
  latest.start();

  return {
    // Devices
    createDevice: devices.create,
    updateDevice: devices.update,
    deleteDevice: devices.remove,
    rotateDeviceSecret: devices.rotateSecret,
    importDevices: devices.importDevices,
    getDevice: views.get,
    listDevices: views.list,
    /**
     * Every device's place and liveness at once, from the registry in memory and one pass over
     * the latest values (with those not yet written): for the city screen, where listing
     * 100,000 devices a page at a time took seconds.
     */
    async deviceLiveness(): Promise<DeviceLiveness[]> {
      const stored = await readingsStore.lastSeenAll(database.db);
      const now = clock.now();
      const out: DeviceLiveness[] = [];
      for (const id of registry.ids()) {
        const f = registry.facts(id)!;
        const type = deviceType(f.type);
        let lastSeen = stored.get(id) ?? null;
        for (const metric of Object.keys(type?.metrics ?? {})) {
          const p = latest.pendingOf(id, metric);
          if (p && (lastSeen === null || p.ts > lastSeen)) lastSeen = p.ts;
        }
        const status = deviceStatus(lastSeen, offlineAfterOf(type, registry.offlineOverride(id)), now);
        out.push({ id, type: f.type, location: f.location, jurisdictionPath: f.jurisdictionPath, status });
      }
      return out;
    },
    deviceHistory: views.history,
    /** The device types, in display order. */
    deviceTypes: (): DeviceType[] => DEVICE_TYPE_CODES.map((c) => DEVICE_TYPES[c]),

    // For the rules engine (synchronous: the registry is in memory)
    /** The facts of a device, or undefined for unknown devices. */
    deviceFacts: (id: string): DeviceFacts | undefined => registry.facts(id),
    /** Every registered device id. */
    deviceIds: (): Iterable<string> => registry.ids(),
    /** Calls `listener(id)` after a device is created, changed or deleted (here or, via the bus, elsewhere). */
    onDeviceChange: (listener: DeviceListener): (() => void) => registry.listen(listener),

    // Ingestion (MQTT: authenticateDevice, ingestPayload, recordRejection)
    authenticateDevice: devices.authenticateDevice,
    ingestPayload: ingest.ingestPayload,
    ingestReadings: ingest.ingestReadings,
    ingestDetections: ingest.ingestDetections,
    recordRejection: ingest.recordRejection,
    /** Ingestion counters; `includeDevice` filters the per-device list (e.g. by scope). */
    ingestStats(
      includeDevice?: (deviceId: string) => boolean,
      limit?: number,
    ): IngestStatsSnapshot & { writer: ReturnType<ReadingWriter['stats']>; devices_registered: number; mqtt: unknown } {
      return { ...stats.snapshot(includeDevice, limit), writer: writer.stats(), devices_registered: registry.size, mqtt: mqttStats() };
    },
    /** Lets the MQTT side, started after the routes, add its counters to the ingest stats. */
    setMqttStats(source: () => unknown): void {
      mqttStats = source;
    },

    /** The path of the deepest jurisdiction at a point, or null outside all (for route scope checks). */
    pathAt(lon: number, lat: number, crs: Crs = 'wgs84'): string | null {
      const chain = geo.locate(lon, lat, crs);
      const deepest = chain[chain.length - 1];
      return deepest ? (geo.get(deepest.id)?.path ?? null) : null;
    },
    /** The path of a jurisdiction by id or code (404 when unknown), for route scope checks. */
    jurisdictionPath: (idOrCode: string): string => geo.require(idOrCode).path,
    /** Writes pending latest values now, once the keys seen so far are looked up (reading-frontier.ts). */
    async flush(): Promise<void> {
      await frontier.settled();
      await latest.flush();
    },
    /**
     * Waits for readings being written, then stops timers and subscriptions and writes the
     * pending latest values. Close this before the bus and the database.
     */
    async close(): Promise<void> {
      await writer.idle();
      await frontier.settled();
      for (const s of subscriptions.splice(0)) s.unsubscribe();
      await latest.stop();
      await appender.close();
    },
  };
}

/**
 * Rebuilds latest values from the readings of the last `windowMs` before the newest stored
 * reading: after a crash, the readings of the last flush interval were stored but their latest
 * values maybe not. (Upserts keep newer values, so this never moves a value back.)
 */
async function recoverLatest(database: Database, latest: LatestState, windowMs: number): Promise<void> {
  const newest = await readingsStore.newestReadingTs(database.db);
  if (newest === null) return;
  const rows = await readingsStore.readingsSince(database.db, newest - windowMs, 1_000_000);
  for (const r of rows) latest.offer(r.deviceId, r.metric, r.ts, r.value);
  await latest.flush();
}
