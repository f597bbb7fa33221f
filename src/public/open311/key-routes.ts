/**
 * Admin HTTP routes of Open311 api keys (`/api/v1/open311/keys`): list, make (the key is shown
 * once), revoke. City-level admins only, and making or revoking needs a recent
 * re-authentication like every credential an admin hands out.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { typed } from '../../platform/http/app.ts';
import type { Principal } from '../../platform/http/access.ts';
import type { AuditActor } from '../../audit/model.ts';
import type { ApiKeyRecord, KeyService } from './key-service.ts';

const KeyOut = z.object({
  id: z.string(),
  name: z.string(),
  keyPrefix: z.string(),
  jurisdictionId: z.string().nullable(),
  createdAt: z.number(),
  createdBy: z.string(),
  revokedAt: z.number().nullable(),
  lastUsedAt: z.number().nullable(),
});

function present(k: ApiKeyRecord): z.infer<typeof KeyOut> {
  return {
    id: k.id,
    name: k.name,
    keyPrefix: k.keyPrefix,
    jurisdictionId: k.jurisdictionId,
    createdAt: k.createdAt,
    createdBy: k.createdBy,
    revokedAt: k.revokedAt,
    lastUsedAt: k.lastUsedAt,
  };
}

function actor(p: Principal): AuditActor {
  return { kind: 'user', userId: p.userId, username: p.username };
}

/**
 * Registers the api key routes; `topPath` is the city's path (keys are a city-level matter).
 * @example registerOpen311KeyRoutes(app, keys, { topPath: () => geo.list('city')[0]?.path ?? null });
 */
export function registerOpen311KeyRoutes(app: FastifyInstance, keys: KeyService, deps: { topPath(): string | null }): void {
  const r = typed(app);
  const city = () => deps.topPath() ?? '/';

  r.get(
    '/api/v1/open311/keys',
    {
      config: { access: { roles: ['admin'], scope: city, scopeMiss: 'forbidden' } },
      schema: {
        tags: ['open311'],
        summary: 'Open311 api keys (without their secrets), oldest first',
        response: { 200: z.object({ items: z.array(KeyOut) }) },
      },
    },
    async () => ({ items: (await keys.list()).map(present) }),
  );

  r.post(
    '/api/v1/open311/keys',
    {
      config: { access: { roles: ['admin'], reauth: true, scope: city, scopeMiss: 'forbidden' } },
      schema: {
        tags: ['open311'],
        summary: 'Make an api_key for a client application; the key is shown only in this answer',
        body: z.object({ name: z.string().min(1).max(80), jurisdictionId: z.string().max(64).nullable().default(null) }),
        response: { 201: KeyOut.extend({ key: z.string() }) },
      },
    },
    async (req, reply) => {
      const issued = await keys.create({ name: req.body.name, jurisdiction: req.body.jurisdictionId }, actor(req.principal!));
      reply.code(201);
      return { ...present(issued.record), key: issued.key };
    },
  );

  r.post(
    '/api/v1/open311/keys/:id/revoke',
    {
      config: { access: { roles: ['admin'], reauth: true, scope: city, scopeMiss: 'forbidden' } },
      schema: {
        tags: ['open311'],
        summary: 'Revoke an api_key (its client can no longer post)',
        params: z.object({ id: z.string().max(64) }),
        response: { 200: KeyOut },
      },
    },
    async (req) => present(await keys.revoke(req.params.id, actor(req.principal!))),
  );
}
