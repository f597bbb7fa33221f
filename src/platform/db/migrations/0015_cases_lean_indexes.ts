/**
 * Drops three indexes of `cases` that no query reads, on both dialects. Every index on a column a
 * command changes is rewritten by that command (and every index at all by each new case), so an
 * unread one only costs: measured in the cases benchmark, the case writes and their commits were
 * most of a closed loop's database time.
 *
 * - `cases_centre_state (centre_id, state)`: the list filter on a centre id exists in the store,
 *   but no service or route passes it; a centre's queues go by jurisdiction path and state.
 * - `cases_first_dispatched (first_dispatched_at)` and `cases_unit_first_dispatched (unit_id,
 *   first_dispatched_at)`: the evaluation counts dispatches inside the scan of a subtree's cases
 *   (the path index, which carries `updated_at` and `state`), never by dispatch time alone.
 *
 * Kept, because queries read them: `cases_reported` (newest-first pages), `cases_jurisdiction_path`
 * (scopes, evaluation), `cases_unit_state` (the `mine` queue), `cases_state` (the `to-dispatch`
 * and `to-verify` queues), `cases_open_category_lat` (duplicates), `cases_source_ref` and
 * `cases_code` (uniqueness), `cases_master` (merged reports); the timeline's `(case_id, seq)` and
 * unpublished-outbox indexes; the timers' `(case_id, kind)` and `due_at`.
 */
import type { Kysely } from 'kysely';

const DROPPED: ReadonlyArray<[name: string, columns: string[]]> = [
  ['cases_centre_state', ['centre_id', 'state']],
  ['cases_first_dispatched', ['first_dispatched_at']],
  ['cases_unit_first_dispatched', ['unit_id', 'first_dispatched_at']],
];

/** Drops the unread indexes. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [name] of DROPPED) await db.schema.dropIndex(name).ifExists().execute();
}

/** Puts them back as migration 0005 made them. */
export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [name, columns] of DROPPED) await db.schema.createIndex(name).ifNotExists().on('cases').columns(columns).execute();
}
