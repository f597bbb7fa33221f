/**
 * HTTP routes of the published scenarios: the public register (JSON, CSV, Atom), the frozen
 * monthly snapshots (list, document byte for byte, chain verification), and the admin edits
 * and freeze (role admin at the city's scope, audited by the service).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { typed } from '../../platform/http/app.ts';
import { conflict, notFound } from '../../platform/errors.ts';
import { fieldsOf, type ScenarioRecord } from './model.ts';
import type { ScenariosService } from './service.ts';
import {
  Month,
  REGISTER_EDITORS,
  ScenarioBody,
  ScenarioOut,
  ScenarioPatch,
  ScenarioRecordOut,
  SnapshotHeadOut,
  VerifyOut,
} from './route-schemas.ts';

/** What the routes need besides the service. */
export interface ScenarioRouteDeps {
  /** The city's jurisdiction path: register edits are city-level admin work. */
  topPath(): string | null;
}

function recordOut(s: ScenarioRecord) {
  return { id: s.id, ...fieldsOf(s), createdAt: s.createdAt, updatedAt: s.updatedAt, version: s.version };
}

/**
 * Registers `/api/v1/public/scenarios…` and `/api/v1/scenarios…`.
 * @example registerScenarioRoutes(app, services.scenarios, { topPath: () => geo.list('city')[0]?.path ?? null });
 */
export function registerScenarioRoutes(app: FastifyInstance, scenarios: ScenariosService, deps: ScenarioRouteDeps): void {
  const r = typed(app);
  const publicAccess = { access: { public: true as const } };
  // A district admin administers their district; the city's register is the city's.
  const admin = { access: { roles: REGISTER_EDITORS, scope: () => deps.topPath() ?? '/', scopeMiss: 'forbidden' as const } };

  r.get(
    '/api/v1/public/scenarios',
    {
      config: publicAccess,
      schema: {
        tags: ['public'],
        summary:
          'The register of application scenarios (应用场景建设情况) with monthly figures computed from the alerts and cases on record: ' +
          'alerts raised by the rules a scenario watches, cases in its categories closed in the month, the share closed on time',
        response: { 200: z.object({ items: z.array(ScenarioOut), generatedAt: z.number() }) },
      },
    },
    () => scenarios.list(),
  );

  r.get(
    '/api/v1/public/scenarios.csv',
    {
      config: publicAccess,
      schema: { tags: ['public'], summary: 'The register as CSV: one row per scenario and month (UTF-8 with BOM, RFC 4180)' },
    },
    async (_req, reply) => {
      void reply.header('content-type', 'text/csv; charset=utf-8');
      void reply.header('content-disposition', 'attachment; filename="scenarios.csv"');
      return reply.send(await scenarios.csv());
    },
  );

  r.get(
    '/api/v1/public/scenarios.atom',
    {
      config: publicAccess,
      schema: {
        tags: ['public'],
        summary: 'Atom 1.0 feed: one entry per change to the register and per frozen monthly snapshot, newest first',
      },
    },
    async (_req, reply) => {
      void reply.header('content-type', 'application/atom+xml; charset=utf-8');
      return reply.send(await scenarios.atom());
    },
  );

  r.get(
    '/api/v1/public/scenarios/snapshots',
    {
      config: publicAccess,
      schema: {
        tags: ['public'],
        summary: 'The frozen months, oldest first, each with the SHA-256 of its document and of the one before (a chain)',
        response: { 200: z.object({ items: z.array(SnapshotHeadOut) }) },
      },
    },
    async () => ({
      items: (await scenarios.snapshots()).map((s) => ({
        month: s.month,
        frozenAt: s.frozenAt,
        sha256: s.sha256,
        previousSha256: s.prevSha256,
      })),
    }),
  );

  r.get(
    '/api/v1/public/scenarios/snapshots/verify',
    {
      config: publicAccess,
      schema: {
        tags: ['public'],
        summary: 'Checks every stored snapshot against its SHA-256 and the chain: a quiet rewrite shows here',
        response: { 200: VerifyOut },
      },
    },
    () => scenarios.verify(),
  );

  r.get(
    '/api/v1/public/scenarios/snapshots/:month',
    {
      config: publicAccess,
      schema: {
        tags: ['public'],
        summary:
          'One frozen month: the register and its figures as at the month’s end, byte for byte as frozen (ETag and Repr-Digest from its SHA-256)',
        params: z.object({ month: Month }),
      },
    },
    async (req, reply) => {
      const s = await scenarios.snapshot(req.params.month);
      if (!s) throw notFound(`snapshot of ${req.params.month}`, 'SNAPSHOT_NOT_FOUND');
      const bytes = Buffer.from(s.document, 'utf8');
      void reply.header('content-type', 'application/json; charset=utf-8');
      void reply.header('etag', `"${s.sha256}"`);
      void reply.header('repr-digest', `sha-256=:${Buffer.from(s.sha256, 'hex').toString('base64')}:`);
      void reply.header('cache-control', 'public, max-age=86400, immutable');
      return reply.send(bytes);
    },
  );

  r.post(
    '/api/v1/scenarios',
    {
      config: admin,
      schema: {
        tags: ['public'],
        summary: 'Add a scenario to the register (admin at the city; audited; published at once)',
        body: ScenarioBody,
        response: { 201: ScenarioRecordOut },
      },
    },
    async (req, reply) => {
      const p = req.principal!;
      const s = await scenarios.create(req.body, { userId: p.userId, username: p.username });
      reply.code(201);
      return recordOut(s);
    },
  );

  r.patch(
    '/api/v1/scenarios/:id',
    {
      config: admin,
      schema: {
        tags: ['public'],
        summary: 'Edit a scenario (status, launch date, what it watches …); `version` guards against lost updates (409). Audited',
        params: z.object({ id: z.string().min(1).max(64) }),
        body: ScenarioPatch,
        response: { 200: ScenarioRecordOut },
      },
    },
    async (req) => {
      const p = req.principal!;
      const { version, ...patch } = req.body;
      const fields = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
      return recordOut(await scenarios.update(req.params.id, fields, { userId: p.userId, username: p.username }, version));
    },
  );

  r.post(
    '/api/v1/scenarios/snapshots',
    {
      config: admin,
      schema: {
        tags: ['public'],
        summary: 'Freeze a finished month now (the scheduler does it for the previous month by itself); 409 if frozen already. Audited',
        body: z.strictObject({ month: Month }),
        response: { 201: SnapshotHeadOut },
      },
    },
    async (req, reply) => {
      const p = req.principal!;
      const { snapshot, created } = await scenarios.freeze(req.body.month, { userId: p.userId, username: p.username });
      if (!created)
        throw conflict(
          `${snapshot.month} was frozen at ${new Date(snapshot.frozenAt).toISOString()}; snapshots are never changed`,
          'SNAPSHOT_FROZEN',
        );
      reply.code(201);
      return { month: snapshot.month, frozenAt: snapshot.frozenAt, sha256: snapshot.sha256, previousSha256: snapshot.prevSha256 };
    },
  );
}
