/**
 * HTTP routes of the base-data registry: list, read, import, export.
 *
 * Who may read (documented in ARCHITECTURE.md): community workers (居委会), dispatchers, shift
 * leads and administrators read records inside their jurisdiction, protected fields masked
 * unless they name a purpose (`?purpose=`) an active grant of theirs covers; handlers
 * (department staff) read only records a grant of theirs covers. Imports come from a
 * department's token (a handler account) or an administrator, checked row by row against their
 * jurisdiction. Bulk exports are for shift leads and administrators, masked without a
 * `bulk_export` grant over the exported jurisdiction.
 */
import { z } from 'zod';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { typed } from '../platform/http/app.ts';
import { invalid } from '../platform/errors.ts';
import { RECORD_KINDS } from './classification.ts';
import { EXPORT_FORMATS } from './export-model.ts';
import { PURPOSES, type Purpose } from './grant-model.ts';
import { parseRegistryCsv, parseRegistryJson, MAX_IMPORT_ROWS } from './import-file.ts';
import { GRANT_ONLY_READERS, SCOPE_READERS } from './read-service.ts';
import type { RegistryService } from './service.ts';

/** Roles that may call the read routes (handlers see only what their grants cover). */
export const REGISTRY_READERS = [...SCOPE_READERS, ...GRANT_ONLY_READERS] as const;
/** Roles that import: administrators, and departments through a handler account's token. */
export const REGISTRY_IMPORTERS = ['admin', 'handler'] as const;
/** Roles that export in bulk. */
export const REGISTRY_EXPORTERS = ['shift_lead', 'admin'] as const;

/** Largest import body: 50,000 rows of a few hundred bytes. */
const MAX_IMPORT_BODY = 32 * 1024 * 1024;

const Kind = z.enum(RECORD_KINDS);
const Id = z.string().min(1).max(64);
const PurposeCode = z.enum(Object.keys(PURPOSES) as [Purpose, ...Purpose[]]);
const FieldValueOut = z.union([z.string(), z.array(z.string()), z.null()]);

/** A record as answered. */
export const RecordOut = z.object({
  id: z.string(),
  kind: Kind,
  communityId: z.string(),
  jurisdictionPath: z.string(),
  building: z.string().nullable(),
  tags: z.array(z.string()),
  fields: z.record(z.string(), FieldValueOut),
  masked: z.array(z.string()).describe('fields shown masked; empty when a grant revealed them'),
  grantId: z.string().nullable().describe('the purpose grant that revealed protected fields'),
  createdAt: z.number(),
  updatedAt: z.number(),
});

