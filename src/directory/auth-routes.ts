/** HTTP routes for signing in and out, the caller's identity, and machine tokens. */
import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { typed } from '../platform/http/app.ts';
import { unauthenticated } from '../platform/errors.ts';
import { ROLE_LIST } from './roles.ts';
import { SESSION_COOKIE, type AuthService } from './auth-service.ts';
import type { DirectoryService } from './service.ts';
import type { GeoService } from '../geo/service.ts';
import { registerCredentialRoutes } from './credential-routes.ts';
import type { AuditRecorder } from '../audit/model.ts';
import { signedIn, signedOut, signInFailed, tokenCreated, tokenRevoked } from '../audit/account-model.ts';

const UserOut = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(z.enum(ROLE_LIST)),
  jurisdictionId: z.string(),
  unitId: z.string().nullable(),
});

/** Options for the auth routes. */
export interface AuthRouteDeps {
  auth: AuthService;
  directory: DirectoryService;
  geo: GeoService;
  secureCookies: boolean;
  /** Where sign-ins, sign-outs and token changes are logged. */
  audit?: AuditRecorder;
}

/** Registers sign-in, sign-out, me and token routes. */
export function registerAuthRoutes(app: FastifyInstance, deps: AuthRouteDeps): void {
  const r = typed(app);
  const { auth, directory, geo } = deps;
  registerCredentialRoutes(app, auth, deps.audit);

  r.post(
    '/api/v1/auth/sign-in',
    {
      config: { access: { public: true }, rateClass: 'credentials' },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with username and password; sets the session cookie',
        body: z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) }),
        response: { 200: z.object({ user: UserOut, csrfToken: z.string(), expiresAt: z.number(), passwordExpired: z.boolean() }) },
      },
    },
    async (req, reply) => {
      const s = await auth.signIn(req.body.username, req.body.password).catch(async (e: unknown) => {
        await deps.audit?.record(signInFailed(req.body.username, e));
        throw e;
      });
      await deps.audit?.record(signedIn(s.user, directory.pathOf(s.user.jurisdictionId)));
      void reply.setCookie(SESSION_COOKIE, s.sessionToken, {
        httpOnly: true,
        sameSite: 'lax',
        path: '/',
        secure: deps.secureCookies,
        expires: new Date(s.expiresAt),
      });
      return { user: s.user, csrfToken: s.csrfToken, expiresAt: s.expiresAt, passwordExpired: s.passwordExpired };
    },
  );

  r.post(
    '/api/v1/auth/sign-out',
    {
      config: { access: { roles: 'any', whilePasswordExpired: true } },
      schema: { tags: ['auth'], summary: 'End the current session', response: { 200: z.object({ ok: z.literal(true) }) } },
    },
    async (req, reply) => {
      if (req.principal?.sessionId) await auth.signOut(req.principal.sessionId);
      if (req.principal) await deps.audit?.record(signedOut(req.principal));
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );

  r.get(
    '/api/v1/auth/me',
    {
      config: { access: { roles: 'any', whilePasswordExpired: true } },
      schema: {
        tags: ['auth'],
        summary: 'Who am I: user, roles, scope and (for sessions) the CSRF token',
        response: {
          200: z.object({
            user: UserOut,
            csrfToken: z.string().nullable(),
            scope: z.object({ id: z.string(), code: z.string(), name: z.string(), level: z.string() }),
            unit: z.object({ id: z.string(), code: z.string(), name: z.string() }).nullable(),
          }),
        },
      },
    },
    async (req) => {
      const p = req.principal;
      const user = p ? await directory.getUser(p.userId) : undefined;
      if (!p || !user) throw unauthenticated();
      const j = geo.require(user.jurisdictionId);
      const unit = user.unitId ? directory.getUnit(user.unitId) : undefined;
      return {
        user,
        csrfToken: p.csrfToken ?? null,
        scope: { id: j.id, code: j.code, name: j.name, level: j.level },
        unit: unit ? { id: unit.id, code: unit.code, name: unit.name } : null,
      };
    },
  );

  r.post(
    '/api/v1/auth/tokens',
    {
      config: {
        access: {
          roles: ['admin'],
          reauth: true,
          scopeMiss: 'forbidden',
          scope: async (req) => {
            const user = await directory.getUser((req.body as { userId: string }).userId);
            return user ? directory.pathOf(user.jurisdictionId) : '/';
          },
        },
      },
      schema: {
        tags: ['auth'],
        summary: 'Issue a bearer token for a user (a machine account); the token is shown once',
        body: z.object({
          userId: z.string().max(64),
          name: z.string().min(1).max(100),
          expiresAt: z.number().int().positive().nullable().default(null),
        }),
        response: { 201: z.object({ id: z.string(), token: z.string() }) },
      },
    },
    async (req, reply) => {
      const t = await auth.createToken(req.body.userId, req.body.name, req.body.expiresAt);
      const owner = (await directory.getUser(req.body.userId))!;
      await deps.audit?.record(
        tokenCreated(
          req.principal!,
          { id: owner.id, path: directory.pathOf(owner.jurisdictionId) },
          { id: t.id, expiresAt: req.body.expiresAt },
        ),
      );
      return reply.code(201).send(t);
    },
  );

  r.delete(
    '/api/v1/auth/tokens/:id',
    {
      config: {
        access: {
          roles: ['admin'],
          reauth: true,
          scope: async (req) => {
            const owner = await directory.getUser(await auth.tokenOwner((req.params as { id: string }).id));
            return owner ? directory.pathOf(owner.jurisdictionId) : '/';
          },
        },
      },
      schema: {
        tags: ['auth'],
        summary: 'Revoke a token',
        params: z.object({ id: z.string().max(64) }),
        response: { 200: z.object({ ok: z.literal(true) }) },
      },
    },
    async (req) => {
      const owner = (await directory.getUser(await auth.tokenOwner(req.params.id)))!;
      await auth.revokeToken(req.params.id);
      await deps.audit?.record(tokenRevoked(req.principal!, { id: owner.id, path: directory.pathOf(owner.jurisdictionId) }, req.params.id));
      return { ok: true as const };
    },
  );
}
