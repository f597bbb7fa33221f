/**
 * Taking readings and detections in: from MQTT payloads (one device each, many at once) and
 * HTTP batches (JSON arrays or NDJSON, up to 50,000 items). Validates item by item, stores the
 * valid readings through the batching writer, counts rejections per device and reason, and
 * publishes: reading batches per shard on `readings.<shard>`, detections on `detections`.
 */
import type { Database } from '../platform/db/create-db.ts';
import type { Clock } from '../platform/clock.ts';
import type { Bus } from '../platform/bus/bus.ts';
import { newId } from '../platform/ids.ts';
import { withinScope } from '../platform/http/access.ts';
import { AppError } from '../platform/errors.ts';
import { readingsSubject, type Detection, type DetectionEvent, type Reading } from './reading-model.ts';
import { deviceType, type DeviceType } from './device-types.ts';
import { parseNdjson, validateItem, type IngestResult, type Rejection, type ValidationContext } from './ingest-model.ts';
import { validateDetection, type DetectionContext } from './detection-model.ts';
import { scanReadings } from './scan-model.ts';
import type { DeviceRegistry } from './device-registry.ts';
import type { IngestSource, IngestStats } from './ingest-stats.ts';
import type { ReadingWriter } from './reading-writer.ts';
import { shardOf } from './shard.ts';
import * as readingsStore from './readings-store.ts';

/** Bus subject of detections. */
export const DETECTIONS_SUBJECT = 'detections';
/** Most items in one HTTP request. */
export const MAX_ITEMS_PER_REQUEST = 50_000;
/** Most detections in one HTTP request. */
export const MAX_DETECTIONS_PER_REQUEST = 1_000;

/** What ingestion needs. */
export interface IngestServiceDeps {
  database: Database;
  clock: Clock;
  bus: Bus | null;
  registry: DeviceRegistry;
  writer: ReadingWriter;
  stats: IngestStats;
  /** Number of reading shards (`readings.0` … `readings.<shards-1>`). */
  shards: number;
  /** How far ahead of arrival an event time may be, ms. */
  maxFutureMs: number;
}

/** HTTP input: a parsed JSON array, the text of one, or NDJSON text. */
export type ReadingsBody = { json: readonly unknown[] } | { jsonText: string } | { ndjson: string };

/** 413 for a request over its item limit. */
export function tooMany(what: string, n: number, max: number): AppError {
  return new AppError(413, 'TOO_MANY_ITEMS', `at most ${max} ${what} per request, got ${n}`, [
    { field: 'body', message: 'too many items' },
  ]);
}

/** The items of a JSON array body, or a 400/413 problem saying why there are none. */
function parseJsonArray(text: string): readonly unknown[] {
  if (text.trim() === '') throw new AppError(400, 'INVALID_JSON', 'body: empty JSON body', [{ field: 'body', message: 'empty' }]);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new AppError(400, 'INVALID_JSON', `body: not valid JSON (${why})`, [{ field: 'body', message: 'not valid JSON' }]);
  }
  if (!Array.isArray(parsed)) {
    throw new AppError(400, 'VALIDATION_FAILED', 'body: expected a JSON array of readings (or NDJSON)', [
      { field: 'body', message: 'expected an array' },
    ]);
  }
  if (parsed.length > MAX_ITEMS_PER_REQUEST) throw tooMany('readings', parsed.length, MAX_ITEMS_PER_REQUEST);
  return parsed;
}

/** The ingest service (part of the sensing service). */
export type IngestService = ReturnType<typeof createIngestService>;

/**
 * Publishes readings on their shards, in the order given.
 * @example await publishReadings(bus, 4, readings, receivedAt);
 */
export async function publishReadings(bus: Bus, shards: number, readings: Reading[], receivedAt: number): Promise<void> {
  if (shards <= 1) return bus.publish(readingsSubject(0), { readings, receivedAt });
  const byShard = new Map<number, Reading[]>();
  for (const r of readings) {
    const s = shardOf(r.deviceId, shards);
    const list = byShard.get(s);
    if (list) list.push(r);
    else byShard.set(s, [r]);
  }
  for (const [s, list] of [...byShard].sort((a, b) => a[0] - b[0])) await bus.publish(readingsSubject(s), { readings: list, receivedAt });
}

/**
 * Creates the ingest service.
 * @example const ingest = createIngestService({ database, clock, bus, registry, writer, stats, shards: 1, maxFutureMs: 300_000 });
 */
