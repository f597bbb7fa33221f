/**
 * The welfare-visit table (the elderly scenario joined up: src/welfare/). Looked up by the
 * action request id (the case's source ref: unique, so a redelivered alert event stores one
 * visit) and by the case id.
 */
import type { Kysely } from 'kysely';

/** Creates the welfare-visit table. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('welfare_visits')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('request_id', 'text', (c) => c.notNull().unique())
    .addColumn('alert_id', 'text', (c) => c.notNull())
    .addColumn('policy_id', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text')
    .addColumn('case_id', 'text')
    .addColumn('housing_id', 'text')
    .addColumn('person_ids', 'text', (c) => c.notNull())
    .addColumn('link_reason', 'text')
    .addColumn('jurisdiction_path', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('holder_user_id', 'text')
    .addColumn('grant_id', 'text')
    .addColumn('grant_event_id', 'text')
    .addColumn('outcome', 'text')
    .addColumn('outcome_note', 'text')
    .addColumn('visited_at', 'bigint')
    .addColumn('outcome_by', 'text')
    .addColumn('outcome_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('welfare_visits_case').on('welfare_visits').column('case_id').execute();
}

/** Drops the welfare-visit table. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('welfare_visits').ifExists().execute();
}
