/**
 * HTTP routes of purpose grants (用途授权): request, list, read, approve, deny, revoke.
 * Anyone who works with personal data may ask for a grant (for themselves, or for a colleague
 * inside their jurisdiction); shift leads and administrators decide those inside their
 * jurisdiction, never their own (the service refuses the grantee and the requester).
 */
import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { typed } from '../platform/http/app.ts';
import { recordScope } from '../platform/http/access.ts';
import { GRANT_DECIDERS, PURPOSES, type GrantSubjectKind, type Purpose } from './grant-model.ts';
import type { RegistryService } from './service.ts';

/** Who may request grants and see their own. */
export const GRANT_REQUESTERS = ['shift_lead', 'admin', 'community_worker', 'dispatcher', 'handler', 'inspector'] as const;

const Id = z.string().min(1).max(64);
const PurposeCode = z.enum(Object.keys(PURPOSES) as [Purpose, ...Purpose[]]);
const SubjectKind = z.enum(['person', 'entity', 'housing', 'checkin'] satisfies GrantSubjectKind[]);

const GrantOut = z.object({
  id: z.string(),
  granteeUserId: z.string(),
  purpose: PurposeCode,
  scope: z.union([
    z.object({ kind: z.literal('records'), subjectKind: SubjectKind, ids: z.array(z.string()).readonly() }),
    z.object({ kind: z.literal('jurisdiction'), subjectKind: SubjectKind, path: z.string() }),
  ]),
  caseId: z.string().nullable(),
  reason: z.string(),
  status: z.enum(['requested', 'approved', 'denied', 'revoked']),
  requestedBy: z.string(),
  requestedAt: z.number(),
  decidedBy: z.string().nullable(),
  decidedAt: z.number().nullable(),
  validFrom: z.number(),
  validUntil: z.number(),
  revokedAt: z.number().nullable(),
  decisionNote: z.string().nullable(),
});

const GrantIn = z.object({
  granteeUserId: Id.optional().describe('who will see; yourself when absent'),
  purpose: PurposeCode,
  scope: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('records'), subjectKind: SubjectKind, ids: z.array(Id).min(1).max(500) }),
    z.object({ kind: z.literal('jurisdiction'), subjectKind: SubjectKind, jurisdictionId: Id }),
  ]),
  caseId: Id.nullable().optional().describe('required for case_handling and epidemic_investigation'),
  reason: z.string().trim().min(5).max(500).describe('why, without personal data'),
  validUntil: z.number().int().positive().describe('epoch ms; at most the purpose’s maximum from now'),
});

const Note = z.object({ note: z.string().trim().min(1).max(500).optional() });

/**
 * Registers `/api/v1/grants…`.
 * @example registerGrantRoutes(app, services.registry);
 */
export function registerGrantRoutes(app: FastifyInstance, registry: RegistryService): void {
  const r = typed(app);
  const grants = registry.grants;
  /** The path a grant covers; 404 when there is no such grant (the decider's scope is checked against it). */
  const grantScope = recordScope('grant', 'GRANT_NOT_FOUND', (req) => grants.pathOf((req.params as { id: string }).id));

  r.post(
    '/api/v1/grants',
    {
      // The service checks the scope against the requester's jurisdiction (403) and the grantee's.
      config: { access: { roles: GRANT_REQUESTERS } },
      schema: {
        tags: ['grants'],
        summary: 'Request a purpose grant; a shift lead or administrator other than the grantee and requester decides it',
        body: GrantIn,
        response: { 201: GrantOut },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const scope =
        b.scope.kind === 'records'
          ? { kind: 'records' as const, subjectKind: b.scope.subjectKind, ids: b.scope.ids }
          : { kind: 'jurisdiction' as const, subjectKind: b.scope.subjectKind, jurisdictionId: b.scope.jurisdictionId };
      const grant = await grants.request(
        {
          granteeUserId: b.granteeUserId ?? req.principal!.userId,
          purpose: b.purpose,
          scope,
          caseId: b.caseId ?? null,
          reason: b.reason,
          validUntil: b.validUntil,
        },
        req.principal!,
      );
      reply.code(201);
      return grant;
    },
  );

  r.get(
    '/api/v1/grants',
    {
      config: { access: { roles: GRANT_REQUESTERS } },
      schema: {
        tags: ['grants'],
        summary: '`view=mine`: grants you hold or asked for; `view=to_approve`: requests inside your jurisdiction awaiting your decision',
        querystring: z.object({ view: z.enum(['mine', 'to_approve']).default('mine') }),
        response: { 200: z.object({ items: z.array(GrantOut) }) },
      },
    },
    async (req) => ({ items: await grants.list(req.query.view, req.principal!) }),
  );

  r.get(
    '/api/v1/grants/:id',
    {
      // Visible to its grantee, its requester and deciders over its scope; 404 to anyone else.
      config: { access: { roles: GRANT_REQUESTERS } },
      schema: { tags: ['grants'], summary: 'One grant', params: z.object({ id: Id }), response: { 200: GrantOut } },
    },
    async (req) => grants.get(req.params.id, req.principal!),
  );

  const decision = (verb: 'approve' | 'deny' | 'revoke', summary: string) =>
    r.post(
      `/api/v1/grants/:id/${verb}`,
      {
        // Deciding who may see personal data is an admin action: the password again, recently (等保 2.0).
        config: { access: { roles: GRANT_DECIDERS, scope: grantScope, reauth: true } },
        schema: {
          tags: ['grants'],
          summary,
          params: z.object({ id: Id }),
          body: verb === 'deny' ? Note.required() : Note,
          response: { 200: GrantOut },
        },
      },
      async (req) => {
        const note = req.body?.note ?? null;
        if (verb === 'approve') return grants.approve(req.params.id, req.principal!, note);
        if (verb === 'deny') return grants.deny(req.params.id, req.principal!, note ?? '');
        return grants.revoke(req.params.id, req.principal!, note);
      },
    );
  decision('approve', 'Approve a requested grant (not your own, nor one you requested); it is in force from now until its end');
  decision('deny', 'Deny a requested grant, saying why');
  decision('revoke', 'Revoke an approved grant at once');
}
