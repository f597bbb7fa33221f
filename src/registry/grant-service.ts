/**
 * Purpose grants (用途授权): request, approve, deny, revoke, list, and the `GrantChecker` other
 * modules ask. The rules:
 * - a grant names a grantee, a purpose, a scope (listed records, or a jurisdiction subtree of one
 *   kind), a reason, an end no later than the purpose's maximum, and a case for case handling
 *   and epidemic investigation;
 * - the scope lies inside the requester's jurisdiction and the grantee's;
 * - a shift lead or administrator whose scope contains the grant's decides it, and never the
 *   grantee or the requester (four eyes);
 * - only an approved, unrevoked grant between its start and end reveals anything; an unknown id
 *   or someone else's grant reveals nothing, like none at all.
 * Every request and decision is audited before it is answered.
 */
import type { Database } from '../platform/db/create-db.ts';
import type { Clock } from '../platform/clock.ts';
import type { PurposeGrantTable } from '../platform/db/schema-registry.ts';
import { conflict, forbidden, invalid, notFound } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import type { AuditActor, AuditRecorder } from '../audit/model.ts';
import {
  commonPath,
  grantCovers,
  GRANT_DECIDERS,
  MAX_GRANT_DURATION_MS,
  PURPOSES_NEEDING_CASE,
  type Grant,
  type GrantChecker,
  type GrantQuestion,
  type GrantStatus,
  type GrantSubjectKind,
  type Purpose,
} from './grant-model.ts';
import * as store from './grant-store.ts';
import { toGrant, type GrantActor, type GrantRequest, type GrantView, type TaskGrant } from './grant-view.ts';

/** What the grant service needs. */
export interface GrantDeps {
  database: Database;
  clock: Clock;
  audit: AuditRecorder;
  /** The jurisdiction path of an active user, or undefined when there is no such user (or disabled). */
  userPath: (userId: string) => Promise<string | undefined>;
  /** The path of a jurisdiction by id. */
  jurisdictionPath(id: string): string | undefined;
  /** Paths of registry records of a kind by id (missing ids are absent). */
  recordPaths(kind: GrantSubjectKind, ids: readonly string[]): Promise<Map<string, string>>;
  /** Whether a case exists (checked when a grant names one). */
  caseExists: (caseId: string) => Promise<boolean>;
}

/** The grant service: the decisions, and `find` for every module that reveals personal data. */
export type GrantService = ReturnType<typeof createGrantService>;

/**
 * Creates the grant service.
 * @example const grants = createGrantService({ database, clock, audit, userPath, jurisdictionPath, recordPaths, caseExists });
 */
