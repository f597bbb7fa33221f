/**
 * SQL of the bridge's status callbacks queue.
 *
 * A callback is claimed by moving its `next_attempt_at` to the end of a lease and counting the
 * attempt in one statement (SKIP LOCKED on PostgreSQL, so processes claim disjoint rows). The
 * attempt count is the claim's fencing token: a worker whose lease ran out cannot record its
 * outcome over the next claim's. Only the oldest pending callback of a case is due, so a system
 * hears a case's steps in order even when one is retried; a dead one no longer holds the rest.
 */
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import type { BridgeCallbackTable } from '../platform/db/schema-bridge.ts';
import { skipLocked } from '../platform/db/locking.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** Where a callback is. */
export type CallbackState = 'pending' | 'delivered' | 'dead';

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
  const rows = await db
    .updateTable('bridge_callbacks')
    .set((eb) => ({ attempts: eb('attempts', '+', 1), next_attempt_at: o.now + o.leaseMs }))
    .where('id', 'in', skipLocked(db as unknown as Kysely<DB & { c: BridgeCallbackTable }>, due))
    .returningAll()
    .execute();
  return rows.map(toCallback).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The claim a worker holds: the callback and the attempt number it claimed. */
export interface Claim {
  id: string;
  attempts: number;
}

/** Records a delivered attempt; false when the claim was lost. */
export async function recordDelivered(db: Executor, claim: Claim, o: { status: number; now: number }): Promise<boolean> {
  const r = await db
    .updateTable('bridge_callbacks')
    .set({ state: 'delivered', delivered_at: o.now, last_status: o.status, last_error: null, next_attempt_at: null })
    .where('id', '=', claim.id)
    .where('state', '=', 'pending')
    .where('attempts', '=', claim.attempts)
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/** Records a failed attempt: pending until `nextAttemptAt`, or dead when it is null. False when the claim was lost. */
export async function recordFailed(
  db: Executor,
  claim: Claim,
  o: { status: number | null; error: string; nextAttemptAt: number | null },
): Promise<boolean> {
  const r = await db
    .updateTable('bridge_callbacks')
    .set({
      state: o.nextAttemptAt === null ? 'dead' : 'pending',
      next_attempt_at: o.nextAttemptAt,
      last_status: o.status,
      last_error: o.error,
    })
    .where('id', '=', claim.id)
    .where('state', '=', 'pending')
    .where('attempts', '=', claim.attempts)
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
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

/** Puts a dead callback back in the queue, due at `now`, with a fresh schedule. True when it was dead. */
export async function requeueDead(db: Executor, id: string, now: number): Promise<boolean> {
  const r = await db
    .updateTable('bridge_callbacks')
    .set({ state: 'pending', attempts: 0, next_attempt_at: now })
    .where('id', '=', id)
    .where('state', '=', 'dead')
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}
