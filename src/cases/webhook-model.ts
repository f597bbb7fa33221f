/**
 * Signed webhooks for case events, the pure part: which events a unit's subscription receives,
 * the body sent, the retry schedule and the URL rule. The store keeps subscriptions and
 * deliveries; the service sends them, signed as platform/delivery/signature.ts says.
 */
import type { CaseBusEvent, CaseEventType } from './case-types.ts';

/** Every timeline entry type, as the `case.<type>` a subscription lists. */
export const CASE_EVENT_TYPES = [
  'reported',
  'filed',
  'rejected',
  'merged',
  'voided',
  'dispatched',
  'accepted',
  'returned',
  'handled',
  'verified',
  'rework',
  'closed',
  'extension_requested',
  'extension_approved',
  'extension_denied',
  'parked',
  'resumed',
  'reopened',
  'escalated',
  'deadline_set',
  'overdue',
  'report_added',
  'evaluated',
  'commented',
] as const satisfies readonly CaseEventType[];

// Fails to compile when case-types.ts gains an entry type the list above lacks.
const EVERY_TYPE_LISTED: Exclude<CaseEventType, (typeof CASE_EVENT_TYPES)[number]> extends never ? true : false = true;
void EVERY_TYPE_LISTED;

/** An event type as subscriptions, payloads and the `x-cityops-event` header name it. */
export type WebhookEventType = CaseBusEvent['type'];

/** Every event type a subscription may list. */
export const WEBHOOK_EVENT_TYPES: readonly WebhookEventType[] = CASE_EVENT_TYPES.map((t) => `case.${t}` as const);

/**
 * Waits after failed attempts 1, 2, 3…: 10 s, 1 min, 5 min, 30 min, 2 h, then 6 h each. Fixed
 * rather than jittered so operators (and tests) can tell exactly when the next try comes.
 */
export const RETRY_DELAYS_MS = [10_000, 60_000, 300_000, 1_800_000, 7_200_000, 21_600_000] as const;

/** Attempts before a delivery is dead (about 15 hours after the first). */
export const MAX_ATTEMPTS = 8;

/** What matching needs of a subscription. */
export interface SubscriptionFilter {
  unitId: string;
  /** Empty: every event type. */
  eventTypes: readonly string[];
  active: boolean;
}

/** The JSON body of a delivery: the bus event plus when it happened. */
export interface WebhookPayload {
  type: WebhookEventType;
  /** The timeline entry id: the same for every subscription, stable across retries. */
  eventId: string;
  /** When the entry was recorded (epoch ms). */
  at: number;
  case: CaseBusEvent['case'];
  entry: CaseBusEvent['entry'];
}

/**
 * True when the subscription receives the event: it is active, the case is dispatched to its
 * unit or was until this entry (so a unit also hears that a case was returned or taken away
 * from it), and the type is listed (an empty list means every type).
 */
export function matchesSubscription(event: CaseBusEvent, sub: SubscriptionFilter): boolean {
  if (!sub.active) return false;
  const unitBefore = event.entry.before.unitId;
  if (event.case.unitId !== sub.unitId && unitBefore !== sub.unitId) return false;
  return sub.eventTypes.length === 0 || sub.eventTypes.includes(event.type);
}

/** The units an event concerns (now and before), for looking up their subscriptions. */
export function unitsOf(event: CaseBusEvent): string[] {
  const out = new Set<string>();
  if (event.case.unitId) out.add(event.case.unitId);
  const before = event.entry.before.unitId;
  if (typeof before === 'string') out.add(before);
  return [...out];
}

/** The body sent for an event; serialized once at enqueue, so every retry sends the same bytes. */
export function payloadOf(event: CaseBusEvent): string {
  const body: WebhookPayload = { type: event.type, eventId: event.eventId, at: event.entry.at, case: event.case, entry: event.entry };
  return JSON.stringify(body);
}

/**
 * When to try again after `attempts` failed attempts, or null when the delivery is dead.
 * @example nextAttemptAt(1, t) // t + 10 s;  nextAttemptAt(8, t) // null
 */
export function nextAttemptAt(attempts: number, now: number): number | null {
  if (attempts >= MAX_ATTEMPTS) return null;
  const delay = RETRY_DELAYS_MS[Math.min(Math.max(attempts, 1), RETRY_DELAYS_MS.length) - 1]!;
  return now + delay;
}

/**
 * Why a webhook URL is refused, or null when it is fine: absolute http(s) only, and no
 * credentials in it (they would be stored and shown in clear; the signature is the credential).
 */
export function webhookUrlProblem(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'not an absolute URL';
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return 'only http and https URLs are accepted';
  if (u.username || u.password) return 'no user name or password in the URL; receivers check the signature instead';
  if (u.hash) return 'no #fragment: it is never sent';
  return null;
}
