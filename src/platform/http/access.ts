/**
 * Access declarations: every `/api/v1` route states who may call it. The platform enforces the
 * declaration; it knows roles only as strings and scopes only as materialized paths.
 */
import type { FastifyRequest } from 'fastify';

/** Who is calling, as established by the injected authenticator. */
export interface Principal {
  userId: string;
  username: string;
  roles: readonly string[];
  /** Materialized path of the jurisdiction subtree the caller may act in, e.g. `/a/b/`. */
  scopePath: string;
  /** The caller's unit (department or centre), if any. */
  unitId: string | null;
  /** How the caller authenticated; sessions need a CSRF token on unsafe methods. */
  via: 'session' | 'token';
  /** The session's CSRF token (sessions only). */
  csrfToken?: string;
  /** Session id hash (sessions only), so sign-out can end it. */
  sessionId?: string;
  /** The password is older than the policy allows: the session may only change it (sessions only). */
  passwordExpired?: boolean;
  /** The password was proved (sign-in or re-authentication) within the re-authentication window (sessions only). */
  recentlyAuthenticated?: boolean;
}

/**
 * Finds the jurisdiction path a request acts on, after validation. Return `null` when the
 * request names no jurisdiction (the handler then filters by the caller's scope itself).
 * Throw a 404 AppError when the target does not exist.
 */
export type ScopeResolver = (req: FastifyRequest, principal: Principal) => Promise<string | null> | string | null;

/** A route's access declaration. */
export type Access =
  | { public: true }
  | {
      public?: false;
      /** Roles allowed, or 'any' signed-in caller. */
      roles: readonly string[] | 'any';
      /** Where the request acts; checked against the caller's scope. */
      scope?: ScopeResolver;
      /** Answer for an out-of-scope target: 404 hides that it exists (default), 403 says so. */
      scopeMiss?: 'not_found' | 'forbidden';
      /** An admin action: needs a session that proved its password recently; machine tokens never may. */
      reauth?: boolean;
      /** Open to a session whose password has expired (sign-out, who am I, changing the password). */
      whilePasswordExpired?: boolean;
    };

/** True if `path` equals `scopePath` or lies below it. Paths end with '/'. */
export function withinScope(path: string, scopePath: string): boolean {
  return path.startsWith(scopePath);
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}
