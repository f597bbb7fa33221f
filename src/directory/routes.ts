/** HTTP routes for units, the responsibility matrix, users and roles. All scope-checked. */
import { z } from 'zod';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { typed } from '../platform/http/app.ts';
import { notFound } from '../platform/errors.ts';
import { ROLES, ROLE_LIST } from './roles.ts';
import { DEPARTMENT_KIND_LIST } from './department-kinds.ts';
import type { DirectoryService } from './service.ts';
import type { GeoService } from '../geo/service.ts';
import type { AuditRecorder } from '../audit/model.ts';
import { userCreated } from '../audit/account-model.ts';

const UnitOut = z.object({
  id: z.string(),
  code: z.string(),
  kind: z.enum(['centre', 'department']),
  departmentKind: z.enum(DEPARTMENT_KIND_LIST).nullable(),
  name: z.string(),
  nameEn: z.string().nullable(),
  jurisdictionId: z.string(),
});
const UserOut = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(z.enum(ROLE_LIST)),
  jurisdictionId: z.string(),
  unitId: z.string().nullable(),
  disabled: z.boolean(),
});
const Id = z.string().min(1).max(64);

/** Registers the directory routes; `audit` logs the users created. */
export function registerDirectoryRoutes(app: FastifyInstance, directory: DirectoryService, geo: GeoService, audit?: AuditRecorder): void {
  const r = typed(app);
  /** Scope of a jurisdiction named by id or code; unknown → 404. */
  const pathOfJurisdiction = (idOrCode: string) => geo.require(idOrCode).path;
  const queryJurisdiction = (req: FastifyRequest) => {
    const q = req.query as { jurisdiction?: string };
    return q.jurisdiction ? pathOfJurisdiction(q.jurisdiction) : null;
  };
  const bodyJurisdiction = (req: FastifyRequest) => pathOfJurisdiction((req.body as { jurisdictionId: string }).jurisdictionId);

  r.get(
    '/api/v1/roles',
    {
      config: { access: { roles: 'any' } },
      schema: {
        tags: ['directory'],
        summary: 'The roles and their labels',
        response: { 200: z.object({ items: z.array(z.object({ role: z.string(), zh: z.string(), en: z.string() })) }) },
      },
    },
    async () => ({ items: ROLE_LIST.map((role) => ({ role, zh: ROLES[role].zh, en: ROLES[role].en })) }),
  );

  r.get(
    '/api/v1/units',
    {
      config: { access: { roles: 'any', scope: queryJurisdiction, scopeMiss: 'forbidden' } },
      schema: {
        tags: ['directory'],
        summary: 'Centres and departments in a jurisdiction subtree (default: the caller’s scope)',
        querystring: z.object({ jurisdiction: Id.optional(), kind: z.enum(['centre', 'department']).optional() }),
        response: { 200: z.object({ items: z.array(UnitOut) }) },
      },
    },
    async (req) => {
      const scope = req.query.jurisdiction ? pathOfJurisdiction(req.query.jurisdiction) : req.principal!.scopePath;
      return { items: directory.listUnits(scope, req.query.kind) };
    },
  );

  r.get(
    '/api/v1/units/:id',
    {
      config: {
        access: {
          roles: 'any',
          scope: (req) => {
            const u = directory.getUnit((req.params as { id: string }).id) ?? directory.getUnitByCode((req.params as { id: string }).id);
            if (!u) throw notFound('unit');
            return directory.pathOf(u.jurisdictionId);
          },
        },
      },
      schema: { tags: ['directory'], summary: 'One unit by id or code', params: z.object({ id: Id }), response: { 200: UnitOut } },
    },
    async (req) => directory.getUnit(req.params.id) ?? directory.getUnitByCode(req.params.id)!,
  );

  r.post(
    '/api/v1/units',
    {
      config: { access: { roles: ['admin'], reauth: true, scope: bodyJurisdiction, scopeMiss: 'forbidden' } },
      schema: {
        tags: ['directory'],
        summary: 'Create a centre or department',
        body: z.object({
          code: z.string().min(1).max(64),
          kind: z.enum(['centre', 'department']),
          departmentKind: z.enum(DEPARTMENT_KIND_LIST).nullable().default(null),
          name: z.string().min(1).max(200),
          nameEn: z.string().max(200).nullable().default(null),
          jurisdictionId: Id,
        }),
        response: { 201: UnitOut },
      },
    },
    async (req, reply) => {
      const unit = await directory.createUnit({ ...req.body, jurisdictionId: geo.require(req.body.jurisdictionId).id });
      return reply.code(201).send(unit);
    },
  );

  r.get(
    '/api/v1/responsibilities',
    {
      config: { access: { roles: ['admin', 'shift_lead', 'dispatcher'], scope: queryJurisdiction, scopeMiss: 'forbidden' } },
      schema: {
        tags: ['directory'],
        summary: 'Responsibility cells set at one jurisdiction (not inherited ones)',
        querystring: z.object({ jurisdiction: Id }),
        response: {
          200: z.object({
            items: z.array(z.object({ id: z.string(), categoryCode: z.string(), jurisdictionId: z.string(), unitId: z.string() })),
          }),
        },
      },
    },
    async (req) => ({ items: directory.responsibilitiesAt(geo.require(req.query.jurisdiction).id) }),
  );

  r.get(
    '/api/v1/responsibilities/resolve',
    {
      config: { access: { roles: ['admin', 'shift_lead', 'dispatcher', 'intake'], scope: queryJurisdiction, scopeMiss: 'forbidden' } },
      schema: {
        tags: ['directory'],
        summary: 'Which unit is responsible for a case category in a jurisdiction (inherited down the tree)',
        querystring: z.object({ category: z.string().min(1).max(32), jurisdiction: Id }),
        response: { 200: z.object({ unit: UnitOut, setAt: z.string() }) },
      },
    },
    async (req) => {
      const hit = directory.resolveResponsible(req.query.category, geo.require(req.query.jurisdiction).id);
      if (!hit) throw notFound('responsible unit', 'NO_RESPONSIBLE_UNIT');
      return hit;
    },
  );

  r.put(
    '/api/v1/responsibilities',
    {
      config: { access: { roles: ['admin', 'shift_lead'], reauth: true, scope: bodyJurisdiction, scopeMiss: 'forbidden' } },
      schema: {
        tags: ['directory'],
        summary: 'Set (override) the responsible unit for a category at a jurisdiction; `*` for every category',
        body: z.object({ categoryCode: z.string().min(1).max(32), jurisdictionId: Id, unitId: Id }),
        response: { 200: z.object({ ok: z.literal(true) }) },
      },
    },
    async (req) => {
      await directory.setResponsibility(
        req.body.categoryCode,
        geo.require(req.body.jurisdictionId).id,
        req.body.unitId,
        req.principal!.userId,
      );
      return { ok: true as const };
    },
  );

  r.get(
    '/api/v1/users',
    {
      config: { access: { roles: ['admin', 'auditor'] } },
      schema: { tags: ['directory'], summary: 'Users within the caller’s scope', response: { 200: z.object({ items: z.array(UserOut) }) } },
    },
    async (req) => ({ items: await directory.listUsers(req.principal!.scopePath) }),
  );

  r.get(
    '/api/v1/users/:id',
    {
      config: {
        access: {
          roles: ['admin', 'auditor'],
          scope: async (req) => {
            const u = await directory.getUser((req.params as { id: string }).id);
            if (!u) throw notFound('user');
            return directory.pathOf(u.jurisdictionId);
          },
        },
      },
      schema: { tags: ['directory'], summary: 'One user', params: z.object({ id: Id }), response: { 200: UserOut } },
    },
    async (req) => (await directory.getUser(req.params.id))!,
  );

  r.post(
    '/api/v1/users',
    {
      config: { access: { roles: ['admin'], reauth: true, scope: bodyJurisdiction, scopeMiss: 'forbidden' } },
      schema: {
        tags: ['directory'],
        summary: 'Create a user scoped to a jurisdiction (and, for handlers, a department)',
        body: z.object({
          username: z.string().min(3).max(40),
          displayName: z.string().min(1).max(100),
          password: z.string().min(1).max(200),
          roles: z.array(z.enum(ROLE_LIST)).min(1).max(8),
          jurisdictionId: Id,
          unitId: Id.nullable().default(null),
        }),
        response: { 201: UserOut },
      },
    },
    async (req, reply) => {
      const user = await directory.createUser({ ...req.body, jurisdictionId: geo.require(req.body.jurisdictionId).id });
      await audit?.record(userCreated(req.principal!, user, directory.pathOf(user.jurisdictionId)));
      return reply.code(201).send(user);
    },
  );
}
