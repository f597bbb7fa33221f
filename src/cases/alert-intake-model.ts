/**
 * How an alert policy's request becomes a case report (the sensing → cases seam). Pure: the
 * service subscribes to `alerts` and hands each action request here.
 *
 * - `create_case` files a case of the policy's category (or the alert's own) at the alert's
 *   place, dispatched by the responsibility matrix;
 * - `community_task` is a case of the task's category dispatched straight to the committee
 *   (居委会) the policy named: the welfare visit to an elderly person living alone, the visit
 *   after a falling object.
 * The action request's id is the case's source ref, so a redelivered event files nothing twice.
 */
import type { AlertActionRequest, AlertEvent } from '../alerts/event-model.ts';
import type { ReportInput } from './report-model.ts';

/** What each community task is called on the case. */
const TASK_TEXT: Record<string, { zh: string; en: string }> = {
  welfare_visit: { zh: '上门探视独居老人', en: 'Welfare visit to an elderly resident living alone' },
  falling_object_visit: { zh: '高空抛物上门走访', en: 'Visit the households the falling object came from' },
  site_visit: { zh: '现场查看', en: 'Look at the site' },
};

/**
 * The reports an alert event asks for (none for most events).
 * @example reportsFromAlert(event).length; // 1 for a raised red standing-water alert
 */
export function reportsFromAlert(event: AlertEvent): ReportInput[] {
  if (!event.alert.location) return [];
  const out: ReportInput[] = [];
  for (const a of event.actions) {
    const report = reportFor(a, event);
    if (report) out.push(report);
  }
  return out;
}

function reportFor(a: AlertActionRequest, event: AlertEvent): ReportInput | null {
  const { alert } = event;
  if (a.action === 'notify_only' || !alert.location) return null;
  const category = a.category ?? alert.category;
  if (!category) return null;
  const base = {
    source: 'alert' as const,
    sourceRef: a.id,
    category,
    urgency: a.urgency,
    location: { lon: alert.location[0], lat: alert.location[1], address: null },
    autoDispatch: true,
  };
  if (a.action === 'create_case') return { ...base, description: `${alert.message} (${a.policyName})` };
  const task = TASK_TEXT[a.task] ?? { zh: a.task, en: a.task };
  return {
    ...base,
    description: `${task.zh} · ${task.en}: ${alert.message}`,
    unitId: a.unitId,
    unitReason: `community task for the committee · 居委会任务 (${a.policyName})`,
  };
}
