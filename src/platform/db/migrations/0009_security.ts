/**
 * Security baseline (等保 2.0): when a session last proved its password (sign-in or
 * re-authentication, for admin actions), and the hashes of each user's previous passwords (so a
 * new password cannot repeat one of the last five).
 */
import type { Kysely } from 'kysely';

/** Adds `sessions.reauth_at` and the `password_history` table. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sessions').addColumn('reauth_at', 'bigint').execute();
  await db.schema
    .createTable('password_history')
    .addColumn('id', 'text', (c) => c.primaryKey().notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('password_history_user').on('password_history').columns(['user_id', 'created_at']).execute();
}

/** Drops them again. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('password_history').ifExists().execute();
  await db.schema.alterTable('sessions').dropColumn('reauth_at').execute();
}
