/**
 * Access declarations: every `/api/v1` route states who may call it. The platform enforces the
 * declaration; it knows roles only as strings and scopes only as materialized paths.
 */
import type { FastifyRequest } from 'fastify';
import { notFound } from '../errors.ts';

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
      /**
       * The request field `scope` reads the target from (`body.location`, `query.jurisdiction`):
       * a 403 names it, so a form shows the refusal at that field rather than in a banner.
       */
      scopeField?: string;
      /** An admin action: needs a session that proved its password recently; machine tokens never may. */
      reauth?: boolean;
      /** Open to a session whose password has expired (sign-out, who am I, changing the password). */
      whilePasswordExpired?: boolean;
    };

/** True if `path` equals `scopePath` or lies below it. Paths end with '/'. */
export function withinScope(path: string, scopePath: string): boolean {
  return path.startsWith(scopePath);
}

/**
 * A scope resolver for routes on one record (`/cases/:id`): the record's path, or the record's
 * own 404 — the same status, code and words whether it is missing or lies outside the caller's
 * jurisdiction, so neither the status nor the problem's code tells that it exists.
 * @example scope: recordScope('case', 'CASE_NOT_FOUND', (req) => cases.pathOf((req.params as { id: string }).id))
 */
export function recordScope(
  what: string,
  code: string,
  pathOf: (req: FastifyRequest) => Promise<string | null | undefined> | string | null | undefined,
): ScopeResolver {
  return async (req, principal) => {
    const path = await pathOf(req);
    if (!path || !withinScope(path, principal.scopePath)) throw notFound(what, code);
    return path;
  };
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}
