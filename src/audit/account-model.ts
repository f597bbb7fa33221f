/**
 * Audit entries for accounts: sign-ins (ok and failed), sign-outs, API tokens, users created.
 * Pure builders the directory's routes call, so each route adds one line and the wording of the
 * log stays in one place. Never the password, the display name or a secret: a user is named by
 * id and username, a token by id; the subject path is the account's jurisdiction, so an auditor
 * sees the accounts of their own subtree.
 */
import type { Principal } from '../platform/http/access.ts';
import type { AuditActor, AuditInput } from './model.ts';

/** What usernames look like (directory's rule): anything else typed there is not logged. */
const USERNAME = /^[a-z0-9_.-]{3,40}$/;

/** The label for whoever tried a sign-in: the username, unless it cannot be one (a password typed in the wrong box). */
export function signInLabel(username: string): string {
  return USERNAME.test(username) ? username : '(not a username)';
}

/** The actor for a signed-in caller. */
export function actorOf(p: Pick<Principal, 'userId' | 'username'>): AuditActor {
  return { kind: 'user', userId: p.userId, username: p.username };
}

/**
 * A successful sign-in.
 * @example signedIn({ id, username }, '/city/district/')
 */
export function signedIn(user: { id: string; username: string }, path: string): AuditInput {
  return {
    actor: { kind: 'user', userId: user.id, username: user.username },
    action: 'auth.sign_in',
    subject: { kind: 'user', id: user.id, path },
  };
}

/**
 * A refused sign-in. The attempt proves nobody's identity, so the actor is anonymous, labelled
 * with the username tried; `error` is what sign-in threw (its stable code is kept).
 */
export function signInFailed(username: string, error: unknown): AuditInput {
  const { code, status } = (error ?? {}) as { code?: unknown; status?: unknown };
  const throttled = status === 423 || status === 429;
  return {
    actor: { kind: 'anonymous', label: signInLabel(username) },
    action: 'auth.sign_in',
    subject: { kind: 'user', id: null, path: null },
    outcome: throttled ? 'denied' : 'failed',
    detail: { code: typeof code === 'string' ? code : 'ERROR' },
  };
}

/** A sign-out (the session ended by its owner). */
export function signedOut(p: Principal): AuditInput {
  return { actor: actorOf(p), action: 'auth.sign_out', subject: { kind: 'user', id: p.userId, path: p.scopePath } };
}

/** An API token issued to `owner` (the token by id; its secret never). */
export function tokenCreated(
  p: Principal,
  owner: { id: string; path: string },
  token: { id: string; expiresAt: number | null },
): AuditInput {
  return {
    actor: actorOf(p),
    action: 'auth.token_create',
    subject: { kind: 'user', id: owner.id, path: owner.path },
    detail: { tokenId: token.id, expiresAt: token.expiresAt },
  };
}

/** An API token revoked. */
export function tokenRevoked(p: Principal, owner: { id: string; path: string }, tokenId: string): AuditInput {
  return { actor: actorOf(p), action: 'auth.token_revoke', subject: { kind: 'user', id: owner.id, path: owner.path }, detail: { tokenId } };
}

/** A user created, with the permissions given (roles, scope, unit) — not the name or password. */
export function userCreated(
  p: Principal,
  user: { id: string; roles: readonly string[]; jurisdictionId: string; unitId: string | null },
  path: string,
): AuditInput {
  return {
    actor: actorOf(p),
    action: 'directory.user_create',
    subject: { kind: 'user', id: user.id, path },
    detail: { roles: [...user.roles], jurisdictionId: user.jurisdictionId, unitId: user.unitId },
  };
}

/**
 * A signed-in user proving or changing their own password (`auth.reauth`, `auth.password_change`):
 * ok when `error` is undefined, else failed with the error's stable code. Never the passwords.
 */
export function credentialUsed(p: Principal, action: 'auth.reauth' | 'auth.password_change', error?: unknown): AuditInput {
  const entry: AuditInput = { actor: actorOf(p), action, subject: { kind: 'user', id: p.userId, path: p.scopePath } };
  if (error === undefined) return entry;
  const { code } = error as { code?: unknown };
  return { ...entry, outcome: 'failed', detail: { code: typeof code === 'string' ? code : 'ERROR' } };
}
