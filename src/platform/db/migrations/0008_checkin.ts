/**
 * Venue check-in tables (场所码): venues and their check-ins. A check-in row holds the venue, the
 * time, the health status as given and a keyed hash of the person key — nothing else (minimum
 * collection, see src/checkin/model.ts).
 *
 * Indexes: the check-in time alone for the retention purge (oldest first); (venue, time) for
 * counts and venue investigations; (person hash, time) for person investigations. The venue's
 * jurisdiction path compares byte-wise (`collate "C"` on PostgreSQL) so a subtree is one B-tree
 * range, as in migration 0005.
 */
import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../appender.ts';

/** Creates the check-in tables. */
export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = dialectOf(db) === 'postgres';
  await db.schema
    .createTable('venues')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('lon', 'double precision', (c) => c.notNull())
    .addColumn('lat', 'double precision', (c) => c.notNull())
    .addColumn('jurisdiction_id', 'text', (c) => c.notNull())
    .addColumn('jurisdiction_path', 'text', (c) => (postgres ? c.notNull().modifyEnd(sql`collate "C"`) : c.notNull()))
    .addColumn('operator_contact', 'text')
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('deactivated_at', 'bigint')
    .execute();
  await db.schema.createIndex('venues_jurisdiction_path').on('venues').columns(['jurisdiction_path', 'id']).execute();

  await db.schema
    .createTable('checkins')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('venue_id', 'text', (c) => c.notNull().references('venues.id'))
    .addColumn('person_hash', 'text', (c) => c.notNull())
    .addColumn('checked_in_at', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('checkins_at').on('checkins').columns(['checked_in_at']).execute();
  await db.schema.createIndex('checkins_venue_at').on('checkins').columns(['venue_id', 'checked_in_at']).execute();
  await db.schema.createIndex('checkins_person_at').on('checkins').columns(['person_hash', 'checked_in_at']).execute();
}

/** Drops the check-in tables. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('checkins').ifExists().execute();
  await db.schema.dropTable('venues').ifExists().execute();
}
