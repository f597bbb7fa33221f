/**
 * Enforces route access declarations: refuses `/api/v1` routes that declare none (at start-up),
 * authenticates callers, checks roles before validation (so strangers learn nothing from
 * validation errors), checks CSRF on cookie sessions, keeps a session with an expired password
 * to changing it, asks for a recent re-authentication on admin actions, and checks jurisdiction
 * scope after validation (the resolver may read the validated body).
 */
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { AppError, forbidden, notFound, unauthenticated } from '../errors.ts';
import { withinScope, type Access, type Principal } from './access.ts';

/** Establishes the caller from cookie or bearer token; `null` for anonymous. */
export type Authenticator = (req: FastifyRequest) => Promise<Principal | null>;

/** A registered route and its declaration, for the route-enumeration access test. */
export interface DeclaredRoute {
  method: string;
  url: string;
  access: Access;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** True for URLs that must declare access. */
export function isGuardedUrl(url: string): boolean {
  return url.startsWith('/api/v1/') || url === '/api/v1';
}

/**
 * Installs the guard; returns the live list of declared routes.
 * @example const routes = installAccessGuard(app, authenticate);
 */
export function installAccessGuard(app: FastifyInstance, authenticate: Authenticator): DeclaredRoute[] {
  const declared: DeclaredRoute[] = [];
  app.decorateRequest('principal', null);

  app.addHook('onRoute', (route: RouteOptions) => {
    if (!isGuardedUrl(route.url)) return;
    const access = route.config?.access;
    if (!access) throw new Error(`route ${String(route.method)} ${route.url} declares no access`);
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      declared.push({ method, url: route.url, access });
    }
  });

  app.addHook('preValidation', async (req) => {
    const access = req.routeOptions.config.access;
    if (!access) return;
    req.principal = await authenticate(req);
    if (access.public) return;
    const p = req.principal;
    if (!p) throw unauthenticated();
    if (p.via === 'session' && !SAFE_METHODS.has(req.method)) {
      const sent = req.headers['x-csrf-token'];
      if (typeof sent !== 'string' || sent !== p.csrfToken) {
        throw new AppError(403, 'CSRF_TOKEN_INVALID', 'missing or wrong x-csrf-token header for a cookie session');
      }
    }
    if (access.roles !== 'any' && !access.roles.some((r) => p.roles.includes(r))) {
      throw forbidden(`requires one of the roles: ${access.roles.join(', ')}`, 'ROLE_FORBIDDEN');
    }
    if (p.passwordExpired && !access.whilePasswordExpired) {
      throw forbidden('your password has expired; change it first (POST /api/v1/auth/password)', 'PASSWORD_EXPIRED');
    }
    if (access.reauth && !p.recentlyAuthenticated) {
      // Admin actions are done by a person at the keyboard: a long-lived machine token never qualifies.
      const how =
        p.via === 'token'
          ? 'machine tokens cannot do admin actions; sign in as a person'
          : 'enter your password again (POST /api/v1/auth/reauth)';
      throw forbidden(`this admin action needs a recent re-authentication: ${how}`, 'REAUTH_REQUIRED');
    }
  });

  app.addHook('preHandler', async (req) => {
    const access = req.routeOptions.config.access;
    if (!access || access.public || !access.scope || !req.principal) return;
    const target = await access.scope(req, req.principal);
    if (target === null || withinScope(target, req.principal.scopePath)) return;
    if (access.scopeMiss === 'forbidden') {
      const field = access.scopeField;
      if (!field) throw forbidden('outside your jurisdiction', 'SCOPE_FORBIDDEN');
      throw new AppError(403, 'SCOPE_FORBIDDEN', `${field}: outside your jurisdiction`, [{ field, message: 'outside your jurisdiction' }]);
    }
    throw notFound('resource');
  });

  return declared;
}
