/**
 * The deadline scheduler (督办): claims due timers and acts on them. A step whose due time has
 * passed is marked overdue and a supervision order (督办单) goes to the centre above the one in
 * charge; a case overdue again (after a new deadline) goes one level further, up to the city.
 * A parked case whose review date has come gets a reminder on its timeline.
 *
 * Timers are rows claimed with a lease (`FOR UPDATE SKIP LOCKED` on PostgreSQL), so any number
 * of scheduler processes can run and a crashed one's claims expire and are taken again.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../platform/db/schema.ts';
import { newId } from '../platform/ids.ts';
import type { Case } from './case-types.ts';
import type { TransitionContext } from './case-machine.ts';
import { centreRank, centresCovering, CENTRE_LEVELS } from './routing-model.ts';
import type { CentreDirectory } from './centre-directory.ts';
import { runCommand, SYSTEM_ACTOR, type Applied } from './command-service.ts';
import * as store from './store.ts';
import * as timers from './timer-store.ts';
import * as supervision from './supervision-store.ts';

/** What the scheduler needs. */
export interface SchedulerDeps {
  db: Kysely<DB>;
  centres: CentreDirectory;
  ctx: TransitionContext;
  /** Called with what each timer changed, after commit (to publish it). */
  onApplied: (applied: Applied[]) => Promise<void>;
}

/** How long a claim holds before another scheduler may take the timer. */
const LEASE_MS = 60_000;

/**
 * The centre a supervision order goes to: one level above the centre in charge for the first
 * overdue, one more for each overdue after it, never above the city. The city's own overdue
 * cases are supervised by the city.
 */
export function supervisingCentre(c: Pick<Case, 'jurisdictionPath' | 'centreLevel'>, overdueCount: number, centres: CentreDirectory) {
  const covering = centresCovering(c.jurisdictionPath, centres.centres());
  const wanted = Math.min(centreRank(c.centreLevel) + Math.max(1, overdueCount), CENTRE_LEVELS.length - 1);
  return covering.find((x) => centreRank(x.level) >= wanted) ?? covering[covering.length - 1];
}

/**
 * Processes due timers once; returns how many were handled.
 * @example await runDueTimers(deps, { now: clock.now(), workerId: 'sched-1' });
 */
export async function runDueTimers(deps: SchedulerDeps, opts: { now: number; workerId: string; limit?: number }): Promise<number> {
  const { now, workerId } = opts;
  const claimed = await timers.claimDueTimers(deps.db, { now, limit: opts.limit ?? 500, workerId, leaseMs: LEASE_MS });
  for (const t of claimed) {
    const applied = await deps.db.transaction().execute(async (trx) => {
      const c = await store.getCase(trx, t.caseId);
      let out: Applied[] = [];
      if (c && t.kind === 'step_due') out = await stepDue(trx, deps, c, now);
      else if (c && t.kind === 'review' && c.state === 'parked' && c.reviewAt !== null && c.reviewAt <= now)
        out = await runCommand(trx, c, { type: 'comment', note: '挂账复核到期 · parked case due for review' }, SYSTEM_ACTOR, now, deps.ctx);
      await timers.completeTimer(trx, t.id, workerId);
      return out;
    });
    if (applied.length > 0) await deps.onApplied(applied);
  }
  return claimed.length;
}

/** Marks the step overdue and raises the supervision order, if the step is still due. */
async function stepDue(trx: Kysely<DB>, deps: SchedulerDeps, c: Case, now: number): Promise<Applied[]> {
  const step = c.step;
  // The clock may have moved since the timer was set (extension, new deadline, pause): nothing to do.
  if (!step || step.dueAt > now || step.overdueAt !== null || step.pausedRemainingMs !== null) return [];
  const applied = await runCommand(trx, c, { type: 'mark_overdue' }, SYSTEM_ACTOR, now, deps.ctx);
  const overdue = applied[0]!.case;
  const to = supervisingCentre(overdue, overdue.overdueCount, deps.centres);
  if (to)
    await supervision.insertOrder(trx, {
      id: newId(),
      caseId: c.id,
      fromCentreId: c.centreId,
      toCentreId: to.id,
      toCentreLevel: to.level,
      step: step.step,
      stepDueAt: step.dueAt,
      raisedAt: now,
    });
  return applied;
}
