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
