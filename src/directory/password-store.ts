/** SQL for changing a password: the user's hash, the history of earlier hashes, ending other sessions. */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import { newId } from '../platform/ids.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** Hashes of the user's earlier passwords, newest first, at most `limit`. */
export async function previousHashes(db: Executor, userId: string, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('password_history')
    .select('password_hash')
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => r.password_hash);
}

/**
 * Sets a new password hash: the old one goes into the history, which keeps only the newest
 * `keep` entries (older hashes are deleted, not kept as residual data).
 */
export async function replacePassword(
  trx: Transaction<DB>,
  input: { userId: string; oldHash: string; newHash: string; now: number; keep: number },
): Promise<void> {
  const { userId, oldHash, newHash, now, keep } = input;
  await trx.insertInto('password_history').values({ id: newId(), user_id: userId, password_hash: oldHash, created_at: now }).execute();
  const kept = await trx
    .selectFrom('password_history')
    .select('id')
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(keep)
    .execute();
  await trx
    .deleteFrom('password_history')
    .where('user_id', '=', userId)
    .where(
      'id',
      'not in',
      kept.map((r) => r.id),
    )
    .execute();
  await trx.updateTable('users').set({ password_hash: newHash, password_changed_at: now }).where('id', '=', userId).execute();
}

/** Ends every live session of a user except `keepSessionId` (a changed password signs out elsewhere). */
export async function revokeOtherSessions(db: Executor, userId: string, keepSessionId: string | null, now: number): Promise<void> {
  let q = db.updateTable('sessions').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null);
  if (keepSessionId !== null) q = q.where('id', '!=', keepSessionId);
  await q.execute();
}

/** Records that a session just proved its password (sign-in sets it at creation). */
export async function markReauthenticated(db: Executor, sessionId: string, now: number): Promise<void> {
  await db.updateTable('sessions').set({ reauth_at: now }).where('id', '=', sessionId).execute();
}
