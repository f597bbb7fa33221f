/**
 * HTTP routes for units' webhooks: subscribe, list, remove, the dead letters and their retry.
 * Admins and shift leads manage webhooks of units inside their jurisdiction; a unit's place is
 * the jurisdiction it belongs to.
 */
import { z } from 'zod';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { typed } from '../platform/http/app.ts';
import { recordScope, withinScope, type Principal } from '../platform/http/access.ts';
import { invalid } from '../platform/errors.ts';
import { WEBHOOK_EVENT_TYPES } from './webhook-model.ts';
import type { UnitScope, WebhookService } from './webhook-service.ts';

/** Who manages webhooks. */
export const WEBHOOK_MANAGERS = ['admin', 'shift_lead'] as const;

/** How the routes find where a unit is. */
export interface WebhookRouteDeps {
  directory: { getUnit(id: string): { jurisdictionId: string } | undefined };
  geo: { get(id: string): { path: string } | undefined };
}

const Id = z.string().min(1).max(64);
const EventType = z.enum(WEBHOOK_EVENT_TYPES as [string, ...string[]]);
const WebhookOut = z.object({
  id: z.string(),
  unitId: z.string(),
  url: z.string(),
  eventTypes: z.array(z.string()),
  active: z.boolean(),
  createdAt: z.number(),
  createdBy: z.string().nullable(),
});
const DeliveryOut = z.object({
  id: z.string(),
  subscriptionId: z.string(),
  unitId: z.string(),
  url: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  caseId: z.string(),
  attempts: z.number(),
  state: z.enum(['pending', 'delivered', 'dead']),
  nextAttemptAt: z.number().nullable(),
  lastStatus: z.number().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.number(),
  deliveredAt: z.number().nullable(),
});
const UnitQuery = z.object({ unit: Id.optional() });

/**
 * Registers `/api/v1/webhooks…`.
 * @example registerWebhookRoutes(app, webhooks, { directory, geo });
 */
export function registerWebhookRoutes(app: FastifyInstance, webhooks: WebhookService, deps: WebhookRouteDeps): void {
  const r = typed(app);
  /** The jurisdiction path of a unit, or undefined when there is no such unit. */
  const unitPath = (unitId: string): string | undefined => {
    const u = deps.directory.getUnit(unitId);
    return u ? deps.geo.get(u.jurisdictionId)?.path : undefined;
  };
  const scopeOf = (p: Principal): UnitScope => {
    return (unitId) => {
      const path = unitPath(unitId);
      return path !== undefined && withinScope(path, p.scopePath);
    };
  };
  /** Scope of a `?unit=` filter; no filter means the handler filters by the caller's scope. */
  const queryUnit = (req: FastifyRequest) => {
    const unit = (req.query as { unit?: string }).unit;
    if (!unit) return null;
    const path = unitPath(unit);
    if (!path) throw invalid('query.unit', 'no such unit');
    return path;
  };
  const webhookScope = recordScope('webhook', 'WEBHOOK_NOT_FOUND', async (req) => {
    const w = await webhooks.get((req.params as { id: string }).id);
    return w ? unitPath(w.unitId) : undefined;
  });
  const deliveryScope = recordScope('delivery', 'WEBHOOK_DELIVERY_NOT_FOUND', async (req) => {
    const d = await webhooks.delivery((req.params as { id: string }).id);
    return d ? unitPath(d.unitId) : undefined;
  });

  r.post(
    '/api/v1/webhooks',
    {
      config: {
        access: {
          roles: WEBHOOK_MANAGERS,
          scope: (req) => {
            const path = unitPath((req.body as { unitId: string }).unitId);
            if (!path) throw invalid('body.unitId', 'no such unit');
            return path;
          },
          scopeMiss: 'forbidden',
        },
      },
      schema: {
        tags: ['webhooks'],
        summary:
          'Subscribe a unit’s system to its case events: POSTed as JSON, signed `x-cityops-signature: sha256=HMAC(secret, timestamp + "." + body)`. ' +
          'The secret is in this answer only.',
        body: z.object({
          unitId: Id,
          url: z.string().min(1).max(2000),
          eventTypes: z.array(EventType).max(WEBHOOK_EVENT_TYPES.length).optional(),
        }),
        response: { 201: WebhookOut.extend({ secret: z.string() }) },
      },
    },
    async (req, reply) => {
      const { webhook, secret } = await webhooks.subscribe(req.body, { id: req.principal!.userId });
      reply.code(201);
      return { ...webhook, secret };
    },
  );

  r.get(
    '/api/v1/webhooks',
    {
      config: { access: { roles: WEBHOOK_MANAGERS, scope: queryUnit, scopeMiss: 'forbidden' } },
      schema: {
        tags: ['webhooks'],
        summary: 'Webhooks of units in the caller’s scope (or of one unit), oldest first; secrets are never shown',
        querystring: UnitQuery,
        response: { 200: z.object({ items: z.array(WebhookOut) }) },
      },
    },
    async (req) => ({ items: await webhooks.list(scopeOf(req.principal!), req.query.unit) }),
  );

  r.delete(
    '/api/v1/webhooks/:id',
    {
      config: { access: { roles: WEBHOOK_MANAGERS, scope: webhookScope } },
      schema: {
        tags: ['webhooks'],
        summary: 'Remove a webhook with its pending deliveries and dead letters',
        params: z.object({ id: Id }),
      },
    },
    async (req, reply) => {
      await webhooks.remove(req.params.id);
      return reply.code(204).send();
    },
  );

  r.get(
    '/api/v1/webhooks/dead-letters',
    {
      config: { access: { roles: WEBHOOK_MANAGERS, scope: queryUnit, scopeMiss: 'forbidden' } },
      schema: {
        tags: ['webhooks'],
        summary: 'Deliveries given up after the last attempt, newest first, for units in the caller’s scope',
        querystring: UnitQuery.extend({
          cursor: z.string().max(64).optional(),
          limit: z.coerce.number().int().min(1).max(500).optional(),
        }),
        response: { 200: z.object({ items: z.array(DeliveryOut), nextCursor: z.string().nullable() }) },
      },
    },
    async (req) => {
      const q = req.query;
      return webhooks.deadLetters(scopeOf(req.principal!), {
        ...(q.unit ? { unitId: q.unit } : {}),
        ...(q.cursor ? { cursor: q.cursor } : {}),
        ...(q.limit ? { limit: q.limit } : {}),
      });
    },
  );

  r.post(
    '/api/v1/webhooks/deliveries/:id/retry',
    {
      config: { access: { roles: WEBHOOK_MANAGERS, scope: deliveryScope } },
      schema: {
        tags: ['webhooks'],
        summary: 'Send a dead letter again now, with a fresh retry schedule; 409 WEBHOOK_DELIVERY_NOT_DEAD otherwise',
        params: z.object({ id: Id }),
        response: { 200: DeliveryOut },
      },
    },
    async (req) => webhooks.retry(req.params.id),
  );
}
