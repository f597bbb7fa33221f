/** SQL for listing alerts with filters and cursor paging (newest raise first). */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import type { Alert } from './alert-record.ts';
import { encodeCursor, prefixPattern, type AlertListQuery, type Page } from './list-model.ts';
import { toAlert } from './store.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** One page of alerts matching the query. */
export async function listAlerts(db: Executor, q: AlertListQuery): Promise<Page<Alert>> {
  let query = db
    .selectFrom('alerts')
    .selectAll()
    .where(sql<boolean>`jurisdiction_path like ${prefixPattern(q.scopePath)} escape '\\'`);
  if (q.jurisdictionPath !== null)
    query = query.where(sql<boolean>`jurisdiction_path like ${prefixPattern(q.jurisdictionPath)} escape '\\'`);
  if (q.levels.length > 0) query = query.where('level', 'in', q.levels);
  if (q.states.length > 0) query = query.where('state', 'in', q.states);
  if (q.ruleId !== null) query = query.where('rule_id', '=', q.ruleId);
  if (q.since !== null) query = query.where('raised_at', '>=', q.since);
  const c = q.cursor;
  if (c !== null) {
    query = query.where((eb) => eb.or([eb('raised_at', '<', c.raisedAt), eb.and([eb('raised_at', '=', c.raisedAt), eb('id', '<', c.id)])]));
  }
  const rows = await query
    .orderBy('raised_at', 'desc')
    .orderBy('id', 'desc')
    .limit(q.limit + 1)
    .execute();
  const items = rows.slice(0, q.limit).map(toAlert);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > q.limit && last ? encodeCursor({ raisedAt: last.raisedAt, id: last.id }) : null };
}
