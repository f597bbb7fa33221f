/**
 * HTTP routes of the closed loop: report a case, list and read cases in scope, give commands,
 * the work queues, the timeline and the masked reporter. Roles are checked here coarsely (who
 * may touch cases at all); the state machine checks per command who may give it.
 */
import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { typed } from '../platform/http/app.ts';
import { recordScope, type Principal, type ScopeResolver } from '../platform/http/access.ts';
import { invalid } from '../platform/errors.ts';
import type { Actor, CaseState } from './case-types.ts';
import { CASE_STATES, type CaseSource } from './case-types.ts';
import type { CasesService } from './service.ts';
import { CaseOut, CommandIn, CommandOut, DuplicateOut, EventOut, Id, ListQuery, PageOut, ReportIn } from './case-schemas.ts';

/** Who may read cases: everyone who works on them (not machines). */
export const CASE_READERS = ['admin', 'shift_lead', 'dispatcher', 'intake', 'inspector', 'handler', 'community_worker', 'auditor'] as const;
/** Who may report a case over the API. */
export const CASE_REPORTERS = ['shift_lead', 'dispatcher', 'intake', 'inspector', 'community_worker'] as const;
/** Who may give commands; the state machine decides which command each may give. */
export const CASE_ACTORS = ['shift_lead', 'dispatcher', 'intake', 'inspector', 'handler', 'community_worker'] as const;

/** The actor a signed-in caller acts as. */
export function actorOf(p: Principal): Actor {
  return { id: p.userId, roles: p.roles, scopePath: p.scopePath, unitId: p.unitId };
}

/** The source a person's report has, by their role. */
function sourceFor(p: Principal, asked: CaseSource | undefined): CaseSource {
  if (asked === 'inspector' || asked === 'hotline' || asked === 'community' || asked === 'citizen') return asked;
  if (p.roles.includes('inspector')) return 'inspector';
  if (p.roles.includes('community_worker')) return 'community';
  return 'hotline';
}

/** A scope resolver for routes on `/cases/:id…`: the case's place, 404 if there is no such case. */
export function caseScopeOf(cases: Pick<CasesService, 'pathOf'>): ScopeResolver {
  return recordScope('case', 'CASE_NOT_FOUND', (req) => cases.pathOf((req.params as { id: string }).id));
}

function parseStates(csv: string | undefined): CaseState[] | undefined {
  if (!csv) return undefined;
  const states = csv.split(',');
  for (const s of states) if (!(CASE_STATES as readonly string[]).includes(s)) throw invalid('query.state', `unknown state ${s}`);
  return states as CaseState[];
}

/**
 * Registers `/api/v1/cases`, `/api/v1/cases/{id}/commands`, `/api/v1/queues/{name}`.
 * @example registerCaseRoutes(app, cases, geo);
 */
