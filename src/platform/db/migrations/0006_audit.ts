/**
 * The audit log: `audit_log`, one row per entry in a hash chain ordered by `seq`, and
 * `audit_head`, one row holding the chain's last seq and hash. Appenders lock the head row (an
 * UPDATE on it takes the row lock on PostgreSQL and the write lock on SQLite) so the chain stays
 * a line across processes; verification compares the table's tail with the head, so deleting the
 * last rows shows too.
 *
 * Indexes serve the auditors' filters (actor, action, subject, purpose, time, jurisdiction
 * subtree), each ending in `seq` so a filtered page in `seq` order is one index range.
 * `subject_path` and `action` are compared byte-wise (`collate "C"` on PostgreSQL, binary on SQLite) so a
 * subtree (or an action prefix such as `auth.`) is one range `p <= x < succ(p)`, as in the cases tables.
 */
import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../appender.ts';

/** Creates the audit tables. */
export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = dialectOf(db) === 'postgres';
  await db.schema
    .createTable('audit_log')
    .addColumn('seq', 'bigint', (c) => c.primaryKey().notNull())
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('actor_kind', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => (postgres ? c.notNull().modifyEnd(sql`collate "C"`) : c.notNull()))
    .addColumn('subject_kind', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text')
    .addColumn('subject_path', 'text', (c) => (postgres ? c.modifyEnd(sql`collate "C"`) : c))
    .addColumn('purpose', 'text')
    .addColumn('grant_id', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('dedupe_key', 'text', (c) => c.unique())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  const indexes: Record<string, string[]> = {
    audit_log_actor_id: ['actor_id', 'seq'],
    audit_log_actor_name: ['actor_name', 'seq'],
    audit_log_action: ['action', 'seq'],
    audit_log_subject: ['subject_kind', 'subject_id', 'seq'],
    audit_log_purpose: ['purpose', 'seq'],
    audit_log_at: ['at'],
    audit_log_path: ['subject_path', 'seq'],
  };
  for (const [name, columns] of Object.entries(indexes)) await db.schema.createIndex(name).on('audit_log').columns(columns).execute();

  await db.schema
    .createTable('audit_head')
    .addColumn('id', 'integer', (c) => c.primaryKey().notNull())
    .addColumn('last_seq', 'bigint', (c) => c.notNull())
    .addColumn('last_hash', 'text', (c) => c.notNull())
    .execute();
  // The one head row, present from the start so appenders only ever lock it, never race to create it.
  // Seq 0 means an empty chain; the audit module then chains from its genesis value.
  await sql`insert into audit_head (id, last_seq, last_hash) values (1, 0, '')`.execute(db);
}

/** Drops the audit tables. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('audit_head').execute();
  await db.schema.dropTable('audit_log').execute();
}
