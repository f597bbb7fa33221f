/**
 * SQL for devices, their tags and secrets: with readings-store.ts (readings, latest values,
 * detections) the only places that touch the sensing tables.
 */
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import type { DeviceTable } from '../platform/db/schema-sensing.ts';
import type { Device } from './device-model.ts';

type Executor = Kysely<DB> | Transaction<DB>;

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

/**
 * Hands every device to `put`, in id order, 10,000 rows at a time (loading the registry at start).
 * @example await forEachDevice(database.db, (d) => registry.put(d));
 */
export async function forEachDevice(db: Executor, put: (d: Device) => void): Promise<void> {
  for (let after: string | null = null; ; ) {
    const page = await devicesPage(db, after, 10_000);
    for (const d of page) put(d);
    if (page.length < 10_000) return;
    after = page[page.length - 1]!.id;
  }
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
