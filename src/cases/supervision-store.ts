/**
 * SQL for supervision orders (督办单): raised when a step goes overdue, addressed to the centre
 * in charge, resolved by redispatching, setting a new deadline or escalating.
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import type { SupervisionOrderTable } from '../platform/db/schema-cases.ts';
import type { CaseStep, CentreLevel } from './case-types.ts';
import { pathUnder } from './store.ts';

type Executor = Kysely<DB> | Transaction<DB>;

/** How an order was resolved. */
export type SupervisionResolution = 'redispatch' | 'new_deadline' | 'escalate';

/** A supervision order. */
export interface SupervisionOrder {
  id: string;
  caseId: string;
  /** The centre that was in charge when the step went overdue. */
  fromCentreId: string;
  /** The centre the order goes to, which resolves it (usually the one above). */
  toCentreId: string;
  toCentreLevel: CentreLevel;
  /** The step that went overdue, and the due time it missed. */
  step: CaseStep;
  stepDueAt: number;
  raisedAt: number;
  state: 'open' | 'resolved';
  resolution: SupervisionResolution | null;
  note: string | null;
  resolvedBy: string | null;
  resolvedAt: number | null;
}

/** What raising an order needs: it starts open, unresolved. */
export type NewSupervisionOrder = Pick<
  SupervisionOrder,
  'id' | 'caseId' | 'fromCentreId' | 'toCentreId' | 'toCentreLevel' | 'step' | 'stepDueAt' | 'raisedAt'
> & { note?: string | null };

/** Which orders to list; all given conditions apply. */
export interface SupervisionFilter {
  state?: SupervisionOrder['state'];
  toCentreId?: string;
  /** Only orders on cases whose jurisdiction lies in this subtree. */
  scopePath?: string;
}

function fromRow(r: Selectable<SupervisionOrderTable>): SupervisionOrder {
  return {
    id: r.id,
    caseId: r.case_id,
    fromCentreId: r.from_centre_id,
    toCentreId: r.to_centre_id,
    toCentreLevel: r.to_centre_level as CentreLevel,
    step: r.step as CaseStep,
    stepDueAt: r.step_due_at,
    raisedAt: r.raised_at,
    state: r.state as SupervisionOrder['state'],
    resolution: r.resolution as SupervisionResolution | null,
    note: r.note,
    resolvedBy: r.resolved_by,
    resolvedAt: r.resolved_at,
  };
}

/** Raises an order (open). */
export async function insertOrder(db: Executor, o: NewSupervisionOrder): Promise<SupervisionOrder> {
  const order: SupervisionOrder = { ...o, note: o.note ?? null, state: 'open', resolution: null, resolvedBy: null, resolvedAt: null };
  await db
    .insertInto('supervision_orders')
    .values({
      id: order.id,
      case_id: order.caseId,
      from_centre_id: order.fromCentreId,
      to_centre_id: order.toCentreId,
      to_centre_level: order.toCentreLevel,
      step: order.step,
      step_due_at: order.stepDueAt,
      raised_at: order.raisedAt,
      state: order.state,
      resolution: null,
      note: order.note,
      resolved_by: null,
      resolved_at: null,
    })
    .execute();
  return order;
}

/** One order by id. */
export async function getOrder(db: Executor, id: string): Promise<SupervisionOrder | undefined> {
  const r = await db.selectFrom('supervision_orders').selectAll().where('id', '=', id).executeTakeFirst();
  return r && fromRow(r);
}

/**
 * Orders matching the filter, oldest first: open ones addressed to a centre (its inbox; reads
 * the (to_centre_id, state) index), or those on cases in a supervisor's scope.
 */
export async function listOrders(db: Executor, f: SupervisionFilter = {}): Promise<SupervisionOrder[]> {
  let q = db.selectFrom('supervision_orders as o').selectAll('o');
  if (f.state !== undefined) q = q.where('o.state', '=', f.state);
  if (f.toCentreId !== undefined) q = q.where('o.to_centre_id', '=', f.toCentreId);
  const scope = f.scopePath;
  if (scope !== undefined)
    q = q.where('o.case_id', 'in', db.selectFrom('cases as c').select('c.id').where(pathUnder('c.jurisdiction_path', scope)));
  const rows = await q.orderBy('o.raised_at').orderBy('o.id').execute();
  return rows.map(fromRow);
}

/** A case's orders, oldest first. */
export async function listForCase(db: Executor, caseId: string): Promise<SupervisionOrder[]> {
  const rows = await db
    .selectFrom('supervision_orders')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('raised_at')
    .orderBy('id')
    .execute();
  return rows.map(fromRow);
}

/** Resolves an open order; false when it is not open (resolved meanwhile, or unknown). */
export async function resolveOrder(
  db: Executor,
  id: string,
  r: { resolution: SupervisionResolution; note: string | null; resolvedBy: string; resolvedAt: number },
): Promise<boolean> {
  const res = await db
    .updateTable('supervision_orders')
    .set({ state: 'resolved', resolution: r.resolution, note: r.note, resolved_by: r.resolvedBy, resolved_at: r.resolvedAt })
    .where('id', '=', id)
    .where('state', '=', 'open')
    .executeTakeFirst();
  return res.numUpdatedRows > 0n;
}
