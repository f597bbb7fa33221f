/**
 * The welfare-visit task (独居老人关爱走访): what the committee's worker is shown on a
 * welfare-visit case and how the visit's outcome is recorded. Residents are read through the
 * registry's read path (scoped, masked, audited with purpose welfare_visit); the emergency
 * contact only under the welfare_visit grant the task carries (see link-service.ts). Recording
 * the outcome gives the case its `handle` command in the same transaction, so the loop goes on to
 * verification.
 *
 * `needs_help` raises no second case: a case of the same class at the same door would be taken
 * for a duplicate of this one, and who helps (civil affairs, the family doctor, the family) is a
 * person's call. The outcome is on the case's report-back for the verifier and flagged
 * `followUpNeeded` on the task.
 */
import { AppError, forbidden, notFound } from '../platform/errors.ts';
import type { Actor, Case } from '../cases/case-types.ts';
import type { Reader, RegistryAnswer, WelfareDeps } from './deps.ts';
import { createWelfareLink, visitOfCase } from './link-service.ts';
import { handleResult, type LinkReason, type VisitOutcome, type VisitStatus, type WelfareVisit } from './model.ts';
import * as store from './store.ts';
import { housingView, residentView, type HousingView, type ResidentView } from './views.ts';

/** The caller: a signed-in user as the case and registry services know them. */
export type WelfareCaller = Reader & { unitId: string | null };

/** Roles that hold the task: the worker of the unit the case is dispatched to. */
export const TASK_ROLES = ['handler', 'community_worker'] as const;
/** Roles that oversee it anywhere in their scope. */
export const DESK_ROLES = ['shift_lead', 'dispatcher'] as const;

/** The task as shown. */
export interface WelfareTaskView {
  caseId: string;
  caseCode: string;
  caseState: Case['state'];
  address: string | null;
  status: VisitStatus;
  linkReason: LinkReason | null;
  housing: HousingView | null;
  residents: ResidentView[];
  /** Whether the caller holds the task's grant now (the reveal button works). */
  grant: { id: string; validUntil: number } | null;
  outcome: { outcome: VisitOutcome; note: string | null; visitedAt: number; followUpNeeded: boolean } | null;
}

/** An outcome as the worker reports it. */
export interface OutcomeInput {
  outcome: VisitOutcome;
  note?: string | null;
  visitedAt: number;
}

const actorOf = (c: WelfareCaller): Actor => ({ id: c.userId, roles: c.roles, scopePath: c.scopePath, unitId: c.unitId });
const isDesk = (c: WelfareCaller) => c.roles.some((r) => (DESK_ROLES as readonly string[]).includes(r));

/**
 * Creates the welfare service.
 * @example const welfare = createWelfareService({ database, clock, bus, audit, registry, cases, householdOf, userOf });
 */
