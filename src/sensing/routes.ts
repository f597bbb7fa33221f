/**
 * HTTP routes for devices: CRUD, secret rotation, bulk import and reading history. Writes are
 * for admins; reads for the centre's roles and the field roles that act on devices. Every
 * route is scope-checked against the device's (or the new location's) jurisdiction path.
 */
import { z } from 'zod';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { typed } from '../platform/http/app.ts';
import { invalid } from '../platform/errors.ts';
import { recordScope, type Principal } from '../platform/http/access.ts';
import { parseTimestamp } from './ingest-model.ts';
import { parseDeviceCsv, parseDeviceJson } from './device-import.ts';
import { registerIngestRoutes } from './ingest-routes.ts';
import { answerBatch } from './batch-answer.ts';
import {
  DeviceCreate,
  DeviceDetailOut,
  DeviceIdParam,
  DeviceListQuery,
  DeviceOut,
  DevicePatchBody,
  HistoryOut,
  HistoryQuery,
  ImportReportOut,
} from './route-schemas.ts';
import type { SensingService } from './service.ts';

/** Roles that may register, change and delete devices. */
export const DEVICE_WRITE_ROLES = ['admin'] as const;
/**
 * Roles that may see devices and their readings: the centre (admin, shift lead, dispatcher)
 * and the field roles sent to devices (inspectors, community workers). Devices may point at a
 * household (e.g. an elderly resident living alone), so intake, handlers and auditors do not.
 */
export const DEVICE_READ_ROLES = ['admin', 'shift_lead', 'dispatcher', 'inspector', 'community_worker'] as const;

const TAGS = ['sensing'];

/**
 * Registers the sensing routes: devices (here) and ingestion (ingest-routes.ts).
 * @example registerSensingRoutes(app, sensing);
 */