export function createGrantService(deps: GrantDeps) {
  const { db } = deps.database;
  const GRANT_NOT_FOUND = () => notFound('grant', 'GRANT_NOT_FOUND');

  async function audit(
    actor: GrantActor | AuditActor,
    action: string,
    g: PurposeGrantTable,
    detail: Record<string, unknown> = {},
  ): Promise<void> {
    await deps.audit.record({
      actor: 'kind' in actor ? actor : { kind: 'user', userId: actor.userId, username: actor.username },
      action,
      subject: { kind: 'grant', id: g.id, path: g.scope_path },
      purpose: g.purpose,
      grantId: g.id,
      detail: { granteeUserId: g.grantee_user_id, subjectKind: g.subject_kind, scope: g.scope_kind, caseId: g.case_id, ...detail },
    });
  }

  /** The path a request's scope covers, checked against the requester's jurisdiction. */
  async function scopePathOf(req: GrantRequest, actor: GrantActor): Promise<string> {
    if (req.scope.kind === 'jurisdiction') {
      const path = deps.jurisdictionPath(req.scope.jurisdictionId);
      if (path === undefined) throw invalid('body.scope.jurisdictionId', 'no such jurisdiction');
      if (!path.startsWith(actor.scopePath)) throw forbidden('the grant’s scope lies outside your jurisdiction', 'OUT_OF_SCOPE');
      return path;
    }
    if (req.scope.subjectKind === 'checkin') throw invalid('body.scope.kind', 'check-ins are granted by jurisdiction, not by record');
    const paths = await deps.recordPaths(req.scope.subjectKind, req.scope.ids);
    for (const [i, id] of req.scope.ids.entries()) {
      const path = paths.get(id);
      // Missing and out-of-scope read the same, so a request cannot probe for records.
      if (path === undefined || !path.startsWith(actor.scopePath))
        throw invalid(`body.scope.ids[${i}]`, `no ${req.scope.subjectKind} record ${id} in your jurisdiction`);
    }
    return commonPath([...paths.values()]);
  }

  async function request(req: GrantRequest, actor: GrantActor): Promise<GrantView> {
    const now = deps.clock.now();
    const caseId = req.caseId ?? null;
    if (PURPOSES_NEEDING_CASE.has(req.purpose) && caseId === null)
      throw invalid('body.caseId', `a ${req.purpose} grant must name its case`);
    if (caseId !== null && !(await deps.caseExists(caseId))) throw invalid('body.caseId', 'no such case');
    const max = MAX_GRANT_DURATION_MS[req.purpose];
    if (!(req.validUntil > now)) throw invalid('body.validUntil', 'must be in the future');
    if (req.validUntil > now + max) throw invalid('body.validUntil', `a ${req.purpose} grant lasts at most ${max / 3_600_000} hours`);
    const granteePath = await deps.userPath(req.granteeUserId);
    if (granteePath === undefined) throw invalid('body.granteeUserId', 'no such active user');
    if (req.granteeUserId !== actor.userId && !granteePath.startsWith(actor.scopePath))
      throw invalid('body.granteeUserId', 'the grantee works outside your jurisdiction');
    const scopePath = await scopePathOf(req, actor);
    if (!scopePath.startsWith(granteePath)) throw invalid('body.scope', 'the scope lies outside the grantee’s jurisdiction');
    const row: PurposeGrantTable = {
      id: newId(),
      grantee_user_id: req.granteeUserId,
      purpose: req.purpose,
      scope_kind: req.scope.kind,
      subject_kind: req.scope.subjectKind,
      scope_path: scopePath,
      scope_ids: req.scope.kind === 'records' ? JSON.stringify([...new Set(req.scope.ids)]) : null,
      case_id: caseId,
      reason: req.reason,
      status: 'requested',
      requested_by: actor.userId,
      requested_at: now,
      decided_by: null,
      decided_at: null,
      decision_note: null,
      valid_from: now,
      valid_until: req.validUntil,
      revoked_at: null,
      revoked_by: null,
    };
    await store.insertGrant(db, row);
    await audit(actor, 'grant.request', row, { validUntil: row.valid_until });
    return toGrant(row);
  }

  /** A grant the actor may decide: in their scope (else 404), not theirs (four eyes). */
  async function decidable(id: string, actor: GrantActor): Promise<PurposeGrantTable> {
    const g = await store.getGrant(db, id);
    if (!g || !g.scope_path.startsWith(actor.scopePath)) throw GRANT_NOT_FOUND();
    if (!actor.roles.some((r) => (GRANT_DECIDERS as readonly string[]).includes(r)))
      throw forbidden('only a shift lead or administrator decides grants');
    if (g.grantee_user_id === actor.userId || g.requested_by === actor.userId)
      throw forbidden('a grant is decided by someone other than its grantee and its requester', 'GRANT_SELF_DECISION');
    return g;
  }

  async function decide(
    id: string,
    actor: GrantActor,
    from: GrantStatus,
    to: GrantStatus,
    action: string,
    note: string | null,
  ): Promise<GrantView> {
    const g = await decidable(id, actor);
    const now = deps.clock.now();
    if (g.status !== from) throw conflict(`the grant is ${g.status}, not ${from}`, 'GRANT_STATE');
    if (to === 'approved' && g.valid_until <= now) throw conflict('the grant’s end has passed; request a new one', 'GRANT_EXPIRED');
    const set: Partial<PurposeGrantTable> =
      to === 'revoked'
        ? { status: to, revoked_at: now, revoked_by: actor.userId, decision_note: note ?? g.decision_note }
        : { status: to, decided_by: actor.userId, decided_at: now, decision_note: note, ...(to === 'approved' ? { valid_from: now } : {}) };
    if (!(await store.updateGrantIf(db, id, from, set))) throw conflict('the grant was decided meanwhile', 'GRANT_STATE');
    const updated = { ...g, ...set };
    await audit(actor, action, updated, { note: note !== null });
    return toGrant(updated);
  }

  /**
   * A grant the platform issues for a task on the strength of a policy (the welfare visit an alert
   * policy sends a committee's worker on), decided by `decidedBy` (`system:policy:<id>`), never a
   * person, so approved at once. The limits of a request hold: an existing case, an end within the
   * purpose's maximum, an active grantee whose jurisdiction holds every listed record. Audited.
   */
  async function issueForTask(t: TaskGrant): Promise<GrantView> {
    const now = deps.clock.now();
    if (!t.decidedBy.startsWith('system:')) throw invalid('decidedBy', 'a task grant is decided by the system');
    if (!(await deps.caseExists(t.caseId))) throw invalid('caseId', 'no such case');
    const max = MAX_GRANT_DURATION_MS[t.purpose];
    if (!(t.validUntil > now) || t.validUntil > now + max) throw invalid('validUntil', `must lie within ${max / 3_600_000} hours from now`);
    const granteePath = await deps.userPath(t.granteeUserId);
    if (granteePath === undefined) throw invalid('granteeUserId', 'no such active user');
    const system: GrantActor = { userId: t.decidedBy, username: t.decidedBy, roles: [], scopePath: granteePath };
    const scopePath = await scopePathOf({ ...t, scope: { kind: 'records', subjectKind: t.subjectKind, ids: t.ids } }, system);
    const row: PurposeGrantTable = {
      id: newId(),
      grantee_user_id: t.granteeUserId,
      purpose: t.purpose,
      scope_kind: 'records',
      subject_kind: t.subjectKind,
      scope_path: scopePath,
      scope_ids: JSON.stringify([...new Set(t.ids)]),
      case_id: t.caseId,
      reason: t.reason,
      status: 'approved',
      requested_by: t.decidedBy,
      requested_at: now,
      decided_by: t.decidedBy,
      decided_at: now,
      decision_note: null,
      valid_from: now,
      valid_until: t.validUntil,
      revoked_at: null,
      revoked_by: null,
    };
    await store.insertGrant(db, row);
    await audit({ kind: 'system', name: t.decidedBy }, 'grant.issue', row, { validUntil: row.valid_until });
    return toGrant(row);
  }

  /** Ends a task grant its system decider issued (the task is done); nothing if it is not approved. Audited. */
  async function endForTask(id: string, decidedBy: string, note: string): Promise<void> {
    const g = await store.getGrant(db, id);
    if (!g || g.status !== 'approved' || g.decided_by !== decidedBy) return;
    const set: Partial<PurposeGrantTable> = { status: 'revoked', revoked_at: deps.clock.now(), revoked_by: decidedBy, decision_note: note };
    if (await store.updateGrantIf(db, id, 'approved', set))
      await audit({ kind: 'system', name: decidedBy }, 'grant.revoke', { ...g, ...set });
  }

  const checker: GrantChecker = {
    async find(q: GrantQuestion, now: number): Promise<Grant | null> {
      const rows = await store.activeGrantsOf(db, q.userId, now, q.purpose);
      return rows.map(toGrant).find((g) => grantCovers(g, q, now)) ?? null;
    },
  };

  return {
    request,
    issueForTask,
    endForTask,
    approve: (id: string, actor: GrantActor, note: string | null = null) =>
      decide(id, actor, 'requested', 'approved', 'grant.approve', note),
    deny: (id: string, actor: GrantActor, note: string) => decide(id, actor, 'requested', 'denied', 'grant.deny', note),
    revoke: (id: string, actor: GrantActor, note: string | null = null) => decide(id, actor, 'approved', 'revoked', 'grant.revoke', note),
    /** The grant if the actor is its grantee or requester, or could decide it; else 404. */
    async get(id: string, actor: GrantActor): Promise<GrantView> {
      const g = await store.getGrant(db, id);
      const mine = g && (g.grantee_user_id === actor.userId || g.requested_by === actor.userId);
      const decider = actor.roles.some((r) => (GRANT_DECIDERS as readonly string[]).includes(r));
      if (!g || !(mine || (decider && g.scope_path.startsWith(actor.scopePath)))) throw GRANT_NOT_FOUND();
      return toGrant(g);
    },
    /** The actor's own grants (held or requested), or those waiting for their decision. */
    async list(view: 'mine' | 'to_approve', actor: GrantActor, limit = 200): Promise<GrantView[]> {
      if (view === 'mine') return (await store.grantsInvolving(db, actor.userId, limit)).map(toGrant);
      if (!actor.roles.some((r) => (GRANT_DECIDERS as readonly string[]).includes(r))) return [];
      const rows = await store.pendingGrants(db, actor.scopePath, limit);
      return rows.filter((g) => g.grantee_user_id !== actor.userId && g.requested_by !== actor.userId).map(toGrant);
    },
    /** Active grants of a user for a purpose (the registry checks many records against them at once). */
    async active(userId: string, purpose: Purpose, now: number): Promise<Grant[]> {
      return (await store.activeGrantsOf(db, userId, now, purpose)).map(toGrant);
    },
    /** The jurisdiction path a grant covers, or undefined (for route scope checks). */
    pathOf: (id: string) => store.grantPath(db, id),
    /** The checker other modules depend on. */
    find: (q: GrantQuestion, now: number) => checker.find(q, now),
  };
}
