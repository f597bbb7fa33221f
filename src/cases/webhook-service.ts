/**
 * Signed webhooks (issue 4 item 8): units that want their cases pushed into their own systems
 * subscribe a URL; every case event concerning the unit is POSTed there as JSON, signed with
 * HMAC-SHA256 (see webhook-model.ts), retried on a fixed schedule and, after the last attempt,
 * kept as a dead letter that an operator can send again.
 *
 * Deliveries are rows (enqueued from the `cases` bus, one per subscription and event id, so a
 * redelivered bus event is sent once) and are claimed under a lease, so any number of processes
 * can run the delivery loop and a crash loses nothing.
 */
import type { Database } from '../platform/db/create-db.ts';
import type { Clock } from '../platform/clock.ts';
import type { Bus } from '../platform/bus/bus.ts';
import { AppError, invalid, notFound } from '../platform/errors.ts';
import { newId, newSecret } from '../platform/ids.ts';
import { CASES_SUBJECT, type CaseBusEvent } from './case-types.ts';
import { WEBHOOK_EVENT_TYPES, matchesSubscription, nextAttemptAt, payloadOf, unitsOf, webhookUrlProblem } from './webhook-model.ts';
import { attemptDelivery, type AttemptDeps } from '../platform/delivery/attempt.ts';
import { createDeliveryLoop } from '../platform/delivery/delivery-loop.ts';
import { requeueDead } from '../platform/delivery/delivery-queue.ts';
import * as store from './webhook-store.ts';
import type { WebhookDelivery, WebhookSubscription } from './webhook-store.ts';

/** What the webhook service needs. */
export interface WebhookDeps {
  database: Database;
  clock: Clock;
  bus: Bus;
  /** The HTTP client (tests may wrap it); defaults to the global fetch. */
  fetch?: typeof fetch;
  /** How often the delivery loop looks for due deliveries (ms); 0 turns it off (tests deliver by hand). Default 1 s. */
  deliveryIntervalMs?: number;
  /** Per-attempt timeout (ms), default 10 s. */
  timeoutMs?: number;
  /** How long a claimed delivery is held before another worker may retry it (ms); longer than the timeout. Default 60 s. */
  leaseMs?: number;
  /** Deliveries sent at once per claim. Default 10. */
  batchSize?: number;
  onError?: (message: string, e: unknown) => void;
}

/** The webhook service. */
export type WebhookService = ReturnType<typeof createWebhookService>;

/** Which units the caller may see and manage (built by the routes from the caller's jurisdiction). */
export type UnitScope = (unitId: string) => boolean;

/** A subscription as shown: never the secret, which is given out once, at creation. */
export type WebhookView = Omit<WebhookSubscription, 'secret'>;

/** A delivery as shown to operators. */
export interface DeliveryView {
  id: string;
  subscriptionId: string;
  unitId: string;
  url: string;
  eventId: string;
  eventType: string;
  caseId: string;
  attempts: number;
  state: WebhookDelivery['state'];
  nextAttemptAt: number | null;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: number;
  deliveredAt: number | null;
}

export type { RoundResult } from '../platform/delivery/delivery-loop.ts';

function view(s: WebhookSubscription): WebhookView {
  const { secret: _secret, ...rest } = s;
  return rest;
}

function deliveryView(d: WebhookDelivery, sub: WebhookSubscription | undefined): DeliveryView {
  const body = JSON.parse(d.payload) as { type?: string; case?: { id?: string } };
  return {
    id: d.id,
    subscriptionId: d.subscriptionId,
    unitId: sub?.unitId ?? '',
    url: sub?.url ?? '',
    eventId: d.eventId,
    eventType: body.type ?? '',
    caseId: body.case?.id ?? '',
    attempts: d.attempts,
    state: d.state,
    nextAttemptAt: d.nextAttemptAt,
    lastStatus: d.lastStatus,
    lastError: d.lastError,
    createdAt: d.createdAt,
    deliveredAt: d.deliveredAt,
  };
}

/**
 * Creates the service; `start()` begins consuming case events and the delivery loop.
 * @example const webhooks = createWebhookService({ database, clock, bus }); await webhooks.start();
 */
