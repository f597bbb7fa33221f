/**
 * Storage contract for case timers, on every available dialect: one timer per (case, kind),
 * moved by setting it again; due timers are claimed soonest first by one worker at a time under
 * a lease, never by two (on PostgreSQL a claimer skips rows another holds instead of waiting;
 * on SQLite two connections to one file take turns); a lease that runs out frees the timer; a
 * worker completes only timers it still holds; the deadline scan returns due windows in order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as store from '../../src/cases/store.ts';
import * as timers from '../../src/cases/timer-store.ts';
import { createDb } from '../../src/platform/db/create-db.ts';
import { availableDialects, openTestDb, type TestDb } from '../support/test-db.ts';
import { sparseCase } from './case-fixtures.ts';

const T = Date.UTC(2026, 11, 1);

describe.each(availableDialects())('case timers on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(dialect);
  });
  afterAll(async () => t?.cleanup());

  /** Fresh cases with a step_due timer each, due 1 ms apart from `start`. */
  async function casesWithTimers(n: number, start: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const c = sparseCase();
      await store.insertCase(t.database.db, c);
      await timers.setTimer(t.database.db, { caseId: c.id, kind: 'step_due', dueAt: start + i });
      ids.push(c.id);
    }
    return ids;
  }

  /** Removes every timer so each test sees only its own. */
  async function clearAll(): Promise<void> {
    await t.database.db.deleteFrom('case_timers').execute();
  }

  it('keeps one timer per case and kind; setting it again moves it and drops the claim', async () => {
    await clearAll();
    const { db } = t.database;
    const [id] = await casesWithTimers(1, T);
    await timers.setTimer(db, { caseId: id!, kind: 'review', dueAt: T + 50 });
    expect((await timers.listTimers(db, id!)).map((x) => [x.kind, x.dueAt])).toEqual([
      ['step_due', T],
      ['review', T + 50],
    ]);
    const [claimed] = await timers.claimDueTimers(db, { now: T, limit: 10, workerId: 'w1', leaseMs: 60_000 });
    expect(claimed).toMatchObject({ caseId: id, kind: 'step_due', claimedBy: 'w1', claimedUntil: T + 60_000 });
    await timers.setTimer(db, { caseId: id!, kind: 'step_due', dueAt: T + 100 });
    const moved = (await timers.listTimers(db, id!)).find((x) => x.kind === 'step_due')!;
    expect(moved).toEqual({ ...claimed, dueAt: T + 100, claimedBy: null, claimedUntil: null });
    // The worker that held the old due time does not complete the new one.
    expect(await timers.completeTimer(db, claimed!.id, 'w1')).toBe(false);
    expect(await timers.countTimers(db, id)).toBe(2);
    expect(await timers.clearTimers(db, id!, ['review'])).toBe(1);
    expect(await timers.clearTimers(db, id!, [])).toBe(0);
    expect(await timers.countTimers(db, id)).toBe(1);
    expect(await timers.clearTimers(db, id!)).toBe(1);
    expect(await timers.countTimers(db)).toBe(0);
  });

  it('claims due timers soonest first, each once, and frees them when the lease runs out', async () => {
    await clearAll();
    const { db } = t.database;
    await casesWithTimers(5, T);
    expect(await timers.claimDueTimers(db, { now: T - 1, limit: 10, workerId: 'w1', leaseMs: 1000 })).toEqual([]);
    const first = await timers.claimDueTimers(db, { now: T + 2, limit: 2, workerId: 'w1', leaseMs: 1000 });
    expect(first.map((x) => x.dueAt)).toEqual([T, T + 1]);
    const second = await timers.claimDueTimers(db, { now: T + 10, limit: 10, workerId: 'w2', leaseMs: 1000 });
    expect(second.map((x) => x.dueAt)).toEqual([T + 2, T + 3, T + 4]);
    expect(await timers.claimDueTimers(db, { now: T + 500, limit: 10, workerId: 'w3', leaseMs: 1000 })).toEqual([]);
    // w1's lease ends at T + 1002: then w3 may take its timers (w1 crashed, say).
    const taken = await timers.claimDueTimers(db, { now: T + 1003, limit: 10, workerId: 'w3', leaseMs: 1000 });
    expect(taken.map((x) => x.id).sort()).toEqual(first.map((x) => x.id).sort());
    expect(await timers.completeTimer(db, first[0]!.id, 'w1')).toBe(false);
    expect(await timers.completeTimer(db, first[0]!.id, 'w3')).toBe(true);
    expect(await timers.completeTimer(db, second[0]!.id, 'w2')).toBe(true);
    expect(await timers.countTimers(db)).toBe(3);
  });

  it('never gives one timer to two concurrent claimers', async () => {
    await clearAll();
    await casesWithTimers(60, T);
    // A second connection: on SQLite another handle on the same file, as a second process would have.
    const other = dialect === 'sqlite' ? await createDb({ dataDir: t.dataDir, databaseUrl: null, databaseSchema: null }) : null;
    try {
      const claimers = [t.database.db, other?.db ?? t.database.db];
      const runs = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          timers.claimDueTimers(claimers[i % 2]!, { now: T + 100, limit: 10, workerId: `w${i}`, leaseMs: 60_000 }),
        ),
      );
      const ids = runs.flat().map((x) => x.id);
      expect(ids).toHaveLength(60);
      expect(new Set(ids).size).toBe(60);
      const rows = await t.database.db.selectFrom('case_timers').select(['id', 'claimed_by']).execute();
      const holder = new Map(runs.flatMap((r, i) => r.map((x) => [x.id, `w${i}`] as const)));
      for (const r of rows) expect(r.claimed_by).toBe(holder.get(r.id));
    } finally {
      await other?.close();
    }
  });

  it.runIf(dialect === 'postgres')('skips timers another open transaction holds instead of waiting for it', async () => {
    await clearAll();
    const { db } = t.database;
    await casesWithTimers(10, T);
    const trx = await db.startTransaction().execute();
    try {
      const held = await timers.claimDueTimers(trx, { now: T + 100, limit: 4, workerId: 'slow', leaseMs: 60_000 });
      expect(held.map((x) => x.dueAt)).toEqual([T, T + 1, T + 2, T + 3]);
      // Not committed yet: another worker neither sees the claim nor waits for it.
      const started = Date.now();
      const rest = await timers.claimDueTimers(db, { now: T + 100, limit: 10, workerId: 'fast', leaseMs: 60_000 });
      expect(Date.now() - started).toBeLessThan(2000);
      expect(rest.map((x) => x.dueAt)).toEqual([4, 5, 6, 7, 8, 9].map((i) => T + i));
      await trx.commit().execute();
    } catch (e) {
      await trx.rollback().execute();
      throw e;
    }
    expect(await timers.claimDueTimers(db, { now: T + 100, limit: 10, workerId: 'late', leaseMs: 60_000 })).toEqual([]);
  });

  it('scans deadlines in a window in due order, over many timers', async () => {
    await clearAll();
    const { db } = t.database;
    const c = sparseCase();
    await store.insertCase(db, c);
    // 3,000 timers straight into the table (one case cannot hold them through setTimer: one per kind).
    const due = Array.from({ length: 3000 }, (_, i) => T + ((i * 7919) % 3000) * 1000);
    for (let i = 0; i < due.length; i += 500) {
      await db
        .insertInto('case_timers')
        .values(
          due
            .slice(i, i + 500)
            .map((d, j) => ({ id: `tm-${i + j}`, case_id: c.id, kind: `k${i + j}`, due_at: d, claimed_by: null, claimed_until: null })),
        )
        .execute();
    }
    const sorted = [...due].sort((a, b) => a - b);
    const from = T + 1_000_000;
    const to = T + 1_500_000;
    const window = await timers.nextDueTimers(db, { from, to, limit: 10_000 });
    expect(window.map((x) => x.dueAt)).toEqual(sorted.filter((d) => d >= from && d < to));
    expect((await timers.nextDueTimers(db, { from: 0, to: Number.MAX_SAFE_INTEGER, limit: 25 })).map((x) => x.dueAt)).toEqual(
      sorted.slice(0, 25),
    );
    expect(await timers.nextDueTimers(db, { from: T + 3_000_000, to: T + 4_000_000, limit: 10 })).toEqual([]);
    expect(await timers.countTimers(db)).toBe(3000);
  });
});