const ReadQuery = z.object({
  purpose: PurposeCode.optional().describe('the purpose of this read; an active grant of yours for it unmasks what it covers'),
  caseId: Id.optional().describe('the case the purpose serves, when the grant names one'),
});
const ListQuery = ReadQuery.extend({
  jurisdiction: Id.optional().describe('a jurisdiction (id or code) inside yours'),
  community: Id.optional().describe('a community (居村) by id or code'),
  tag: z.string().min(1).max(40).optional(),
  q: z.string().min(1).max(100).optional().describe('text in public fields'),
  cursor: Id.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const RowProblemOut = z.object({ row: z.number().int(), field: z.string(), message: z.string() });
const ImportOut = z.object({
  kind: Kind,
  total: z.number().int(),
  accepted: z.number().int().describe('rows stored as new records'),
  updated: z.number().int().describe('rows that updated the record with the same natural key'),
  rejectedRows: z.number().int(),
  rejected: z.array(RowProblemOut).describe('every problem of every refused row; rows count data rows from 0'),
  records: z.array(z.object({ row: z.number().int(), id: z.string(), updated: z.boolean() })),
});

/** Where geo finds a jurisdiction. */
export interface RegistryRouteDeps {
  geo: { find(idOrCode: string): { id: string; path: string } | undefined };
}

/**
 * Registers `/api/v1/registry/…`.
 * @example registerRegistryRoutes(app, services.registry, { geo });
 */
export function registerRegistryRoutes(app: FastifyInstance, registry: RegistryService, deps: RegistryRouteDeps): void {
  if (!app.hasContentTypeParser('text/csv'))
    app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  const r = typed(app);
  const jurisdictionPath = (idOrCode: string | undefined): string | undefined => {
    if (idOrCode === undefined) return undefined;
    const j = deps.geo.find(idOrCode);
    if (!j) throw invalid('query.jurisdiction', 'no such jurisdiction');
    return j.path;
  };
  /** Scope of a `?jurisdiction=` filter; none means the service filters by the caller's scope. */
  const queryScope = (req: FastifyRequest) => jurisdictionPath((req.query as { jurisdiction?: string }).jurisdiction) ?? null;

  r.get(
    '/api/v1/registry/:kind',
    {
      config: { access: { roles: REGISTRY_READERS, scope: queryScope, scopeMiss: 'forbidden' } },
      schema: {
        tags: ['registry'],
        summary:
          'Records of a kind inside your jurisdiction, protected fields masked unless a grant for `purpose` covers them; each is audited',
        params: z.object({ kind: Kind }),
        querystring: ListQuery,
        response: { 200: z.object({ items: z.array(RecordOut), nextCursor: z.string().nullable() }) },
      },
    },
    async (req) => {
      const q = req.query;
      let communityId: string | undefined;
      if (q.community !== undefined) {
        const c = registry.community(q.community);
        if (!c) throw invalid('query.community', 'no such community');
        communityId = c.id;
      }
      const scopePath = jurisdictionPath(q.jurisdiction);
      return registry.list(req.params.kind, req.principal!, {
        limit: q.limit,
        purpose: q.purpose,
        caseId: q.caseId,
        ...(scopePath !== undefined ? { scopePath } : {}),
        ...(communityId !== undefined ? { communityId } : {}),
        ...(q.tag !== undefined ? { tag: q.tag } : {}),
        ...(q.q !== undefined ? { q: q.q } : {}),
        ...(q.cursor !== undefined ? { cursor: q.cursor } : {}),
      });
    },
  );

  r.get(
    '/api/v1/registry/:kind/export',
    {
      config: { access: { roles: REGISTRY_EXPORTERS, scope: queryScope, scopeMiss: 'forbidden' } },
      schema: {
        tags: ['registry'],
        summary:
          'Every record of a kind in a jurisdiction as CSV or XLSX; masked unless you hold a bulk_export grant over it (core fields stay masked); audited',
        params: z.object({ kind: Kind }),
        querystring: z.object({
          format: z.enum(EXPORT_FORMATS).default('xlsx'),
          jurisdiction: Id.optional(),
          community: Id.optional(),
          tag: z.string().min(1).max(40).optional(),
        }),
      },
    },
    async (req, reply) => {
      const q = req.query;
      const scopePath = jurisdictionPath(q.jurisdiction);
      const community = q.community !== undefined ? registry.community(q.community) : undefined;
      if (q.community !== undefined && !community) throw invalid('query.community', 'no such community');
      const file = await registry.export(
        req.params.kind,
        req.principal!,
        {
          ...(scopePath !== undefined ? { scopePath } : {}),
          ...(community ? { communityId: community.id } : {}),
          ...(q.tag !== undefined ? { tag: q.tag } : {}),
        },
        q.format,
      );
      void reply.header('content-type', file.contentType);
      void reply.header('content-disposition', `attachment; filename="${file.fileName}"`);
      void reply.header('x-cityops-masked', String(file.masked));
      return reply.send(file.body);
    },
  );

  r.get(
    '/api/v1/registry/:kind/:id',
    {
      // The service answers 404 for a record outside the caller's scope (and audits the attempt).
      config: { access: { roles: REGISTRY_READERS } },
      schema: {
        tags: ['registry'],
        summary: 'One record; 404 when it is outside your jurisdiction; masked unless a grant for `purpose` covers it; audited',
        params: z.object({ kind: Kind, id: Id }),
        querystring: ReadQuery,
        response: { 200: RecordOut },
      },
    },
    async (req) => registry.get(req.params.kind, req.params.id, req.principal!, req.query),
  );

  r.post(
    '/api/v1/registry/:kind/import',
    {
      bodyLimit: MAX_IMPORT_BODY,
      config: { access: { roles: REGISTRY_IMPORTERS } },
      schema: {
        tags: ['registry'],
        summary:
          `Import records (≤ ${MAX_IMPORT_ROWS}) from CSV (text/csv, header row, field names or Chinese labels) or JSON (an array or ` +
          '{"records": [...]}); rows upsert by ID-number hash, credit code, or building+unit+room; bad rows and rows outside your ' +
          'jurisdiction are refused with the field; each row is stored whole or not at all',
        params: z.object({ kind: Kind }),
        body: z.union([z.string(), z.array(z.unknown()), z.object({ records: z.array(z.unknown()) })]),
        response: { 200: ImportOut },
      },
    },
    async (req) => {
      const isCsv = /^text\/csv\b/i.test(req.headers['content-type'] ?? '');
      const kind = req.params.kind;
      const rows = typeof req.body === 'string' && isCsv ? parseRegistryCsv(kind, req.body) : parseRegistryJson(req.body);
      return registry.import(kind, rows, req.principal!);
    },
  );
}
