/**
 * Changing one's own password (等保 2.0 identity authentication): the current password is proved
 * through the sign-in throttle, the new one must pass the policy and differ from the current one
 * and the {@link PASSWORD_HISTORY_SIZE} before it; then every other session of the user ends.
 */
import type { Database } from '../platform/db/create-db.ts';
import { invalid, unauthenticated } from '../platform/errors.ts';
import { hashPassword, passwordPolicyProblems, verifyPassword, PASSWORD_PROBLEM_LABELS } from './password.ts';
import { PASSWORD_HISTORY_SIZE } from './credential-policy.ts';
import * as store from './store.ts';
import * as passwords from './password-store.ts';

/** What a password change needs. */
export interface PasswordChangeDeps {
  database: Database;
  now(): number;
  /** Proves a user's password through the sign-in throttle; throws a problem naming `field` when wrong. */
  confirmPassword(userId: string, password: string, field: string): Promise<void>;
}

/** Who changes their password, and in which session (kept alive; the others end). */
export interface PasswordChanger {
  userId: string;
  sessionId: string | null;
}

/** True when `candidate` is the password behind any of the hashes. */
async function matchesAny(candidate: string, hashes: readonly string[]): Promise<boolean> {
  for (const h of hashes) if (await verifyPassword(candidate, h)) return true;
  return false;
}

/**
 * Changes a user's password.
 * @example await changePassword(deps, { userId, sessionId }, 'Old-password-1', 'New-password-2!');
 */
export async function changePassword(deps: PasswordChangeDeps, who: PasswordChanger, current: string, next: string): Promise<void> {
  const { db } = deps.database;
  await deps.confirmPassword(who.userId, current, 'currentPassword');
  const row = await store.userRowById(db, who.userId);
  if (!row) throw unauthenticated();
  const problems = passwordPolicyProblems(next, { username: row.username });
  if (problems.length > 0) {
    throw invalid('newPassword', problems.map((p) => PASSWORD_PROBLEM_LABELS[p].en).join(' '), 'PASSWORD_POLICY');
  }
  const earlier = await passwords.previousHashes(db, who.userId, PASSWORD_HISTORY_SIZE);
  if (await matchesAny(next, [row.password_hash, ...earlier])) {
    throw invalid('newPassword', `must differ from the current password and the ${PASSWORD_HISTORY_SIZE} before it`, 'PASSWORD_REUSED');
  }
  const newHash = await hashPassword(next);
  const now = deps.now();
  await db.transaction().execute(async (trx) => {
    await passwords.replacePassword(trx, { userId: who.userId, oldHash: row.password_hash, newHash, now, keep: PASSWORD_HISTORY_SIZE });
    await passwords.revokeOtherSessions(trx, who.userId, who.sessionId, now);
    if (who.sessionId !== null) await passwords.markReauthenticated(trx, who.sessionId, now);
  });
}
