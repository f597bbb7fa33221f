/**
 * Reading cases: one case with its supervision light, lists with filters and cursor paging, the
 * work queues of each role, the timeline, and the reporter (masked). Every read is limited to
 * the caller's jurisdiction scope; a case outside it answers 404 so its existence does not leak.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import type { Clock } from '../platform/clock.ts';
import { notFound } from '../platform/errors.ts';
import { maskEmail, maskName, maskPhone } from '../platform/masking.ts';
import type { Actor, Case, CaseEvent, CaseSource, CaseState, StepStatus } from './case-types.ts';
import type { TransitionContext } from './case-machine.ts';
import { stepStatus } from './case-clock.ts';
import * as store from './store.ts';

/** A case as answered: the stored case plus its current step light. */
export interface CaseView extends Case {
  status: StepStatus | null;
}

/** The work queues. */
export type QueueName = 'mine' | 'to-dispatch' | 'to-verify' | 'overdue';

/** Filters of the case list. */
export interface CaseListQuery {
  states?: CaseState[];
  category?: string;
  source?: CaseSource;
  unitId?: string;
  /** Narrow to a jurisdiction subtree inside the caller's scope. */
  scopePath?: string;
  overdue?: boolean;
  reportedFrom?: number;
  reportedTo?: number;
  cursor?: string;
  limit?: number;
}

/** The reporter as shown without a purpose grant. */
export interface MaskedReporter {
  name: string | null;
  phone: string | null;
  email: string | null;
}

/**
 * Creates the read side.
 * @example const q = createCaseQueries({ db, clock, ctx }); await q.get(id, actor);
 */
export function createCaseQueries(deps: { db: Kysely<DB>; clock: Clock; ctx: TransitionContext }) {
  const { db } = deps;
  const view = (c: Case): CaseView => ({ ...c, status: stepStatus(c, deps.clock.now(), deps.ctx.calendar) });

  async function getInScope(id: string, actor: Actor): Promise<Case> {
    const c = (await store.getCase(db, id)) ?? (await store.getCaseByCode(db, id));
    if (!c || !c.jurisdictionPath.startsWith(actor.scopePath)) throw notFound(`case ${id}`, 'CASE_NOT_FOUND');
    return c;
  }

  async function list(query: CaseListQuery, actor: Actor) {
    const scopePath = query.scopePath && query.scopePath.startsWith(actor.scopePath) ? query.scopePath : actor.scopePath;
    const page = await store.listCases(db, {
      scopePath,
      now: deps.clock.now(),
      limit: Math.min(query.limit ?? 50, 500),
      ...(query.states ? { states: query.states } : {}),
      ...(query.category ? { category: query.category } : {}),
      ...(query.source ? { source: query.source } : {}),
      ...(query.unitId ? { unitId: query.unitId } : {}),
      ...(query.overdue !== undefined ? { overdue: query.overdue } : {}),
      ...(query.reportedFrom !== undefined ? { reportedFrom: query.reportedFrom } : {}),
      ...(query.reportedTo !== undefined ? { reportedTo: query.reportedTo } : {}),
      ...(query.cursor ? { cursor: query.cursor } : {}),
    });
    return { items: page.items.map(view), nextCursor: page.nextCursor };
  }

  return {
    /** One case in the caller's scope, by id or human code. */
    async get(id: string, actor: Actor): Promise<CaseView> {
      return view(await getInScope(id, actor));
    },
    /** The jurisdiction path of a case (for route scope checks), or undefined. */
    async pathOf(id: string): Promise<string | undefined> {
      return ((await store.getCase(db, id)) ?? (await store.getCaseByCode(db, id)))?.jurisdictionPath;
    },
    list,
    /**
     * A role's work queue: `mine` — dispatched to or being handled by the caller's unit;
     * `to-dispatch` — reported or filed, at a centre inside the caller's scope; `to-verify` —
     * reported back, waiting for the check; `overdue` — a step past its due time.
     */
    async queue(name: QueueName, actor: Actor, page: { cursor?: string; limit?: number } = {}) {
      const base = { ...page };
      switch (name) {
        case 'mine':
          return actor.unitId
            ? list({ ...base, unitId: actor.unitId, states: ['dispatched', 'accepted'] }, { ...actor, scopePath: '/' })
            : { items: [], nextCursor: null };
        case 'to-dispatch':
          return list({ ...base, states: ['reported', 'filed'] }, actor);
        case 'to-verify':
          return list({ ...base, states: ['handled', 'verified'] }, actor);
        case 'overdue':
          return list({ ...base, overdue: true }, actor);
      }
    },
    /** The timeline of a case in scope, oldest first. */
    async timeline(id: string, actor: Actor): Promise<CaseEvent[]> {
      const c = await getInScope(id, actor);
      return store.listEvents(db, c.id);
    },
    /** The reporter of a case in scope, masked. */
    async reporter(id: string, actor: Actor): Promise<MaskedReporter | null> {
      const c = await getInScope(id, actor);
      if (!c.reporterId) return null;
      const r = await store.getReporter(db, c.reporterId);
      if (!r) return null;
      return {
        name: r.name ? maskName(r.name) : null,
        phone: r.phone ? maskPhone(r.phone) : null,
        email: r.email ? maskEmail(r.email) : null,
      };
    },
  };
}
