/**
 * Sensing tables: devices (and their tags), readings, latest values, detections. Device types
 * are data in code (sensing/device-types.ts); ingest statistics live in memory per process.
 */
import type { Kysely } from 'kysely';
import { createKeyedTable, type KeyedTableSpec } from '../appender.ts';

/** The readings table: clustered on event time first (see schema-sensing.ts). */
export const READINGS_TABLE: KeyedTableSpec = {
  table: 'readings',
  columns: [
    { name: 'ts', type: 'bigint' },
    { name: 'device_id', type: 'text' },
    { name: 'metric', type: 'text' },
    { name: 'value', type: 'double' },
  ],
  key: ['ts', 'device_id', 'metric'],
};

/** The latest value per (device, metric). */
export const LATEST_READINGS_TABLE: KeyedTableSpec = {
  table: 'latest_readings',
  columns: [
    { name: 'device_id', type: 'text' },
    { name: 'metric', type: 'text' },
    { name: 'ts', type: 'bigint' },
    { name: 'value', type: 'double' },
  ],
  key: ['device_id', 'metric'],
};

/** Creates the sensing tables. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('devices')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('lon', 'double precision', (c) => c.notNull())
    .addColumn('lat', 'double precision', (c) => c.notNull())
    .addColumn('jurisdiction_id', 'text', (c) => c.notNull().references('jurisdictions.id'))
    .addColumn('jurisdiction_path', 'text', (c) => c.notNull())
    .addColumn('owner_unit_id', 'text', (c) => c.references('units.id'))
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('household_ref', 'text')
    .addColumn('offline_after_s', 'integer')
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('devices_type').on('devices').column('type').execute();
  await db.schema.createIndex('devices_jurisdiction_path').on('devices').column('jurisdiction_path').execute();

  await db.schema
    .createTable('device_tags')
    .addColumn('tag', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('device_tags_pkey', ['tag', 'device_id'])
    .execute();
  await db.schema.createIndex('device_tags_device').on('device_tags').column('device_id').execute();

  await createKeyedTable(db, READINGS_TABLE);
  await createKeyedTable(db, LATEST_READINGS_TABLE);

  await db.schema
    .createTable('detections')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('camera_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('confidence', 'double precision', (c) => c.notNull())
    .addColumn('ts', 'bigint', (c) => c.notNull())
    .addColumn('building', 'text')
    .addColumn('floor', 'integer')
    .addColumn('unit', 'text')
    .addColumn('snapshot_ref', 'text')
    .addColumn('clip_start', 'bigint')
    .addColumn('clip_end', 'bigint')
    .addColumn('jurisdiction_path', 'text', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('detections_camera_ts').on('detections').columns(['camera_id', 'ts']).execute();
  await db.schema.createIndex('detections_ts').on('detections').column('ts').execute();
}

/** Drops the sensing tables. */
export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['detections', 'latest_readings', 'readings', 'device_tags', 'devices']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
