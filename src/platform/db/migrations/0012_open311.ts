/**
 * Open311 api keys (issue 7): one row per client application allowed to post service
 * requests. The key is stored only as its SHA-256 (unique, looked up on every POST); names are
 * unique so the CLI and the admin page can name a client. The jurisdiction path compares
 * byte-wise (`collate "C"` on PostgreSQL) like every other path column.
 */
import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../appender.ts';

/** Creates the api key table. */
export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = dialectOf(db) === 'postgres';
  await db.schema
    .createTable('open311_api_keys')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('key_prefix', 'text', (c) => c.notNull())
    .addColumn('jurisdiction_id', 'text')
    .addColumn('jurisdiction_path', 'text', (c) => (postgres ? c.modifyEnd(sql`collate "C"`) : c))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .addColumn('last_used_at', 'bigint')
    .execute();
}

/** Drops the api key table. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('open311_api_keys').ifExists().execute();
}
