/**
 * Row locking for work queues, where the dialects differ: PostgreSQL has many writers and
 * needs `FOR UPDATE SKIP LOCKED` so concurrent claimers take disjoint rows without waiting;
 * SQLite has one writer at a time (a statement or transaction holds the whole database), so
 * the same query runs without the clause, which SQLite would not parse.
 */
import type { Kysely, SelectQueryBuilder } from 'kysely';
import { dialectOf } from './appender.ts';

/**
 * Makes a select lock the rows it returns and skip rows other transactions hold, where the
 * engine has row locks; unchanged on SQLite.
 * @example db.updateTable('jobs').set(…).where('id', 'in', skipLocked(db, db.selectFrom('jobs').select('id').limit(10)))
 */
export function skipLocked<DB, TB extends keyof DB, O>(
  db: Kysely<DB>,
  query: SelectQueryBuilder<DB, TB, O>,
): SelectQueryBuilder<DB, TB, O> {
  return dialectOf(db as Kysely<unknown>) === 'postgres' ? query.forUpdate().skipLocked() : query;
}

/**
 * Whether a claim may be skipped because nothing is due — asked on SQLite only. There an UPDATE
 * takes the database's write lock even when it matches no row, and the lock is mostly the
 * readings' append worker's: a queue polled every second with nothing due slept the event loop
 * in SQLite's busy handler (traced in the pipeline benchmark: up to 53 ms, every few seconds).
 * A read takes no lock in WAL mode. On PostgreSQL the claim's own select is as cheap: false.
 * @example if (await nothingDue(db, due)) return [];
 */
export async function nothingDue<DB, TB extends keyof DB, O>(db: Kysely<DB>, due: SelectQueryBuilder<DB, TB, O>): Promise<boolean> {
  return dialectOf(db as Kysely<unknown>) === 'sqlite' && (await due.limit(1).executeTakeFirst()) === undefined;
}
