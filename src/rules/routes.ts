/**
 * HTTP routes for warning rules: CRUD over `/api/v1/rules` (admins and shift leads write,
 * operation-centre staff read) and `/api/v1/rules/{id}/state` for debugging. A rule's
 * jurisdiction subtree must lie within the writer's scope; readers see the rules acting anywhere
 * in theirs. Bad input is a problem naming the field, e.g. `body.params.threshold`.
 */
import { z } from 'zod';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { typed } from '../platform/http/app.ts';
import { AppError, forbidden } from '../platform/errors.ts';
import type { Principal } from '../platform/http/access.ts';
import { WARNING_LEVELS } from './signal-model.ts';
import { RULE_KINDS } from './model.ts';
import { RuleInput } from './rule-schema.ts';
import { RULE_READERS, RULE_WRITERS, canWriteRule } from './rule-access.ts';
import type { JurisdictionLookup, RuleActor, RulesService } from './service.ts';
import type { Rule } from './model.ts';

const Id = z.string().min(1).max(64);
const RuleOut = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  kind: z.enum(RULE_KINDS),
  params: z.record(z.string(), z.unknown()).describe('the kind’s parameters, durations in ms'),
  appliesTo: z.object({
    deviceTypes: z.array(z.string()),
    tags: z.object({ all: z.array(z.string()), any: z.array(z.string()) }),
    jurisdictionId: z.string().nullable(),
    jurisdictionPath: z.string().nullable(),
  }),
  level: z.enum(WARNING_LEVELS),
  messageTemplate: z.string(),
  enabled: z.boolean(),
  caseCategory: z.string().nullable(),
  revision: z.number(),
  stateRevision: z.number(),
  createdAt: z.number(),
  updatedAt: z.number(),
  createdBy: z.string().nullable(),
});
const StateOut = z.object({
  ruleId: z.string(),
  source: z.enum(['engine', 'snapshot']),
  bound: z.number(),
  firing: z.array(z.object({ deviceId: z.string(), jurisdictionPath: z.string(), state: z.unknown() })),
});
const Patch = z
  .object({
    name: z.string(),
    description: z.string(),
    kind: z.enum(RULE_KINDS),
    params: z.record(z.string(), z.unknown()),
    appliesTo: z.record(z.string(), z.unknown()),
    level: z.enum(WARNING_LEVELS),
    messageTemplate: z.string(),
    enabled: z.boolean(),
    caseCategory: z.string().nullable(),
  })
  .partial()
  .strict();

/** A rule as answered (params as a plain record for the response schema). */
function present(rule: Rule): z.infer<typeof RuleOut> {
  return { ...rule, params: { ...rule.params } };
}

function actorOf(p: Principal | null): RuleActor {
  return { userId: p?.userId ?? null, scopePath: p?.scopePath ?? '/nowhere/' };
}

/** Service errors name fields of the rule; over HTTP they are fields of the body. */
async function inBody<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (!(e instanceof AppError) || e.status !== 400 || e.fields.length === 0) throw e;
    const fields = e.fields.map((x) => ({ field: `body.${x.field}`, message: x.message }));
    throw new AppError(e.status, e.code, `body.${e.message}`, fields);
  }
}

/**
 * Registers the rules routes.
 * @example registerRulesRoutes(app, rules, geo);
 */
