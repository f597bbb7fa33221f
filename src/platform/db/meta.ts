/** Installation facts in the `meta` table (e.g. that the demo city was loaded). */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from './schema.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** Reads one fact. */
export async function getMeta(db: Executor, key: string): Promise<string | undefined> {
  const row = await db.selectFrom('meta').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value;
}

/** Writes one fact. */
export async function setMeta(db: Executor, key: string, value: string): Promise<void> {
  await db
    .insertInto('meta')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}
