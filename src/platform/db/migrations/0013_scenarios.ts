/**
 * Published application scenarios (issue 7): the register, its append-only revisions and the
 * frozen monthly snapshots. A snapshot's month is its primary key and its chain position is
 * unique, so processes freezing at once store one snapshot and one chain.
 */
import type { Kysely } from 'kysely';

/** Creates the scenario tables. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('scenarios')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('department', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('launch_date', 'text')
    .addColumn('watches', 'text', (c) => c.notNull())
    .addColumn('watches_en', 'text', (c) => c.notNull())
    .addColumn('rule_ids', 'text', (c) => c.notNull())
    .addColumn('categories', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('scenario_revisions')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('scenario_id', 'text', (c) => c.notNull().references('scenarios.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addUniqueConstraint('scenario_revisions_version', ['scenario_id', 'version'])
    .execute();
  await db.schema.createIndex('scenario_revisions_at').on('scenario_revisions').columns(['at', 'id']).execute();

  await db.schema
    .createTable('scenario_snapshots')
    .addColumn('month', 'text', (c) => c.primaryKey().notNull())
    .addColumn('seq', 'integer', (c) => c.notNull().unique())
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('prev_sha256', 'text')
    .addColumn('frozen_at', 'bigint', (c) => c.notNull())
    .addColumn('frozen_by', 'text', (c) => c.notNull())
    .execute();
}

/** Drops the scenario tables. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('scenario_snapshots').ifExists().execute();
  await db.schema.dropTable('scenario_revisions').ifExists().execute();
  await db.schema.dropTable('scenarios').ifExists().execute();
}
