/**
 * The citizen core (issue 7): citizen submissions from the portal and Open311, held ones
 * waiting for moderation, their follow tokens (hashed) and ratings.
 *
 * Indexes: the token hash (unique) for follow-ups; the case id for the public view; (state,
 * created) for the moderation queue; (wgs_lat, wgs_lon) for nearby reports. The jurisdiction
 * path compares byte-wise (`collate "C"` on PostgreSQL) so a subtree is one range, as in 0005.
 */
import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../appender.ts';

/** Creates the citizen submission table. */
export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = dialectOf(db) === 'postgres';
  await db.schema
    .createTable('citizen_submissions')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('flags', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('lon', 'double precision', (c) => c.notNull())
    .addColumn('lat', 'double precision', (c) => c.notNull())
    .addColumn('crs', 'text', (c) => c.notNull())
    .addColumn('wgs_lon', 'double precision', (c) => c.notNull())
    .addColumn('wgs_lat', 'double precision', (c) => c.notNull())
    .addColumn('address', 'text')
    .addColumn('contact_name', 'text')
    .addColumn('contact_phone', 'text')
    .addColumn('contact_email', 'text')
    .addColumn('photos', 'text', (c) => c.notNull())
    .addColumn('media_url', 'text')
    .addColumn('attributes', 'text', (c) => c.notNull())
    .addColumn('external_ref', 'text')
    .addColumn('jurisdiction_path', 'text', (c) => (postgres ? c.notNull().modifyEnd(sql`collate "C"`) : c.notNull()))
    .addColumn('case_id', 'text')
    .addColumn('case_code', 'text')
    .addColumn('duplicate_of', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('decided_at', 'bigint')
    .addColumn('decided_by', 'text')
    .addColumn('rating', 'integer')
    .addColumn('rating_comment', 'text')
    .addColumn('rated_at', 'bigint')
    .execute();
  await db.schema.createIndex('citizen_submissions_case').on('citizen_submissions').columns(['case_id']).execute();
  await db.schema.createIndex('citizen_submissions_state').on('citizen_submissions').columns(['state', 'created_at']).execute();
  await db.schema.createIndex('citizen_submissions_place').on('citizen_submissions').columns(['wgs_lat', 'wgs_lon']).execute();
}

/** Drops the citizen submission table. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('citizen_submissions').ifExists().execute();
}
