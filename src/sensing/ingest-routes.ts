/**
 * HTTP routes for ingestion: reading batches (JSON array or NDJSON) for gateways and
 * back-fill, AI detections from cameras, the ingestion statistics, and the device types.
 * Batches answer 200 when every item was taken, 207 with the per-item report when some were,
 * and 422 (a problem document carrying the same report) when none was ({@link answerBatch});
 * a valid item is stored even when its neighbours are refused. Devices outside the caller's
 * jurisdiction are refused as unknown.
 */
import { z } from 'zod';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { typed } from '../platform/http/app.ts';
import { withinScope, type Principal } from '../platform/http/access.ts';
import { answerBatch } from './batch-answer.ts';
import { MAX_DETECTIONS_PER_REQUEST, MAX_ITEMS_PER_REQUEST, tooMany } from './ingest-service.ts';
import { DetectionsBody, IngestResultOut, ReadingsBody } from './route-schemas.ts';
import type { SensingService } from './service.ts';

/**
 * Roles that may send readings and detections over HTTP. Gateways authenticate with a bearer
 * token of a user holding one of these; a dedicated `gateway` role does not exist yet.
 */
export const INGEST_ROLES = ['admin', 'gateway'] as const;
/** Roles that may read the ingestion statistics. */
export const STATS_ROLES = ['admin', 'shift_lead'] as const;

const TAGS = ['sensing'];

/** Registers the ingestion routes (called by registerSensingRoutes). */
export function registerIngestRoutes(app: FastifyInstance, sensing: SensingService): void {
  const r = typed(app);
  const scopeOf = (req: FastifyRequest): string => (req.principal as Principal).scopePath;

  // JSON batches arrive as text: the ingest service reads plainly written, valid batches without
  // JSON.parse (scan-model.ts) and parses the rest itself. Scoped to this route by a plugin.
  void app.register(async (scope) => {
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => done(null, body));
    typed(scope).post(
      '/api/v1/readings',
      {
        bodyLimit: 32 * 1024 * 1024,
        config: { access: { roles: INGEST_ROLES } },
        schema: {
          tags: TAGS,
          summary:
            'Store a batch of readings (application/json array or application/x-ndjson), answered item by item: 200 all taken, 207 some, 422 none',
          body: ReadingsBody,
          response: { 200: IngestResultOut, 207: IngestResultOut },
        },
      },
      async (req, reply) => {
        const body = req.body;
        let input: Parameters<SensingService['ingestReadings']>[0];
        if (typeof body !== 'string') {
          if (body.length > MAX_ITEMS_PER_REQUEST) throw tooMany('readings', body.length, MAX_ITEMS_PER_REQUEST);
          input = { json: body };
        } else if (/^application\/json/i.test(req.headers['content-type'] ?? '')) {
          input = { jsonText: body };
        } else {
          let lines = 0;
          for (let i = body.indexOf('\n'); i >= 0 && lines <= MAX_ITEMS_PER_REQUEST; i = body.indexOf('\n', i + 1)) lines++;
          if (lines > MAX_ITEMS_PER_REQUEST) throw tooMany('readings', lines, MAX_ITEMS_PER_REQUEST);
          input = { ndjson: body };
        }
        const result = await sensing.ingestReadings(input, scopeOf(req));
        return answerBatch(req, reply, 'readings', result, result.accepted);
      },
    );
  });

  r.post(
    '/api/v1/detections',
    {
      config: { access: { roles: INGEST_ROLES } },
      schema: {
        tags: TAGS,
        summary: 'Store AI detections from registered cameras (one object or an array of up to 1,000): 200 all taken, 207 some, 422 none',
        body: DetectionsBody,
        response: { 200: IngestResultOut, 207: IngestResultOut },
      },
    },
    async (req, reply) => {
      const items = Array.isArray(req.body) ? req.body : [req.body];
      if (items.length > MAX_DETECTIONS_PER_REQUEST) throw tooMany('detections', items.length, MAX_DETECTIONS_PER_REQUEST);
      const result = await sensing.ingestDetections(items, scopeOf(req));
      return answerBatch(req, reply, 'detections', result, result.accepted);
    },
  );

  r.get(
    '/api/v1/ingest/stats',
    {
      config: { access: { roles: STATS_ROLES } },
      schema: {
        tags: TAGS,
        summary:
          'Ingestion counters since this process started: accepted, duplicates, rejections by reason and per device ' +
          '(devices in your jurisdiction; unregistered ids only for callers scoped at the top)',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(10_000).default(100) }),
      },
    },
    async (req) => {
      const scope = scopeOf(req);
      const top = scope.split('/').filter(Boolean).length === 1;
      const include = (id: string) => {
        const facts = sensing.deviceFacts(id);
        return facts ? withinScope(facts.jurisdictionPath, scope) : top;
      };
      return sensing.ingestStats(include, req.query.limit);
    },
  );

  r.get(
    '/api/v1/device-types',
    {
      config: { access: { roles: 'any' } },
      schema: { tags: TAGS, summary: 'Device types: metrics with units and ranges, offline-after interval, detections' },
    },
    async () => ({ items: sensing.deviceTypes() }),
  );
}
