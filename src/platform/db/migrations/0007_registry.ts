/**
 * Base-data registry tables: records of people, legal entities and housing (clear fields and
 * sealed fields apart, see src/registry/classification.ts) and purpose grants.
 *
 * Indexes: (kind, natural key) unique for upserts; (kind, path, id) so a scoped list is one
 * B-tree range in id order (the cursor); grants by grantee for the checks made on every read, and
 * by (status, path) for the approval queue. Paths compare byte-wise (`collate "C"` on
 * PostgreSQL), as in migration 0005.
 */
import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../appender.ts';

/** Creates the registry tables. */
export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = dialectOf(db) === 'postgres';
  const path = <C extends { modifyEnd(e: ReturnType<typeof sql>): C }>(c: C): C => (postgres ? c.modifyEnd(sql`collate "C"`) : c);
  await db.schema
    .createTable('registry_records')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('natural_key', 'text', (c) => c.notNull())
    .addColumn('community_id', 'text', (c) => c.notNull())
    .addColumn('jurisdiction_path', 'text', (c) => path(c.notNull()))
    .addColumn('building', 'text')
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('search', 'text', (c) => c.notNull())
    .addColumn('open_fields', 'text', (c) => c.notNull())
    .addColumn('sealed_fields', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addUniqueConstraint('registry_records_natural_key', ['kind', 'natural_key'])
    .execute();
  await db.schema.createIndex('registry_records_path').on('registry_records').columns(['kind', 'jurisdiction_path', 'id']).execute();

  await db.schema
    .createTable('purpose_grants')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('grantee_user_id', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('scope_kind', 'text', (c) => c.notNull())
    .addColumn('subject_kind', 'text', (c) => c.notNull())
    .addColumn('scope_path', 'text', (c) => path(c.notNull()))
    .addColumn('scope_ids', 'text')
    .addColumn('case_id', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'bigint', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'bigint')
    .addColumn('decision_note', 'text')
    .addColumn('valid_from', 'bigint', (c) => c.notNull())
    .addColumn('valid_until', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .addColumn('revoked_by', 'text')
    .execute();
  await db.schema.createIndex('purpose_grants_grantee').on('purpose_grants').columns(['grantee_user_id', 'purpose', 'status']).execute();
  await db.schema.createIndex('purpose_grants_queue').on('purpose_grants').columns(['status', 'scope_path']).execute();
}

/** Drops the registry tables. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('purpose_grants').ifExists().execute();
  await db.schema.dropTable('registry_records').ifExists().execute();
}
