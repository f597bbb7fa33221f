/**
 * Sign-in, sessions and API tokens: turns credentials into a Principal the HTTP guard checks.
 * Secrets are random 32-byte strings; only their SHA-256 is stored, so a database leak does not
 * leak live sessions or tokens.
 */
import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Database } from '../platform/db/create-db.ts';
import type { Clock } from '../platform/clock.ts';
import type { Principal } from '../platform/http/access.ts';
import { newId, newSecret } from '../platform/ids.ts';
import { AppError, invalid, notFound, unauthenticated } from '../platform/errors.ts';
import type { DirectoryService } from './service.ts';
import type { User } from './model.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { checkAttempt, recordFailure, recordSuccess, DEFAULT_THROTTLE_POLICY, type AttemptDecision } from './sign-in-throttle.ts';
import * as store from './store.ts';
import * as sessions from './session-store.ts';
import { daysToMs, passwordExpired, recentlyAuthenticated } from './credential-policy.ts';
import { markReauthenticated } from './password-store.ts';
import { changePassword, type PasswordChanger } from './password-change.ts';

/** Name of the session cookie. */
export const SESSION_COOKIE = 'cityops_session';

/** What auth needs. */
export interface AuthDeps {
  database: Database;
  clock: Clock;
  directory: DirectoryService;
  /** Idle time after which a session ends. */
  sessionIdleMs: number;
  /** Longest a session lives, however active. */
  sessionMaxMs?: number;
  /** Days a password stays valid (0: forever); a session with an older one may only change it. Default 90. */
  passwordMaxAgeDays?: number;
  /** How long after sign-in or re-authentication admin actions are allowed. Default 5 minutes. */
  reauthWindowMs?: number;
}

/** A successful sign-in. */
export interface SignedIn {
  sessionToken: string;
  csrfToken: string;
  expiresAt: number;
  user: User;
  /** The password is too old: this session may only change it. */
  passwordExpired: boolean;
}

/** SHA-256 hex of a secret. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** The auth service. */
export type AuthService = ReturnType<typeof createAuthService>;

/** The problem for a sign-in or password check the throttle refuses: 423 while locked, else 429. */
function throttled(verdict: Extract<AttemptDecision, { allowed: false }>): AppError {
  const retry = String(Math.ceil(verdict.retryAfterMs / 1000));
  if (verdict.reason === 'locked')
    return new AppError(423, 'ACCOUNT_LOCKED', `too many failed sign-ins; locked for ${retry} s`, [], { 'retry-after': retry });
  return new AppError(429, 'SIGN_IN_SLOWED', `too many failed sign-ins; try again in ${retry} s`, [], { 'retry-after': retry });
}

// A valid hash of a random password, so unknown usernames cost as much time as known ones.
const dummyHash = hashPassword(newSecret(12));

/**
 * Creates the auth service.
 * @example const auth = createAuthService({ database, clock, directory, sessionIdleMs: 1800000 });
 */
