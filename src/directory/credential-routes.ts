/**
 * HTTP routes for proving the password again (re-authentication before admin actions) and for
 * changing one's own password (also when it has expired: the only thing such a session may do).
 */
import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { typed } from '../platform/http/app.ts';
import { forbidden } from '../platform/errors.ts';
import type { Principal } from '../platform/http/access.ts';
import type { AuthService } from './auth-service.ts';
import type { AuditRecorder } from '../audit/model.ts';
import { credentialUsed } from '../audit/account-model.ts';

const Password = z.string().min(1).max(200);

/**
 * Registers `POST /api/v1/auth/reauth` and `POST /api/v1/auth/password`; both are audited, refused attempts too.
 * @example registerCredentialRoutes(app, auth, audit);
 */
export function registerCredentialRoutes(app: FastifyInstance, auth: AuthService, audit?: AuditRecorder): void {
  const r = typed(app);
  /** Runs `act`, then logs it (or its failure, rethrown) before answering. */
  const audited = async (p: Principal, action: 'auth.reauth' | 'auth.password_change', act: () => Promise<void>): Promise<void> => {
    try {
      await act();
    } catch (e) {
      await audit?.record(credentialUsed(p, action, e));
      throw e;
    }
    await audit?.record(credentialUsed(p, action));
  };

  r.post(
    '/api/v1/auth/reauth',
    {
      config: { access: { roles: 'any' }, rateClass: 'credentials' },
      schema: {
        tags: ['auth'],
        summary: 'Enter the password again: admin actions are allowed for the next few minutes (browser sessions only)',
        body: z.object({ password: Password }),
        response: { 200: z.object({ ok: z.literal(true) }) },
      },
    },
    async (req) => {
      const p = req.principal!;
      if (!p.sessionId)
        throw forbidden('re-authentication is for browser sessions; machine tokens cannot do admin actions', 'REAUTH_SESSION_ONLY');
      const sessionId = p.sessionId;
      await audited(p, 'auth.reauth', () => auth.reauthenticate(p.userId, sessionId, req.body.password));
      return { ok: true as const };
    },
  );

  r.post(
    '/api/v1/auth/password',
    {
      config: { access: { roles: 'any', whilePasswordExpired: true }, rateClass: 'credentials' },
      schema: {
        tags: ['auth'],
        summary: 'Change your own password; your other sessions end',
        body: z.object({ currentPassword: Password, newPassword: Password }),
        response: { 200: z.object({ ok: z.literal(true) }) },
      },
    },
    async (req) => {
      const p = req.principal!;
      await audited(p, 'auth.password_change', () =>
        auth.changePassword({ userId: p.userId, sessionId: p.sessionId ?? null }, req.body.currentPassword, req.body.newPassword),
      );
      return { ok: true as const };
    },
  );
}