export function createIngestService(deps: IngestServiceDeps) {
  const { registry, stats } = deps;

  function context(now: number, scopePath: string | null): ValidationContext {
    // Most of a batch is of one type: the last code's type is remembered (asked per reading).
    let lastCode = '';
    let lastType: DeviceType | undefined;
    const typeOfCode = (code: string) => {
      if (code !== lastCode) {
        lastCode = code;
        lastType = deviceType(code);
      }
      return lastType;
    };
    const typeOf = (id: string) => {
      const f = registry.facts(id);
      return f && (scopePath === null || withinScope(f.jurisdictionPath, scopePath)) ? typeOfCode(f.type) : undefined;
    };
    return { typeOf, now, maxFutureMs: deps.maxFutureMs };
  }

  function countRejections(
    source: IngestSource,
    rejected: readonly Rejection[],
    deviceOf: (index: number) => string | null,
    at: number,
  ): void {
    for (const r of rejected) stats.reject(source, deviceOf(r.index), r.reason, at);
  }

  async function storeReadings(
    source: IngestSource,
    readings: Reading[],
    rejected: Rejection[],
    receivedAt: number,
  ): Promise<IngestResult> {
    const duplicates = await deps.writer.submit(readings, receivedAt);
    stats.accept(source, readings.length, duplicates);
    return { accepted: readings.length, rejected, duplicates };
  }

  /** One MQTT payload of one (authenticated) device. */
  async function ingestPayload(deviceId: string, payload: Buffer | string, receivedAt: number): Promise<IngestResult> {
    const text = typeof payload === 'string' ? payload : payload.toString('utf8');
    const ctx = context(receivedAt, null);
    // Plainly written, valid payloads (nearly all) are read without JSON.parse, like HTTP batches.
    const scanned = scanReadings(text, ctx, MAX_ITEMS_PER_REQUEST, deviceId);
    if (scanned) return storeReadings('mqtt', scanned.readings, [], receivedAt);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      stats.reject('mqtt', deviceId, 'malformed', receivedAt);
      return { accepted: 0, rejected: [{ index: 0, reason: 'malformed', field: 'payload', message: 'not valid JSON' }], duplicates: 0 };
    }
    const items = Array.isArray(parsed) ? parsed : [parsed];
    const readings: Reading[] = [];
    const rejected: Rejection[] = [];
    for (let i = 0; i < items.length; i++) validateItem(items[i], i, deviceId, ctx, readings, rejected);
    countRejections('mqtt', rejected, () => deviceId, receivedAt);
    return storeReadings('mqtt', readings, rejected, receivedAt);
  }

  /** An HTTP batch; devices outside `scopePath` are refused as unknown. */
  async function ingestReadings(body: ReadingsBody, scopePath: string): Promise<IngestResult> {
    const receivedAt = deps.clock.now();
    const ctx = context(receivedAt, scopePath);
    const readings: Reading[] = [];
    const rejected: Rejection[] = [];
    let deviceOf: (index: number) => string | null;
    if ('jsonText' in body) {
      const scanned = scanReadings(body.jsonText, ctx, MAX_ITEMS_PER_REQUEST);
      if (scanned) return storeReadings('http', scanned.readings, rejected, receivedAt);
    }
    if ('json' in body || 'jsonText' in body) {
      const items = 'json' in body ? body.json : parseJsonArray(body.jsonText);
      for (let i = 0; i < items.length; i++) validateItem(items[i], i, null, ctx, readings, rejected);
      deviceOf = (i) => idOf(items[i]);
    } else {
      const parsed = parseNdjson(body.ndjson);
      rejected.push(...parsed.rejected);
      const byIndex = new Map<number, unknown>();
      for (const { index, item } of parsed.items) {
        byIndex.set(index, item);
        validateItem(item, index, null, ctx, readings, rejected);
      }
      rejected.sort((a, b) => a.index - b.index);
      deviceOf = (i) => idOf(byIndex.get(i));
    }
    countRejections('http', rejected, deviceOf, receivedAt);
    return storeReadings('http', readings, rejected, receivedAt);
  }

  /** AI detections from cameras; devices outside `scopePath` (null: anywhere) are refused. */
  async function ingestDetections(items: readonly unknown[], scopePath: string | null): Promise<IngestResult> {
    const receivedAt = deps.clock.now();
    const base = context(receivedAt, scopePath);
    const ctx: DetectionContext = {
      now: receivedAt,
      maxFutureMs: deps.maxFutureMs,
      typeCodeOf: (id) => (base.typeOf(id) ? registry.facts(id)?.type : undefined),
      newId,
    };
    const rejected: Rejection[] = [];
    const detections: Detection[] = [];
    items.forEach((raw, i) => {
      const d = validateDetection(raw, i, ctx, rejected);
      if (d) detections.push(d);
    });
    countRejections(
      'detections',
      rejected,
      (i) => (isObject(items[i]) ? str((items[i] as { cameraId?: unknown }).cameraId) : null),
      receivedAt,
    );
    const rows = detections.map((d) => ({
      id: d.id,
      camera_id: d.cameraId,
      type: d.type,
      confidence: d.confidence,
      ts: d.ts,
      building: d.building,
      floor: d.floor,
      unit: d.unit,
      snapshot_ref: d.snapshotRef,
      clip_start: d.clip?.start ?? null,
      clip_end: d.clip?.end ?? null,
      jurisdiction_path: registry.facts(d.cameraId)?.jurisdictionPath ?? '',
      received_at: receivedAt,
    }));
    const inserted = rows.length > 0 ? await readingsStore.insertDetections(deps.database.db, rows) : new Set<string>();
    const fresh = detections.filter((d) => inserted.has(d.id)).sort((a, b) => a.ts - b.ts);
    for (const detection of fresh) {
      const camera = registry.facts(detection.cameraId);
      if (camera && deps.bus) await deps.bus.publish<DetectionEvent>(DETECTIONS_SUBJECT, { detection, camera, receivedAt });
    }
    stats.accept('detections', detections.length, detections.length - fresh.length);
    return { accepted: detections.length, rejected, duplicates: detections.length - fresh.length };
  }

  /** Counts a refusal before a payload reached ingestion (MQTT `auth`, `acl`, `throttled`, …). */
  function recordRejection(deviceId: string, reason: string): void {
    stats.reject('mqtt', deviceId, reason, deps.clock.now());
  }

  return { ingestPayload, ingestReadings, ingestDetections, recordRejection };
}

const isObject = (v: unknown): v is object => typeof v === 'object' && v !== null;
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const idOf = (item: unknown): string | null => (isObject(item) ? str((item as { deviceId?: unknown }).deviceId) : null);
