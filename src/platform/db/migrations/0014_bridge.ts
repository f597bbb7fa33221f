/**
 * The 12345 / 一网通办 bridge: source systems, requests taken in (unique per system and external
 * id), the admin-edited category mapping, and the status callbacks queue.
 *
 * Indexes: callbacks by (state, next attempt) for the delivery claim, by (case, id) for keeping
 * one case's callbacks in order, and the (system, event) pair unique so an event is enqueued once.
 */
import type { Kysely } from 'kysely';

/** Creates the bridge tables. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('bridge_systems')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('callback_url', 'text', (c) => c.notNull())
    .addColumn('secret_sealed', 'text', (c) => c.notNull())
    .addColumn('gateway_user_id', 'text', (c) => c.unique())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('bridge_requests')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('system_id', 'text', (c) => c.notNull().references('bridge_systems.id'))
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('case_code', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('bridge_requests_system_external', ['system_id', 'external_id'])
    .execute();

  await db.schema
    .createTable('bridge_mapping')
    .addColumn('text', 'text', (c) => c.primaryKey().notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('bridge_callbacks')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('system_id', 'text', (c) => c.notNull().references('bridge_systems.id'))
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('case_code', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'bigint')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('last_status', 'integer')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('delivered_at', 'bigint')
    .addUniqueConstraint('bridge_callbacks_system_event', ['system_id', 'event_id'])
    .execute();
  await db.schema.createIndex('bridge_callbacks_due').on('bridge_callbacks').columns(['state', 'next_attempt_at']).execute();
  await db.schema.createIndex('bridge_callbacks_case').on('bridge_callbacks').columns(['case_id', 'id']).execute();
}

/** Drops the bridge tables. */
export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['bridge_callbacks', 'bridge_mapping', 'bridge_requests', 'bridge_systems'])
    await db.schema.dropTable(t).ifExists().execute();
}
