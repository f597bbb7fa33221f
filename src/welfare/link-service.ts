/**
 * Joins the elderly scenario up, as bus consumers:
 * - `alerts`: a policy's `community_task` / `welfare_visit` request → the alerting meter's
 *   household (`householdRef` = the registry housing id) → its residents tagged elderly living
 *   alone → one visit row keyed by the request id (the case's source ref). No household or no
 *   such resident: the visit is stored with the reason and the task goes on at the case's place.
 * - `cases`: the case filed for the request gets its visit; when the committee's worker accepts
 *   it the platform issues them a welfare_visit grant over the visit's people, naming the case,
 *   until the handling deadline (decided on the policy's strength: `system:policy:<id>`); the
 *   grant ends when the case is handled, returned, re-dispatched, parked, closed or voided.
 * Both consumers are idempotent: the request id is unique, and a grant remembers the case event
 * it was issued for. Their order does not matter: visits are found by the case's source ref.
 */
import { AppError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { ALERTS_SUBJECT, type AlertActionRequest, type AlertEvent } from '../alerts/event-model.ts';
import { CASES_SUBJECT, type Case, type CaseBusEvent } from '../cases/case-types.ts';
import { MAX_GRANT_DURATION_MS } from '../registry/grant-model.ts';
import type { Reader, WelfareDeps } from './deps.ts';
import {
  grantEnd,
  GRANT_ENDING_EVENTS,
  GRANT_GIVING_EVENTS,
  residentsToVisit,
  welfareRequests,
  type Household,
  type WelfareVisit,
} from './model.ts';
import * as store from './store.ts';

/** The platform reading the registry to find who a task is for (audited as such). */
const LINKER: Reader = { userId: 'system', username: 'welfare link', roles: [], scopePath: '/', system: true };

/** The system marker a task grant is decided under. */
export const policyDecider = (policyId: string): string => `system:policy:${policyId}`;

const notFound = (e: unknown) => e instanceof AppError && e.status === 404;

/** The visit of a case: by its id, or by its source ref (the request) when the case is new. */
export async function visitOfCase(
  deps: Pick<WelfareDeps, 'database'>,
  c: Pick<Case, 'id' | 'source' | 'sourceRef'>,
): Promise<WelfareVisit | undefined> {
  const { db } = deps.database;
  return (await store.visitByCase(db, c.id)) ?? (c.source === 'alert' && c.sourceRef ? store.visitByRequest(db, c.sourceRef) : undefined);
}

/** Creates the consumers; `start` subscribes them. */
export function createWelfareLink(deps: WelfareDeps) {
  const { db } = deps.database;
  const onError = deps.onError ?? ((m: string, e: unknown) => console.error(`welfare: ${m}:`, e));

  /** The household a device serves and the residents to visit, through the registry's audited read path. */
  async function householdOf(deviceId: string | null, alertId: string): Promise<Household> {
    const ref = deviceId === null ? null : await deps.householdOf(deviceId);
    if (ref === null) return { housingId: null, personIds: [], reason: 'no_household_ref' };
    const purpose = { purpose: 'welfare_visit' as const };
    let housing;
    try {
      housing = await deps.registry.get('housing', ref, LINKER, purpose);
    } catch (e) {
      if (notFound(e)) return { housingId: null, personIds: [], reason: 'household_not_found' };
      throw e;
    }
    const residentIds = Array.isArray(housing.fields.residentIds) ? housing.fields.residentIds : [];
    const tags = new Map<string, string[]>();
    for (const id of residentIds) {
      try {
        tags.set(id, (await deps.registry.get('person', id, LINKER, purpose)).tags);
      } catch (e) {
        if (!notFound(e)) throw e;
        onError(`alert ${alertId}: resident ${id} of housing ${housing.id} is not in the registry`, e);
      }
    }
    return residentsToVisit(housing.id, residentIds, tags);
  }

  async function onRequest(event: AlertEvent, a: Extract<AlertActionRequest, { action: 'community_task' }>): Promise<void> {
    if (await store.visitByRequest(db, a.id)) return;
    const found = await householdOf(event.alert.deviceId, event.alert.id);
    const now = deps.clock.now();
    await store.insertVisit(db, {
      id: newId(),
      request_id: a.id,
      alert_id: event.alert.id,
      policy_id: a.policyId,
      device_id: event.alert.deviceId,
      case_id: null,
      housing_id: found.housingId,
      person_ids: JSON.stringify(found.personIds),
      link_reason: found.reason,
      jurisdiction_path: a.jurisdictionPath,
      status: 'open',
      holder_user_id: null,
      grant_id: null,
      grant_event_id: null,
      outcome: null,
      outcome_note: null,
      visited_at: null,
      outcome_by: null,
      outcome_at: null,
      created_at: now,
      updated_at: now,
    });
  }

  async function onAlert(event: AlertEvent): Promise<void> {
    for (const a of welfareRequests(event.actions)) {
      try {
        await onRequest(event, a);
      } catch (e) {
        onError(`alert ${event.alert.id}: could not link the welfare visit`, e);
      }
    }
  }

  /** Ends the visit's grant, if it has one. */
  async function endGrant(v: WelfareVisit, why: string): Promise<void> {
    if (v.grantId === null) return;
    await deps.registry.grants.endForTask(v.grantId, policyDecider(v.policyId), why);
    await store.updateVisit(db, v.id, { grant_id: null, updated_at: deps.clock.now() });
  }

  /** Issues the holder a grant for the case as it stands now (ending the one before). */
  async function giveGrant(v: WelfareVisit, c: Case, holderId: string, eventId: string): Promise<void> {
    if (v.grantEventId === eventId || v.personIds.length === 0) return;
    const user = await deps.userOf(holderId);
    // Only a worker of the unit the case is dispatched to carries the task.
    if (!user?.active || user.unitId === null || user.unitId !== c.unitId) return;
    await endGrant(v, 'superseded by a new grant for the same task');
    const now = deps.clock.now();
    const dueAt = c.step?.step === 'handle' ? c.step.dueAt : null;
    const grant = await deps.registry.grants.issueForTask({
      granteeUserId: holderId,
      purpose: 'welfare_visit',
      subjectKind: 'person',
      ids: v.personIds,
      caseId: c.id,
      reason: `关爱走访任务 ${c.code} · welfare-visit task (alert policy ${v.policyId})`,
      validUntil: grantEnd(now, dueAt, MAX_GRANT_DURATION_MS.welfare_visit),
      decidedBy: policyDecider(v.policyId),
    });
    await store.updateVisit(db, v.id, { holder_user_id: holderId, grant_id: grant.id, grant_event_id: eventId, updated_at: now });
  }

  async function onCase(e: CaseBusEvent): Promise<void> {
    let v = await visitOfCase(deps, e.case);
    if (!v) return;
    if (v.caseId === null) {
      await store.updateVisit(db, v.id, { case_id: e.case.id, updated_at: deps.clock.now() });
      v = { ...v, caseId: e.case.id };
    }
    if (e.type === 'case.rework' && v.status === 'visited') {
      await store.updateVisit(db, v.id, { status: 'open', updated_at: deps.clock.now() });
    }
    if (GRANT_ENDING_EVENTS.has(e.type)) {
      await endGrant(v, `case ${e.case.code}: ${e.type.slice(5)}`);
      if (e.type === 'case.closed' || e.type === 'case.voided' || e.type === 'case.merged' || e.type === 'case.rejected')
        await store.updateVisit(db, v.id, { status: 'closed', updated_at: deps.clock.now() });
    } else if (GRANT_GIVING_EVENTS.has(e.type) && e.case.state === 'accepted') {
      const holder = e.type === 'case.accepted' ? e.entry.actorId : v.holderUserId;
      if (holder !== null) await giveGrant(v, e.case, holder, e.eventId);
    }
  }

  let subs: Array<{ unsubscribe(): void }> = [];
  return {
    onAlert,
    onCase,
    /** Subscribes to `alerts` and `cases`; subscribe before the cases module consumes alerts, so a visit exists before its case. */
    start(): void {
      if (subs.length > 0) return;
      subs = [
        deps.bus.subscribe<AlertEvent>(ALERTS_SUBJECT, (m) => onAlert(m.data), { group: 'welfare.alerts' }),
        deps.bus.subscribe<CaseBusEvent>(
          CASES_SUBJECT,
          async (m) => {
            try {
              await onCase(m.data);
            } catch (err) {
              onError(`case ${m.data.case.id}: ${m.data.type} not applied to its welfare visit`, err);
            }
          },
          { group: 'welfare.cases' },
        ),
      ];
    },
    stop(): void {
      for (const s of subs) s.unsubscribe();
      subs = [];
    },
  };
}
