/**
 * HTTP routes of open statistics: the months published and a month's indicators per district
 * as JSON and CSV. Public; suppressed figures are null (JSON) or empty (CSV).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { typed } from '../../platform/http/app.ts';
import { Month } from '../scenarios/route-schemas.ts';
import type { OpenStatsService } from './service.ts';

const Cell = z.object({ category: z.string(), name: z.string(), nameEn: z.string(), count: z.number().nullable() });
const District = z.object({
  code: z.string(),
  name: z.string(),
  nameEn: z.string(),
  cases: z.number().nullable(),
  byCategory: z.array(Cell),
  onTimeRate: z.number().nullable(),
  closingRate: z.number().nullable(),
  avgHandlingHours: z.number().nullable(),
});
const StatsOut = z.object({ month: z.string(), suppressionThreshold: z.number(), districts: z.array(District) });

/**
 * Registers `/api/v1/public/stats…`.
 * @example registerOpenStatsRoutes(app, services.openStats);
 */
export function registerOpenStatsRoutes(app: FastifyInstance, stats: OpenStatsService): void {
  const r = typed(app);
  const config = { access: { public: true as const } };
  const Query = z.object({ month: Month });

  r.get(
    '/api/v1/public/stats/months',
    {
      config,
      schema: {
        tags: ['public'],
        summary: 'The months open statistics cover, newest first',
        response: { 200: z.object({ items: z.array(z.string()) }) },
      },
    },
    async () => ({ items: await stats.months() }),
  );

  r.get(
    '/api/v1/public/stats',
    {
      config,
      schema: {
        tags: ['public'],
        summary:
          'A month’s indicators per district from the cases on record: cases reported by category, on-time handling rate, closing rate, ' +
          'average handling time (working hours). Counts below suppressionThreshold are null, with a second cell hidden where one ' +
          'could be worked out from the total; rates and averages over fewer cases are null',
        querystring: Query,
        response: { 200: StatsOut },
      },
    },
    (req) => stats.month(req.query.month),
  );

  r.get(
    '/api/v1/public/stats.csv',
    {
      config,
      schema: { tags: ['public'], summary: 'The same as CSV (UTF-8 with BOM, RFC 4180); suppressed figures are empty', querystring: Query },
    },
    async (req, reply) => {
      void reply.header('content-type', 'text/csv; charset=utf-8');
      void reply.header('content-disposition', `attachment; filename="open-stats-${req.query.month}.csv"`);
      return reply.send(await stats.csv(req.query.month));
    },
  );
}