export function registerRulesRoutes(app: FastifyInstance, rules: RulesService, geo: JurisdictionLookup): void {
  const r = typed(app);
  const idOf = (req: FastifyRequest) => (req.params as { id: string }).id;

  /** The subtree a body's jurisdiction names (null = everywhere); writers must cover it. */
  const checkBodyScope = (req: FastifyRequest, p: Principal): null => {
    const j = ((req.body as { appliesTo?: { jurisdiction?: unknown } } | undefined)?.appliesTo?.jurisdiction ?? null) as string | null;
    const path = j === null ? null : (geo.find(j.startsWith('/') ? (j.split('/').at(-2) ?? '') : j)?.path ?? undefined);
    if (path === undefined) return null; // unknown: the service answers 400 naming the field
    if (!canWriteRule(path, p.scopePath)) throw forbidden('the rule’s jurisdiction is outside yours', 'SCOPE_FORBIDDEN');
    return null;
  };
  /** A rule the caller can see (404 otherwise: `get` checks); for writes, one they may change (403). */
  const checkRuleScope = (write: boolean) => async (req: FastifyRequest, p: Principal) => {
    const rule = await rules.get(idOf(req), actorOf(p));
    if (write && !canWriteRule(rule.appliesTo.jurisdictionPath, p.scopePath)) {
      throw forbidden('the rule’s jurisdiction is outside yours', 'SCOPE_FORBIDDEN');
    }
    if (write && req.method !== 'DELETE' && req.body && (req.body as { appliesTo?: unknown }).appliesTo !== undefined)
      checkBodyScope(req, p);
    return null;
  };
  const read = { roles: RULE_READERS };
  const write = { roles: RULE_WRITERS };

  r.get(
    '/api/v1/rules',
    {
      config: { access: read },
      schema: {
        tags: ['rules'],
        summary: 'Warning rules acting anywhere in the caller’s scope',
        querystring: z.object({ kind: z.enum(RULE_KINDS).optional(), enabled: z.enum(['true', 'false']).optional() }),
        response: { 200: z.object({ items: z.array(RuleOut) }) },
      },
    },
    async (req) => {
      const enabled = req.query.enabled === undefined ? undefined : req.query.enabled === 'true';
      return { items: (await rules.list(actorOf(req.principal), { kind: req.query.kind, enabled })).map(present) };
    },
  );

  r.post(
    '/api/v1/rules',
    {
      config: { access: { ...write, scope: checkBodyScope, scopeMiss: 'forbidden' } },
      schema: { tags: ['rules'], summary: 'Create a warning rule', body: RuleInput, response: { 201: RuleOut } },
    },
    async (req, reply) => reply.code(201).send(present(await inBody(() => rules.create(req.body, actorOf(req.principal))))),
  );

  r.get(
    '/api/v1/rules/:id',
    {
      config: { access: { ...read, scope: checkRuleScope(false) } },
      schema: { tags: ['rules'], summary: 'One warning rule', params: z.object({ id: Id }), response: { 200: RuleOut } },
    },
    async (req) => present(await rules.get(req.params.id, actorOf(req.principal))),
  );

  r.put(
    '/api/v1/rules/:id',
    {
      config: { access: { ...write, scope: checkRuleScope(true) } },
      schema: {
        tags: ['rules'],
        summary: 'Replace a warning rule',
        params: z.object({ id: Id }),
        body: RuleInput,
        response: { 200: RuleOut },
      },
    },
    async (req) => present(await inBody(() => rules.replace(req.params.id, req.body, actorOf(req.principal)))),
  );

  r.patch(
    '/api/v1/rules/:id',
    {
      config: { access: { ...write, scope: checkRuleScope(true) } },
      schema: {
        tags: ['rules'],
        summary: 'Change some fields of a warning rule (e.g. `{"enabled": false}`); params are merged',
        params: z.object({ id: Id }),
        body: Patch,
        response: { 200: RuleOut },
      },
    },
    async (req) => present(await inBody(() => rules.patch(req.params.id, req.body, actorOf(req.principal)))),
  );

  r.delete(
    '/api/v1/rules/:id',
    {
      config: { access: { ...write, scope: checkRuleScope(true) } },
      schema: { tags: ['rules'], summary: 'Delete a warning rule (what it raised is cleared)', params: z.object({ id: Id }) },
    },
    async (req, reply) => {
      await rules.remove(req.params.id, actorOf(req.principal));
      return reply.code(204).send();
    },
  );

  r.get(
    '/api/v1/rules/:id/state',
    {
      config: { access: { ...read, scope: checkRuleScope(false) } },
      schema: {
        tags: ['rules'],
        summary: 'Which devices in the caller’s scope the rule is currently raised for (debugging)',
        params: z.object({ id: Id }),
        response: { 200: StateOut },
      },
    },
    async (req) => rules.state(req.params.id, actorOf(req.principal)),
  );
}
