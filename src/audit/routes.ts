/**
 * HTTP routes of the audit log: the chain's verification (auditors and admins of the whole city)
 * and the auditors' search. Search is scoped: an auditor sees the entries whose subject lies in
 * their jurisdiction subtree; entries about nothing in particular (no path: a failed sign-in, a
 * purge of a whole kind) only a city-wide auditor sees.
 */
import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { typed } from '../platform/http/app.ts';
import { QueryInstant } from '../cases/case-schemas.ts';
import type { AuditService } from './service.ts';
import type { AuditEntry } from './chain-model.ts';

/** Who may run the verification (at the city scope). */
export const AUDIT_VERIFIERS = ['auditor', 'admin'] as const;
/** Who may search the log (within their scope). */
export const AUDIT_SEARCHERS = ['auditor'] as const;

/** What the routes need besides the service. */
export interface AuditRouteDeps {
  /** Path of the top jurisdiction (the city), or null before any is imported. */
  topPath(): string | null;
}

const Text = z.string().min(1).max(200);
const Break = z.object({
  kind: z.enum(['altered', 'missing', 'relinked']),
  seq: z.number(),
  id: z.string().nullable(),
  expectedHash: z.string(),
  storedHash: z.string().nullable(),
  found: z.object({ seq: z.number(), id: z.string() }).nullable(),
  message: z.string(),
});
const EntryOut = z.object({
  seq: z.number(),
  id: z.string(),
  at: z.number(),
  actor: z.object({ kind: z.enum(['user', 'system', 'anonymous']), id: z.string().nullable(), name: z.string() }),
  action: z.string(),
  subject: z.object({ kind: z.string(), id: z.string().nullable(), path: z.string().nullable() }),
  purpose: z.string().nullable(),
  grantId: z.string().nullable(),
  outcome: z.enum(['ok', 'denied', 'failed']),
  detail: z.record(z.string(), z.unknown()),
  hash: z.string(),
});

function present(e: AuditEntry): z.infer<typeof EntryOut> {
  return {
    seq: e.seq,
    id: e.id,
    at: e.at,
    actor: { kind: e.actorKind, id: e.actorId, name: e.actorName },
    action: e.action,
    subject: { kind: e.subjectKind, id: e.subjectId, path: e.subjectPath },
    purpose: e.purpose,
    grantId: e.grantId,
    outcome: e.outcome,
    detail: parseDetail(e.detail),
    hash: e.hash,
  };
}

/** The stored detail, or what it says when it is not a JSON object (a tampered row still lists). */
function parseDetail(text: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : { value: v };
  } catch {
    return { unparsable: text };
  }
}

/**
 * Registers `/api/v1/audit/verify` and `/api/v1/audit/entries`.
 * @example registerAuditRoutes(app, services.audit, { topPath: () => geo.list('city')[0]?.path ?? null });
 */
export function registerAuditRoutes(app: FastifyInstance, audit: AuditService, deps: AuditRouteDeps): void {
  const r = typed(app);
  // No city yet means no one can be city-wide: '/' lies outside every real scope.
  const cityPath = () => deps.topPath() ?? '/';

  r.get(
    '/api/v1/audit/verify',
    {
      config: { access: { roles: AUDIT_VERIFIERS, scope: cityPath, scopeMiss: 'forbidden' } },
      schema: {
        tags: ['audit'],
        summary:
          'Recompute the audit chain from the first entry to the current head; `broken` names the first entry that does not verify ' +
          '(altered: its content no longer gives its hash; missing: a gap in seq or the table ends before the head; relinked: it does not chain from the entry before)',
        response: {
          200: z.object({
            ok: z.boolean(),
            checked: z.number(),
            head: z.object({ seq: z.number(), hash: z.string() }),
            broken: Break.nullable(),
          }),
        },
      },
    },
    () => audit.verify(),
  );

  r.get(
    '/api/v1/audit/entries',
    {
      config: { access: { roles: AUDIT_SEARCHERS } },
      schema: {
        tags: ['audit'],
        summary:
          'Search the audit log, newest first, among entries whose subject lies in the caller’s scope. `actor` is a user id or a username ' +
          '(or system name / anonymous label); `action` is exact or a prefix like `auth.*`; `from` inclusive, `to` exclusive',
        querystring: z.object({
          actor: Text.optional(),
          action: Text.optional(),
          subjectKind: Text.optional(),
          subjectId: Text.optional(),
          purpose: Text.optional(),
          from: QueryInstant.optional(),
          to: QueryInstant.optional(),
          cursor: z
            .string()
            .regex(/^\d{1,15}$/, 'a nextCursor of an earlier page')
            .optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: { 200: z.object({ items: z.array(EntryOut), nextCursor: z.string().nullable() }) },
      },
    },
    async (req) => {
      const q = req.query;
      const p = req.principal!;
      const items = await audit.search({
        ...(q.actor !== undefined ? { actor: q.actor } : {}),
        ...(q.action !== undefined ? { action: q.action } : {}),
        ...(q.subjectKind !== undefined ? { subjectKind: q.subjectKind } : {}),
        ...(q.subjectId !== undefined ? { subjectId: q.subjectId } : {}),
        ...(q.purpose !== undefined ? { purpose: q.purpose } : {}),
        ...(q.from !== undefined ? { from: q.from } : {}),
        ...(q.to !== undefined ? { to: q.to } : {}),
        ...(q.cursor !== undefined ? { beforeSeq: Number(q.cursor) } : {}),
        scopePath: p.scopePath,
        withoutPath: cityPath().startsWith(p.scopePath),
        limit: q.limit,
      });
      const last = items.at(-1);
      return { items: items.map(present), nextCursor: items.length === q.limit && last ? String(last.seq) : null };
    },
  );
}
