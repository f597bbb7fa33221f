/** SQL for alert policies: one ordered set per jurisdiction. */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import type { AlertPolicyTable } from '../platform/db/schema-alerts.ts';
import type { AlertPolicy, PolicyAction, PolicyMatch } from './policy-model.ts';
import { chunks } from './store.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** Row → policy (the path is filled in by the service, which knows the jurisdictions). */
export function toPolicy(r: Selectable<AlertPolicyTable>, jurisdictionPath: string): AlertPolicy {
  return {
    id: r.id,
    jurisdictionId: r.jurisdiction_id,
    jurisdictionPath,
    position: r.position,
    name: r.name,
    enabled: r.enabled === 1,
    match: JSON.parse(r.match) as PolicyMatch,
    actions: JSON.parse(r.actions) as PolicyAction[],
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
  };
}

/** Every policy row. */
export async function listPolicyRows(db: Executor): Promise<Array<Selectable<AlertPolicyTable>>> {
  return db.selectFrom('alert_policies').selectAll().orderBy('jurisdiction_id').orderBy('position').execute();
}

/** Replaces the policies set at one jurisdiction. */
export async function replacePolicies(db: Executor, jurisdictionId: string, rows: readonly AlertPolicyTable[]): Promise<void> {
  await db.deleteFrom('alert_policies').where('jurisdiction_id', '=', jurisdictionId).execute();
  for (const part of chunks(rows)) await db.insertInto('alert_policies').values(part).execute();
}
