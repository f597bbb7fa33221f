/**
 * `GET /api/v1/evaluation`: the evaluation indicators (综合评价) of a scope over a period, as
 * JSON, or as a CSV or XLSX download (`/export`), for centre staff, admins and auditors of that scope.
 */
import { z } from 'zod';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { typed } from '../platform/http/app.ts';
import { invalid } from '../platform/errors.ts';
import { Id, QueryInstant } from './case-schemas.ts';
import type { CasesService } from './service.ts';
import { COUNT_KEYS } from './evaluation-model.ts';

/** Who reads the evaluation. */
export const EVALUATION_READERS = ['admin', 'shift_lead', 'dispatcher', 'auditor'] as const;

const Counts = z.object(Object.fromEntries(COUNT_KEYS.map((k) => [k, z.number()])) as Record<(typeof COUNT_KEYS)[number], z.ZodNumber>);
const IndicatorsOut = z.object({
  filed: z.number(),
  dispatched: z.number(),
  handled: z.number(),
  closed: z.number(),
  pending: z.number(),
  accurateDispatchRate: z.number().nullable(),
  onTimeHandlingRate: z.number().nullable(),
  closingRate: z.number().nullable(),
  onTimeClosingRate: z.number().nullable(),
  reworkRate: z.number().nullable(),
  extensionRate: z.number().nullable(),
  overduePendingRate: z.number().nullable(),
  averageHandlingHours: z.number().nullable(),
  compositeScore: z.number().nullable(),
});

const Query = z.object({
  from: QueryInstant,
  to: QueryInstant,
  groupBy: z
    .enum(['unit', 'jurisdiction', 'centre', 'category', 'source'])
    .default('unit')
    .describe(
      'unit: the handling unit; jurisdiction (at `depth`); centre: the operation centre in charge (the dispatching role); ' +
        'category; source: the role or channel that found the case (inspector, hotline, citizen, alert, community, import)',
    ),
  jurisdiction: Id.optional(),
  depth: z.coerce.number().int().min(1).max(10).optional(),
});

const MAX_PERIOD_MS = 366 * 86_400_000;

/**
 * Registers the evaluation route.
 * @example registerEvaluationRoutes(app, evaluation, geo);
 */
export function registerEvaluationRoutes(
  app: FastifyInstance,
  evaluation: CasesService['evaluation'],
  geo: { require(idOrCode: string): { path: string; name: string } },
): void {
  const scopeOf = (req: FastifyRequest) => {
    const j = (req.query as { jurisdiction?: string }).jurisdiction;
    return j ? geo.require(j).path : null;
  };
  const r = typed(app);
  const query = (req: FastifyRequest & { query: z.infer<typeof Query> }) => {
    const q = req.query;
    if (q.to <= q.from) throw invalid('query.to', 'must be after from');
    if (q.to - q.from > MAX_PERIOD_MS) throw invalid('query.to', 'a period is at most a year');
    const scopePath = q.jurisdiction ? geo.require(q.jurisdiction).path : req.principal!.scopePath;
    return { from: q.from, to: q.to, groupBy: q.groupBy, scopePath, ...(q.depth !== undefined ? { depth: q.depth } : {}) };
  };
  const access = { roles: EVALUATION_READERS, scope: scopeOf, scopeMiss: 'forbidden' as const };

  r.get(
    '/api/v1/evaluation',
    {
      config: { access },
      schema: {
        tags: ['cases'],
        summary:
          'Evaluation indicators (准确派遣率, 按期处置率, 结案率, 按期结案率, 返工率, 延期率, 超期待处置率, average handling hours, composite score) ' +
          'per unit, jurisdiction, centre, category or source over [from, to), inside the caller’s scope',
        querystring: Query,
        response: {
          200: z.object({
            from: z.number(),
            to: z.number(),
            groupBy: z.string(),
            scopePath: z.string(),
            rows: z.array(
              z.object({ groupKey: z.string().nullable(), groupName: z.string().nullable(), counts: Counts, indicators: IndicatorsOut }),
            ),
          }),
        },
      },
    },
    async (req) => {
      const q = query(req);
      return { ...q, rows: await evaluation.evaluate(q) };
    },
  );

  r.get(
    '/api/v1/evaluation/export',
    {
      config: { access },
      schema: {
        tags: ['cases'],
        summary: 'The evaluation table as a download: CSV (UTF-8 with BOM, opens in Excel) or XLSX',
        querystring: Query.extend({ format: z.enum(['csv', 'xlsx']).default('xlsx') }),
      },
    },
    async (req, reply) => {
      const q = query(req);
      const scopeName = req.query.jurisdiction ? geo.require(req.query.jurisdiction).name : q.scopePath;
      const file = await evaluation.export(q, req.query.format, scopeName);
      const type =
        req.query.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
      void reply.header('content-type', type);
      void reply.header('content-disposition', `attachment; filename="evaluation-${q.groupBy}.${req.query.format}"`);
      return reply.send(file);
    },
  );
}
