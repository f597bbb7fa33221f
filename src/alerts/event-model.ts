/**
 * What the alerts module publishes on the bus, for the cases module, the community workbench
 * and screens. Pure types: consumers import this file, never the alerts service or store.
 *
 * Every alert state change publishes one {@link AlertEvent} on {@link ALERTS_SUBJECT}. Its
 * `eventId` is the id of the history entry it announces: after a crash the platform publishes
 * unpublished entries again, so a consumer skips event ids it has already handled.
 */
import type { Alert, AlertHistoryEntry } from './alert-record.ts';
import type { CaseUrgency, CommunityTask } from './policy-model.ts';

/** Bus subject the rules engine publishes `RuleSignal[]` batches on. */
export const SIGNALS_SUBJECT = 'signals';
/** Bus subject of alert events. */
export const ALERTS_SUBJECT = 'alerts';

/** The kinds of alert event, one per state change. */
export type AlertEventType = 'alert.raised' | 'alert.level_changed' | 'alert.acknowledged' | 'alert.cleared' | 'alert.closed';

/** Fields every action request carries. */
interface ActionBase {
  /** Unique id of this request; a consumer creates at most one case or task per id. */
  id: string;
  alertId: string;
  policyId: string;
  policyName: string;
  /** Deepest jurisdiction of the alert (usually the community). */
  jurisdictionId: string | null;
  jurisdictionPath: string;
}

/**
 * What a policy asks for:
 * - `create_case`: file a case of `category` with `urgency` (the cases module consumes it);
 *   `unitId` is the unit the responsibility matrix names, as a suggestion (null if unknown);
 * - `community_task`: the community's committee (居委会) is to `task` (e.g. a welfare visit);
 *   `unitId` is that committee (or the street centre where no committee covers the place);
 * - `notify_only`: show it, nothing else.
 */
export type AlertActionRequest =
  | (ActionBase & { action: 'create_case'; category: string | null; urgency: CaseUrgency; unitId: string | null })
  | (ActionBase & { action: 'community_task'; task: CommunityTask; category: string | null; urgency: CaseUrgency; unitId: string | null })
  | (ActionBase & { action: 'notify_only' });

/** One alert event as published on `alerts`. */
export interface AlertEvent {
  type: AlertEventType;
  /** The history entry's id; stable across re-publication. */
  eventId: string;
  alert: Alert;
  entry: AlertHistoryEntry;
  /** What the policies ask for on this change (empty for most changes). */
  actions: AlertActionRequest[];
}

/** The event type announcing a history entry. */
export function eventTypeOf(entry: Pick<AlertHistoryEntry, 'type'>): AlertEventType {
  return `alert.${entry.type}`;
}
