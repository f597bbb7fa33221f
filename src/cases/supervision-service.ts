/**
 * Supervision orders (督办单): raised by the scheduler when a step goes overdue, addressed to the
 * centre above the one in charge, which resolves them by re-dispatching the case, setting a new
 * deadline, or escalating it again. Resolving runs the matching case command and closes the
 * order in the same transaction, so the order and the case never disagree.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import type { Clock } from '../platform/clock.ts';
import { AppError, notFound } from '../platform/errors.ts';
import type { Actor } from './case-types.ts';
import type { CentreDirectory } from './centre-directory.ts';
import type { Applied, CommandInput } from './command-service.ts';
import * as supervision from './supervision-store.ts';

/** How a supervising centre answers an order. */
export type Resolution =
  | { resolution: 'redispatch'; unitId: string; note?: string }
  | { resolution: 'new_deadline'; dueAt: number; note: string }
  | { resolution: 'escalate'; note: string };

/**
 * Creates the supervision use-cases.
 * @example const s = createSupervision({ db, clock, command, centres }); await s.list(actor);
 */
export function createSupervision(deps: {
  db: Kysely<DB>;
  clock: Clock;
  centres: CentreDirectory;
  command: (
    id: string,
    input: CommandInput,
    actor: Actor,
    expectedVersion?: number,
    also?: (trx: Kysely<DB>, applied: Applied[]) => Promise<void>,
  ) => Promise<Applied[]>;
}) {
  return {
    /** Open orders addressed to centres inside the caller's scope. */
    async list(actor: Actor, opts: { state?: 'open' | 'resolved' } = {}) {
      const orders = await supervision.listOrders(deps.db, { state: opts.state ?? 'open' });
      return orders.filter((o) => deps.centres.centre(o.toCentreId)?.path.startsWith(actor.scopePath));
    },
    /** The orders raised for one case. */
    forCase: (caseId: string) => supervision.listForCase(deps.db, caseId),
    /** Resolves an order the caller's centre received. */
    async resolve(orderId: string, r: Resolution, actor: Actor): Promise<Applied[]> {
      const order = await supervision.getOrder(deps.db, orderId);
      const centre = order ? deps.centres.centre(order.toCentreId) : undefined;
      if (!order || !centre || !centre.path.startsWith(actor.scopePath))
        throw notFound(`supervision order ${orderId}`, 'SUPERVISION_NOT_FOUND');
      if (order.state !== 'open') throw new AppError(409, 'SUPERVISION_RESOLVED', `supervision order ${orderId} is already resolved`);
      const input: CommandInput =
        r.resolution === 'redispatch'
          ? {
              type: 'dispatch',
              unitId: r.unitId,
              overrideReason: r.note ?? 'supervision re-dispatch · 督办改派',
              note: r.note ?? '督办改派',
            }
          : r.resolution === 'new_deadline'
            ? { type: 'set_deadline', dueAt: r.dueAt, reason: r.note }
            : { type: 'escalate', reason: r.note };
      return deps.command(order.caseId, input, actor, undefined, async (trx) => {
        const done = await supervision.resolveOrder(trx, orderId, {
          resolution: r.resolution,
          note: r.note ?? null,
          resolvedBy: actor.id,
          resolvedAt: deps.clock.now(),
        });
        if (!done) throw new AppError(409, 'SUPERVISION_RESOLVED', `supervision order ${orderId} was resolved meanwhile`);
      });
    },
  };
}
