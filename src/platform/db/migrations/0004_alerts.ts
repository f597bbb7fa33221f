/** Alerts tables: alerts, their history (also the event outbox), requested actions, and alert policies. */
import { sql, type Kysely } from 'kysely';

/** Creates the alerts tables. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('alerts')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('rule_id', 'text', (c) => c.notNull())
    .addColumn('subject_key', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text')
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('category', 'text')
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('jurisdiction_path', 'text', (c) => c.notNull())
    .addColumn('jurisdiction_id', 'text')
    .addColumn('lon', 'double precision')
    .addColumn('lat', 'double precision')
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('raised_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('last_signal_ts', 'bigint', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addColumn('acknowledged_at', 'bigint')
    .addColumn('acknowledged_by', 'text')
    .addColumn('ended_at', 'bigint')
    .addColumn('ended_by', 'text')
    .addColumn('close_note', 'text')
    .addColumn('policy_id', 'text')
    .addColumn('requested_actions', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  // The storage-level guarantee behind "one active alert per (rule, subject)".
  await db.schema
    .createIndex('alerts_one_active')
    .on('alerts')
    .columns(['rule_id', 'subject_key'])
    .unique()
    .where(sql.ref('active'), '=', 1)
    .execute();
  await db.schema.createIndex('alerts_key_ts').on('alerts').columns(['rule_id', 'subject_key', 'last_signal_ts']).execute();
  await db.schema.createIndex('alerts_last_signal').on('alerts').column('last_signal_ts').execute();
  await db.schema.createIndex('alerts_raised').on('alerts').columns(['raised_at', 'id']).execute();

  await db.schema
    .createTable('alert_history')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('alert_id', 'text', (c) => c.notNull().references('alerts.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('event_ts', 'bigint')
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('from_level', 'text')
    .addColumn('actor_id', 'text')
    .addColumn('note', 'text')
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('published_at', 'bigint')
    .addUniqueConstraint('alert_history_seq', ['alert_id', 'seq'])
    .execute();
  await db.schema
    .createIndex('alert_history_unpublished')
    .on('alert_history')
    .column('id')
    .where(sql.ref('published_at'), 'is', null)
    .execute();

  await db.schema
    .createTable('alert_actions')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('alert_id', 'text', (c) => c.notNull().references('alerts.id'))
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('policy_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('alert_actions_alert').on('alert_actions').column('alert_id').execute();

  await db.schema
    .createTable('alert_policies')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('jurisdiction_id', 'text', (c) => c.notNull().references('jurisdictions.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('match', 'text', (c) => c.notNull())
    .addColumn('actions', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .execute();
  await db.schema.createIndex('alert_policies_jurisdiction').on('alert_policies').columns(['jurisdiction_id', 'position']).execute();
}

/** Drops the alerts tables. */
export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['alert_policies', 'alert_actions', 'alert_history', 'alerts']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
