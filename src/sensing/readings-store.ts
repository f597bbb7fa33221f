/**
 * SQL for readings, latest values and detections: with store.ts (devices) the only places that
 * touch the sensing tables. Readings and latest values are written through the batch appender
 * (platform/db/appender.ts); everything else through Kysely.
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import type { DetectionTable } from '../platform/db/schema-sensing.ts';
import type { Database } from '../platform/db/create-db.ts';
import { createAppender, createUpserter, type Appender, type KeyedTableSpec, type Upserter } from '../platform/db/appender.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** Column order of `readings` rows for the appender: ts, device_id, metric, value. */
const READINGS: KeyedTableSpec = {
  table: 'readings',
  columns: [
    { name: 'ts', type: 'bigint' },
    { name: 'device_id', type: 'text' },
    { name: 'metric', type: 'text' },
    { name: 'value', type: 'double' },
  ],
  key: ['ts', 'device_id', 'metric'],
};

/** Column order of `latest_readings` rows: device_id, metric, ts, value. */
const LATEST: KeyedTableSpec = {
  table: 'latest_readings',
  columns: [
    { name: 'device_id', type: 'text' },
    { name: 'metric', type: 'text' },
    { name: 'ts', type: 'bigint' },
    { name: 'value', type: 'double' },
  ],
  key: ['device_id', 'metric'],
};

/** The appender of readings: `append([ts[], deviceId[], metric[], value[]])`; `thread`: from a worker thread (SQLite files). */
export function readingsAppender(database: Database, thread = true): Appender {
  return createAppender(database, READINGS, { thread });
}

/** The upserter of latest values: `upsertNewer([deviceId[], metric[], ts[], value[]])`. */
export function latestUpserter(database: Database): Upserter {
  return createUpserter(database, LATEST, 'ts');
}

/** A stored latest value. */
export interface LatestRow {
  deviceId: string;
  metric: string;
  ts: number;
  value: number;
}

/** Latest values of these devices. */
export async function latestOf(db: Executor, ids: readonly string[]): Promise<LatestRow[]> {
  const out: LatestRow[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('latest_readings')
      .select(['device_id', 'metric', 'ts', 'value'])
      .where('device_id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const r of rows) out.push({ deviceId: r.device_id, metric: r.metric, ts: r.ts, value: r.value });
  }
  return out;
}

/** The newest stored event time of each device that has latest values, over all its metrics (one pass over the table). */
export async function lastSeenAll(db: Executor): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('latest_readings')
    .select((eb) => ['device_id', eb.fn.max('ts').as('ts')])
    .groupBy('device_id')
    .execute();
  // PostgreSQL answers bigint aggregates as strings.
  return new Map(rows.map((r) => [r.device_id, Number(r.ts)]));
}

/** The newest event time of any stored reading, or null when there is none (the key's first column: cheap). */
export async function newestReadingTs(db: Executor): Promise<number | null> {
  const r = await db
    .selectFrom('readings')
    .select((eb) => eb.fn.max('ts').as('ts'))
    .executeTakeFirst();
  return r?.ts === undefined || r.ts === null ? null : Number(r.ts);
}

/** Readings of all devices with ts ≥ since, the newest `limit` of them (for rebuilding latest values). */
export async function readingsSince(db: Executor, since: number, limit: number): Promise<LatestRow[]> {
  const rows = await db
    .selectFrom('readings')
    .select(['device_id', 'metric', 'ts', 'value'])
    .where('ts', '>=', since)
    .orderBy('ts', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ deviceId: r.device_id, metric: r.metric, ts: r.ts, value: r.value }));
}

/** A page of one device's history. */
export interface HistoryQuery {
  deviceId: string;
  metric: string | null;
  from: number;
  to: number;
  /** Continue after this (ts, metric). */
  after: { ts: number; metric: string } | null;
  limit: number;
}

/**
 * Readings of one device in [from, to), in event time then metric. Walks the (ts, device,
 * metric) key over the time range: cost grows with all readings in the range, so callers
 * bound the range.
 */
export async function history(db: Executor, h: HistoryQuery): Promise<Array<{ ts: number; metric: string; value: number }>> {
  let q = db
    .selectFrom('readings')
    .select(['ts', 'metric', 'value'])
    .where('ts', '>=', h.after ? h.after.ts : h.from)
    .where('ts', '<', h.to)
    .where('device_id', '=', h.deviceId)
    .orderBy('ts')
    .orderBy('metric')
    .limit(h.limit);
  if (h.metric !== null) q = q.where('metric', '=', h.metric);
  if (h.after) {
    const { ts, metric } = h.after;
    q = q.where((eb) => eb.or([eb('ts', '>', ts), eb('metric', '>', metric)]));
  }
  return q.execute();
}

/** Inserts detections, skipping ids already stored; returns the ids inserted. */
export async function insertDetections(db: Executor, rows: DetectionTable[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < rows.length; i += 200) {
    const r = await db
      .insertInto('detections')
      .values(rows.slice(i, i + 200))
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .execute();
    for (const x of r) out.add(x.id);
  }
  return out;
}
