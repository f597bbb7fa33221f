/**
 * `/api/v1/screen/*`: the city screen's KPI panel and map layers, for every signed-in staff role
 * (machine accounts excepted), limited to the caller's subtree or a narrower one inside it
 * (`?jurisdiction=` or `?parent=`, id or code; outside the scope: 403). Layers are GeoJSON
 * FeatureCollections sent as cached bytes: gzip when the client accepts it, an ETag, 304 when
 * unchanged.
 */
import { z } from 'zod';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { typed } from '../platform/http/app.ts';
import { LEVELS } from '../geo/model.ts';
import { WARNING_LEVELS } from '../rules/signal-model.ts';
import { MIN_GZIP_BYTES, type EncodedBody } from './encoded-body.ts';
import { JURISDICTION_PARTS, parseBBox } from './layer-model.ts';
import type { ScreenService } from './service.ts';

/** Who may look at the screen: every staff role; not `gateway` (a machine posting readings). */
export const SCREEN_VIEWERS = [
  'shift_lead',
  'dispatcher',
  'intake',
  'admin',
  'inspector',
  'handler',
  'community_worker',
  'auditor',
] as const;

const Id = z.string().min(1).max(64);
const Jurisdiction = Id.optional().describe('id or code: only this subtree (inside the caller’s scope; default the scope)');
const BBox = z
  .string()
  .max(120)
  .refine((s) => parseBBox(s) !== null, 'minLon,minLat,maxLon,maxLat (WGS-84)')
  .transform((s) => parseBBox(s))
  .optional()
  .describe('only points inside minLon,minLat,maxLon,maxLat');

const Period = z.object({ from: z.number(), to: z.number() });
const Rate = z.number().nullable();
const KpisOut = z.object({
  asOf: z.number(),
  scopePath: z.string(),
  timeZone: z.string(),
  today: Period,
  month: Period,
  cases: z.object({
    today: z.number().describe('reported since local midnight'),
    dispatchedToday: z.number().describe('first dispatched since local midnight'),
    open: z.number(),
    overdue: z.number().describe('open with the running step past due'),
    onTimeHandlingRate: Rate.describe('按期处置率 this month, 0–1'),
    closingRate: Rate.describe('结案率 this month, 0–1'),
  }),
  alerts: z.object({ active: z.number(), byLevel: z.object(Object.fromEntries(WARNING_LEVELS.map((l) => [l, z.number()]))) }),
  devices: z.object({
    total: z.number(),
    online: z.number(),
    offline: z.number(),
    unknown: z.number(),
    onlineRate: Rate.describe('online ÷ (online + offline)'),
    asOf: z.number(),
  }),
  readingsPerSecond: z.number().describe('platform-wide, over the last ~10 s'),
});

/** Sends a cached layer: 304 on a matching ETag, gzip when accepted and worth it. */
async function sendBody(req: FastifyRequest, reply: FastifyReply, body: EncodedBody): Promise<FastifyReply> {
  void reply
    .header('content-type', body.contentType)
    .header('etag', body.etag)
    .header('vary', 'accept-encoding')
    .header('cache-control', 'private, no-cache');
  const match = req.headers['if-none-match'];
  if (typeof match === 'string' && match.split(',').some((t) => t.trim() === body.etag)) return reply.code(304).send();
  const accepts = req.headers['accept-encoding'];
  if (body.bytes >= MIN_GZIP_BYTES && typeof accepts === 'string' && /\bgzip\b/.test(accepts)) {
    void reply.header('content-encoding', 'gzip');
    return reply.send(await body.gzip());
  }
  return reply.send(body.json);
}

/**
 * Registers the screen routes.
 * @example registerScreenRoutes(app, screen, geo);
 */
export function registerScreenRoutes(
  app: FastifyInstance,
  screen: ScreenService,
  geo: { require(idOrCode: string): { path: string } },
): void {
  const r = typed(app);
  const named = (req: FastifyRequest, param: 'jurisdiction' | 'parent') => {
    const j = (req.query as Record<string, string | undefined>)[param];
    return j ? geo.require(j).path : null;
  };
  const access = (param: 'jurisdiction' | 'parent' = 'jurisdiction') => ({
    roles: SCREEN_VIEWERS,
    scope: (req: FastifyRequest) => named(req, param),
    scopeMiss: 'forbidden' as const,
  });
  const scopeOf = (req: FastifyRequest, param: 'jurisdiction' | 'parent' = 'jurisdiction') => named(req, param) ?? req.principal!.scopePath;

  r.get(
    '/api/v1/screen/kpis',
    {
      config: { access: access() },
      schema: {
        tags: ['screen'],
        summary: 'KPI panel of a subtree: cases today, dispatched, open, overdue, this month’s rates, active alerts, devices, readings/s',
        querystring: z.object({ jurisdiction: Jurisdiction }),
        response: { 200: KpisOut },
      },
    },
    async (req) => screen.kpis(scopeOf(req)),
  );

  r.get(
    '/api/v1/screen/jurisdictions',
    {
      config: { access: access('parent') },
      schema: {
        tags: ['screen'],
        summary: 'Jurisdictions of a level as simplified GeoJSON polygons with openCases, activeAlerts and worstLevel per feature',
        querystring: z.object({
          level: z.enum(LEVELS),
          parent: Id.optional().describe('id or code: only the part of the level under it (default the caller’s scope)'),
          part: z
            .enum(JURISDICTION_PARTS)
            .default('all')
            .describe(
              'all: polygons with figures; shapes: polygons alone (fetch once); figures: {items:[{id,code,openCases,…}]} of the non-zero ones',
            ),
        }),
      },
    },
    async (req, reply) => sendBody(req, reply, await screen.jurisdictionLayer(req.query.level, scopeOf(req, 'parent'), req.query.part)),
  );

  r.get(
    '/api/v1/screen/alerts',
    {
      config: { access: access() },
      schema: {
        tags: ['screen'],
        summary: 'Active alerts as GeoJSON points with level, state, category and message',
        querystring: z.object({ jurisdiction: Jurisdiction }),
      },
    },
    async (req, reply) => sendBody(req, reply, await screen.alertLayer(scopeOf(req))),
  );

  r.get(
    '/api/v1/screen/cases',
    {
      config: { access: access() },
      schema: {
        tags: ['screen'],
        summary: 'Open cases as GeoJSON points with state, deadline light and due time (the newest 20,000)',
        querystring: z.object({ jurisdiction: Jurisdiction, bbox: BBox }),
      },
    },
    async (req, reply) => sendBody(req, reply, await screen.caseLayer(scopeOf(req), req.query.bbox ?? null)),
  );

  r.get(
    '/api/v1/screen/devices',
    {
      config: { access: access() },
      schema: {
        tags: ['screen'],
        summary: 'Devices as points with online/offline/unknown: GeoJSON, or parallel arrays of place, type and status without ids (format=columns) for 100,000 points',
        querystring: z.object({
          jurisdiction: Jurisdiction,
          bbox: BBox,
          type: z.string().max(64).optional().describe('only devices of this type'),
          format: z.enum(['geojson', 'columns']).default('geojson'),
        }),
      },
    },
    async (req, reply) => {
      const q = req.query;
      const body = await screen.deviceLayer({ scopePath: scopeOf(req), bbox: q.bbox ?? null, type: q.type ?? null, format: q.format });
      return sendBody(req, reply, body);
    },
  );
}
