/** The timeline read in creation order over a range of ids, for replaying case events (event-replay.ts). */
import type { Kysely } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import type { CaseEvent } from './case-types.ts';
import { eventFromRow } from './row-codecs.ts';

/**
 * Up to `limit` timeline entries with `after` < id < `before`, in id (creation) order.
 * @example await eventsInIdOrder(db, { after: lastSwept, before: idFloor(Date.now() - 60_000) }, 500)
 */
export async function eventsInIdOrder(db: Kysely<DB>, range: { after: string; before: string }, limit: number): Promise<CaseEvent[]> {
  const rows = await db
    .selectFrom('case_events')
    .selectAll()
    .where('id', '>', range.after)
    .where('id', '<', range.before)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map(eventFromRow);
}
