/**
 * SQL of the bridge's status callbacks queue. Claiming and recording outcomes is the shared
 * delivery-queue bookkeeping (platform/delivery/delivery-queue.ts); what is the bridge's own is
 * the order: only the oldest pending callback of a case is due, so a system hears a case's steps
 * in order even when one is retried; a dead one no longer holds the rest.
 */
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import type { BridgeCallbackTable } from '../platform/db/schema-bridge.ts';
import { claimRows, type DeliveryState } from '../platform/delivery/delivery-queue.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** Where a callback is. */
export type CallbackState = DeliveryState;

/** One status callback to one system. */
export interface StoredCallback {
  id: string;
  systemId: string;
  caseId: string;
  caseCode: string;
  externalId: string;
  eventId: string;
  event: string;
  payload: string;
  attempts: number;
  nextAttemptAt: number | null;
  state: CallbackState;
  lastError: string | null;
  lastStatus: number | null;
  createdAt: number;
  deliveredAt: number | null;
}

const num = (v: number | null): number | null => (v === null ? null : Number(v));

function toCallback(r: Selectable<BridgeCallbackTable>): StoredCallback {
  return {
    id: r.id,
    systemId: r.system_id,
    caseId: r.case_id,
    caseCode: r.case_code,
    externalId: r.external_id,
    eventId: r.event_id,
    event: r.event,
    payload: r.payload,
    attempts: r.attempts,
    nextAttemptAt: num(r.next_attempt_at),
    state: r.state as CallbackState,
    lastError: r.last_error,
    lastStatus: r.last_status,
    createdAt: Number(r.created_at),
    deliveredAt: num(r.delivered_at),
  };
}

/** A callback to enqueue. */
export interface NewCallback {
  id: string;
  systemId: string;
  caseId: string;
  caseCode: string;
  externalId: string;
  eventId: string;
  event: string;
  payload: string;
}

/** Enqueues a callback due at `now`; false when this event was enqueued for the system before. */
export async function enqueueCallback(db: Executor, c: NewCallback, now: number): Promise<boolean> {
  const r = await db
    .insertInto('bridge_callbacks')
    .values({
      id: c.id,
      system_id: c.systemId,
      case_id: c.caseId,
      case_code: c.caseCode,
      external_id: c.externalId,
      event_id: c.eventId,
      event: c.event,
      payload: c.payload,
      attempts: 0,
      next_attempt_at: now,
      state: 'pending',
      last_error: null,
      last_status: null,
      created_at: now,
      delivered_at: null,
    })
    .onConflict((oc) => oc.columns(['system_id', 'event_id']).doNothing())
    .returning('id')
    .execute();
  return r.length > 0;
}

/** The note of the latest `handled` callback of a case: the result a `closed` callback repeats when closing said nothing. */
export async function lastHandledNote(db: Executor, caseId: string): Promise<string | null> {
  const r = await db
    .selectFrom('bridge_callbacks')
    .select('payload')
    .where('case_id', '=', caseId)
    .where('event', '=', 'handled')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return r ? ((JSON.parse(r.payload) as { note?: string | null }).note ?? null) : null;
}

/**
 * Claims up to `limit` due callbacks for `leaseMs`, counting the attempt: each the oldest pending
 * one of its case (a claimed one in flight holds its case's later ones back).
 * @returns the claimed callbacks, oldest first, `attempts` including this one.
 */
export async function claimDue(db: Executor, o: { now: number; limit: number; leaseMs: number }): Promise<StoredCallback[]> {
  const due = db
    .selectFrom('bridge_callbacks as c')
    .select('c.id')
    .where('c.state', '=', 'pending')
    .where('c.next_attempt_at', '<=', o.now)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('bridge_callbacks as e')
            .select(sql<number>`1`.as('one'))
            .whereRef('e.case_id', '=', 'c.case_id')
            .where('e.state', '=', 'pending')
            .whereRef('e.id', '<', 'c.id'),
        ),
      ),
    )
    .orderBy('c.next_attempt_at')
    .limit(o.limit);
  return (await claimRows(db, 'bridge_callbacks', due, o)).map(toCallback);
}

/** One callback, or undefined. */
export async function getCallback(db: Executor, id: string): Promise<StoredCallback | undefined> {
  const r = await db.selectFrom('bridge_callbacks').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toCallback(r) : undefined;
}

/** Callbacks newest first, by state and/or case; `before` is the last id of the previous page. */
export async function listCallbacks(
  db: Executor,
  o: { state?: CallbackState; caseId?: string; before?: string; limit: number },
): Promise<StoredCallback[]> {
  let q = db.selectFrom('bridge_callbacks').selectAll();
  if (o.state) q = q.where('state', '=', o.state);
  if (o.caseId) q = q.where('case_id', '=', o.caseId);
  if (o.before) q = q.where('id', '<', o.before);
  return (await q.orderBy('id', 'desc').limit(o.limit).execute()).map(toCallback);
}
