/**
 * Storage contract for webhooks, on every available dialect: subscriptions round-trip and are
 * found by unit; one delivery per (subscription, event) however often it is enqueued; due
 * deliveries are claimed once under a lease that counts the attempt, never by two claimers; an
 * outcome is recorded only by the claim's holder; dead letters are listed, paged and requeued;
 * removing a subscription removes its deliveries.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as store from '../../src/cases/webhook-store.ts';
import type { WebhookSubscription } from '../../src/cases/webhook-store.ts';
import { createDb } from '../../src/platform/db/create-db.ts';
import { newId } from '../../src/platform/ids.ts';
import { availableDialects, openTestDb, type TestDb } from '../support/test-db.ts';
import * as queue from '../../src/platform/delivery/delivery-queue.ts';

const T = Date.UTC(2026, 11, 1);

describe.each(availableDialects())('webhook storage on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(dialect);
  });
  afterAll(async () => t?.cleanup());

  async function clearAll(): Promise<void> {
    await t.database.db.deleteFrom('webhook_deliveries').execute();
    await t.database.db.deleteFrom('webhook_subscriptions').execute();
  }

  async function subscription(over: Partial<WebhookSubscription> = {}): Promise<WebhookSubscription> {
    const s: WebhookSubscription = {
      id: newId(),
      unitId: 'unit-a',
      url: 'https://ops.example.gov.cn/hook?x="1"',
      secret: 'sekret-密钥',
      eventTypes: ['case.dispatched', 'case.overdue'],
      active: true,
      createdAt: T,
      createdBy: 'u-admin',
      ...over,
    };
    await store.insertSubscription(t.database.db, s);
    return s;
  }

  /** `n` deliveries of distinct events to `sub`, enqueued at `at`. */
  async function deliveries(subId: string, n: number, at: number): Promise<string[]> {
    const rows = Array.from({ length: n }, (_, i) => ({
      id: newId(),
      subscriptionId: subId,
      eventId: `ev-${at}-${i}`,
      payload: `{"i":${i}}`,
    }));
    return store.enqueueDeliveries(t.database.db, rows, at);
  }

  it('round-trips subscriptions and finds them by unit, id and activity', async () => {
    await clearAll();
    const { db } = t.database;
    const a = await subscription();
    const b = await subscription({ unitId: 'unit-b', eventTypes: [], active: false, createdBy: null, createdAt: T + 1 });
    expect(await store.getSubscription(db, a.id)).toEqual(a);
    expect(await store.getSubscription(db, b.id)).toEqual(b);
    expect(await store.getSubscription(db, 'nope')).toBeUndefined();
    expect((await store.listSubscriptions(db)).map((s) => s.id)).toEqual([a.id, b.id]);
    expect((await store.listSubscriptions(db, { unitIds: ['unit-b', 'unit-c'] })).map((s) => s.id)).toEqual([b.id]);
    expect(await store.listSubscriptions(db, { unitIds: ['unit-b'], activeOnly: true })).toEqual([]);
    expect(await store.listSubscriptions(db, { unitIds: [] })).toEqual([]);
    expect((await store.listSubscriptions(db, { ids: [b.id] })).map((s) => s.id)).toEqual([b.id]);
  });

  it('enqueues one delivery per subscription and event, however often the event comes', async () => {
    await clearAll();
    const { db } = t.database;
    const s = await subscription();
    const first = await store.enqueueDeliveries(db, [{ id: 'd1', subscriptionId: s.id, eventId: 'ev1', payload: '{"n":1}' }], T);
    expect(first).toEqual(['d1']);
    const again = await store.enqueueDeliveries(
      db,
      [
        { id: 'd2', subscriptionId: s.id, eventId: 'ev1', payload: '{"n":1}' },
        { id: 'd3', subscriptionId: s.id, eventId: 'ev2', payload: '{"n":2}' },
      ],
      T + 5,
    );
    expect(again).toEqual(['d3']);
    expect(await store.getDelivery(db, 'd1')).toEqual({
      id: 'd1',
      subscriptionId: s.id,
      eventId: 'ev1',
      payload: '{"n":1}',
      attempts: 0,
      nextAttemptAt: T,
      state: 'pending',
      lastError: null,
      lastStatus: null,
      createdAt: T,
      deliveredAt: null,
    });
    expect(await store.getDelivery(db, 'd2')).toBeUndefined();
    expect(await store.enqueueDeliveries(db, [], T)).toEqual([]);
  });

  it('claims due deliveries once under a lease that counts the attempt; only the holder records the outcome', async () => {
    await clearAll();
    const { db } = t.database;
    const s = await subscription();
    const ids = await deliveries(s.id, 3, T);
    expect(await store.claimDueDeliveries(db, { now: T - 1, limit: 10, leaseMs: 1000 })).toEqual([]);
    const claimed = await store.claimDueDeliveries(db, { now: T, limit: 2, leaseMs: 1000 });
    expect(claimed.map((d) => d.id)).toEqual(ids.slice(0, 2));
    expect(claimed.map((d) => [d.attempts, d.nextAttemptAt])).toEqual([
      [1, T + 1000],
      [1, T + 1000],
    ]);
    // Held: the next claim gets only the third.
    expect((await store.claimDueDeliveries(db, { now: T + 999, limit: 10, leaseMs: 1000 })).map((d) => d.id)).toEqual([ids[2]]);

    const [ok, bad] = claimed as [store.WebhookDelivery, store.WebhookDelivery];
    expect(await queue.recordDelivered(db, 'webhook_deliveries', ok, { status: 204, now: T + 50 })).toBe(true);
    expect(await store.getDelivery(db, ok.id)).toMatchObject({
      state: 'delivered',
      deliveredAt: T + 50,
      lastStatus: 204,
      nextAttemptAt: null,
    });
    expect(await queue.recordDelivered(db, 'webhook_deliveries', ok, { status: 200, now: T + 60 })).toBe(false);

    // The holder of `bad` is slow: its lease runs out, another worker takes it (attempt 2).
    const retaken = await store.claimDueDeliveries(db, { now: T + 1000, limit: 10, leaseMs: 1000 });
    expect(retaken.map((d) => [d.id, d.attempts])).toEqual([[bad.id, 2]]);
    expect(await queue.recordFailed(db, 'webhook_deliveries', bad, { status: 500, error: 'late', nextAttemptAt: T + 5000 })).toBe(false);
    expect(
      await queue.recordFailed(db, 'webhook_deliveries', retaken[0]!, { status: 500, error: 'HTTP 500', nextAttemptAt: T + 10_000 }),
    ).toBe(true);
    expect(await store.getDelivery(db, bad.id)).toMatchObject({
      state: 'pending',
      attempts: 2,
      nextAttemptAt: T + 10_000,
      lastStatus: 500,
      lastError: 'HTTP 500',
    });
    expect((await store.claimDueDeliveries(db, { now: T + 9999, limit: 10, leaseMs: 1000 })).map((d) => d.id)).toEqual([ids[2]]);
    expect((await store.claimDueDeliveries(db, { now: T + 10_000, limit: 10, leaseMs: 1000 })).map((d) => d.id)).toEqual([bad.id]);
  });

  it('lists dead letters newest first with paging, and requeues one with a fresh schedule', async () => {
    await clearAll();
    const { db } = t.database;
    const s = await subscription();
    const other = await subscription({ unitId: 'unit-b' });
    const ids = [...(await deliveries(s.id, 5, T)), ...(await deliveries(other.id, 1, T))];
    for (const d of await store.claimDueDeliveries(db, { now: T, limit: 10, leaseMs: 1000 }))
      await queue.recordFailed(db, 'webhook_deliveries', d, { status: null, error: 'connect ECONNREFUSED', nextAttemptAt: null });
    const page1 = await store.listDeliveries(db, { state: 'dead', subscriptionIds: [s.id], limit: 3 });
    expect(page1.map((d) => d.id)).toEqual(ids.slice(2, 5).reverse());
    const page2 = await store.listDeliveries(db, { state: 'dead', subscriptionIds: [s.id], limit: 3, before: page1.at(-1)!.id });
    expect(page2.map((d) => d.id)).toEqual(ids.slice(0, 2).reverse());
    expect(await store.listDeliveries(db, { state: 'dead', subscriptionIds: [], limit: 3 })).toEqual([]);
    expect(await store.listDeliveries(db, { state: 'pending', limit: 10 })).toEqual([]);
    expect((await store.listDeliveries(db, { eventId: `ev-${T}-0`, limit: 10 })).length).toBe(2);

    const dead = page1[0]!;
    expect(dead).toMatchObject({ state: 'dead', attempts: 1, nextAttemptAt: null, lastError: 'connect ECONNREFUSED' });
    expect(await queue.requeueDead(db, 'webhook_deliveries', dead.id, T + 100)).toBe(true);
    expect(await queue.requeueDead(db, 'webhook_deliveries', dead.id, T + 100)).toBe(false);
    expect(await store.getDelivery(db, dead.id)).toMatchObject({ state: 'pending', attempts: 0, nextAttemptAt: T + 100 });
    expect((await store.claimDueDeliveries(db, { now: T + 100, limit: 10, leaseMs: 1000 })).map((d) => d.id)).toEqual([dead.id]);
  });

  it('removes a subscription with its deliveries', async () => {
    await clearAll();
    const { db } = t.database;
    const s = await subscription();
    const keep = await subscription({ unitId: 'unit-b' });
    await deliveries(s.id, 2, T);
    await deliveries(keep.id, 1, T);
    expect(await db.transaction().execute((trx) => store.deleteSubscription(trx, s.id))).toBe(true);
    expect(await store.deleteSubscription(db, s.id)).toBe(false);
    expect(await store.getSubscription(db, s.id)).toBeUndefined();
    expect((await store.listDeliveries(db, { limit: 10 })).map((d) => d.subscriptionId)).toEqual([keep.id]);
  });

  it('never gives one delivery to two concurrent claimers', async () => {
    await clearAll();
    const s = await subscription();
    await deliveries(s.id, 60, T);
    // A second connection: on SQLite another handle on the same file, as a second process would have.
    const other = dialect === 'sqlite' ? await createDb({ dataDir: t.dataDir, databaseUrl: null, databaseSchema: null }) : null;
    try {
      const claimers = [t.database.db, other?.db ?? t.database.db];
      const runs = await Promise.all(
        Array.from({ length: 8 }, (_, i) => store.claimDueDeliveries(claimers[i % 2]!, { now: T, limit: 10, leaseMs: 60_000 })),
      );
      const ids = runs.flat().map((d) => d.id);
      expect(ids).toHaveLength(60);
      expect(new Set(ids).size).toBe(60);
      expect(runs.flat().every((d) => d.attempts === 1)).toBe(true);
    } finally {
      await other?.close();
    }
  });

  it.runIf(dialect === 'postgres')('skips deliveries another open transaction holds instead of waiting for it', async () => {
    await clearAll();
    const { db } = t.database;
    const s = await subscription();
    const ids = await deliveries(s.id, 6, T);
    const trx = await db.startTransaction().execute();
    try {
      const held = await store.claimDueDeliveries(trx, { now: T, limit: 4, leaseMs: 60_000 });
      expect(held).toHaveLength(4);
      const started = Date.now();
      const rest = await store.claimDueDeliveries(db, { now: T, limit: 10, leaseMs: 60_000 });
      expect(Date.now() - started).toBeLessThan(2000);
      expect(rest).toHaveLength(2);
      expect(new Set([...held, ...rest].map((d) => d.id))).toEqual(new Set(ids));
      await trx.commit().execute();
    } catch (e) {
      await trx.rollback().execute();
      throw e;
    }
  });
});