export function createWelfareService(deps: WelfareDeps) {
  const { db } = deps.database;
  const link = createWelfareLink(deps);

  /** The case and its visit, if the caller may see the task: desk roles in scope, workers of the case's unit. Else 404. */
  async function taskOf(caseId: string, caller: WelfareCaller): Promise<{ c: Case; v: WelfareVisit }> {
    const c = await deps.cases.get(caseId, actorOf(caller));
    const v = await visitOfCase(deps, c);
    const mayWork =
      c.unitId !== null && caller.unitId === c.unitId && caller.roles.some((r) => (TASK_ROLES as readonly string[]).includes(r));
    if (!v || !(isDesk(caller) || mayWork)) throw notFound('welfare visit', 'WELFARE_VISIT_NOT_FOUND');
    return { c, v };
  }

  /** A registry read that answers null where the registry would not answer this reader. */
  async function read(kind: 'person' | 'housing', id: string, caller: WelfareCaller, caseId?: string): Promise<RegistryAnswer | null> {
    try {
      return await deps.registry.get(kind, id, caller, { purpose: 'welfare_visit', ...(caseId ? { caseId } : {}) });
    } catch (e) {
      if (e instanceof AppError && e.status === 404) return null;
      throw e;
    }
  }

  /** The caller's grant over every person of the visit, for this case. */
  async function grantOf(v: WelfareVisit, c: Case, caller: WelfareCaller) {
    if (v.personIds.length === 0) return null;
    const now = deps.clock.now();
    let found = null;
    for (const id of v.personIds) {
      const q = {
        userId: caller.userId,
        purpose: 'welfare_visit' as const,
        subjectKind: 'person' as const,
        subjectId: id,
        path: v.jurisdictionPath,
        caseId: c.id,
      };
      found = await deps.registry.grants.find(q, now);
      if (!found) return null;
    }
    return found && { id: found.id, validUntil: found.validUntil };
  }

  /**
   * The task: masked residents and their address; with `contact`, the emergency contact read
   * under the task's grant (403 `WELFARE_GRANT_REQUIRED` without one, audited as refused).
   */
  async function view(caseId: string, caller: WelfareCaller, opts: { contact?: boolean } = {}): Promise<WelfareTaskView> {
    const { c, v } = await taskOf(caseId, caller);
    const grant = await grantOf(v, c, caller);
    if (opts.contact && !grant) {
      await deps.audit.record({
        actor: { kind: 'user', userId: caller.userId, username: caller.username },
        action: 'welfare.reveal_contact',
        subject: { kind: 'case', id: c.id, path: c.jurisdictionPath },
        purpose: 'welfare_visit',
        outcome: 'denied',
        detail: { reason: 'no_active_grant', persons: v.personIds.length },
      });
      throw forbidden(
        'the emergency contact is shown only under the welfare-visit grant the task carries: accept the task first',
        'WELFARE_GRANT_REQUIRED',
      );
    }
    // The grant names the case: a read naming it reveals, a read without it stays masked.
    const readCase = opts.contact ? c.id : undefined;
    const residents: ResidentView[] = [];
    for (const id of v.personIds) residents.push(residentView(id, await read('person', id, caller, readCase), opts.contact === true));
    const housing = v.housingId === null ? null : housingView(v.housingId, await read('housing', v.housingId, caller));
    return {
      caseId: c.id,
      caseCode: c.code,
      caseState: c.state,
      address: c.location.address,
      status: v.status,
      linkReason: v.linkReason,
      housing,
      residents,
      grant,
      outcome:
        v.outcome === null || v.visitedAt === null
          ? null
          : { outcome: v.outcome, note: v.outcomeNote, visitedAt: v.visitedAt, followUpNeeded: v.outcome === 'needs_help' },
    };
  }

  /**
   * Records the visit's outcome and reports the case back (`handle`, actor = the worker) in one
   * transaction; audited. Only the worker of the case's unit, on an accepted case.
   */
  async function recordOutcome(caseId: string, input: OutcomeInput, caller: WelfareCaller): Promise<WelfareTaskView> {
    const { c, v } = await taskOf(caseId, caller);
    if (c.unitId === null || caller.unitId !== c.unitId)
      throw forbidden('only the worker of the unit holding the case records the visit', 'WELFARE_NOT_HOLDER');
    const now = deps.clock.now();
    if (input.visitedAt > now)
      throw new AppError(422, 'VALIDATION_FAILED', 'visitedAt lies in the future', [
        { field: 'body.visitedAt', message: 'may not lie in the future' },
      ]);
    const note = input.note?.trim() ? input.note.trim() : null;
    await deps.cases.command(
      c.id,
      { type: 'handle', result: handleResult(input.outcome, note) },
      actorOf(caller),
      c.version,
      async (trx) => {
        const stored = await store.recordOutcome(trx, v.id, {
          outcome: input.outcome,
          note,
          visitedAt: input.visitedAt,
          by: caller.userId,
          at: now,
        });
        if (!stored) throw new AppError(409, 'WELFARE_OUTCOME_RECORDED', 'the visit’s outcome is already recorded');
      },
    );
    await deps.audit.record({
      actor: { kind: 'user', userId: caller.userId, username: caller.username },
      action: 'welfare.outcome',
      subject: { kind: 'case', id: c.id, path: c.jurisdictionPath },
      purpose: 'welfare_visit',
      grantId: v.grantId,
      detail: { visitId: v.id, outcome: input.outcome, note: note !== null, persons: v.personIds.length },
    });
    return view(c.id, caller);
  }

  return {
    view,
    recordOutcome,
    /** The visit of a case as stored (tests, tools); undefined when the case has none. */
    visitOf: (caseId: string) => store.visitByCase(db, caseId),
    /** The bus consumers (exposed for tests that feed events by hand). */
    link,
    /** Subscribes to `alerts` and `cases`; call before the cases module starts consuming alerts. */
    start: () => link.start(),
    stop: () => link.stop(),
  };
}

/** The welfare service. */
export type WelfareService = ReturnType<typeof createWelfareService>;