export function registerCaseRoutes(app: FastifyInstance, cases: CasesService, geo: { require(idOrCode: string): { path: string } }): void {
  const r = typed(app);
  const params = z.object({ id: Id });
  const caseScope = caseScopeOf(cases);

  r.post(
    '/api/v1/cases',
    {
      config: {
        access: {
          roles: CASE_REPORTERS,
          scope: (req) => cases.placeOf((req.body as z.infer<typeof ReportIn>).location),
          scopeMiss: 'forbidden',
          scopeField: 'body.location',
        },
      },
      schema: {
        tags: ['cases'],
        summary: 'Report a case (信息采集): located, routed, checked for duplicates; 201 with the case and the duplicates proposed',
        body: ReportIn,
        response: {
          201: z.object({
            case: CaseOut,
            duplicates: z.array(DuplicateOut),
            existing: z.boolean(),
          }),
        },
      },
    },
    async (req, reply) => {
      const p = req.principal!;
      const b = req.body;
      const result = await cases.report(
        {
          source: sourceFor(p, b.source),
          sourceRef: b.sourceRef ?? null,
          category: b.category,
          ...(b.urgency ? { urgency: b.urgency } : {}),
          description: b.description,
          location: {
            lon: b.location.lon,
            lat: b.location.lat,
            ...(b.location.crs ? { crs: b.location.crs } : {}),
            address: b.location.address ?? null,
          },
          reporter: b.reporter ?? null,
          ...(b.attachments ? { attachments: b.attachments } : {}),
          autoDispatch: b.autoDispatch ?? false,
        },
        actorOf(p),
      );
      reply.code(201);
      return { case: await cases.get(result.case.id, actorOf(p)), duplicates: result.duplicates, existing: result.existing };
    },
  );

  r.post(
    '/api/v1/cases/from-alert',
    {
      config: {
        access: {
          roles: ['shift_lead', 'dispatcher', 'intake'],
          scope: recordScope('alert', 'ALERT_NOT_FOUND', (req) => cases.alertPath((req.body as { alertId: string }).alertId)),
        },
      },
      schema: {
        tags: ['cases'],
        summary: 'File a case from an alert by hand, at the alert’s place; filing the same alert again returns the first case',
        body: z.object({
          alertId: Id,
          category: ReportIn.shape.category.optional(),
          urgency: z.enum(['urgent', 'high', 'normal']).optional(),
          description: z.string().trim().min(1).max(4000).optional(),
        }),
        response: { 201: z.object({ case: CaseOut, duplicates: z.array(DuplicateOut), existing: z.boolean() }) },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req.principal!);
      const b = req.body;
      const result = await cases.reportFromAlert(
        {
          alertId: b.alertId,
          ...(b.category ? { category: b.category } : {}),
          ...(b.urgency ? { urgency: b.urgency } : {}),
          ...(b.description ? { description: b.description } : {}),
        },
        actor,
      );
      reply.code(201);
      return { case: await cases.get(result.case.id, actor), duplicates: result.duplicates, existing: result.existing };
    },
  );

  r.get(
    '/api/v1/cases',
    {
      config: {
        access: {
          roles: CASE_READERS,
          scope: (req) =>
            (req.query as { jurisdiction?: string }).jurisdiction
              ? geo.require((req.query as { jurisdiction: string }).jurisdiction).path
              : null,
          scopeMiss: 'forbidden',
          scopeField: 'query.jurisdiction',
        },
      },
      schema: {
        tags: ['cases'],
        summary: 'Cases in the caller’s scope, newest first, with filters and cursor paging',
        querystring: ListQuery,
        response: { 200: PageOut },
      },
    },
    async (req) => {
      const q = req.query;
      const states = parseStates(q.state);
      return cases.list(
        {
          ...(states ? { states } : {}),
          ...(q.category ? { category: q.category } : {}),
          ...(q.source ? { source: q.source } : {}),
          ...(q.unit ? { unitId: q.unit } : {}),
          ...(q.jurisdiction ? { scopePath: geo.require(q.jurisdiction).path } : {}),
          ...(q.overdue ? { overdue: q.overdue === 'true' } : {}),
          ...(q.from !== undefined ? { reportedFrom: q.from } : {}),
          ...(q.to !== undefined ? { reportedTo: q.to } : {}),
          ...(q.cursor ? { cursor: q.cursor } : {}),
          ...(q.limit ? { limit: q.limit } : {}),
        },
        actorOf(req.principal!),
      );
    },
  );

  r.get(
    '/api/v1/cases/:id',
    {
      config: { access: { roles: CASE_READERS, scope: caseScope } },
      schema: { tags: ['cases'], summary: 'One case (by id or code) with its step light', params, response: { 200: CaseOut } },
    },
    async (req) => cases.get(req.params.id, actorOf(req.principal!)),
  );

  r.get(
    '/api/v1/cases/:id/timeline',
    {
      config: { access: { roles: CASE_READERS, scope: caseScope } },
      schema: {
        tags: ['cases'],
        summary: 'The case’s timeline, oldest first; entries are never edited',
        params,
        response: { 200: z.array(EventOut) },
      },
    },
    async (req) => cases.timeline(req.params.id, actorOf(req.principal!)),
  );

  r.get(
    '/api/v1/cases/:id/reporter',
    {
      config: { access: { roles: CASE_READERS, scope: caseScope } },
      schema: {
        tags: ['cases'],
        summary: 'The reporter, masked (脱敏); null for reports from systems',
        params,
        response: { 200: z.object({ name: z.string().nullable(), phone: z.string().nullable(), email: z.string().nullable() }).nullable() },
      },
    },
    async (req) => cases.reporter(req.params.id, actorOf(req.principal!)),
  );

  r.post(
    '/api/v1/cases/:id/commands',
    {
      config: { access: { roles: CASE_ACTORS, scope: caseScope } },
      schema: {
        tags: ['cases'],
        summary:
          'Give a command (file, reject, merge, void, dispatch, accept, return, handle, verify, close, request_extension, decide_extension, park, resume, reopen, escalate, set_deadline, evaluate, comment). ' +
          'Pass the `version` you saw: a newer one answers 409 CASE_VERSION_CONFLICT. Refusals: 403 CASE_FORBIDDEN, 409 CASE_ILLEGAL_COMMAND, 422 CASE_REASON_REQUIRED …',
        params,
        body: CommandIn,
        response: { 200: CommandOut },
      },
    },
    async (req) => {
      const { version, ...command } = req.body;
      const actor = actorOf(req.principal!);
      const applied = await cases.command(req.params.id, command, actor, version);
      const mine = applied[0]!;
      return { case: await cases.get(mine.case.id, actor), events: mine.events };
    },
  );

  r.get(
    '/api/v1/queues/:name',
    {
      config: { access: { roles: CASE_READERS } },
      schema: {
        tags: ['cases'],
        summary: 'A work queue: mine (my unit’s cases), to-dispatch, to-verify, overdue — within the caller’s scope',
        params: z.object({ name: z.enum(['mine', 'to-dispatch', 'to-verify', 'overdue']) }),
        querystring: z.object({ cursor: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(500).optional() }),
        response: { 200: PageOut },
      },
    },
    async (req) =>
      cases.queue(req.params.name, actorOf(req.principal!), {
        ...(req.query.cursor ? { cursor: req.query.cursor } : {}),
        ...(req.query.limit ? { limit: req.query.limit } : {}),
      }),
  );
}
