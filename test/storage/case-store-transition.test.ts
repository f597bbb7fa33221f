/**
 * Storing a transition, on every available dialect: given the case as read, only what changed is
 * written — the row still reads back as the new case (cleared fields included), a stale version
 * is refused with nothing written — and only timers whose due time moves are touched: a command
 * that moves no clock leaves a scheduler's claim in place, one that moves the step re-arms it,
 * parking swaps the step timer for a review timer and closing removes them. With the case cache
 * of the command path, a cached case is used only while the database still holds its version (a
 * change made past the cache is read from the database), entries after it are numbered on
 * without a gap or a clash, and a stale expected version is still refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/platform/db/schema.ts';
import type { StepClock } from '../../src/cases/case-types.ts';
import { CaseCache } from '../../src/cases/case-cache.ts';
import { loadForCommand, rememberApplied, storeTransition } from '../../src/cases/command-service.ts';
import * as store from '../../src/cases/store.ts';
import * as timers from '../../src/cases/timer-store.ts';
import { availableDialects, openTestDb, type TestDb } from '../support/test-db.ts';
import { changed as next, sparseCase } from './case-fixtures.ts';

const T = Date.UTC(2026, 11, 1, 2);
const HOUR = 3_600_000;

function step(name: StepClock['step'], dueAt: number, over: Partial<StepClock> = {}): StepClock {
  return {
    step: name,
    startedAt: dueAt - HOUR,
    dueAt,
    limit: { amount: 1, unit: 'working_hours' },
    pausedRemainingMs: null,
    overdueAt: null,
    ...over,
  };
}

describe.each(availableDialects())('storing a transition on %s', (dialect) => {
  let t: TestDb;
  let db: Kysely<DB>;
  beforeAll(async () => {
    t = await openTestDb(dialect);
    db = t.database.db;
  });
  afterAll(async () => t?.cleanup());

  /** Runs `work` in a transaction, as the service does. */
  const inTrx = <R>(work: (trx: Kysely<DB>) => Promise<R>) => db.transaction().execute(work);

  it('writes what changed, cleared fields included, and refuses a stale version', async () => {
    const c = sparseCase({ state: 'dispatched', unitId: 'unit-road', suggestedUnitId: 'unit-road', step: step('handle', T), version: 3 });
    await store.insertCase(db, c);
    const returned = next(c, { state: 'filed', unitId: null, stateReason: 'not ours', returnCount: 1, step: step('dispatch', T + HOUR) });
    const applied = await inTrx((trx) => storeTransition(trx, returned, c));
    expect(applied.events.map((e) => e.seq)).toEqual([1]);
    expect(await store.getCase(db, c.id)).toEqual(returned.case);
    // The same change again, from the version that is gone now: 409, nothing written.
    await expect(inTrx((trx) => storeTransition(trx, next(c, { state: 'voided' }), c))).rejects.toMatchObject({
      code: 'CASE_VERSION_CONFLICT',
    });
    expect(await store.getCase(db, c.id)).toEqual(returned.case);
    expect(await store.listEvents(db, c.id)).toHaveLength(1);
    // Given only the version, the whole row is written.
    const whole = next(returned.case, { state: 'dispatched', unitId: 'unit-water' });
    await inTrx((trx) => storeTransition(trx, whole, returned.case.version));
    expect(await store.getCase(db, c.id)).toEqual(whole.case);
  });

  it('touches only the timers whose due time moves', async () => {
    const c = sparseCase({ state: 'dispatched', unitId: 'unit-road', step: step('handle', T), version: 2 });
    await store.insertCase(db, c);
    await timers.setTimer(db, { caseId: c.id, kind: 'step_due', dueAt: T });
    const dueTimers = async () => (await timers.listTimers(db, c.id)).map((x) => [x.kind, x.dueAt, x.claimedBy]);
    const [claimed] = await timers.claimDueTimers(db, { now: T, limit: 1, workerId: 'w1', leaseMs: 60_000 });
    expect(claimed?.caseId).toBe(c.id);

    // Accepting moves no clock: the claim stays, so the scheduler can still complete its timer.
    const accepted = next(c, { state: 'accepted', acceptedAt: T - 1 });
    await inTrx((trx) => storeTransition(trx, accepted, c));
    expect(await dueTimers()).toEqual([['step_due', T, 'w1']]);

    // Handling starts the verify step: the timer moves and the old claim goes.
    const handled = next(accepted.case, { state: 'handled', step: step('verify', T + 2 * HOUR) });
    await inTrx((trx) => storeTransition(trx, handled, accepted.case));
    expect(await dueTimers()).toEqual([['step_due', T + 2 * HOUR, null]]);
    expect(await timers.completeTimer(db, claimed!.id, 'w1')).toBe(false);

    // Parking pauses the step and sets the review date; resuming swaps them back.
    const paused = step('verify', T + 2 * HOUR, { pausedRemainingMs: HOUR });
    const parked = next(handled.case, { state: 'parked', parkedFrom: 'handled', reviewAt: T + 48 * HOUR, step: paused });
    await inTrx((trx) => storeTransition(trx, parked, handled.case));
    expect(await dueTimers()).toEqual([['review', T + 48 * HOUR, null]]);
    const resumed = next(parked.case, { state: 'handled', parkedFrom: null, reviewAt: null, step: step('verify', T + 3 * HOUR) });
    await inTrx((trx) => storeTransition(trx, resumed, parked.case));
    expect(await dueTimers()).toEqual([['step_due', T + 3 * HOUR, null]]);

    // Closing stops the clock: no timers left.
    const closed = next(resumed.case, { state: 'closed', step: null });
    await inTrx((trx) => storeTransition(trx, closed, resumed.case));
    expect(await dueTimers()).toEqual([]);
    expect((await store.listEvents(db, c.id)).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it('serves a case only while the database holds its version, and numbers the timeline on', async () => {
    const cache = new CaseCache(10);
    const c = sparseCase({ state: 'filed', version: 1 });
    await store.insertCase(db, c);
    const first = await inTrx((trx) => storeTransition(trx, next(c, { description: 'one' }), c));
    rememberApplied(cache, [first]);
    expect(cache.get(c.id)).toEqual({ case: first.case, lastSeq: 1 });

    // Confirmed by its version: the very object comes back, and the next entry follows it.
    const hit = await inTrx((trx) => loadForCommand(trx, c.id, first.case.version, cache));
    expect(hit).toBe(first.case);
    const second = await inTrx(async (trx) =>
      storeTransition(trx, next(await loadForCommand(trx, c.id, undefined, cache), { description: 'two' }), first.case),
    );
    expect(second.events.map((e) => e.seq)).toEqual([2]);

    // Changed past the cache (which still holds `first`): the stored case is read instead.
    const elsewhere = await inTrx((trx) => storeTransition(trx, next(second.case, { description: 'three' }), second.case.version));
    const read = await inTrx((trx) => loadForCommand(trx, c.id, undefined, cache));
    expect(read).toEqual(elsewhere.case);
    expect(read).toEqual(await store.getCase(db, c.id));
    const fourth = await inTrx(async (trx) => storeTransition(trx, next(await loadForCommand(trx, c.id, undefined, cache), {}), read));
    expect(fourth.events.map((e) => e.seq)).toEqual([4]);
    expect((await store.listEvents(db, c.id)).map((e) => e.seq)).toEqual([1, 2, 3, 4]);

    // A caller that saw the cached version, now gone, is refused as without the cache.
    rememberApplied(cache, [first]);
    await expect(inTrx((trx) => loadForCommand(trx, c.id, first.case.version, cache))).rejects.toMatchObject({
      code: 'CASE_VERSION_CONFLICT',
    });
    await expect(inTrx((trx) => loadForCommand(trx, 'no-such-case', undefined, cache))).rejects.toMatchObject({ code: 'CASE_NOT_FOUND' });
  });
});
