/**
 * `GET /api/v1/live`: the live feed as server-sent events, for every signed-in staff role
 * (machine accounts excepted), limited to the caller's jurisdiction subtree or a narrower one
 * named by `?jurisdiction=`. See service.ts for batching, heartbeats and slow clients, and
 * sse-model.ts for the wire format.
 */
import { PassThrough } from 'node:stream';
import { z } from 'zod';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { typed } from '../platform/http/app.ts';
import type { LiveService, LiveSink } from './service.ts';

/** Who may watch the feed: every staff role; not `gateway` (a machine posting readings). */
export const LIVE_VIEWERS = ['shift_lead', 'dispatcher', 'intake', 'admin', 'inspector', 'handler', 'community_worker', 'auditor'] as const;

const Flag = z.enum(['0', '1']);
const Query = z.object({
  jurisdiction: z.string().min(1).max(64).optional().describe('id or code: only this subtree (inside the caller’s scope)'),
  since: z
    .string()
    .regex(/^(?:\d{1,15}|\d{4}-\d{2}-\d{2}T[\d:.]+(?:Z|[+-]\d{2}:\d{2})|[A-Za-z0-9_-]{1,64})$/, 'epoch ms, ISO-8601 time or an event id')
    .optional()
    .describe('replay from here: epoch ms or ISO time (e.g. a layer’s asOf), or the id of the last event seen'),
  need: z
    .string()
    .regex(/^(?:\d{1,15}|\d{4}-\d{2}-\d{2}T[\d:.]+(?:Z|[+-]\d{2}:\d{2}))$/, 'epoch ms or ISO-8601 time')
    .optional()
    .describe(
      'with a time in `since`: every event from here on must be replayed (default: since); older ones back to `since` ' +
        'are replayed as far as retained, and only a gap after `need` sends `resync` (e.g. since = asOf − 30 min, need = asOf)',
    ),
  batch: Flag.default('1').describe('1: one `batch` message per flush (a JSON array); 0: one `alert`/`case` message per event'),
  kpi: Flag.default('1').describe('1: a `kpi` message every few seconds'),
  once: Flag.default('0').describe('1: send the replay and end (a poll) instead of streaming'),
});

/** `since` as a time, or null when it is an event id. */
function sinceTime(since: string): number | null {
  if (/^\d+$/.test(since)) return Number(since);
  if (/^\d{4}-\d{2}-\d{2}T/.test(since)) {
    const t = Date.parse(since);
    return Number.isFinite(t) ? t : null;
  }
  return null;
}

/**
 * Registers the live route.
 * @example registerLiveRoutes(app, live, geo);
 */
export function registerLiveRoutes(app: FastifyInstance, live: LiveService, geo: { require(idOrCode: string): { path: string } }): void {
  const scopeOf = (req: FastifyRequest) => {
    const j = (req.query as { jurisdiction?: string }).jurisdiction;
    return j ? geo.require(j).path : null;
  };
  typed(app).get(
    '/api/v1/live',
    {
      // A HEAD would open a stream nobody reads.
      exposeHeadRoute: false,
      config: { access: { roles: LIVE_VIEWERS, scope: scopeOf, scopeMiss: 'forbidden' } },
      schema: {
        tags: ['live'],
        summary: 'Live alert and case events (text/event-stream) in the caller’s subtree, batched every 100 ms',
        description:
          'Messages: `batch` (id = last event id; data = JSON array of events, each with kind alert|case) or, with batch=0, ' +
          '`alert`/`case` (one event each); `kpi` (the /screen/kpis answer, every 5 s); `resync` (events were dropped or cannot ' +
          'be replayed: refetch layers and KPIs). A comment every 15 s of silence. Reconnects replay from `Last-Event-ID` ' +
          'or `since` out of the last 10,000 events.',
        querystring: Query,
      },
    },
    async (req, reply) => {
      const q = req.query;
      const header = req.headers['last-event-id'];
      const headerId = typeof header === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(header) ? header : null;
      const since = q.since === undefined ? null : sinceTime(q.since);
      const need = q.need === undefined ? null : sinceTime(q.need);
      const sinceId = q.since !== undefined && since === null ? q.since : null;
      const stream = new PassThrough();
      const sink: LiveSink = {
        write: (chunk) => stream.write(chunk),
        onceDrain: (listener) => void stream.once('drain', listener),
        end: () => void stream.end(),
      };
      const connection = live.connect(
        {
          scopePath: q.jurisdiction ? geo.require(q.jurisdiction).path : req.principal!.scopePath,
          lastEventId: headerId ?? sinceId,
          since: headerId === null ? since : null,
          need,
          batch: q.batch === '1',
          kpi: q.kpi === '1',
          once: q.once === '1',
        },
        sink,
      );
      // Whichever ends first: the client going away, or the stream (closed by the service).
      reply.raw.once('close', () => connection.close());
      stream.once('close', () => connection.close());
      void reply
        .header('content-type', 'text/event-stream; charset=utf-8')
        .header('cache-control', 'no-cache, no-transform')
        .header('x-accel-buffering', 'no');
      return reply.send(stream);
    },
  );
}
