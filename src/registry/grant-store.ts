/** The registry's SQL for purpose grants. Status changes are conditional updates, so two deciders cannot both win. */
import type { PurposeGrantTable } from '../platform/db/schema-registry.ts';
import { under, type Executor } from './store.ts';

/** Stores a new grant request. */
export async function insertGrant(db: Executor, row: PurposeGrantTable): Promise<void> {
  await db.insertInto('purpose_grants').values(row).execute();
}

/** One grant by id. */
export async function getGrant(db: Executor, id: string): Promise<PurposeGrantTable | undefined> {
  return db.selectFrom('purpose_grants').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Applies a change if the grant is still in `from`; false when someone changed it first.
 */
export async function updateGrantIf(db: Executor, id: string, from: string, set: Partial<PurposeGrantTable>): Promise<boolean> {
  const r = await db.updateTable('purpose_grants').set(set).where('id', '=', id).where('status', '=', from).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Approved, unrevoked grants of a user still valid at `now` (optionally one purpose). */
export async function activeGrantsOf(db: Executor, userId: string, now: number, purpose?: string): Promise<PurposeGrantTable[]> {
  let q = db
    .selectFrom('purpose_grants')
    .selectAll()
    .where('grantee_user_id', '=', userId)
    .where('status', '=', 'approved')
    .where('valid_from', '<=', now)
    .where('valid_until', '>', now);
  if (purpose !== undefined) q = q.where('purpose', '=', purpose);
  return q.orderBy('id').execute();
}

/** Grants a user holds or asked for, newest first. */
export async function grantsInvolving(db: Executor, userId: string, limit: number): Promise<PurposeGrantTable[]> {
  return db
    .selectFrom('purpose_grants')
    .selectAll()
    .where((eb) => eb.or([eb('grantee_user_id', '=', userId), eb('requested_by', '=', userId)]))
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** Requested grants awaiting a decision inside a scope, oldest first. */
export async function pendingGrants(db: Executor, scopePath: string, limit: number): Promise<PurposeGrantTable[]> {
  return db
    .selectFrom('purpose_grants')
    .selectAll()
    .where('status', '=', 'requested')
    .where(under('scope_path', scopePath))
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** The path a grant covers, or undefined. */
export async function grantPath(db: Executor, id: string): Promise<string | undefined> {
  return (await db.selectFrom('purpose_grants').select('scope_path').where('id', '=', id).executeTakeFirst())?.scope_path;
}
