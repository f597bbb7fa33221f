/** Reports merged into a master case (重复件), so their reporters hear the master's outcome. */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../platform/db/schema.ts';

/**
 * Ids of the cases merged into `masterId`, oldest first.
 * @example await listMergedInto(trx, master.id)
 */
export async function listMergedInto(db: Kysely<DB> | Transaction<DB>, masterId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('cases')
    .select('id')
    .where('master_id', '=', masterId)
    .where('state', '=', 'merged')
    .orderBy('reported_at')
    .execute();
  return rows.map((r) => r.id);
}
