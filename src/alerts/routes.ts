/**
 * HTTP routes for alerts and alert policies. Every route declares its roles and a scope
 * resolver: a caller sees and acts on alerts within their jurisdiction subtree only (others
 * answer 404), and reads or sets policies only for jurisdictions within it (others 403).
 */
import { z } from 'zod';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { typed } from '../platform/http/app.ts';
import { invalid, notFound } from '../platform/errors.ts';
import { recordScope, type Principal } from '../platform/http/access.ts';
import type { WarningLevel } from '../rules/signal-model.ts';
import type { AlertState } from './alert-record.ts';
import { decodeCursor } from './list-model.ts';
import type { AlertsService } from './service.ts';
import { AlertOut, DetailOut, Id, ListQuery, PageOut, parseSince, PolicyIn, PolicyViewOut } from './schemas.ts';

/** Who may read alerts: operation-centre staff, inspectors and committee workers. */
export const ALERT_READERS = ['shift_lead', 'dispatcher', 'intake', 'admin', 'inspector', 'community_worker'] as const;
/** Who may acknowledge an alert (接警确认). */
export const ALERT_ACKNOWLEDGERS = ['shift_lead', 'dispatcher', 'intake', 'admin'] as const;
/** Who may close an alert by hand. */
export const ALERT_CLOSERS = ['shift_lead', 'dispatcher', 'admin'] as const;
/** Who may read alert policies. */
export const POLICY_READERS = ['admin', 'shift_lead', 'dispatcher'] as const;
/** Who may set alert policies. */
export const POLICY_EDITORS = ['admin'] as const;

/** What the routes need from the geo service. */
export interface AlertsRoutesGeo {
  require(idOrCode: string): { id: string; path: string };
}

function expandStates(csv: string | undefined): AlertState[] {
  if (!csv) return [];
  const out = new Set<AlertState>();
  for (const s of csv.split(',')) {
    if (s === 'active') ['raised', 'acknowledged'].forEach((x) => out.add(x as AlertState));
    else if (s === 'ended') ['cleared', 'closed'].forEach((x) => out.add(x as AlertState));
    else out.add(s as AlertState);
  }
  return [...out];
}

/** The jurisdiction id at the end of a scope path (`/a/b/` → `b`). */
function scopeJurisdiction(p: Principal): string {
  return p.scopePath.split('/').filter(Boolean).pop() ?? '';
}

/**
 * Registers `/api/v1/alerts` and `/api/v1/alert-policies`.
 * @example registerAlertsRoutes(app, alerts, geo);
 */
export function registerAlertsRoutes(app: FastifyInstance, alerts: AlertsService, geo: AlertsRoutesGeo): void {
  const r = typed(app);
  const queryJurisdiction = (req: FastifyRequest) => {
    const j = (req.query as { jurisdiction?: string }).jurisdiction;
    return j ? geo.require(j).path : null;
  };
  /** The alert's place; an unknown alert is a 404 (and so is one outside the caller's scope). */
  const alertScope = recordScope(
    'alert',
    'ALERT_NOT_FOUND',
    async (req) => (await alerts.get((req.params as { id: string }).id))?.jurisdictionPath,
  );
  const params = z.object({ id: Id });

  r.get(
    '/api/v1/alerts',
    {
      config: { access: { roles: ALERT_READERS, scope: queryJurisdiction, scopeMiss: 'forbidden' } },
      schema: {
        tags: ['alerts'],
        summary: 'Alerts in the caller’s jurisdiction subtree, newest first, with filters and cursor paging',
        querystring: ListQuery,
        response: { 200: PageOut },
      },
    },
    async (req) => {
      const q = req.query;
      const cursor = q.cursor === undefined ? null : decodeCursor(q.cursor);
      if (q.cursor !== undefined && cursor === null) throw invalid('query.cursor', 'not a cursor of this list', 'INVALID_CURSOR');
      return alerts.list({
        scopePath: req.principal!.scopePath,
        jurisdictionPath: q.jurisdiction ? geo.require(q.jurisdiction).path : null,
        levels: q.level ? (q.level.split(',') as WarningLevel[]) : [],
        states: expandStates(q.state),
        ruleId: q.rule ?? null,
        since: q.since === undefined ? null : parseSince(q.since),
        cursor,
        limit: q.limit,
      });
    },
  );

  r.get(
    '/api/v1/alerts/:id',
    {
      config: { access: { roles: ALERT_READERS, scope: alertScope } },
      schema: { tags: ['alerts'], summary: 'One alert with its history and requested actions', params, response: { 200: DetailOut } },
    },
    async (req) => {
      const detail = await alerts.detail(req.params.id);
      if (!detail) throw notFound('alert', 'ALERT_NOT_FOUND');
      return detail;
    },
  );

  r.post(
    '/api/v1/alerts/:id/acknowledge',
    {
      config: { access: { roles: ALERT_ACKNOWLEDGERS, scope: alertScope } },
      schema: {
        tags: ['alerts'],
        summary: 'Acknowledge a raised alert (接警确认); 409 ALERT_ALREADY_ACKNOWLEDGED or ALERT_NOT_ACTIVE otherwise',
        params,
        body: z.object({ note: z.string().max(2000).optional() }).default({}),
        response: { 200: AlertOut },
      },
    },
    async (req) => alerts.acknowledge(req.params.id, req.principal!.userId, req.body.note ?? null),
  );

  r.post(
    '/api/v1/alerts/:id/close',
    {
      config: { access: { roles: ALERT_CLOSERS, scope: alertScope } },
      schema: {
        tags: ['alerts'],
        summary: 'Close an active alert by hand, saying why; 409 ALERT_NOT_ACTIVE once it has ended',
        params,
        body: z.object({ note: z.string().trim().min(1, 'a note saying why is required').max(2000) }),
        response: { 200: AlertOut },
      },
    },
    async (req) => alerts.close(req.params.id, req.principal!.userId, req.body.note),
  );

  r.get(
    '/api/v1/alert-policies',
    {
      config: { access: { roles: POLICY_READERS, scope: queryJurisdiction, scopeMiss: 'forbidden' } },
      schema: {
        tags: ['alerts'],
        summary: 'Alert policies set at a jurisdiction (default: the caller’s) and those it inherits, in evaluation order',
        querystring: z.object({ jurisdiction: Id.optional() }),
        response: { 200: PolicyViewOut },
      },
    },
    async (req) => {
      const id = req.query.jurisdiction ? geo.require(req.query.jurisdiction).id : scopeJurisdiction(req.principal!);
      return alerts.policies(id);
    },
  );

  r.put(
    '/api/v1/alert-policies',
    {
      config: {
        access: {
          roles: POLICY_EDITORS,
          scope: (req) => geo.require((req.body as { jurisdictionId: string }).jurisdictionId).path,
          scopeMiss: 'forbidden',
        },
      },
      schema: {
        tags: ['alerts'],
        summary: 'Replace the alert policies set at a jurisdiction (first match wins, deepest jurisdiction first)',
        body: z.object({ jurisdictionId: Id, policies: z.array(PolicyIn).max(100) }),
        response: { 200: PolicyViewOut },
      },
    },
    async (req) => alerts.replacePolicies(geo.require(req.body.jurisdictionId).id, req.body.policies, req.principal!.userId),
  );
}
