/**
 * HTTP routes of the 12345 / 一网通办 bridge: the inbound request a source system's gateway
 * account posts, and the admins' routes for systems, the category mapping and the callbacks
 * (dead letters and their retry). Admin routes act on city-wide things, so they need an admin
 * scoped at the city.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { typed } from '../platform/http/app.ts';
import type { Principal } from '../platform/http/access.ts';
import type { BridgeAdmin, BridgeService } from './service.ts';
import {
  BRIDGE_ADMINS,
  BRIDGE_POSTERS,
  BridgeRequestBody,
  CallbackOut,
  CallbackQuery,
  Id,
  IntakeOut,
  MappingBody,
  MappingOut,
  SystemBody,
  SystemOut,
  SystemPatch,
} from './route-schemas.ts';

/** What the routes need besides the service: the city's path, for the admins' scope. */
export interface BridgeRouteDeps {
  topPath(): string | null;
}

const adminOf = (p: Principal): BridgeAdmin => ({ userId: p.userId, username: p.username });

/**
 * Registers `/api/v1/bridge/…`.
 * @example registerBridgeRoutes(app, bridge, { topPath: () => geo.list('city')[0]?.path ?? null });
 */
export function registerBridgeRoutes(app: FastifyInstance, bridge: BridgeService, deps: BridgeRouteDeps): void {
  const r = typed(app);
  const city = { roles: BRIDGE_ADMINS, scope: () => deps.topPath(), scopeMiss: 'forbidden' as const };

  r.post(
    '/api/v1/bridge/requests',
    {
      // The system is the caller's own (its gateway account); the place is checked against the account's scope.
      config: { access: { roles: BRIDGE_POSTERS } },
      schema: {
        tags: ['bridge'],
        summary:
          'A request from a source system (12345, 一网通办): mapped to the catalogue, placed by its coordinates, filed as a hotline case. ' +
          'Idempotent by externalId: the same request again answers 200 with its case; other content under the same externalId 409.',
        body: BridgeRequestBody,
        response: { 200: IntakeOut, 201: IntakeOut },
      },
    },
    async (req, reply) => {
      const p = req.principal!;
      const answer = await bridge.take(req.body, { id: p.userId, roles: p.roles, scopePath: p.scopePath, unitId: p.unitId });
      reply.code(answer.created ? 201 : 200);
      return answer;
    },
  );

  r.get(
    '/api/v1/bridge/systems',
    {
      config: { access: city },
      schema: {
        tags: ['bridge'],
        summary: 'Source systems, oldest first; secrets are never shown',
        response: { 200: z.object({ items: z.array(SystemOut) }) },
      },
    },
    async () => ({ items: await bridge.systems() }),
  );

  r.post(
    '/api/v1/bridge/systems',
    {
      config: { access: { ...city, reauth: true } },
      schema: {
        tags: ['bridge'],
        summary:
          'Register a source system: its callbacks are signed `x-cityops-signature: sha256=HMAC(secret, timestamp + "." + body)`. ' +
          'The secret is in this answer only. gatewayUserId names the gateway account that posts as the system.',
        body: SystemBody,
        response: { 201: SystemOut.extend({ secret: z.string() }) },
      },
    },
    async (req, reply) => {
      const { system, secret } = await bridge.createSystem(req.body, adminOf(req.principal!));
      reply.code(201);
      return { ...system, secret };
    },
  );

  r.patch(
    '/api/v1/bridge/systems/:id',
    {
      config: { access: { ...city, reauth: true } },
      schema: {
        tags: ['bridge'],
        summary: 'Change a system’s callback URL, its gateway account (null unbinds) or whether it is active',
        params: z.object({ id: Id }),
        body: SystemPatch,
        response: { 200: SystemOut },
      },
    },
    async (req) => bridge.updateSystem(req.params.id, req.body, adminOf(req.principal!)),
  );

  r.get(
    '/api/v1/bridge/mapping',
    {
      config: { access: city },
      schema: { tags: ['bridge'], summary: 'The category mapping in force: category text → small class', response: { 200: MappingOut } },
    },
    async () => bridge.mapping(),
  );

  r.put(
    '/api/v1/bridge/mapping',
    {
      config: { access: city },
      schema: {
        tags: ['bridge'],
        summary: 'Replace the category mapping (every entry checked; 422 names the bad one)',
        body: MappingBody,
        response: { 200: MappingOut },
      },
    },
    async (req) => bridge.setMapping(req.body.items, adminOf(req.principal!)),
  );

  r.get(
    '/api/v1/bridge/callbacks',
    {
      config: { access: city },
      schema: {
        tags: ['bridge'],
        summary: 'Status callbacks newest first (state=dead: the dead letters)',
        querystring: CallbackQuery,
        response: { 200: z.object({ items: z.array(CallbackOut), nextCursor: z.string().nullable() }) },
      },
    },
    async (req) => {
      const q = req.query;
      return bridge.callbacks({
        ...(q.state ? { state: q.state } : {}),
        ...(q.caseId ? { caseId: q.caseId } : {}),
        ...(q.cursor ? { cursor: q.cursor } : {}),
        ...(q.limit ? { limit: q.limit } : {}),
      });
    },
  );

  r.post(
    '/api/v1/bridge/callbacks/:id/retry',
    {
      config: { access: city },
      schema: {
        tags: ['bridge'],
        summary: 'Send a dead letter again now, with a fresh retry schedule; 409 BRIDGE_CALLBACK_NOT_DEAD otherwise',
        params: z.object({ id: Id }),
        response: { 200: CallbackOut },
      },
    },
    async (req) => bridge.retry(req.params.id, adminOf(req.principal!)),
  );
}
