/**
 * SQL for devices, readings, latest values and detections. The only place that touches the
 * sensing tables. Readings and latest values are written through the batch appender
 * (platform/db/appender.ts); everything else through Kysely.
 */
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import type { DetectionTable, DeviceTable } from '../platform/db/schema-sensing.ts';
import type { Database } from '../platform/db/create-db.ts';
import { createAppender, createUpserter, type Appender, type KeyedTableSpec, type Upserter } from '../platform/db/appender.ts';
import type { Device } from './device-model.ts';

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

/** Row → Device. */
export function toDevice(r: Selectable<DeviceTable>): Device {
  return {
    id: r.id,
    type: r.type,
    name: r.name,
    location: [r.lon, r.lat],
    jurisdictionId: r.jurisdiction_id,
    jurisdictionPath: r.jurisdiction_path,
    ownerUnitId: r.owner_unit_id,
    tags: JSON.parse(r.tags) as string[],
    householdRef: r.household_ref,
    offlineAfterS: r.offline_after_s,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Device → row (with its secret's hash). */
export function toRow(d: Device, secretHash: string): DeviceTable {
  return {
    id: d.id,
    type: d.type,
    name: d.name,
    lon: d.location[0],
    lat: d.location[1],
    jurisdiction_id: d.jurisdictionId,
    jurisdiction_path: d.jurisdictionPath,
    owner_unit_id: d.ownerUnitId,
    tags: JSON.stringify(d.tags),
    household_ref: d.householdRef,
    offline_after_s: d.offlineAfterS,
    secret_hash: secretHash,
    created_at: d.createdAt,
    updated_at: d.updatedAt,
  };
}

const DEVICE_COLUMNS = [
  'id',
  'type',
  'name',
  'lon',
  'lat',
  'jurisdiction_id',
  'jurisdiction_path',
  'owner_unit_id',
  'tags',
  'household_ref',
  'offline_after_s',
  'secret_hash',
  'created_at',
  'updated_at',
] as const;

/** Inserts devices and their tags (in the caller's transaction). */
export async function insertDevices(db: Executor, rows: DeviceTable[]): Promise<void> {
  // 14 columns × 200 rows stays under both dialects' bind-parameter limits.
  for (let i = 0; i < rows.length; i += 200) {
    const chunk = rows.slice(i, i + 200);
    await db.insertInto('devices').values(chunk).execute();
    const tags = chunk.flatMap((r) => (JSON.parse(r.tags) as string[]).map((tag) => ({ tag, device_id: r.id })));
    for (let j = 0; j < tags.length; j += 1000)
      await db
        .insertInto('device_tags')
        .values(tags.slice(j, j + 1000))
        .execute();
  }
}

/** Rewrites a device's row (but not its secret) and tags; false if it does not exist. */
export async function updateDevice(db: Transaction<DB>, d: Device): Promise<boolean> {
  const { secret_hash: _s, id: _id, created_at: _c, ...row } = toRow(d, '');
  const r = await db.updateTable('devices').set(row).where('id', '=', d.id).executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) return false;
  await db.deleteFrom('device_tags').where('device_id', '=', d.id).execute();
  if (d.tags.length > 0)
    await db
      .insertInto('device_tags')
      .values(d.tags.map((tag) => ({ tag, device_id: d.id })))
      .execute();
  return true;
}

/** Deletes a device, its tags and latest values (its readings stay, as history); false if absent. */
export async function deleteDevice(db: Transaction<DB>, id: string): Promise<boolean> {
  await db.deleteFrom('device_tags').where('device_id', '=', id).execute();
  await db.deleteFrom('latest_readings').where('device_id', '=', id).execute();
  const r = await db.deleteFrom('devices').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** One device. */
export async function deviceById(db: Executor, id: string): Promise<Device | undefined> {
  const r = await db.selectFrom('devices').select(DEVICE_COLUMNS).where('id', '=', id).executeTakeFirst();
  return r ? toDevice(r) : undefined;
}

/** Devices in id order after `afterId`, a page at a time (for loading the registry). */
export async function devicesPage(db: Executor, afterId: string | null, limit: number): Promise<Device[]> {
  let q = db.selectFrom('devices').select(DEVICE_COLUMNS).orderBy('id').limit(limit);
  if (afterId !== null) q = q.where('id', '>', afterId);
  return (await q.execute()).map(toDevice);
}

/** Which of these ids exist. */
export async function existingIds(db: Executor, ids: readonly string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('devices')
      .select('id')
      .where('id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const r of rows) out.add(r.id);
  }
  return out;
}

/** A filter for listing devices. */
export interface DeviceFilter {
  /** Only devices whose jurisdiction path starts with this. */
  scopePath: string;
  type?: string;
  tag?: string;
  /** Ids after this one (cursor). */
  afterId?: string;
  limit: number;
}

/** Escapes LIKE wildcards so a path prefix matches literally. */
function likePrefix(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Devices matching a filter, in id order. */
export async function listDevices(db: Executor, f: DeviceFilter): Promise<Device[]> {
  let q = db
    .selectFrom('devices')
    .select(DEVICE_COLUMNS)
    .where(sql<boolean>`jurisdiction_path like ${likePrefix(f.scopePath)} escape '\\'`)
    .orderBy('id')
    .limit(f.limit);
  if (f.type !== undefined) q = q.where('type', '=', f.type);
  if (f.afterId !== undefined) q = q.where('id', '>', f.afterId);
  if (f.tag !== undefined) {
    const tag = f.tag;
    q = q.where('id', 'in', (sub) => sub.selectFrom('device_tags').select('device_id').where('tag', '=', tag));
  }
  return (await q.execute()).map(toDevice);
}

/** The stored secret hash of a device, if it exists. */
export async function secretHashOf(db: Executor, id: string): Promise<string | undefined> {
  return (await db.selectFrom('devices').select('secret_hash').where('id', '=', id).executeTakeFirst())?.secret_hash;
}

/** Replaces a device's secret hash; false if it does not exist. */
export async function setSecretHash(db: Executor, id: string, hash: string, now: number): Promise<boolean> {
  const r = await db.updateTable('devices').set({ secret_hash: hash, updated_at: now }).where('id', '=', id).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
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
