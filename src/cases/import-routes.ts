/**
 * `POST /api/v1/cases/import`: bulk import of 12345 hotline work orders (CSV or JSON) into cases,
 * for the intake desk, an administrator, or the hotline system itself with a machine token. The
 * answer is the row-by-row report: 200 even when rows were refused (the caller reads `rejected`),
 * 400 only when the file itself is broken, and then nothing was imported.
 */
import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { typed } from '../platform/http/app.ts';
import { CASE_STATES } from './case-types.ts';
import { actorOf } from './case-routes.ts';
import type { CasesService } from './service.ts';
import { importWorkOrders, parseWorkOrderCsv, parseWorkOrderJson, MAX_WORK_ORDERS } from './work-order-import.ts';

/**
 * Who may import: the intake desk (受理员), administrators, and `gateway` machine accounts — the
 * 12345 system posting its work orders with a bearer token. Rows are checked against the
 * caller's scope one by one, so the route declares no scope resolver of its own.
 */
export const IMPORT_ROLES = ['admin', 'intake', 'gateway'] as const;

/** Largest body: 100,000 rows of a few hundred bytes each. */
const MAX_IMPORT_BODY = 64 * 1024 * 1024;

const RowProblemOut = z.object({ row: z.number().int(), field: z.string(), message: z.string() });

/** The import report as answered. */
export const WorkOrderImportOut = z.object({
  total: z.number().int(),
  accepted: z.number().int().describe('rows filed as new cases'),
  existing: z.number().int().describe('rows whose work order already was a case (a re-import)'),
  rejectedRows: z.number().int(),
  rejected: z.array(RowProblemOut).describe('every problem of every refused row; row counts data rows from 0'),
  cases: z.array(
    z.object({ row: z.number().int(), caseId: z.string(), code: z.string(), state: z.enum(CASE_STATES), existing: z.boolean() }),
  ),
});

/**
 * Registers the import route (a `text/csv` parser too, unless another module registered one).
 * @example registerImportRoutes(app, cases);
 */
export function registerImportRoutes(app: FastifyInstance, cases: CasesService): void {
  if (!app.hasContentTypeParser('text/csv'))
    app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  const r = typed(app);

  r.post(
    '/api/v1/cases/import',
    {
      bodyLimit: MAX_IMPORT_BODY,
      config: { access: { roles: IMPORT_ROLES } },
      schema: {
        tags: ['cases'],
        summary:
          `Import 12345 work orders (≤ ${MAX_WORK_ORDERS}) from CSV (text/csv, header row, English or Chinese headers) or JSON ` +
          '(an array or {"workOrders": [...]}); each good row becomes a case, filed and dispatched by the matrix; bad rows and rows ' +
          'outside your scope are refused with the field; a work order imported before answers its case as existing',
        body: z.union([z.string(), z.array(z.unknown()), z.object({ workOrders: z.array(z.unknown()) })]),
        response: { 200: WorkOrderImportOut },
      },
    },
    async (req) => {
      // A JSON string body is not a CSV file: only a text/csv body is read as one.
      const isCsv = /^text\/csv\b/i.test(req.headers['content-type'] ?? '');
      const rows = typeof req.body === 'string' && isCsv ? parseWorkOrderCsv(req.body) : parseWorkOrderJson(req.body);
      return importWorkOrders(cases, rows, actorOf(req.principal!));
    },
  );
}
