/**
 * The bookkeeping SQL every delivery queue shares (units' webhooks, the bridge's status
 * callbacks): rows waiting to be POSTed to another system, each claimed under a lease, then
 * recorded as delivered, due again later, or dead, and a dead one put back by an operator.
 *
 * A row is claimed by moving its `next_attempt_at` to the end of a lease and counting the attempt
 * in the same statement (SKIP LOCKED on PostgreSQL, so processes claim disjoint rows). A worker
 * that crashes mid-send leaves the row to come due again when the lease ends, and the attempt it
 * may have made still counts, so a payload that kills workers cannot loop forever. The attempt
 * count is the claim's fencing token: every claim raises it, so a worker whose lease ran out and
 * was re-claimed cannot record its outcome over the next claim's.
 */
import type { Kysely, SelectQueryBuilder, Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import { nothingDue, skipLocked } from '../db/locking.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** Where a delivery is: waiting for its next attempt (or in one), done, or given up. */
export type DeliveryState = 'pending' | 'delivered' | 'dead';

/** The columns a queue table has for this bookkeeping (the rest is its own). */
export interface DeliveryQueueColumns {
  id: string;
  attempts: number;
  next_attempt_at: number | null;
  state: string;
  last_error: string | null;
  last_status: number | null;
  delivered_at: number | null;
}

/** Every table of the schema that is a delivery queue. */
export type DeliveryQueueTable = { [T in keyof DB]: DB[T] extends DeliveryQueueColumns ? T : never }[keyof DB];

/** The claim a worker holds: the row and the attempt number it claimed. */
export interface Claim {
  id: string;
  attempts: number;
}

// The statements below touch only the shared columns, so one typed form serves every queue
// table: the compiler sees a single table `q` with those columns; the SQL names the real one.
type QueueDb = { q: DeliveryQueueColumns };
const update = (db: Executor, table: DeliveryQueueTable) => (db as unknown as Kysely<QueueDb>).updateTable(table as unknown as 'q');

/**
 * Claims the rows `due` selects (their ids) for `leaseMs`, counting the attempt.
 * @returns the claimed rows, oldest first (ids are time-ordered), `attempts` including this one.
 */
export async function claimRows<T extends DeliveryQueueTable, QDB, QTB extends keyof QDB>(
  db: Executor,
  table: T,
  due: SelectQueryBuilder<QDB, QTB, { id: string }>,
  o: { now: number; leaseMs: number },
): Promise<Array<DB[T]>> {
  if (await nothingDue(db as unknown as Kysely<QDB>, due)) return [];
  const locked = skipLocked(db as unknown as Kysely<QDB>, due);
  const rows = await update(db, table)
    .set((eb) => ({ attempts: eb('attempts', '+', 1), next_attempt_at: o.now + o.leaseMs }))
    .where('id', 'in', locked as unknown as SelectQueryBuilder<QueueDb, 'q', { id: string }>)
    .returningAll()
    .execute();
  return (rows as unknown as Array<DB[T]>).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Records a delivered attempt; false when the claim was lost (the lease ran out and another took it). */
export async function recordDelivered(
  db: Executor,
  table: DeliveryQueueTable,
  claim: Claim,
  o: { status: number; now: number },
): Promise<boolean> {
  const r = await update(db, table)
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
  table: DeliveryQueueTable,
  claim: Claim,
  o: { status: number | null; error: string; nextAttemptAt: number | null },
): Promise<boolean> {
  const r = await update(db, table)
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

/**
 * Puts a dead row back in the queue, due at `now`, with a fresh schedule (attempts back to 0):
 * whoever retries it has usually fixed the receiver. True when it was dead.
 */
export async function requeueDead(db: Executor, table: DeliveryQueueTable, id: string, now: number): Promise<boolean> {
  const r = await update(db, table)
    .set({ state: 'pending', attempts: 0, next_attempt_at: now })
    .where('id', '=', id)
    .where('state', '=', 'dead')
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}