export function registerSensingRoutes(app: FastifyInstance, sensing: SensingService): void {
  const r = typed(app);
  for (const type of ['text/csv', 'application/x-ndjson']) {
    if (!app.hasContentTypeParser(type)) app.addContentTypeParser(type, { parseAs: 'string' }, (_req, body, done) => done(null, body));
  }
  /** Scope of the device in the path; unknown devices answer 404. */
  const deviceScope = recordScope(
    'device',
    'DEVICE_NOT_FOUND',
    (req) => sensing.deviceFacts((req.params as { id: string }).id)?.jurisdictionPath,
  );
  const scopeOf = (req: FastifyRequest): string => (req.principal as Principal).scopePath;
  /** Scope of `?jurisdiction=` (id or code; unknown → 404), or null to act in the caller's scope. */
  const queryJurisdiction = (req: FastifyRequest) => {
    const j = (req.query as { jurisdiction?: string }).jurisdiction;
    return j === undefined ? null : sensing.jurisdictionPath(j);
  };

  r.post(
    '/api/v1/devices',
    {
      config: {
        access: {
          roles: DEVICE_WRITE_ROLES,
          scopeMiss: 'forbidden',
          scopeField: 'body.location',
          scope: (req) => {
            const { lon, lat, crs } = (req.body as z.infer<typeof DeviceCreate>).location;
            const path = sensing.pathAt(lon, lat, crs);
            if (path === null) throw invalid('body.location', 'the location lies in no jurisdiction', 'OUTSIDE_ALL_JURISDICTIONS');
            return path;
          },
        },
      },
      schema: {
        tags: TAGS,
        summary: 'Register a device; the answer holds its secret, shown this once',
        body: DeviceCreate,
        response: { 201: z.object({ device: DeviceOut, secret: z.string() }) },
      },
    },
    async (req, reply) => {
      const { location, secret, ...rest } = req.body;
      const created = await sensing.createDevice({ ...rest, ...location, ...(secret ? { secret } : {}) }, scopeOf(req));
      const device = await sensing.getDevice(created.device.id, scopeOf(req));
      return reply.code(201).send({ device, secret: created.secret });
    },
  );

  r.get(
    '/api/v1/devices',
    {
      config: {
        access: {
          roles: DEVICE_READ_ROLES,
          scopeMiss: 'forbidden',
          scope: queryJurisdiction,
          scopeField: 'query.jurisdiction',
        },
      },
      schema: {
        tags: TAGS,
        summary: 'Devices in a jurisdiction subtree (default: the caller’s scope), by type and tag, with online status',
        querystring: DeviceListQuery,
        response: { 200: z.object({ items: z.array(DeviceOut), nextCursor: z.string().nullable() }) },
      },
    },
    async (req) => {
      const { jurisdiction, type, tag, cursor, limit } = req.query;
      return sensing.listDevices({
        scopePath: jurisdiction === undefined ? scopeOf(req) : sensing.jurisdictionPath(jurisdiction),
        limit,
        ...(type !== undefined ? { type } : {}),
        ...(tag !== undefined ? { tag } : {}),
        ...(cursor !== undefined ? { cursor } : {}),
      });
    },
  );

  r.get(
    '/api/v1/devices/:id',
    {
      config: { access: { roles: DEVICE_READ_ROLES, scope: deviceScope } },
      schema: { tags: TAGS, summary: 'One device with its newest values', params: DeviceIdParam, response: { 200: DeviceDetailOut } },
    },
    async (req) => sensing.getDevice(req.params.id, scopeOf(req)),
  );

  r.patch(
    '/api/v1/devices/:id',
    {
      config: { access: { roles: DEVICE_WRITE_ROLES, scope: deviceScope } },
      schema: {
        tags: TAGS,
        summary: 'Change a device (not its id or type); a new location must lie in your jurisdiction',
        params: DeviceIdParam,
        body: DevicePatchBody,
        response: { 200: DeviceDetailOut },
      },
    },
    async (req) => {
      await sensing.updateDevice(req.params.id, req.body, scopeOf(req));
      return sensing.getDevice(req.params.id, scopeOf(req));
    },
  );

  r.delete(
    '/api/v1/devices/:id',
    {
      config: { access: { roles: DEVICE_WRITE_ROLES, scope: deviceScope } },
      schema: { tags: TAGS, summary: 'Delete a device (its stored readings stay)', params: DeviceIdParam },
    },
    async (req, reply) => {
      await sensing.deleteDevice(req.params.id, scopeOf(req));
      return reply.code(204).send();
    },
  );

  r.post(
    '/api/v1/devices/:id/secret',
    {
      config: { access: { roles: DEVICE_WRITE_ROLES, scope: deviceScope } },
      schema: {
        tags: TAGS,
        summary: 'Give a device a new secret (shown this once); the old one stops working',
        params: DeviceIdParam,
        response: { 200: z.object({ secret: z.string() }) },
      },
    },
    async (req) => ({ secret: await sensing.rotateDeviceSecret(req.params.id, scopeOf(req)) }),
  );

  r.get(
    '/api/v1/devices/:id/readings',
    {
      config: { access: { roles: DEVICE_READ_ROLES, scope: deviceScope } },
      schema: {
        tags: TAGS,
        summary: 'Readings of one device over a time range (at most 31 days), in event time',
        params: DeviceIdParam,
        querystring: HistoryQuery,
        response: { 200: HistoryOut },
      },
    },
    async (req) => {
      const { metric, from, to, cursor, limit } = req.query;
      const time = (v: string | undefined, field: string): number | undefined => {
        if (v === undefined) return undefined;
        const ms = parseTimestamp(/^\d+$/.test(v) ? Number(v) : v);
        if (ms === null) throw invalid(`query.${field}`, 'epoch ms or ISO-8601 with a time zone');
        return ms;
      };
      const fromMs = time(from, 'from');
      const toMs = time(to, 'to');
      return sensing.deviceHistory(req.params.id, scopeOf(req), {
        limit,
        ...(metric !== undefined ? { metric } : {}),
        ...(fromMs !== undefined ? { from: fromMs } : {}),
        ...(toMs !== undefined ? { to: toMs } : {}),
        ...(cursor !== undefined ? { cursor } : {}),
      });
    },
  );

  r.post(
    '/api/v1/devices/import',
    {
      bodyLimit: 32 * 1024 * 1024,
      config: { access: { roles: DEVICE_WRITE_ROLES, scope: queryJurisdiction, scopeMiss: 'forbidden', scopeField: 'query.jurisdiction' } },
      schema: {
        tags: TAGS,
        summary:
          'Import devices from CSV (text/csv, header row) or JSON. mode=rows (default) stores the valid rows and reports the rest; ' +
          'mode=all stores nothing unless every row is valid. Rows outside `jurisdiction` (default: your scope) are refused. ' +
          '200 all stored, 207 some, 422 none (a problem document carrying the same report).',
        querystring: z.object({
          mode: z.enum(['rows', 'all']).default('rows'),
          jurisdiction: z.string().min(1).max(64).optional().describe('jurisdiction id or code every device must lie in'),
        }),
        body: z.union([z.string(), z.array(z.unknown()), z.object({ devices: z.array(z.unknown()) })]),
        response: { 200: ImportReportOut, 207: ImportReportOut },
      },
    },
    async (req, reply) => {
      const rows = typeof req.body === 'string' ? parseDeviceCsv(req.body) : parseDeviceJson(req.body);
      const j = req.query.jurisdiction;
      const report = await sensing.importDevices(rows, j === undefined ? scopeOf(req) : sensing.jurisdictionPath(j), req.query.mode);
      return answerBatch(req, reply, 'devices', report, report.created);
    },
  );

  registerIngestRoutes(app, sensing);
}
