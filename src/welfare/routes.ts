/**
 * HTTP routes of the welfare-visit task, on the case they belong to:
 * - `GET /api/v1/cases/{id}/welfare[?contact=true]`: the task (masked residents, their address;
 *   the emergency contact with `contact=true`, only under the task's grant);
 * - `POST /api/v1/cases/{id}/welfare/outcome`: the visit's outcome, reported back on the case.
 * Shift leads and dispatchers see tasks in their scope; community workers and handlers only the
 * tasks of their own unit (404 for others, so a task elsewhere does not leak).
 */
import { z } from 'zod';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { typed } from '../platform/http/app.ts';
import type { Principal } from '../platform/http/access.ts';
import { notFound } from '../platform/errors.ts';
import { OUTCOME_LIST, type VisitOutcome } from './model.ts';
import { DESK_ROLES, TASK_ROLES, type WelfareCaller, type WelfareService } from './service.ts';

const Id = z.string().min(1).max(64);
/** An instant: epoch ms, or ISO-8601 with an offset. */
const Instant = z.union([z.number().int().nonnegative(), z.iso.datetime({ offset: true }).transform((s) => Date.parse(s))]);
const Outcome = z.enum(OUTCOME_LIST as [VisitOutcome, ...VisitOutcome[]]);

const ResidentOut = z.object({
  personId: z.string(),
  readable: z.boolean().describe('false when the registry does not answer you for this person'),
  name: z.string().nullable().describe('always masked'),
  address: z.string().nullable(),
  emergencyContact: z.object({ name: z.string().nullable(), phone: z.string().nullable() }).nullable(),
});

/** The task as answered. */
export const WelfareOut = z.object({
  caseId: z.string(),
  caseCode: z.string(),
  caseState: z.string(),
  address: z.string().nullable(),
  status: z.enum(['open', 'visited', 'closed']),
  linkReason: z.enum(['no_household_ref', 'household_not_found', 'no_elderly_resident']).nullable(),
  housing: z
    .object({
      housingId: z.string(),
      readable: z.boolean(),
      building: z.string().nullable(),
      unit: z.string().nullable(),
      room: z.string().nullable(),
    })
    .nullable(),
  residents: z.array(ResidentOut),
  grant: z
    .object({ id: z.string(), validUntil: z.number() })
    .nullable()
    .describe('your welfare-visit grant for this task, if you hold one now'),
  outcome: z.object({ outcome: Outcome, note: z.string().nullable(), visitedAt: z.number(), followUpNeeded: z.boolean() }).nullable(),
});

const callerOf = (p: Principal): WelfareCaller => ({
  userId: p.userId,
  username: p.username,
  roles: p.roles,
  scopePath: p.scopePath,
  unitId: p.unitId,
});

/**
 * Registers the welfare routes. `casePath` gives a case's jurisdiction path (undefined: no such case).
 * @example registerWelfareRoutes(app, welfare, (id) => cases.pathOf(id));
 */
export function registerWelfareRoutes(
  app: FastifyInstance,
  welfare: WelfareService,
  casePath: (id: string) => Promise<string | undefined>,
): void {
  const r = typed(app);
  const params = z.object({ id: Id });
  const scope = async (req: FastifyRequest): Promise<string> => {
    const path = await casePath((req.params as { id: string }).id);
    if (!path) throw notFound('case', 'CASE_NOT_FOUND');
    return path;
  };

  r.get(
    '/api/v1/cases/:id/welfare',
    {
      config: { access: { roles: [...TASK_ROLES, ...DESK_ROLES], scope } },
      schema: {
        tags: ['welfare'],
        summary:
          'The welfare-visit task of a case: residents masked, their address; the emergency contact with contact=true under the task’s grant',
        params,
        querystring: z.object({
          contact: z
            .enum(['true', 'false'])
            .optional()
            .transform((v) => v === 'true')
            .describe('reveal the emergency contact (needs the welfare-visit grant the task carries; audited)'),
        }),
        response: { 200: WelfareOut },
      },
    },
    async (req) => welfare.view(req.params.id, callerOf(req.principal!), { contact: req.query.contact }),
  );

  r.post(
    '/api/v1/cases/:id/welfare/outcome',
    {
      config: { access: { roles: TASK_ROLES, scope } },
      schema: {
        tags: ['welfare'],
        summary: 'Record the visit’s outcome: stored, audited, and the case reported back (handle) by you',
        params,
        body: z
          .object({
            outcome: Outcome,
            note: z.string().max(500).nullable().optional().describe('what was found; no personal data needed'),
            visitedAt: Instant,
          })
          .strict(),
        response: { 201: WelfareOut },
      },
    },
    async (req, reply) => {
      const result = await welfare.recordOutcome(req.params.id, req.body, callerOf(req.principal!));
      reply.code(201);
      return result;
    },
  );
}
