/**
 * SQL for webhooks: units' subscriptions, and one delivery per (subscription, event) retried
 * until delivered or dead. Claiming and recording outcomes is the shared delivery-queue
 * bookkeeping (platform/delivery/delivery-queue.ts); here is what is the webhooks' own.
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import type { WebhookDeliveryTable, WebhookSubscriptionTable } from '../platform/db/schema-cases.ts';
import { claimRows, type DeliveryState } from '../platform/delivery/delivery-queue.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** A unit's webhook. The secret is needed to sign, so it is kept in clear (unlike tokens). */
export interface WebhookSubscription {
  id: string;
  unitId: string;
  url: string;
  secret: string;
  /** `case.<type>` names; empty means every type. */
  eventTypes: string[];
  active: boolean;
  createdAt: number;
  createdBy: string | null;
}

/** One event to deliver to one subscription. */
export interface WebhookDelivery {
  id: string;
  subscriptionId: string;
  eventId: string;
  /** The JSON body, exactly as signed and sent. */
  payload: string;
  /** Attempts made (or started) so far. */
  attempts: number;
  /** Due time of the next attempt, or the end of the current attempt's lease; null once final. */
  nextAttemptAt: number | null;
  state: DeliveryState;
  lastError: string | null;
  lastStatus: number | null;
  createdAt: number;
  deliveredAt: number | null;
}

function toSubscription(r: Selectable<WebhookSubscriptionTable>): WebhookSubscription {
  return {
    id: r.id,
    unitId: r.unit_id,
    url: r.url,
    secret: r.secret,
    eventTypes: JSON.parse(r.event_types) as string[],
    active: r.active === 1,
    createdAt: r.created_at,
    createdBy: r.created_by,
  };
}

function toDelivery(r: Selectable<WebhookDeliveryTable>): WebhookDelivery {
  return {
    id: r.id,
    subscriptionId: r.subscription_id,
    eventId: r.event_id,
    payload: r.payload,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    state: r.state as DeliveryState,
    lastError: r.last_error,
    lastStatus: r.last_status,
    createdAt: r.created_at,
    deliveredAt: r.delivered_at,
  };
}

/** Stores a new subscription. */
export async function insertSubscription(db: Executor, s: WebhookSubscription): Promise<void> {
  await db
    .insertInto('webhook_subscriptions')
    .values({
      id: s.id,
      unit_id: s.unitId,
      url: s.url,
      secret: s.secret,
      event_types: JSON.stringify(s.eventTypes),
      active: s.active ? 1 : 0,
      created_at: s.createdAt,
      created_by: s.createdBy,
    })
    .execute();
}

/** One subscription, or undefined. */
export async function getSubscription(db: Executor, id: string): Promise<WebhookSubscription | undefined> {
  const r = await db.selectFrom('webhook_subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toSubscription(r) : undefined;
}

/** Subscriptions, oldest first; of the given units only (an empty list matches none), active ones only if asked. */
export async function listSubscriptions(
  db: Executor,
  o: { unitIds?: readonly string[]; activeOnly?: boolean; ids?: readonly string[] } = {},
): Promise<WebhookSubscription[]> {
  if (o.unitIds?.length === 0 || o.ids?.length === 0) return [];
  let q = db.selectFrom('webhook_subscriptions').selectAll();
  if (o.unitIds) q = q.where('unit_id', 'in', o.unitIds);
  if (o.ids) q = q.where('id', 'in', o.ids);
  if (o.activeOnly) q = q.where('active', '=', 1);
  return (await q.orderBy('created_at').orderBy('id').execute()).map(toSubscription);
}

/** Deletes a subscription with its deliveries (run it in a transaction); true when it existed. */
export async function deleteSubscription(db: Executor, id: string): Promise<boolean> {
  await db.deleteFrom('webhook_deliveries').where('subscription_id', '=', id).execute();
  const r = await db.deleteFrom('webhook_subscriptions').where('id', '=', id).executeTakeFirst();
  return r.numDeletedRows > 0n;
}

/** A delivery to enqueue. */
export interface NewDelivery {
  id: string;
  subscriptionId: string;
  eventId: string;
  payload: string;
}

/**
 * Enqueues deliveries due at `now`, skipping (subscription, event) pairs already enqueued, so an
 * event the bus delivers twice is sent once.
 * @returns the ids of the deliveries actually added.
 */
export async function enqueueDeliveries(db: Executor, rows: readonly NewDelivery[], now: number): Promise<string[]> {
  if (rows.length === 0) return [];
  const r = await db
    .insertInto('webhook_deliveries')
    .values(
      rows.map((d) => ({
        id: d.id,
        subscription_id: d.subscriptionId,
        event_id: d.eventId,
        payload: d.payload,
        attempts: 0,
        next_attempt_at: now,
        state: 'pending',
        last_error: null,
        last_status: null,
        created_at: now,
        delivered_at: null,
      })),
    )
    .onConflict((oc) => oc.columns(['subscription_id', 'event_id']).doNothing())
    .returning('id')
    .execute();
  return r.map((x) => x.id);
}

/**
 * Claims up to `limit` pending deliveries due at `now` (soonest first) for `leaseMs`, counting
 * the attempt. Concurrent claimers on PostgreSQL skip each other's rows instead of waiting.
 * @returns the claimed deliveries, oldest first, `attempts` already including this one.
 */
export async function claimDueDeliveries(db: Executor, o: { now: number; limit: number; leaseMs: number }): Promise<WebhookDelivery[]> {
  const due = db
    .selectFrom('webhook_deliveries')
    .select('id')
    .where('state', '=', 'pending')
    .where('next_attempt_at', '<=', o.now)
    .orderBy('next_attempt_at')
    .limit(o.limit);
  // Oldest event first (ids are time-ordered), so a receiver mostly sees a case's entries in order.
  return (await claimRows(db, 'webhook_deliveries', due, o)).map(toDelivery);
}

/** One delivery, or undefined. */
export async function getDelivery(db: Executor, id: string): Promise<WebhookDelivery | undefined> {
  const r = await db.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toDelivery(r) : undefined;
}

/**
 * Deliveries newest first (ids are time-ordered), filtered by state, subscriptions (an empty
 * list matches none) or event; `before` is the last id of the previous page.
 */
export async function listDeliveries(
  db: Executor,
  o: { state?: DeliveryState; subscriptionIds?: readonly string[]; eventId?: string; before?: string; limit: number },
): Promise<WebhookDelivery[]> {
  if (o.subscriptionIds?.length === 0) return [];
  let q = db.selectFrom('webhook_deliveries').selectAll();
  if (o.state) q = q.where('state', '=', o.state);
  if (o.subscriptionIds) q = q.where('subscription_id', 'in', o.subscriptionIds);
  if (o.eventId) q = q.where('event_id', '=', o.eventId);
  if (o.before) q = q.where('id', '<', o.before);
  return (await q.orderBy('id', 'desc').limit(o.limit).execute()).map(toDelivery);
}
