/**
 * Turns a policy's planned actions into the requests published with an alert event: each gets
 * an id, the alert's place, and the unit the responsibility matrix names (the community's
 * committee for a community task; a suggestion for a case, which the cases module routes itself).
 */
import type { Alert } from './alert-record.ts';
import type { ActionPlan, CommunityTask } from './policy-model.ts';
import type { AlertActionRequest } from './event-model.ts';

/** The category a community task is filed under when the policy and the alert name none. */
const TASK_CATEGORY: Readonly<Record<CommunityTask, string | null>> = {
  welfare_visit: 'E0602',
  falling_object_visit: 'E0601',
  site_visit: null,
};

/** What building requests needs. */
export interface ActionRequestContext {
  newId(): string;
  directory?: { resolveResponsible(category: string, jurisdictionId: string): { unit: { id: string } } | null } | undefined;
}

function unitFor(category: string | null, alert: Alert, c: ActionRequestContext): string | null {
  if (category === null || alert.jurisdictionId === null || !c.directory) return null;
  try {
    return c.directory.resolveResponsible(category, alert.jurisdictionId)?.unit.id ?? null;
  } catch {
    // An unknown category or jurisdiction names no unit; the request still goes out.
    return null;
  }
}

/**
 * The requests for one alert change.
 * @example actionRequests(alert, plan, { newId, directory })[0]?.action; // 'create_case'
 */
export function actionRequests(alert: Alert, plan: ActionPlan | null, c: ActionRequestContext): AlertActionRequest[] {
  if (!plan) return [];
  const base = {
    alertId: alert.id,
    policyId: plan.policy.id,
    policyName: plan.policy.name,
    jurisdictionId: alert.jurisdictionId,
    jurisdictionPath: alert.jurisdictionPath,
  };
  return plan.actions.map((a): AlertActionRequest => {
    switch (a.action) {
      case 'create_case':
        return { id: c.newId(), ...base, ...a, unitId: unitFor(a.category, alert, c) };
      case 'community_task': {
        const category = a.category ?? TASK_CATEGORY[a.task];
        return { id: c.newId(), ...base, ...a, category, unitId: unitFor(category, alert, c) };
      }
      case 'notify_only':
        return { id: c.newId(), ...base, action: 'notify_only' };
    }
  });
}
