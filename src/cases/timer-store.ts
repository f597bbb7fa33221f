/**
 * SQL for case timers: one pending deadline per (case, kind), claimed by one scheduler worker
 * at a time under a lease, so several processes can run the scheduler and a crashed worker's
 * timers come due again when its lease runs out.
 */
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import type { CaseTimerTable } from '../platform/db/schema-cases.ts';
import { nothingDue, skipLocked } from '../platform/db/locking.ts';
import { preparedQuery } from '../platform/db/prepared-query.ts';
import { newId } from '../platform/ids.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** What a timer is for: the step's due time, its warning (yellow light), a parked case's review date. */
export type TimerKind = 'step_due' | 'step_warn' | 'review';

/** A pending timer. */
export interface CaseTimer {
  id: string;
  caseId: string;
  kind: TimerKind;
  dueAt: number;
  /** The worker holding it, while its lease runs. */
  claimedBy: string | null;
  claimedUntil: number | null;
}

function toTimer(r: Selectable<CaseTimerTable>): CaseTimer {
  return {
    id: r.id,
    caseId: r.case_id,
    kind: r.kind as TimerKind,
    dueAt: r.due_at,
    claimedBy: r.claimed_by,
    claimedUntil: r.claimed_until,
  };
}

/**
 * Sets (or moves) a case's timer of a kind. A moved timer drops any claim on it, so a worker
 * that was handling the old due time does not complete the new one.
 */
export async function setTimer(db: Executor, t: { caseId: string; kind: TimerKind; dueAt: number }): Promise<void> {
  await upsertTimer.run(db, { id: newId(), caseId: t.caseId, kind: t.kind, dueAt: t.dueAt });
}

// Prepared (prepared-query.ts): case commands move timers all the time.
const upsertTimer = preparedQuery((db: Executor, p: { id: string; caseId: string; kind: string; dueAt: number }) =>
  db
    .insertInto('case_timers')
    .values({ id: p.id, case_id: p.caseId, kind: p.kind, due_at: p.dueAt, claimed_by: null, claimed_until: null })
    .onConflict((oc) => oc.columns(['case_id', 'kind']).doUpdateSet({ due_at: p.dueAt, claimed_by: null, claimed_until: null })),
);
const deleteTimerKind = preparedQuery((db: Executor, p: { caseId: string; kind: string }) =>
  db.deleteFrom('case_timers').where('case_id', '=', p.caseId).where('kind', '=', p.kind),
);
const deleteTimers = preparedQuery((db: Executor, p: { caseId: string }) => db.deleteFrom('case_timers').where('case_id', '=', p.caseId));

/** Removes a case's timers (of the given kinds, or all); returns how many went. */
export async function clearTimers(db: Executor, caseId: string, kinds?: readonly TimerKind[]): Promise<number> {
  if (!kinds) return deleteTimers.changes(db, { caseId });
  let n = 0;
  for (const kind of new Set(kinds)) n += await deleteTimerKind.changes(db, { caseId, kind });
  return n;
}

/** A case's timers, soonest first. */
export async function listTimers(db: Executor, caseId: string): Promise<CaseTimer[]> {
  return (await db.selectFrom('case_timers').selectAll().where('case_id', '=', caseId).orderBy('due_at').execute()).map(toTimer);
}

/**
 * Claims up to `limit` due timers (soonest first) that nobody holds or whose lease ran out,
 * for `leaseMs`. One statement: on PostgreSQL the inner select locks its rows and skips rows
 * another claimer holds, so concurrent workers get disjoint timers without waiting; SQLite runs
 * one writer at a time.
 * @returns the claimed timers, soonest first.
 */
export async function claimDueTimers(
  db: Executor,
  o: { now: number; limit: number; workerId: string; leaseMs: number },
): Promise<CaseTimer[]> {
  const due = db
    .selectFrom('case_timers')
    .select('id')
    .where('due_at', '<=', o.now)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', o.now)]))
    .orderBy('due_at')
    .limit(o.limit);
  if (await nothingDue(db as Kysely<DB>, due)) return [];
  const rows = await db
    .updateTable('case_timers')
    .set({ claimed_by: o.workerId, claimed_until: o.now + o.leaseMs })
    .where('id', 'in', skipLocked(db as Kysely<DB>, due))
    .returningAll()
    .execute();
  return rows.map(toTimer).sort((a, b) => a.dueAt - b.dueAt || (a.id < b.id ? -1 : 1));
}

/** Deletes a handled timer, unless it was moved or re-claimed meanwhile; true when deleted. */
export async function completeTimer(db: Executor, id: string, workerId: string): Promise<boolean> {
  const r = await db.deleteFrom('case_timers').where('id', '=', id).where('claimed_by', '=', workerId).executeTakeFirst();
  return r.numDeletedRows > 0n;
}

/** Timers due in [from, to), soonest first, claimed or not: the deadline scan (reads the due_at index). */
export async function nextDueTimers(db: Executor, o: { from: number; to: number; limit: number }): Promise<CaseTimer[]> {
  const rows = await db
    .selectFrom('case_timers')
    .selectAll()
    .where('due_at', '>=', o.from)
    .where('due_at', '<', o.to)
    .orderBy('due_at')
    .limit(o.limit)
    .execute();
  return rows.map(toTimer);
}

/** How many timers are pending (of one case, or in all). */
export async function countTimers(db: Executor, caseId?: string): Promise<number> {
  let q = db.selectFrom('case_timers').select(sql<number>`count(*)`.as('n'));
  if (caseId !== undefined) q = q.where('case_id', '=', caseId);
  return Number((await q.executeTakeFirstOrThrow()).n);
}
