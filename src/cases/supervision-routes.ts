/**
 * HTTP routes of supervision (督办) and duplicate decisions (重复件): the supervision board's
 * orders and their resolution, and the duplicates proposed beside a case in the dispatch queue.
 */
import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { typed } from '../platform/http/app.ts';
import type { CasesService } from './service.ts';
import { actorOf, CASE_READERS, caseScopeOf } from './case-routes.ts';
import { CaseOut, EventOut, Id, Instant } from './case-schemas.ts';

/** Who supervises: shift leads and dispatchers of the centre an order is addressed to. */
export const SUPERVISORS = ['shift_lead', 'dispatcher'] as const;

const OrderOut = z.object({
  id: z.string(),
  caseId: z.string(),
  fromCentreId: z.string(),
  toCentreId: z.string(),
  toCentreLevel: z.string(),
  step: z.string(),
  stepDueAt: z.number(),
  raisedAt: z.number(),
  state: z.enum(['open', 'resolved']),
  resolution: z.enum(['redispatch', 'new_deadline', 'escalate']).nullable(),
  note: z.string().nullable(),
  resolvedBy: z.string().nullable(),
  resolvedAt: z.number().nullable(),
});

const ProposalOut = z.object({
  id: z.string(),
  caseId: z.string(),
  masterId: z.string(),
  distanceM: z.number(),
  ageMs: z.number(),
  confidence: z.number(),
  decision: z.enum(['proposed', 'merged', 'dismissed']),
  reason: z.string().nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: z.number().nullable(),
  createdAt: z.number(),
});

const Applied = z.object({ case: CaseOut, events: z.array(EventOut) });

/**
 * Registers `/api/v1/supervision-orders` and `/api/v1/duplicate-proposals`.
 * @example registerSupervisionRoutes(app, cases);
 */
export function registerSupervisionRoutes(app: FastifyInstance, cases: CasesService): void {
  const r = typed(app);
  const params = z.object({ id: Id });

  r.get(
    '/api/v1/supervision-orders',
    {
      config: { access: { roles: SUPERVISORS } },
      schema: {
        tags: ['cases'],
        summary: 'Supervision orders (督办单) addressed to centres in the caller’s scope',
        querystring: z.object({ state: z.enum(['open', 'resolved']).optional() }),
        response: { 200: z.array(OrderOut) },
      },
    },
    async (req) => cases.supervision.list(actorOf(req.principal!), req.query.state ? { state: req.query.state } : {}),
  );

  r.post(
    '/api/v1/supervision-orders/:id/resolve',
    {
      // The order's centre is checked by the service (404 outside the caller's scope).
      config: { access: { roles: SUPERVISORS } },
      schema: {
        tags: ['cases'],
        summary: 'Resolve a supervision order: re-dispatch the case, set a new deadline, or escalate it again',
        params,
        body: z.discriminatedUnion('resolution', [
          z.object({ resolution: z.literal('redispatch'), unitId: Id, note: z.string().trim().max(2000).optional() }),
          z.object({ resolution: z.literal('new_deadline'), dueAt: Instant, note: z.string().trim().min(1).max(2000) }),
          z.object({ resolution: z.literal('escalate'), note: z.string().trim().min(1).max(2000) }),
        ]),
        response: { 200: Applied },
      },
    },
    async (req) => {
      const actor = actorOf(req.principal!);
      const applied = await cases.supervision.resolve(req.params.id, req.body, actor);
      const first = applied[0]!;
      return { case: await cases.get(first.case.id, actor), events: first.events };
    },
  );

  r.get(
    '/api/v1/cases/:id/duplicates',
    {
      config: { access: { roles: CASE_READERS, scope: caseScopeOf(cases) } },
      schema: {
        tags: ['cases'],
        summary: 'Open cases this report may duplicate, most confident first',
        params,
        response: { 200: z.array(ProposalOut) },
      },
    },
    async (req) => cases.duplicatesOf(req.params.id, actorOf(req.principal!)),
  );

  r.post(
    '/api/v1/duplicate-proposals/:id/decision',
    {
      config: { access: { roles: SUPERVISORS } },
      schema: {
        tags: ['cases'],
        summary:
          'Merge a report into the proposed master case (重复件合并) or dismiss the proposal; the decision and its reason are recorded',
        params,
        body: z.object({ decision: z.enum(['merge', 'dismiss']), reason: z.string().trim().min(1, 'a reason is required').max(2000) }),
        response: { 200: z.object({ decided: z.literal(true) }) },
      },
    },
    async (req) => {
      await cases.decideDuplicate(req.params.id, req.body.decision, req.body.reason, actorOf(req.principal!));
      return { decided: true as const };
    },
  );
}