export function createWebhookService(deps: WebhookDeps) {
  const { db } = deps.database;
  const send = deps.fetch ?? globalThis.fetch;
  const timeoutMs = deps.timeoutMs ?? 10_000;
  const leaseMs = deps.leaseMs ?? 60_000;
  const batchSize = deps.batchSize ?? 10;
  const every = deps.deliveryIntervalMs ?? 1000;
  const onError = deps.onError ?? ((m: string, e: unknown) => console.error(`webhooks: ${m}:`, e));
  // `stopping` aborts requests in flight when the service stops; they count as failed and are retried.
  const attempt = (stopping: AbortSignal): AttemptDeps => ({
    db,
    clock: deps.clock,
    fetch: send,
    timeoutMs,
    stopping,
    userAgent: 'cityops-webhooks/1',
  });

  /** Enqueues the event for every active subscription it matches; true when any delivery was added. */
  async function enqueue(event: CaseBusEvent): Promise<boolean> {
    const units = unitsOf(event);
    if (units.length === 0) return false;
    const subs = (await store.listSubscriptions(db, { unitIds: units, activeOnly: true })).filter((s) => matchesSubscription(event, s));
    if (subs.length === 0) return false;
    const payload = payloadOf(event);
    const rows = subs.map((s) => ({ id: newId(), subscriptionId: s.id, eventId: event.eventId, payload }));
    return (await store.enqueueDeliveries(db, rows, deps.clock.now())).length > 0;
  }

  /** Claims a batch and sends it; a removed subscription's delivery is dead at once. */
  async function sendBatch(now: number, stopping: AbortSignal) {
    const claimed = await store.claimDueDeliveries(db, { now, limit: batchSize, leaseMs });
    const subs = new Map(
      (await store.listSubscriptions(db, { ids: [...new Set(claimed.map((d) => d.subscriptionId))] })).map((s) => [s.id, s]),
    );
    return Promise.all(
      claimed.map((d) => {
        const sub = subs.get(d.subscriptionId);
        const row = { ...d, event: (JSON.parse(d.payload) as { type: string }).type };
        const target = sub ?? { refused: 'subscription removed' };
        return attemptDelivery(attempt(stopping), 'webhook_deliveries', row, target, sub ? nextAttemptAt : () => null);
      }),
    );
  }

  const loop = createDeliveryLoop<CaseBusEvent>({
    bus: deps.bus,
    clock: deps.clock,
    subject: CASES_SUBJECT,
    group: 'cases.webhooks',
    enqueue,
    sendBatch,
    intervalMs: every,
    noun: 'deliveries',
    onError,
  });

  async function subscriptionIdsIn(scope: UnitScope, unitId?: string): Promise<string[]> {
    const subs = await store.listSubscriptions(db, unitId ? { unitIds: [unitId] } : {});
    return subs.filter((s) => scope(s.unitId)).map((s) => s.id);
  }

  return {
    /**
     * Subscribes a unit. Returns the subscription and its signing secret, which is shown this
     * once and never again. `eventTypes` are `case.<type>` names; empty or absent means all.
     */
    async subscribe(
      input: { unitId: string; url: string; eventTypes?: readonly string[] },
      actor: { id: string },
    ): Promise<{ webhook: WebhookView; secret: string }> {
      const problem = webhookUrlProblem(input.url);
      if (problem) throw invalid('body.url', problem, 'WEBHOOK_URL_INVALID');
      const types = [...new Set(input.eventTypes ?? [])];
      const unknown = types.find((t) => !(WEBHOOK_EVENT_TYPES as readonly string[]).includes(t));
      if (unknown) throw invalid('body.eventTypes', `unknown event type ${unknown}`);
      const sub: WebhookSubscription = {
        id: newId(),
        unitId: input.unitId,
        url: input.url,
        secret: newSecret(),
        eventTypes: types,
        active: true,
        createdAt: deps.clock.now(),
        createdBy: actor.id,
      };
      await store.insertSubscription(db, sub);
      return { webhook: view(sub), secret: sub.secret };
    },
    /** One subscription without its secret, or undefined (routes resolve its unit for the scope check). */
    async get(id: string): Promise<WebhookView | undefined> {
      const s = await store.getSubscription(db, id);
      return s ? view(s) : undefined;
    },
    /** Subscriptions of units in scope (of one unit if given), oldest first. */
    async list(scope: UnitScope, unitId?: string): Promise<WebhookView[]> {
      const subs = await store.listSubscriptions(db, unitId ? { unitIds: [unitId] } : {});
      return subs.filter((s) => scope(s.unitId)).map(view);
    },
    /** Removes a subscription and its deliveries, dead letters included. */
    async remove(id: string): Promise<void> {
      const gone = await db.transaction().execute((trx) => store.deleteSubscription(trx, id));
      if (!gone) throw notFound(`webhook ${id}`, 'WEBHOOK_NOT_FOUND');
    },
    /** Enqueues an event's deliveries as the bus handler does; true when any was added. */
    enqueue: loop.enqueue,
    /**
     * Sends every delivery due at `now` (default: the clock's now), one round after the other in
     * this process. Each attempt is signed and scheduled at the clock's time when it happens.
     */
    deliverDue: loop.deliverDue,
    /** Dead letters of units in scope (of one unit if given), newest first; `cursor` is the previous page's `nextCursor`. */
    async deadLetters(
      scope: UnitScope,
      o: { unitId?: string; cursor?: string; limit?: number } = {},
    ): Promise<{ items: DeliveryView[]; nextCursor: string | null }> {
      const ids = await subscriptionIdsIn(scope, o.unitId);
      const limit = o.limit ?? 100;
      const rows = await store.listDeliveries(db, {
        state: 'dead',
        subscriptionIds: ids,
        limit,
        ...(o.cursor ? { before: o.cursor } : {}),
      });
      const subs = new Map(
        (await store.listSubscriptions(db, { ids: [...new Set(rows.map((d) => d.subscriptionId))] })).map((s) => [s.id, s]),
      );
      return {
        items: rows.map((d) => deliveryView(d, subs.get(d.subscriptionId))),
        nextCursor: rows.length === limit ? rows.at(-1)!.id : null,
      };
    },
    /** One delivery with its unit, or undefined. */
    async delivery(id: string): Promise<DeliveryView | undefined> {
      const d = await store.getDelivery(db, id);
      return d ? deliveryView(d, await store.getSubscription(db, d.subscriptionId)) : undefined;
    },
    /** Deliveries of one case event (every subscription), newest first: what became of it. */
    async deliveriesOf(eventId: string): Promise<DeliveryView[]> {
      const rows = await store.listDeliveries(db, { eventId, limit: 1000 });
      const subs = new Map(
        (await store.listSubscriptions(db, { ids: [...new Set(rows.map((d) => d.subscriptionId))] })).map((s) => [s.id, s]),
      );
      return rows.map((d) => deliveryView(d, subs.get(d.subscriptionId)));
    },
    /** Sends a dead letter again, due now, with a fresh schedule (all the attempts again). */
    async retry(deliveryId: string): Promise<DeliveryView> {
      const d = await store.getDelivery(db, deliveryId);
      if (!d) throw notFound(`delivery ${deliveryId}`, 'WEBHOOK_DELIVERY_NOT_FOUND');
      if (!(await requeueDead(db, 'webhook_deliveries', deliveryId, deps.clock.now())))
        throw new AppError(409, 'WEBHOOK_DELIVERY_NOT_DEAD', `delivery ${deliveryId} is ${d.state}; only dead letters are retried`);
      // Read before the kick: the answer shows the delivery as requeued, not however far the loop got with it.
      const requeued = await store.getDelivery(db, deliveryId);
      loop.kick();
      return deliveryView(requeued!, await store.getSubscription(db, d.subscriptionId));
    },
    /** Starts consuming case events and, unless the interval is 0, the delivery loop. */
    async start(): Promise<void> {
      loop.start();
    },
    /** Stops consuming and the loop; requests in flight are aborted and retried later. */
    stop: loop.stop,
  };
}
