/**
 * Open311 GeoReport v2 over HTTP at `/open311/v2`: every resource as `.json` and `.xml`, POST
 * bodies form-encoded (the spec) or JSON, and every refusal — including unknown paths, bodies
 * that do not parse and rate limits — in the spec's error format. Public at the platform's
 * level (anyone may read; posting needs Open311's own api_key, checked by the service), so the
 * routes are limited per IP as public endpoints.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { toOpen311Error, open311Error, type Open311Error } from './errors.ts';
import { formatOf, type Open311Format } from './format-model.ts';
import { render, type Open311Value, type XmlShape } from './render.ts';
import { OPEN311_BASE, type CallContext, type Open311Service } from './service.ts';
import type { RawQuery } from './query-model.ts';

/** The routes (method and path under the platform), for the access test's allow-list. */
export const OPEN311_ROUTES = [
  'GET /open311/v2/discovery.:format',
  'GET /open311/v2/services.:format',
  'GET /open311/v2/services/:service_code.:format',
  'POST /open311/v2/requests.:format',
  'GET /open311/v2/requests.:format',
  'GET /open311/v2/requests/:service_request_id.:format',
  'GET /open311/v2/tokens/:token.:format',
  'GET /open311/v2/servicerequestupdates.:format',
] as const;

const SHAPES = {
  discovery: { root: 'discovery' },
  services: { root: 'services', item: 'service' },
  definition: { root: 'service_definition' },
  requests: { root: 'service_requests', item: 'request' },
  updates: { root: 'service_requests_updates', item: 'request_update' },
  errors: { root: 'errors', item: 'error' },
} as const satisfies Record<string, XmlShape>;

/** The format a URL asks for by its extension; XML (the spec's required format) when it names none. */
function formatOfUrl(url: string): Open311Format {
  const path = url.split('?')[0] ?? '';
  const m = /\.([A-Za-z]+)$/.exec(path);
  return formatOf(m?.[1]) ?? 'xml';
}

function send(reply: FastifyReply, status: number, value: Open311Value, shape: XmlShape, format: Open311Format): FastifyReply {
  const { body, contentType } = render(value, shape, format);
  return reply.code(status).header('content-type', contentType).send(body);
}

function sendError(reply: FastifyReply, e: Open311Error, format: Open311Format): FastifyReply {
  for (const [k, v] of Object.entries(e.headers)) reply.header(k, v);
  return send(
    reply,
    e.status,
    e.errors.map((x) => ({ code: x.code, description: x.description })),
    SHAPES.errors,
    format,
  );
}

/** The format of a route's `:format` parameter, or a 404 in XML for any other extension. */
function formatParam(req: FastifyRequest): Open311Format {
  const f = formatOf((req.params as { format?: string }).format);
  if (!f) throw open311Error(404, 'unknown format: ask for .json or .xml');
  return f;
}

function callContext(req: FastifyRequest): CallContext {
  return { ip: req.ip, origin: `${req.protocol}://${req.host}` };
}

/** Form fields (`a=1&a=2` → `['1','2']`), keys kept as sent so `attribute[code][]` survives. */
function parseForm(body: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(body)) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

/**
 * Registers the Open311 routes under `/open311/v2`.
 * @example registerOpen311Routes(app, open311);
 */
export function registerOpen311Routes(app: FastifyInstance, open311: Open311Service): void {
  // Loaded with the other plugins when the app gets ready.
  void app.register(
    (scope, _opts, done) => {
      scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 256 * 1024 }, (_req, body, next) => {
        next(null, parseForm(body as string));
      });
      scope.setErrorHandler((err, req, reply) => {
        const e = toOpen311Error(err);
        if (e.status >= 500) req.log.error(err);
        return sendError(reply, e, formatOfUrl(req.url));
      });
      const noSuchResource = (req: FastifyRequest, reply: FastifyReply) =>
        sendError(reply, open311Error(404, `no such resource: ${req.method} ${req.url.split('?')[0] ?? ''}`), formatOfUrl(req.url));
      scope.setNotFoundHandler(noSuchResource);
      const config = { access: { public: true as const } };
      const query = (req: FastifyRequest) => req.query as RawQuery;
      const jurisdiction = (req: FastifyRequest) => {
        const j = query(req).jurisdiction_id;
        open311.checkJurisdiction(Array.isArray(j) ? j[0] : j);
      };
      const doc = (summary: string) => ({ tags: ['open311'], summary });

      scope.get(
        '/discovery.:format',
        { config, schema: doc('Service discovery: this endpoint, its formats and changeset') },
        async (req, reply) => {
          const f = formatParam(req);
          return send(reply, 200, open311.discovery(callContext(req)) as unknown as Open311Value, SHAPES.discovery, f);
        },
      );

      scope.get(
        '/services.:format',
        { config, schema: doc('Service list: one service per small class of the case catalogue') },
        async (req, reply) => {
          const f = formatParam(req);
          jurisdiction(req);
          return send(reply, 200, open311.services() as unknown as Open311Value, SHAPES.services, f);
        },
      );

      scope.get(
        '/services/:service_code.:format',
        { config, schema: doc('Service definition: the attributes a service asks') },
        async (req, reply) => {
          const f = formatParam(req);
          jurisdiction(req);
          const def = open311.definition((req.params as { service_code: string }).service_code);
          return send(reply, 200, def as unknown as Open311Value, SHAPES.definition, f);
        },
      );

      scope.post(
        '/requests.:format',
        { config, schema: doc('Create a service request (api_key required; form-encoded or JSON)') },
        async (req, reply) => {
          const f = formatParam(req);
          const answer = await open311.submit([req.query, req.body], callContext(req));
          return send(reply, 200, answer, SHAPES.requests, f);
        },
      );

      scope.get(
        '/requests.:format',
        {
          config,
          schema: doc(
            'Service requests: by ids, service codes, status, requested between start_date and end_date (default the last 90 days, at most 1,000)',
          ),
        },
        async (req, reply) => {
          const f = formatParam(req);
          jurisdiction(req);
          const list = await open311.requests(query(req), callContext(req));
          return send(reply, 200, list as unknown as Open311Value, SHAPES.requests, f);
        },
      );

      scope.get(
        '/requests/:service_request_id.:format',
        { config, schema: doc('One service request, by its id (the case code)') },
        async (req, reply) => {
          const f = formatParam(req);
          jurisdiction(req);
          const one = await open311.request((req.params as { service_request_id: string }).service_request_id, callContext(req));
          return send(reply, 200, one as unknown as Open311Value, SHAPES.requests, f);
        },
      );

      scope.get('/tokens/:token.:format', { config, schema: doc('The service_request_id behind a token') }, async (req, reply) => {
        const f = formatParam(req);
        jurisdiction(req);
        const answer = await open311.token((req.params as { token: string }).token);
        return send(reply, 200, answer, SHAPES.requests, f);
      });

      scope.get(
        '/servicerequestupdates.:format',
        {
          config,
          schema: doc(
            'Status history of requests (servicerequestupdates extension): by service_request_id, or changed between start_date and end_date',
          ),
        },
        async (req, reply) => {
          const f = formatParam(req);
          jurisdiction(req);
          const updates = await open311.updates(query(req));
          return send(reply, 200, updates as unknown as Open311Value, SHAPES.updates, f);
        },
      );
      // Any other path here is an Open311 404, not the web app's page (its fallback catches `/*`).
      scope.route({
        method: ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'],
        url: '/*',
        config,
        schema: { hide: true },
        handler: noSuchResource,
      });
      done();
    },
    { prefix: OPEN311_BASE },
  );
}
