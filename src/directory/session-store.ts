/** SQL for browser sessions and machine API tokens. Only hashes of secrets are stored. */
import type { Insertable, Kysely, Selectable, Transaction } from 'kysely';
import type { ApiTokenTable, DB, SessionTable } from '../platform/db/schema.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** Stores a new session. */
export async function insertSession(db: Executor, row: Insertable<SessionTable>): Promise<void> {
  await db.insertInto('sessions').values(row).execute();
}

/** A live-or-not session by id hash. */
export async function sessionById(db: Executor, id: string): Promise<Selectable<SessionTable> | undefined> {
  return db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Moves a session's idle timer. */
export async function touchSession(db: Executor, id: string, now: number): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
}

/** Ends a session for good (sign-out): a replayed cookie finds it revoked. */
export async function revokeSession(db: Executor, id: string, now: number): Promise<void> {
  await db.updateTable('sessions').set({ revoked_at: now }).where('id', '=', id).where('revoked_at', 'is', null).execute();
}

/** Stores a new API token. */
export async function insertToken(db: Executor, row: ApiTokenTable): Promise<void> {
  await db.insertInto('api_tokens').values(row).execute();
}

/** A token by the hash of its secret. */
export async function tokenByHash(db: Executor, hash: string): Promise<Selectable<ApiTokenTable> | undefined> {
  return db.selectFrom('api_tokens').selectAll().where('token_hash', '=', hash).executeTakeFirst();
}

/** A token by id. */
export async function tokenById(db: Executor, id: string): Promise<Selectable<ApiTokenTable> | undefined> {
  return db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Tokens belonging to users, newest first. */
export async function listTokens(db: Executor): Promise<Array<Selectable<ApiTokenTable>>> {
  return db.selectFrom('api_tokens').selectAll().orderBy('created_at', 'desc').execute();
}

/** Revokes a token. */
export async function revokeToken(db: Executor, id: string, now: number): Promise<void> {
  await db.updateTable('api_tokens').set({ revoked_at: now }).where('id', '=', id).where('revoked_at', 'is', null).execute();
}

/** Records when a token was last used. */
export async function touchToken(db: Executor, id: string, now: number): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
}