export function createAuthService(deps: AuthDeps) {
  const { db } = deps.database;
  const maxMs = deps.sessionMaxMs ?? 12 * 3600_000;
  const passwordMaxAgeMs = daysToMs(deps.passwordMaxAgeDays ?? 90);
  const reauthWindowMs = deps.reauthWindowMs ?? 5 * 60_000;

  function principalFor(user: User, via: Principal['via'], extra: Partial<Principal> = {}): Principal {
    return {
      userId: user.id,
      username: user.username,
      roles: user.roles,
      scopePath: deps.directory.pathOf(user.jurisdictionId),
      unitId: user.unitId,
      via,
      ...extra,
    };
  }

  /**
   * Checks the throttle and, if the attempt may go ahead, counts it as a failure until the
   * password proves right — in one transaction holding the user's row, so that parallel
   * guesses each see the others and are slowed, instead of all passing the same check.
   */
  async function reserveAttempt(userId: string, now: number): Promise<AttemptDecision> {
    return db.transaction().execute(async (trx) => {
      await store.lockUserRow(trx, userId);
      const current = await store.userRowById(trx, userId);
      if (!current) return { allowed: false, reason: 'locked', retryAfterMs: 0 } as const;
      const state = { failures: current.failures, lastFailureAt: current.last_failure_at, lockedUntil: current.locked_until };
      const verdict = checkAttempt(state, now, DEFAULT_THROTTLE_POLICY);
      if (verdict.allowed) await store.saveThrottle(trx, userId, recordFailure(state, now, DEFAULT_THROTTLE_POLICY));
      return verdict;
    });
  }

  async function signIn(username: string, password: string): Promise<SignedIn> {
    const now = deps.clock.now();
    const row = await store.userRowByUsername(db, username);
    if (!row || row.disabled === 1) {
      await verifyPassword(password, await dummyHash);
      throw new AppError(401, 'INVALID_CREDENTIALS', 'wrong username or password');
    }
    const verdict = await reserveAttempt(row.id, now);
    if (!verdict.allowed) throw throttled(verdict);
    if (!(await verifyPassword(password, row.password_hash))) {
      throw new AppError(401, 'INVALID_CREDENTIALS', 'wrong username or password');
    }
    await store.saveThrottle(db, row.id, recordSuccess());
    const sessionToken = newSecret();
    const csrfToken = newSecret();
    const expiresAt = now + maxMs;
    await sessions.insertSession(db, {
      id: hashSecret(sessionToken),
      user_id: row.id,
      csrf_token: csrfToken,
      created_at: now,
      last_seen_at: now,
      expires_at: expiresAt,
      revoked_at: null,
      // Signing in is entering the password: admin actions are open for the first minutes.
      reauth_at: now,
    });
    const expired = passwordExpired(row.password_changed_at, now, passwordMaxAgeMs);
    return { sessionToken, csrfToken, expiresAt, user: store.toUser(row), passwordExpired: expired };
  }

  /**
   * Proves a signed-in user's password through the same throttle as sign-in, so a stolen session
   * cannot be used to guess it (re-authentication, password change).
   */
  async function confirmPassword(userId: string, password: string, field: string): Promise<void> {
    const row = await store.userRowById(db, userId);
    if (!row || row.disabled === 1) throw unauthenticated();
    const verdict = await reserveAttempt(row.id, deps.clock.now());
    if (!verdict.allowed) throw throttled(verdict);
    if (!(await verifyPassword(password, row.password_hash))) throw invalid(field, 'wrong password', 'WRONG_PASSWORD');
    await store.saveThrottle(db, row.id, recordSuccess());
  }

  async function fromSession(token: string): Promise<Principal | null> {
    const now = deps.clock.now();
    const s = await sessions.sessionById(db, hashSecret(token));
    if (!s || s.revoked_at !== null || s.expires_at <= now || s.last_seen_at + deps.sessionIdleMs <= now) return null;
    const row = await store.userRowById(db, s.user_id);
    if (!row || row.disabled === 1) return null;
    // Touch at most once a minute: one write per minute per session, not per request.
    if (now - s.last_seen_at > 60_000) await sessions.touchSession(db, s.id, now);
    return principalFor(store.toUser(row), 'session', {
      csrfToken: s.csrf_token,
      sessionId: s.id,
      passwordExpired: passwordExpired(row.password_changed_at, now, passwordMaxAgeMs),
      recentlyAuthenticated: recentlyAuthenticated(s.reauth_at, now, reauthWindowMs),
    });
  }

  async function fromToken(token: string): Promise<Principal | null> {
    const now = deps.clock.now();
    const t = await sessions.tokenByHash(db, hashSecret(token));
    if (!t || t.revoked_at !== null || (t.expires_at !== null && t.expires_at <= now)) return null;
    const row = await store.userRowById(db, t.user_id);
    if (!row || row.disabled === 1) return null;
    // Record use at most once a minute: enough to spot dead tokens, no write per request.
    if (t.last_used_at === null || now - t.last_used_at > 60_000) await sessions.touchToken(db, t.id, now);
    return principalFor(store.toUser(row), 'token');
  }

  /** The HTTP authenticator: a bearer token wins over a cookie; bad credentials mean anonymous. */
  async function authenticate(req: FastifyRequest): Promise<Principal | null> {
    const header = req.headers.authorization;
    if (typeof header === 'string' && header.startsWith('Bearer ')) return fromToken(header.slice(7).trim());
    const cookie = req.cookies?.[SESSION_COOKIE];
    return cookie ? fromSession(cookie) : null;
  }

  return {
    signIn,
    authenticate,
    principalFor,
    /** Re-authentication: proves the password again, opening admin actions to this session for a few minutes. */
    async reauthenticate(userId: string, sessionId: string, password: string): Promise<void> {
      await confirmPassword(userId, password, 'password');
      await markReauthenticated(db, sessionId, deps.clock.now());
    },
    /** Changes the caller's own password; other sessions of the user end. */
    async changePassword(who: PasswordChanger, current: string, next: string): Promise<void> {
      await changePassword({ database: deps.database, now: () => deps.clock.now(), confirmPassword }, who, current, next);
    },
    async signOut(sessionId: string): Promise<void> {
      await sessions.revokeSession(db, sessionId, deps.clock.now());
    },
    /** Issues a bearer token for a user; the secret is shown once. */
    async createToken(userId: string, name: string, expiresAt: number | null): Promise<{ id: string; token: string }> {
      if (!(await store.userRowById(db, userId))) throw invalid('userId', 'unknown user');
      if (expiresAt !== null && expiresAt <= deps.clock.now()) throw invalid('expiresAt', 'must be in the future');
      const token = `cot_${newSecret()}`;
      const id = newId();
      await sessions.insertToken(db, {
        id,
        name,
        token_hash: hashSecret(token),
        user_id: userId,
        created_at: deps.clock.now(),
        expires_at: expiresAt,
        revoked_at: null,
        last_used_at: null,
      });
      return { id, token };
    },
    async tokenOwner(id: string): Promise<string> {
      const t = await sessions.tokenById(db, id);
      if (!t) throw notFound('token');
      return t.user_id;
    },
    async revokeToken(id: string): Promise<void> {
      await sessions.revokeToken(db, id, deps.clock.now());
    },
  };
}
